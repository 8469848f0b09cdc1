// Shared machinery for the differential monitor tests (differential-*.test.ts): the same scenario
// runs once with libzmq's sockets (the `zeromq` 6.8.0 binding, libzmq 4.3.5) and once with ours,
// and the `socket.events` logs are normalised and compared.
//
// What zeromq.js exposes of a libzmq event: type, address, CONNECT_RETRIED's interval, and an
// error (errno + code for BIND_FAILED / ACCEPT_FAILED / CLOSE_FAILED / NO_DETAIL, ERR_* code for
// PROTOCOL, status for AUTH). The raw value of CONNECTED / ACCEPTED / LISTENING / CLOSED /
// DISCONNECTED (an fd) is dropped by the binding, so fd identities can only be checked on our side,
// through zmtp/monitor's socketMonitor (RawLog below).
import assert from "node:assert/strict";
import net from "node:net";
import { RawStream } from "../support/raw-stream.js";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { EVENT_ALL, socketMonitor, decodeMonitorEvent, type DecodedMonitorEvent } from "../../src/monitor.js";
import { monName } from "./helpers.js";

// ---- the two implementations -------------------------------------------------------------

export interface AnySocket {
  readonly events: AsyncIterable<unknown>;
  bind(address: string): Promise<void>;
  unbind(address: string): Promise<void>;
  connect(address: string): void;
  disconnect(address: string): void;
  send(message: string | Buffer | Array<string | Buffer>): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly closed: boolean;
  readonly lastEndpoint: string | null;
}
export type SocketCtor = new (options?: Record<string, unknown>) => AnySocket;

export interface Impl {
  readonly name: "libzmq" | "zmtp";
  readonly Dealer: SocketCtor;
  readonly Router: SocketCtor;
  readonly Pull: SocketCtor;
  readonly Push: SocketCtor;
  readonly Publisher: SocketCtor;
  readonly Subscriber: SocketCtor;
}

const c = (x: unknown) => x as SocketCtor;
export const LIBZMQ: Impl = {
  name: "libzmq",
  Dealer: c(zmq.Dealer),
  Router: c(zmq.Router),
  Pull: c(zmq.Pull),
  Push: c(zmq.Push),
  Publisher: c(zmq.Publisher),
  Subscriber: c(zmq.Subscriber),
};
export const ZMTP: Impl = {
  name: "zmtp",
  Dealer: c(zmtp.Dealer),
  Router: c(zmtp.Router),
  Pull: c(zmtp.Pull),
  Push: c(zmtp.Push),
  Publisher: c(zmtp.Publisher),
  Subscriber: c(zmtp.Subscriber),
};

// ---- event logs ---------------------------------------------------------------------------

/** One `socket.events` event, flattened. `t` = ms since the log was created. */
export interface Ev {
  type: string;
  address?: string;
  interval?: number;
  errno?: number;
  code?: string;
  status?: number;
  t: number;
}

function flatten(raw: unknown, t0: number): Ev {
  const r = raw as {
    type: string;
    address?: string;
    interval?: number;
    error?: { errno?: number; code?: string; status?: number };
  };
  const ev: Ev = { type: r.type, t: Date.now() - t0 };
  if (r.address !== undefined) ev.address = r.address;
  if (r.interval !== undefined) ev.interval = r.interval;
  if (r.error !== undefined) {
    if (typeof r.error.errno === "number") ev.errno = Math.abs(r.error.errno);
    if (typeof r.error.code === "string") ev.code = r.error.code;
    if (typeof r.error.status === "number") ev.status = r.error.status;
  }
  return ev;
}

export const show = (evs: readonly Ev[]): string =>
  evs
    .map((e) => {
      const extra = [
        e.interval !== undefined ? `ivl=${e.interval}` : "",
        e.errno !== undefined ? `errno=${e.errno}` : "",
        e.code !== undefined && e.errno === undefined ? e.code : "",
        e.status !== undefined ? `status=${e.status}` : "",
      ].filter(Boolean);
      return `${e.type}${e.address !== undefined ? `@${e.address}` : ""}${extra.length ? `(${extra.join(",")})` : ""}`;
    })
    .join(", ");

