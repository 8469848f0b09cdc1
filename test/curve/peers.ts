// Both implementations behind one face for the CURVE interop and failure tests: zmtp and the zeromq
// binding (libzmq 4.3.5) share the v6 API, so a test names an implementation and gets the same
// socket classes, key generator and `events.on(...)` observer from either.
import * as zmq from "zeromq";
import * as ours from "../../src/index.js";

export type ImplName = "zmtp" | "libzmq";
export const IMPLS: readonly ImplName[] = ["zmtp", "libzmq"];
export const lib = { zmtp: ours as unknown as typeof zmq, libzmq: zmq } as const;

export type Sock = zmq.Socket & zmq.Readable & zmq.Writable & { readonly events: zmq.Observer };

/** One observed monitor event: its type and value (protocol error code or auth status or errno code). */
export interface Seen {
  readonly type: string;
  readonly value?: string | number;
}

const OBSERVED = [
  "accept",
  "connect",
  "connect:retry",
  "disconnect",
  "handshake",
  "handshake:error:protocol",
  "handshake:error:auth",
  "handshake:error:other",
] as const;

/** Records the handshake-related events of `s` as they happen, and lets a test wait for one. */
export class Recorder {
  readonly seen: Seen[] = [];
  private waiters: Array<{ type: string; resolve: (e: Seen) => void }> = [];

  constructor(s: Sock) {
    for (const type of OBSERVED) {
      s.events.on(type, (data) => {
        const error = (data as { error?: { code?: string | number; status?: number } }).error;
        const e: Seen = { type, value: error?.status ?? error?.code };
        this.seen.push(e);
        this.waiters = this.waiters.filter((w) => (w.type === type ? (w.resolve(e), false) : true));
      });
    }
  }

  /** The first event of `type` (one already seen, or the next). */
  next(type: string): Promise<Seen> {
    const done = this.seen.find((e) => e.type === type);
    if (done) return Promise.resolve(done);
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  /** Resolves once `n` events of `type` have been seen. */
  async atLeast(type: string, n: number): Promise<void> {
    while (this.count(type) < n) await new Promise<Seen>((resolve) => this.waiters.push({ type, resolve }));
  }

  count(type: string): number {
    return this.seen.filter((e) => e.type === type).length;
  }

  types(): string[] {
    return this.seen.map((e) => e.type);
  }
}

export interface CurveKeys {
  readonly server: { publicKey: string; secretKey: string };
  readonly client: { publicKey: string; secretKey: string };
}

/** Server keys made by the server's implementation, client keys by the client's. */
export function keysFor(server: ImplName, client: ImplName): CurveKeys {
  return { server: lib[server].curveKeyPair(), client: lib[client].curveKeyPair() };
}

export function serverOptions(keys: CurveKeys): Record<string, unknown> {
  return { linger: 0, curveServer: true, curveSecretKey: keys.server.secretKey };
}

export function clientOptions(keys: CurveKeys): Record<string, unknown> {
  return {
    linger: 0,
    curveServerKey: keys.server.publicKey,
    curvePublicKey: keys.client.publicKey,
    curveSecretKey: keys.client.secretKey,
  };
}

let ipcCount = 0;
/** A wildcard tcp endpoint or a fresh ipc path. */
export function endpointFor(transport: "tcp" | "ipc"): string {
  return transport === "tcp" ? "tcp://127.0.0.1:*" : `ipc:///tmp/zmtp-curve-${process.pid}-${++ipcCount}.sock`;
}

/** Binds `binder`, connects `connecter` to it. */
export async function link(binder: Sock, connecter: Sock, transport: "tcp" | "ipc"): Promise<void> {
  await binder.bind(endpointFor(transport));
  connecter.connect(binder.lastEndpoint!);
}

/** Resolves after `ms` unless `event` comes first (then rejects): for asserting that something does NOT happen. */
export function absentFor(rec: Recorder, type: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    void rec.next(type).then((e) => {
      clearTimeout(t);
      reject(new Error(`unexpected ${e.type} ${String(e.value ?? "")}`));
    });
  });
}
