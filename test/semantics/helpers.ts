// Shared helpers for the socket-semantics tests and the all-types interop table: socket
// lifetime (linger 0, closed in finally), endpoints for tcp/ipc/inproc, bounded waits.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test as testFn, type TestContext } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

export type Transport = "tcp" | "ipc" | "inproc";

/**
 * The slice of the zeromq v6 socket API these tests use, loosely typed so that one helper
 * serves every socket class of both implementations (ours and the native binding).
 */
export interface Sock {
  bind(address: string): Promise<void>;
  unbind(address: string): Promise<void>;
  connect(address: string, options?: { routingId?: string }): void;
  disconnect(address: string): void;
  send(message: unknown): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly closed: boolean;
  readonly lastEndpoint: string | null;
  receiveTimeout: number;
  sendTimeout: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [option: string]: any;
}

let counter = 0;

/** A fresh ipc path in the temp directory (removed by the Bag). */
export function ipcPath(): string {
  return join(tmpdir(), `zmtp-sem-${process.pid}-${++counter}.sock`);
}

/** A fresh inproc name. */
export function inprocName(tag = "sem"): string {
  return `inproc://${tag}-${process.pid}-${++counter}`;
}

/**
 * Owns the sockets of one test: created with linger 0 unless told otherwise, all closed when
 * the test ends or times out (closing rejects pending receives, so a hung test unwinds).
 */
export class Bag {
  private readonly socks: Sock[] = [];
  private readonly files: string[] = [];

  constructor(t?: TestContext) {
    t?.signal.addEventListener("abort", () => this.closeAll(), { once: true });
  }

  /** `new Ctor({linger: 0, ...options})`, registered for cleanup. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  make(Ctor: new (options?: any) => unknown, options: Record<string, unknown> = {}): Sock {
    const s = new Ctor({ linger: 0, ...options }) as Sock;
    this.socks.push(s);
    return s;
  }

  /** Registers a socket made elsewhere. */
  add<T extends { close(): void }>(s: T): T {
    this.socks.push(s as unknown as Sock);
    return s;
  }

  /** A fresh endpoint for a transport (tcp gets its port at bind time: use `bind`). */
  endpoint(transport: Transport): string {
    if (transport === "tcp") return "tcp://127.0.0.1:*";
    if (transport === "ipc") {
      const p = ipcPath();
      this.files.push(p);
      return `ipc://${p}`;
    }
    return inprocName();
  }

  /** Binds on a fresh endpoint and returns the address peers connect to. */
  async bind(sock: Sock, transport: Transport): Promise<string> {
    const ep = this.endpoint(transport);
    await sock.bind(ep);
    if (transport === "tcp") {
      const last = sock.lastEndpoint;
      assert.ok(last && /^tcp:\/\/127\.0\.0\.1:\d+$/.test(last), `lastEndpoint after tcp bind: ${last}`);
      return last;
    }
    return ep;
  }

  /** Registers a file to delete at the end. */
  file(path: string): string {
    this.files.push(path);
    return path;
  }

  closeAll(): void {
    for (const s of this.socks.splice(0)) {
      try {
        s.close();
      } catch {
        // best-effort cleanup
      }
    }
    for (const f of this.files.splice(0)) rmSync(f, { force: true });
  }
}

/** Runs `body` with a fresh Bag that is always cleaned up. */
export async function withBag<T>(t: TestContext, body: (bag: Bag) => Promise<T>): Promise<T> {
  const bag = new Bag(t);
  try {
    return await body(bag);
  } finally {
    bag.closeAll();
  }
}

export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Frames as strings. */
export const strs = (msg: Buffer[]): string[] => msg.map((b) => b.toString("latin1"));

/** Frames as Buffers (strings in latin1). */
export const bufs = (parts: Array<string | Buffer>): Buffer[] =>
  parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p));

/** Frame-by-frame equality with readable output. */
export function assertMsg(actual: Buffer[], expected: Array<string | Buffer>, what = "message"): void {
  assert.ok(Array.isArray(actual), `${what}: not an array`);
  for (const f of actual) assert.ok(Buffer.isBuffer(f), `${what}: frame is not a Buffer`);
  assert.deepEqual(
    actual.map((b) => b.toString("hex")),
    bufs(expected).map((b) => b.toString("hex")),
    `${what}: got ${JSON.stringify(strs(actual))}, want ${JSON.stringify(expected.map(String))}`,
  );
}

