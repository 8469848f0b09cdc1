// One interface over the three implementations: zmtp and the `zeromq` binding through their public v6 API,
// and bare `net` (net-socket.ts). The roles only ever see a BenchSocket.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Impl, Mechanism } from "./cases.js";
import { NetSocket } from "./net-socket.js";

export type SocketKind = "push" | "pull" | "dealer" | "router" | "pub" | "sub" | "req" | "rep" | DraftKind;
/** The draft types, from `<impl>/draft.js`. */
type DraftKind = "client" | "server" | "scatter" | "gather" | "peer" | "channel";

export interface BenchSocket {
  send(frames: Buffer[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  [Symbol.asyncIterator](): AsyncIterator<Buffer[]>;
  close(): void | Promise<void>;
}

export interface SocketSetup {
  /** Both high-water marks; undefined leaves the library default. */
  hwm?: number;
  mechanism: Mechanism;
  /** SUB only: prefixes to subscribe to. */
  subscribe?: Buffer[];
  /** ZMQ_HEARTBEAT_IVL, ms (the binding's and zmtp's `heartbeatInterval`); undefined leaves heartbeats off. */
  heartbeatInterval?: number;
  /** ZMQ_BACKLOG of a bound socket (net: listen's backlog); undefined leaves the library default. */
  backlog?: number;
}

export interface Driver {
  readonly impl: Impl;
  bind(kind: SocketKind, address: string, setup: SocketSetup): Promise<{ socket: BenchSocket; endpoint: string }>;
  connect(kind: SocketKind, endpoint: string, setup: SocketSetup): Promise<BenchSocket>;
  /**
   * Lets the process hold at least `n` sockets (the context's ZMQ_MAX_SOCKETS, 1 023 by default): the
   * binding frees a closed socket's slot only once libzmq's reaper has run, so rounds of 1 000 need room.
   */
  allowSockets(n: number): void;
}

// The subset of the zeromq v6 API used here, declared locally so the bench type-checks against neither
// library's declarations (zmtp's src/ may be mid-refactor) and both load the same way, dynamically.
interface ZmqSocket {
  bind(address: string): Promise<void>;
  /** A Peer returns the new peer's routing id. */
  connect(address: string): unknown;
  send(message: Buffer | Buffer[], options?: { routingId: number }): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  subscribe?(...prefixes: Buffer[]): void;
  readonly lastEndpoint: string | null;
  [Symbol.asyncIterator](): AsyncIterator<Buffer[]>;
}
type ZmqClass = new (options?: Record<string, unknown>) => ZmqSocket;
const CLASS_NAMES: Record<SocketKind, string> = {
  push: "Push",
  pull: "Pull",
  dealer: "Dealer",
  router: "Router",
  pub: "Publisher",
  sub: "Subscriber",
  req: "Request",
  rep: "Reply",
  client: "Client",
  server: "Server",
  scatter: "Scatter",
  gather: "Gather",
  peer: "Peer",
  channel: "Channel",
};
const DRAFT_KINDS: readonly SocketKind[] = ["client", "server", "scatter", "gather", "peer", "channel"];

export interface ZmqModule {
  /** Draft classes the implementation lacks (the binding has no Peer or Channel) are missing. */
  classes: Partial<Record<SocketKind, ZmqClass>> & Record<Exclude<SocketKind, DraftKind>, ZmqClass>;
  /** The libzmq version the module reports (zmtp reports the one it is compatible with). */
  version: string;
  /** The default context (`maxSockets` is ZMQ_MAX_SOCKETS). */
  context: { maxSockets: number };
}

/**
 * Where `impl` is imported from; `base` is the zmtp build under `ZMTP_BASELINE` (a directory): its bundle, as
 * the package serves it, so an A/B compares like with like (on Node 20 the bundle and tsc's output differ by
 * up to 10 % in short rows: load-time garbage sizes the young generation). Checkouts from before the bundles
 * (43d7e53) have only tsc's output.
 */
function specifiers(impl: "zmtp" | "zeromq" | "base"): { main: string; draft: string } {
  if (impl !== "base") return { main: impl, draft: `${impl}/draft.js` };
  const dir = process.env.ZMTP_BASELINE;
  if (!dir) throw new Error("set ZMTP_BASELINE to a built zmtp checkout to run `base`");
  const bundle = join(resolve(dir), "dist", "bundle", "esm");
  const from = existsSync(join(bundle, "index.js")) ? bundle : join(resolve(dir), "dist", "src");
  const url = (f: string) => pathToFileURL(join(from, f)).href;
  return { main: url("index.js"), draft: url("draft.js") };
}

export async function loadZmq(impl: "zmtp" | "zeromq" | "base"): Promise<ZmqModule> {
  // "zmtp" resolves through this package's own exports map (self-reference), so the bench uses exactly the
  // published entry point. Specifiers in a variable keep tsc from resolving either module at build time.
  const specs = specifiers(impl);
  const spec: string = specs.main;
  const mod = (await import(spec)) as Record<string, unknown> & { default?: Record<string, unknown> };
  // The binding's draft module has no exports map, so ESM needs the file name; zmtp maps both.
  const draftSpec: string = specs.draft;
  const draft = (await import(draftSpec)) as Record<string, unknown> & { default?: Record<string, unknown> };
  const pick = (name: string): unknown => mod[name] ?? mod.default?.[name];
  const pickDraft = (name: string): unknown => draft[name] ?? draft.default?.[name];
  const classes = {} as ZmqModule["classes"];
  for (const [kind, name] of Object.entries(CLASS_NAMES) as [SocketKind, string][]) {
    const draftKind = DRAFT_KINDS.includes(kind);
    const c = draftKind ? pickDraft(name) : pick(name);
    if (typeof c === "function") classes[kind] = c as ZmqClass;
    else if (!draftKind) throw new Error(`${impl} does not export ${name}`);
  }
  const version = pick("version");
  const context = pick("context") as ZmqModule["context"] | undefined;
  if (!context) throw new Error(`${impl} does not export context`);
  return { classes, version: typeof version === "string" ? version : "?", context };
}

/** Fixed CURVE key pairs (made once with curveKeyPair()), so both libraries and every process agree. */
const BENCH_KEYS = {
  server: { public: "^i>VM8?J(Z>+aB5y&{x59F&PYyU3osW0GCl*RS*{", secret: "N38fBmA4-Koz8Np35Uj}4PcmTG??^Ly/wdm/tEw!" },
  client: { public: "0Ol#m5kICkL{tO%&p{$JtC1p}s}*73=jL+XUHg0i", secret: "7-B+wOcSpoB9xa61rIbfnP%5ByZ7b]W(/Y6qtZ.(" },
} as const;

function options(kind: SocketKind, setup: SocketSetup, side: "bind" | "connect"): Record<string, unknown> {
  const o: Record<string, unknown> = { linger: 0 };
  if (setup.hwm !== undefined) {
    if (kind !== "sub" && kind !== "pull" && kind !== "gather") o.sendHighWaterMark = setup.hwm;
    if (kind !== "pub" && kind !== "push" && kind !== "scatter") o.receiveHighWaterMark = setup.hwm;
  }
  if (setup.heartbeatInterval !== undefined) o.heartbeatInterval = setup.heartbeatInterval;
  if (setup.backlog !== undefined && side === "bind") o.backlog = setup.backlog;
  // The mechanism dimension: NULL needs no option; CURVE makes the bind side the server.
  if (setup.mechanism === "curve") {
    if (side === "bind") Object.assign(o, { curveServer: true, curveSecretKey: BENCH_KEYS.server.secret });
    else
      Object.assign(o, {
        curveServerKey: BENCH_KEYS.server.public,
        curvePublicKey: BENCH_KEYS.client.public,
        curveSecretKey: BENCH_KEYS.client.secret,
      });
  }
  return o;
}

/**
 * @param kind SERVER and PEER receive `[message, {routingId}]`: only the message is handed on.
 * @param routingId a connected PEER sends every message to the peer its connect returned.
 */
function wrap(s: ZmqSocket, kind: SocketKind, routingId?: number): BenchSocket {
  const routed = kind === "server" || kind === "peer";
  const body = (m: Buffer[]): Buffer[] => (routed ? m.slice(0, 1) : m);
  return {
    send:
      routingId === undefined
        ? (frames) => s.send(frames.length === 1 ? frames[0]! : frames)
        : (frames) => s.send(frames[0]!, { routingId }),
    receive: routed ? () => s.receive().then(body) : () => s.receive(),
    [Symbol.asyncIterator]: routed
      ? async function* () {
          for await (const m of s) yield body(m);
        }
      : () => s[Symbol.asyncIterator](),
    close: () => s.close(),
  };
}

class ZmqDriver implements Driver {
  constructor(
    readonly impl: Impl,
    private readonly mod: ZmqModule,
  ) {}

  private make(kind: SocketKind, setup: SocketSetup, side: "bind" | "connect"): ZmqSocket {
    const Class = this.mod.classes[kind];
    if (!Class) throw new Error(`${this.impl} has no ${CLASS_NAMES[kind]} socket`);
    return new Class(options(kind, setup, side));
  }

  async bind(kind: SocketKind, address: string, setup: SocketSetup) {
    const s = this.make(kind, setup, "bind");
    if (setup.subscribe) s.subscribe?.(...setup.subscribe);
    await s.bind(address);
    return { socket: wrap(s, kind), endpoint: s.lastEndpoint ?? address };
  }

  connect(kind: SocketKind, endpoint: string, setup: SocketSetup) {
    const s = this.make(kind, setup, "connect");
    if (setup.subscribe) s.subscribe?.(...setup.subscribe);
    const returned = s.connect(endpoint);
    return Promise.resolve(wrap(s, kind, kind === "peer" ? (returned as number) : undefined));
  }

  allowSockets(n: number): void {
    const ctx = this.mod.context;
    if (ctx.maxSockets < n) ctx.maxSockets = n;
  }
}

const netDriver: Driver = {
  impl: "net",
  bind: (kind, address, setup) => NetSocket.bind(kind, address, setup.backlog),
  connect: (kind, endpoint) => NetSocket.connect(kind, endpoint),
  allowSockets: () => {},
};

const drivers = new Map<Impl, Promise<Driver>>();

/** The driver of `impl`, loaded once per process (a role process may load it before its role starts). */
export function driverFor(impl: Impl): Promise<Driver> {
  let d = drivers.get(impl);
  if (!d) {
    d = impl === "net" ? Promise.resolve(netDriver) : loadZmq(impl).then((m) => new ZmqDriver(impl, m));
    drivers.set(impl, d);
  }
  return d;
}

/** Whether an implementation loads and can open and close a socket; its reported libzmq version. */
export async function probe(impl: Impl): Promise<{ ok: boolean; version?: string; error?: string }> {
  if (impl === "net") return { ok: true, version: process.versions.node };
  try {
    const mod = await loadZmq(impl);
    new mod.classes.push({ linger: 0 }).close();
    return { ok: true, version: mod.version };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