/**
 * Reads `socket.events` in the background from construction on (so, for libzmq, create it before
 * bind/connect: the binding loses events before the first access to `.events`). Waits have no
 * deadline of their own: a missing event fails the test by its timeout.
 */
export class EventLog {
  readonly all: Ev[] = [];
  ended = false;
  private cursor = 0;
  private wakes: Array<() => void> = [];
  private readonly t0 = Date.now();
  readonly done: Promise<void>;

  constructor(
    socket: AnySocket,
    readonly label: string,
  ) {
    const events = socket.events;
    this.done = (async () => {
      try {
        for await (const raw of events) {
          this.all.push(flatten(raw, this.t0));
          this.poke();
          if ((raw as { type: string }).type === "end") break;
        }
      } catch {
        /* the observer was closed */
      } finally {
        this.ended = true;
        this.poke();
      }
    })();
  }

  private poke(): void {
    for (const wake of this.wakes.splice(0)) wake();
  }

  /** Resolves at the next event (or the end of the log). */
  private changed(): Promise<void> {
    return new Promise((resolve) => this.wakes.push(resolve));
  }

  /** Events read through next()/until() so far, and the ones not consumed yet. */
  get pending(): number {
    return this.all.length - this.cursor;
  }

  /** The next unconsumed event. */
  async next(): Promise<Ev> {
    while (this.pending === 0) {
      if (this.ended) assert.fail(`${this.label}: the log ended; so far: ${show(this.all)}`);
      await this.changed();
    }
    return this.all[this.cursor++]!;
  }

  /** Consumes events up to and including the first matching one; returns them. */
  async until(pred: string | ((e: Ev, sofar: readonly Ev[]) => boolean)): Promise<Ev[]> {
    const match = typeof pred === "string" ? (e: Ev) => e.type === pred : pred;
    const out: Ev[] = [];
    for (;;) {
      const e = await this.next();
      out.push(e);
      if (match(e, this.all.slice(0, this.cursor))) return out;
    }
  }

  /** Resolves once `cond` holds, checked at each new event (without consuming any). */
  async waitUntil(cond: () => boolean): Promise<void> {
    while (!cond()) {
      if (this.ended) assert.fail(`${this.label}: the log ended first; log: ${show(this.all)}`);
      await this.changed();
    }
  }

  /** Consumes and returns the events that arrived but were not consumed yet. */
  rest(): Ev[] {
    const out = this.all.slice(this.cursor);
    this.cursor = this.all.length;
    return out;
  }

  /** Resolves when the log has seen `end` (the socket closed). */
  ending(): Promise<void> {
    return this.done;
  }
}

/**
 * Waits for `intervals` reconnect intervals of `impl`'s own timers: a fresh DEALER with this
 * reconnect interval retries a port nobody listens on, and its CONNECT_RETRIED events tick like
 * a clock (the (n+1)th comes at least n intervals after the first). An absence check ("no
 * reconnect", "nothing else") reads what a log holds after it: whatever was due within that
 * many intervals of the implementation under test has been reported by then — on a loaded
 * machine the clock slows down with the implementation instead of running out.
 */
export async function reconnectIntervals(impl: Impl, intervals: number, reconnectInterval = 100): Promise<void> {
  const port = await freePort();
  const clock = new impl.Dealer({ linger: 0, reconnectInterval });
  const log = new EventLog(clock, `${impl.name} clock`);
  try {
    clock.connect(`tcp://127.0.0.1:${port}`);
    for (let i = 0; i <= intervals; i++) await log.until("connect:retry");
  } finally {
    clock.close();
  }
}

/** Our socket's raw v1 monitor events (with the fd values the binding hides), read in the background. */
export class RawLog {
  readonly seen: DecodedMonitorEvent[] = [];
  private readonly pair = new zmtp.Pair({ linger: 0 });
  private readonly done: Promise<void>;

  constructor(socket: AnySocket) {
    const name = monName("diff");
    socketMonitor(socket as unknown as zmtp.Socket, name, EVENT_ALL);
    this.pair.connect(name);
    this.done = (async () => {
      try {
        for (;;) {
          const ev = decodeMonitorEvent(await this.pair.receive());
          this.seen.push(ev);
          if (ev.name === "MONITOR_STOPPED") return;
        }
      } catch {
        /* reader closed */
      }
    })();
  }

