// Shared helpers for the interop tests: payloads and frame-exact comparison. Socket lifetime
// is the one harness in test/support/sockets.ts.
import { strict as assert } from "node:assert";
import type { Transport } from "../support/sockets.js";
import type { TestSocket } from "./impls.js";

/** The transports two libraries in one process can meet on (inproc is private to each). */
export const transports: readonly Extract<Transport, "tcp" | "ipc">[] = ["tcp", "ipc"];

/** A buffer of `size` bytes with a position-dependent pattern (not all zeros). */
export function pattern(size: number, seed = 0): Buffer {
  const buf = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + seed + (i >>> 8)) & 0xff;
  return buf;
}

/** Frame-by-frame comparison with a short message (no multi-MB diffs). */
export function assertFrames(actual: Buffer[], expected: Buffer[], what = "message"): void {
  assert.ok(Array.isArray(actual), `${what}: receive() did not yield an array`);
  assert.equal(actual.length, expected.length, `${what}: number of frames`);
  expected.forEach((want, i) => {
    const got = actual[i];
    assert.ok(Buffer.isBuffer(got), `${what}: frame ${i} is not a Buffer`);
    assert.equal(got.length, want.length, `${what}: length of frame ${i}`);
    if (!got.equals(want)) {
      let at = 0;
      while (got[at] === want[at]) at++;
      assert.fail(`${what}: frame ${i} differs first at byte ${at} (got ${got[at]}, want ${want[at]})`);
    }
  });
}

/**
 * Sends `message` on `from` and receives it on `to`, concurrently (a DEALER or
 * PAIR send may wait until the peer is connected), then checks it arrived intact.
 */
export async function transfer(
  from: TestSocket,
  to: TestSocket,
  message: Buffer | string | Array<Buffer | string>,
  what?: string,
): Promise<void> {
  const parts = (Array.isArray(message) ? message : [message]).map((p) => Buffer.from(p));
  const [, got] = await Promise.all([from.send(message), to.receive()]);
  assertFrames(got, parts, what);
}
