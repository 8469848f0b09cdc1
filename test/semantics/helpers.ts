// Shared helpers for the socket-semantics tests and the all-types interop table: running a
// scenario on ours and on libzmq, message comparison, and event-ordered waits (no sleeps).
import assert from "node:assert/strict";
import { test as testFn, type TestContext } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { withBag, type Bag, type Sock } from "../support/sockets.js";
import { nextTurn } from "../support/waits.js";

export { Bag, withBag, type Sock, type Transport } from "../support/sockets.js";

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
 * Publishes `msg` repeatedly (slow joiner: subscriptions travel asynchronously), once per turn
 * of the event loop, until the subscriber receives something; returns what it received first.
 * A receive stays pending on the subscriber the whole time (libzmq processes its pipes only
 * when called into). Copies still in flight afterwards are for `flush` to clear.
 */
export async function publishUntilReceived(
  pub: Sock,
  sub: Sock,
  msg: unknown,
  opts: { before?: () => Promise<void> } = {},
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
    await Promise.race([pending, nextTurn()]);
  }
  if (failure !== null) throw failure as Error;
  return got!;
}

let markers = 0;
const issued = new Set<string>();

/**
 * Publishes a unique marker (`prefix` + a counter, one frame, which the subscriber must match)
 * and returns every message that arrived before it: what the publisher sent earlier travels
 * ahead of it on the same connection, so this is everything still on its way — a flush with
 * an ordering proof instead of a pause. The marker is sent once; with `repeat` it is sent again
 * each loop turn until it arrives (for a pipe that may be full and drop it); later copies may
 * then still follow, which only a later receiveUntilMarker knows to skip.
 */
export async function receiveUntilMarker(
  pub: Sock,
  sub: Sock,
  prefix = "",
  opts: { repeat?: boolean } = {},
): Promise<Buffer[][]> {
  const marker = `${prefix}marker-${++markers}`;
  issued.add(marker);
  const before: Buffer[][] = [];
  let done = false;
  const receiving = (async () => {
    for (;;) {
      const m = await sub.receive();
      const text = m.length === 1 ? m[0]!.toString("latin1") : null;
      if (text === marker) return;
      // A late copy of an earlier repeated marker is not a message of the test.
      if (text === null || !issued.has(text)) before.push(m);
    }
  })().finally(() => (done = true));
  await pub.send(marker);
  while (opts.repeat && !done) {
    await Promise.race([receiving.catch(() => undefined), nextTurn()]);
    if (!done) await pub.send(marker);
  }
  await receiving;
  return before;
}

/**
 * Reads what is queued for `sock` right now, while it reports input (ZMQ_EVENTS). Over inproc
 * nothing is ever in flight — a send lands in the peer's pipe at once — so this is a drain.
 */
export async function receiveQueued(sock: Sock): Promise<Buffer[][]> {
  const out: Buffer[][] = [];
  while (sock.readable) out.push(await sock.receive());
  return out;
}

/** Clears what is still on its way from `pub` to `sub` (see receiveUntilMarker). */
export async function flush(pub: Sock, sub: Sock, prefix = "", opts: { repeat?: boolean } = {}): Promise<void> {
  await receiveUntilMarker(pub, sub, prefix, opts);
}

/**
 * Sends a unique marker on a point-to-point path (PUSH→PULL, DEALER→DEALER, ...) and receives
 * up to it: returns what arrived first. The path is ordered, so anything sent before the marker
 * and delivered at all is in the result.
 */
export async function receiveUpToMarker(from: Sock, to: Sock, envelope: string[] = []): Promise<Buffer[][]> {
  const marker = `marker-${++markers}`;
  await from.send([...envelope, marker]);
  const before: Buffer[][] = [];
  for (;;) {
    const m = await to.receive();
    if (m.at(-1)?.toString("latin1") === marker) return before;
    before.push(m);
  }
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

/**
 * The event types `sock` reports before a sentinel: binds it to a fresh tcp port and reads its
 * `events` up to that LISTENING ("bind"). A socket reports its events in order, so whatever was
 * already due (a CLOSED after a connect timeout, a CONNECT_RETRIED after a DISCONNECTED) comes
 * before the sentinel: an absence check without waiting for time to pass.
 */
export async function eventsBeforeSentinel(sock: Sock): Promise<string[]> {
  const events = sock.events as { receive(): Promise<{ type: string }> };
  const seen: string[] = [];
  const reading = (async () => {
    for (;;) {
      const ev = await events.receive();
      if (ev.type === "bind") return;
      seen.push(ev.type);
    }
  })();
  await sock.bind("tcp://127.0.0.1:*");
  await reading;
  return seen;
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