  /** Raw events of this name, in order. */
  of(name: string): DecodedMonitorEvent[] {
    return this.seen.filter((e) => e.name === name);
  }

  /** Waits for the events emitted until the socket closed (MONITOR_STOPPED), then closes the reader. */
  async close(): Promise<void> {
    await this.done;
    this.pair.close();
  }
}

/** For the zmtp run only: a RawLog of `socket`; null for libzmq. */
export function rawLog(impl: Impl, socket: AnySocket): RawLog | null {
  return impl.name === "zmtp" ? new RawLog(socket) : null;
}

// ---- normalisation ------------------------------------------------------------------------

/** A comparable form: `t` dropped, literal substrings of addresses replaced (ports/paths that differ by construction). */
export interface Norm {
  type: string;
  address?: string;
  interval?: number | string;
  errno?: number;
  code?: string;
  status?: number;
}

export interface NormOptions {
  /** [literal, token] replacements applied to addresses, in order. */
  subs?: ReadonlyArray<readonly [string, string]>;
  /** Maps a CONNECT_RETRIED interval to its comparable form (e.g. a range label after checking it). */
  interval?: (ms: number) => number | string;
}

export function norm(evs: readonly Ev[], o: NormOptions = {}): Norm[] {
  return evs.map((e) => {
    const n: Norm = { type: e.type };
    if (e.address !== undefined) {
      let a = e.address;
      for (const [lit, tok] of o.subs ?? []) a = a.split(lit).join(tok);
      n.address = a;
    }
    if (e.interval !== undefined) n.interval = o.interval ? o.interval(e.interval) : e.interval;
    if (e.errno !== undefined) n.errno = e.errno;
    if (e.code !== undefined) n.code = e.code;
    if (e.status !== undefined) n.status = e.status;
    return n;
  });
}

/** An interval mapper that checks [lo, hi) and returns the range label. */
export function range(lo: number, hi: number): (ms: number) => string {
  return (ms) => {
    assert.ok(ms >= lo && ms < hi, `CONNECT_RETRIED interval ${ms} outside [${lo}, ${hi})`);
    return `[${lo},${hi})`;
  };
}

// errno values of the benign "peer closed" NO_DETAILs (facts §4 escape hatch).
const EPIPE = 32;
const ECONNRESET = 104;
const ECONNABORTED = 103;
export const isPeerClosed = (e: Ev | undefined): boolean =>
  e !== undefined &&
  e.type === "handshake:error:other" &&
  (e.errno === EPIPE || e.errno === ECONNRESET || e.errno === ECONNABORTED);

/**
 * Facts §7.33: in a mechanism / socket-type mismatch the side that spots it may close before its
 * greeting or READY leaves, so the other side sees NO_DETAIL(EPIPE), DISCONNECTED (and on the
 * connect side CONNECT_RETRIED and a new attempt) instead. Removes such attempts:
 * connect side `NO_DETAIL(EPIPE…) DISCONNECTED CONNECT_RETRIED [CONNECT_DELAYED] CONNECTED`,
 * bind side `NO_DETAIL(EPIPE…) DISCONNECTED ACCEPTED`. Returns the stripped log and the count.
 */
export function stripPeerClosedAttempts(evs: readonly Ev[], side: "connect" | "bind"): { evs: Ev[]; attempts: number } {
  const out: Ev[] = [];
  let attempts = 0;
  for (let i = 0; i < evs.length;) {
    if (isPeerClosed(evs[i]) && evs[i + 1]?.type === "disconnect") {
      let j = i + 2;
      if (side === "connect") {
        if (evs[j]?.type === "connect:retry") {
          j++;
          if (evs[j]?.type === "connect:delay") j++;
          if (evs[j]?.type === "connect") {
            attempts++;
            i = j + 1;
            continue;
          }
        }
      } else if (evs[j]?.type === "accept") {
        attempts++;
        i = j + 1;
        continue;
      }
    }
    out.push(evs[i]!);
    i++;
  }
  return { evs: out, attempts };
}

// ---- comparing ----------------------------------------------------------------------------

