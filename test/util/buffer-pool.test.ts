// The output-buffer pool: a buffer comes back only when given back, is lent to one borrower at a
// time, and the pool stays inside its bounds and empties when nobody borrows.
import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import {
  IDLE_MS,
  MAX_POOLED_BUFFER,
  MAX_POOLED_BYTES,
  borrowBuffer,
  emptyPool,
  giveBack,
  pooledByteCount,
} from "../../src/util/buffer-pool.js";

afterEach(() => {
  mock.timers.reset();
  emptyPool();
});

test("a borrowed buffer has the size asked for and its own memory", () => {
  emptyPool();
  const a = borrowBuffer(70_000);
  const b = borrowBuffer(70_000);
  assert.equal(a.length, 70_000);
  assert.equal(a.byteOffset, 0);
  assert.notEqual(a.buffer, b.buffer, "two loans never share memory");
});

test("a buffer given back is lent again, to one borrower only", () => {
  emptyPool();
  const a = borrowBuffer(70_000);
  giveBack([a]);
  assert.equal(pooledByteCount(), a.buffer.byteLength);
  const again = borrowBuffer(70_000);
  assert.equal(again.buffer, a.buffer);
  assert.equal(pooledByteCount(), 0);
  const other = borrowBuffer(70_000);
  assert.notEqual(other.buffer, a.buffer, "still lent: not lent twice");
});

test("a pooled buffer serves sizes up to its capacity and down to half of it", () => {
  emptyPool();
  const a = borrowBuffer(10_000); // capacity 12 288: three pages
  assert.equal(a.buffer.byteLength, 12_288);
  giveBack([a]);
  assert.notEqual(borrowBuffer(12_289).buffer, a.buffer, "too small for it");
  assert.notEqual(borrowBuffer(6_000).buffer, a.buffer, "more than twice what is asked: kept for a larger body");
  const fits = borrowBuffer(6_144);
  assert.equal(fits.buffer, a.buffer);
  assert.equal(fits.length, 6_144);
});

test("the pool keeps at most MAX_POOLED_BYTES, and no body over MAX_POOLED_BUFFER", () => {
  emptyPool();
  const huge = borrowBuffer(MAX_POOLED_BUFFER + 1);
  giveBack([huge]);
  assert.equal(pooledByteCount(), 0);
  const loans = Array.from({ length: (2 * MAX_POOLED_BYTES) / MAX_POOLED_BUFFER }, () =>
    borrowBuffer(MAX_POOLED_BUFFER),
  );
  giveBack(loans);
  assert.equal(pooledByteCount(), MAX_POOLED_BYTES);
});

test("views that are not a loan's whole buffer are not kept", () => {
  emptyPool();
  const whole = Buffer.allocUnsafeSlow(65_536);
  giveBack([whole.subarray(4096)]);
  assert.equal(pooledByteCount(), 0);
  // Node's shared pool for small buffers: never taken.
  giveBack([Buffer.from("small")]);
  assert.equal(pooledByteCount(), 0);
});

test("the pool empties once IDLE_MS pass without a borrow, and not while borrowing goes on", () => {
  emptyPool();
  mock.timers.enable({ apis: ["setTimeout"] });
  giveBack([borrowBuffer(70_000)]);
  const held = pooledByteCount();
  assert.ok(held > 0);
  mock.timers.tick(IDLE_MS / 2);
  giveBack([borrowBuffer(70_000)]); // a borrow within the period keeps the pool
  mock.timers.tick(IDLE_MS / 2);
  assert.equal(pooledByteCount(), held, "borrowed from during the period: kept");
  mock.timers.tick(IDLE_MS);
  assert.equal(pooledByteCount(), 0, "a whole period without a borrow: emptied");
  // And it fills (and arms its check) again afterwards.
  giveBack([borrowBuffer(70_000)]);
  assert.equal(pooledByteCount(), held);
  mock.timers.tick(IDLE_MS);
  assert.equal(pooledByteCount(), 0);
});
