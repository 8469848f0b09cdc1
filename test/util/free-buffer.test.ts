// freeBuffer gives a read chunk's memory back at once where the runtime has ES2024's
// ArrayBuffer transfer (Node 22+, Bun, Deno), and never touches memory a view shares.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CAN_FREE_BUFFERS, freeBuffer } from "../../src/util/free-buffer.js";

test("CAN_FREE_BUFFERS says whether this runtime has ArrayBuffer transfer", () => {
  const transfer: unknown = (ArrayBuffer.prototype as { transfer?: unknown }).transfer;
  assert.equal(CAN_FREE_BUFFERS, typeof transfer === "function");
});

test("a buffer spanning its whole ArrayBuffer is freed where the runtime can, else left as it is", () => {
  const buf = Buffer.allocUnsafeSlow(4096).fill(7);
  freeBuffer(buf);
  if (CAN_FREE_BUFFERS) {
    assert.equal(buf.length, 0, "every view of freed memory is empty");
    assert.equal(buf.buffer.byteLength, 0);
  } else {
    assert.equal(buf.length, 4096);
    assert.equal(buf[4095], 7);
  }
});

test("a view into a larger ArrayBuffer is never freed: other views share that memory", () => {
  const whole = Buffer.allocUnsafeSlow(4096).fill(3);
  const head = whole.subarray(0, 1024);
  const tail = whole.subarray(1024);
  freeBuffer(head);
  freeBuffer(tail);
  assert.equal(whole.length, 4096);
  assert.equal(head.length, 1024);
  assert.equal(tail[3071], 3);
  // Small buffers come from Node's shared pool: a slice of it, never freed either.
  const pooled = Buffer.from("hello");
  freeBuffer(pooled);
  assert.equal(pooled.toString(), "hello");
});