/** The error code a promise rejects with (fails if it resolves). */
export async function rejectsCode(p: Promise<unknown>, what = "operation"): Promise<string> {
  try {
    const v = await p;
    assert.fail(`${what}: expected a rejection, resolved with ${JSON.stringify(v)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    return (err as { code?: string }).code ?? String(err);
  }
}

/** The error code a synchronous call throws (fails if it does not throw). */
export function throwsCode(fn: () => unknown, what = "call"): string {
  try {
    const r = fn();
    // A returned promise must not be left unhandled.
    if (r instanceof Promise) r.catch(() => {});
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
  assert.fail(`${what}: expected a synchronous throw`);
}

/**
 * Receives with a bounded wait: the message, or null if nothing arrived within `ms`
 * (receiveTimeout → EAGAIN). Used only to show that something does NOT arrive, or to poll.
 */
export async function receiveWithin(sock: Sock, ms: number): Promise<Buffer[] | null> {
  const saved = sock.receiveTimeout;
  sock.receiveTimeout = ms;
  try {
    return await sock.receive();
  } catch (err) {
    if ((err as { code?: string }).code === "EAGAIN") return null;
    throw err;
  } finally {
    if (!sock.closed) sock.receiveTimeout = saved;
  }
}

/** Drains whatever arrives until `ms` pass with nothing new. */
export async function drain(sock: Sock, ms: number): Promise<Buffer[][]> {
  const out: Buffer[][] = [];
  for (;;) {
    const m = await receiveWithin(sock, ms);
    if (m === null) return out;
    out.push(m);
  }
}

/** Polls `cond` (every few ms) until it holds; fails after `ms`. */
export async function waitUntil(cond: () => boolean, ms: number, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await delay(5);
  }
}

/**
 * Publishes `msg` repeatedly (slow joiner: subscriptions travel asynchronously) until the
 * subscriber receives something; returns what it received first. A receive stays pending on
 * the subscriber the whole time (libzmq processes its pipes only when called into).
 */
export async function publishUntilReceived(
  pub: Sock,
  sub: Sock,
  msg: unknown,
  opts: { every?: number; before?: () => Promise<void> } = {},
): Promise<Buffer[]> {
  let got: Buffer[] | null = null;
  let failure: Error | null = null;
  const pending = sub.receive().then(
    (m) => {
      got = m;
    },
    (err: unknown) => {
      failure = err instanceof Error ? err : new Error(String(err));
    },
  );
  while (got === null && failure === null) {
    if (opts.before) await opts.before();
    await pub.send(msg);
    await Promise.race([pending, delay(opts.every ?? 10)]);
  }
  if (failure !== null) throw failure as Error;
  return got!;
}

/** Resolves with the first event of `type` on a socket's `events` (consumes events before it). */
export async function nextEvent(
  sock: { events: { receive(): Promise<{ type: string; [k: string]: unknown }> } },
  type: string,
  seen?: string[],
): Promise<{ type: string; [k: string]: unknown }> {
  for (;;) {
    const ev = await sock.events.receive();
    seen?.push(ev.type);
    if (ev.type === type) return ev;
    if (ev.type === "end") assert.fail(`socket closed before a ${type} event (saw ${seen?.join(", ")})`);
  }
}

// ---- running a scenario on ours and, as a control, on the native binding --------------------

export type Lib = typeof zmtp;
export interface Impl {
  readonly name: "zmtp" | "libzmq";
  readonly lib: Lib;
}
export const ZMTP: Impl = { name: "zmtp", lib: zmtp };
export const LIBZMQ: Impl = { name: "libzmq", lib: zmq as unknown as Lib };

/**
 * Declares a test that runs on zmtp and, unless `control` is false, again on libzmq (the
 * reference): the libzmq run proves the scenario encodes libzmq's behaviour.
 * Set ZMTP_SEMANTICS_CONTROL=0 to skip the libzmq runs.
 */
export function both(
  name: string,
  body: (impl: Impl, bag: Bag, t: TestContext) => Promise<void> | void,
  opts: { timeout?: number; control?: boolean } = {},
): void {
  const control = opts.control !== false && process.env.ZMTP_SEMANTICS_CONTROL !== "0";
  for (const impl of control ? [ZMTP, LIBZMQ] : [ZMTP]) {
    const label = impl.name === "zmtp" ? name : `${name} [libzmq control]`;
    testFn(label, { timeout: opts.timeout ?? 15_000 }, (t) => withBag(t, async (bag) => body(impl, bag, t)));
  }
}

/** Awaits `p`, failing the test if it takes longer than `ms`. */
export async function withinMs<T>(p: Promise<T>, ms: number, what = "operation"): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new assert.AssertionError({ message: `timed out after ${ms} ms waiting for ${what}` })),
      ms,
    );
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