/** Runs the scenario for both implementations (libzmq first) and returns both results. */
export async function both<T>(run: (impl: Impl) => Promise<T>): Promise<{ libzmq: T; zmtp: T }> {
  const libzmq = await run(LIBZMQ);
  const ours = await run(ZMTP);
  return { libzmq, zmtp: ours };
}

/** Asserts ours == libzmq's, and libzmq's == the documented expectation (when given). */
export function sameAsLibzmq(what: string, res: { libzmq: Norm[]; zmtp: Norm[] }, expected?: Norm[]): void {
  if (expected) assert.deepEqual(res.libzmq, expected, `${what}: libzmq itself departs from the documented sequence`);
  assert.deepEqual(res.zmtp, res.libzmq, `${what}: zmtp differs from libzmq`);
}

// ---- failed binds ------------------------------------------------------------------------

export interface BindFailure {
  events: Norm[];
  /** What bind() rejected with. */
  error: { code?: string; errno?: number; address?: string };
}

/** Binds `endpoint(impl)` on a fresh Dealer, expecting a rejection; returns events + the error. */
export async function failedBind(
  impl: Impl,
  endpoint: string,
  subs: ReadonlyArray<readonly [string, string]>,
): Promise<BindFailure> {
  const s = new impl.Dealer({ linger: 0 });
  const log = new EventLog(s, `${impl.name} socket`);
  const raw = rawLog(impl, s);
  try {
    let caught: unknown = null;
    await s.bind(endpoint).catch((e: unknown) => (caught = e));
    assert.ok(caught, `${impl.name}: bind(${endpoint}) should fail`);
    const err = caught as { code?: string; errno?: number; address?: string };
    await log.until("bind:error");
    // Nothing else follows within a reconnect interval of this implementation.
    await reconnectIntervals(impl, 1);
    const extra = log.rest();
    assert.deepEqual(extra, [], `${impl.name}: after BIND_FAILED: ${show(extra)}`);
    if (raw) {
      await new Promise((r) => setImmediate(r));
      const failed = raw.of("BIND_FAILED")[0]!;
      assert.equal(failed.value, Math.abs(err.errno!), "BIND_FAILED value = the errno bind() rejected with");
      // CLOSED's value: libzmq's is the fd it just closed (not visible through the binding); ours is
      // a synthetic handle >= 2^30 because Node never exposes the fd of a failed listen (src/transport/fd.ts).
    }
    const sub = (a: string | undefined) => {
      if (a === undefined) return undefined;
      for (const [lit, tok] of subs) a = a.split(lit).join(tok);
      return a;
    };
    return {
      events: norm(log.all, { subs }),
      error: {
        code: err.code,
        errno: err.errno === undefined ? undefined : Math.abs(err.errno),
        address: sub(err.address),
      },
    };
  } finally {
    s.close();
    await raw?.close();
  }
}

// ---- raw TCP peers ------------------------------------------------------------------------

export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP server that accepts and never writes a byte; records its connections. */
export class SilentServer {
  readonly server = net.createServer((s) => {
    s.on("error", () => {});
    this.conns.push(s);
    this.onConn?.();
  });
  readonly conns: net.Socket[] = [];
  private onConn: (() => void) | null = null;
  port = 0;

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `tcp://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const s of this.conns) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** A raw TCP client writing exact bytes (see RawStream). */
export class RawClient extends RawStream {}

/** A 64-byte ZMTP 3.1 greeting for `mechanism`, as-server 0. */
export function greeting(mechanism = "NULL"): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;
  g.write(mechanism, 12, "latin1");
  return g;
}

/** A NULL READY command frame carrying Socket-Type `type`. */
export function ready(type: string): Buffer {
  const name = Buffer.from("\x05READY", "latin1");
  const prop = Buffer.from("\x0bSocket-Type", "latin1");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(type.length);
  const body = Buffer.concat([name, prop, len, Buffer.from(type, "latin1")]);
  assert.ok(body.length <= 255);
  return Buffer.concat([Buffer.from([0x04, body.length]), body]);
}

/** Closes every socket given that is still open. */
export function closeAll(...xs: Array<AnySocket | null | undefined>): void {
  for (const x of xs) if (x && !x.closed) x.close();
}

/** Closes every raw monitor log given. */
export async function closeRaw(...xs: Array<RawLog | null>): Promise<void> {
  for (const x of xs) await x?.close();
}
