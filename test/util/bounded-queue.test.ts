import assert from "node:assert/strict";
import { test } from "node:test";
import { BoundedQueue } from "../../src/util/bounded-queue.js";

const drain = <T>(q: BoundedQueue<T>): T[] => {
  const out: T[] = [];
  for (let v = q.shift(); v !== undefined; v = q.shift()) out.push(v);
  return out;
};

test("BoundedQueue: FIFO order across many wrap-arounds of the ring", () => {
  const q = new BoundedQueue<number>(100);
  let next = 0;
  let expect = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 37; i++) assert.equal(q.push(next++), true);
    for (let i = 0; i < 37; i++) assert.equal(q.shift(), expect++);
  }
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
  assert.equal(q.peek(), undefined);
  assert.equal(q.dropped, 0);
});

test("BoundedQueue: grows from a small ring up to the limit with the order kept", () => {
  const q = new BoundedQueue<number>(1000);
  q.push(-1);
  q.shift(); // the head is no longer at index 0 when the ring grows
  for (let i = 0; i < 1000; i++) q.push(i);
  assert.equal(q.length, 1000);
  assert.equal(q.peek(), 0);
  assert.deepEqual(
    drain(q),
    Array.from({ length: 1000 }, (_, i) => i),
  );
});

test("BoundedQueue drop-oldest: a full queue evicts its head and counts it", () => {
  const q = new BoundedQueue<number>(3, "drop-oldest");
  for (let i = 1; i <= 5; i++) assert.equal(q.push(i), true);
  assert.equal(q.length, 3);
  assert.equal(q.dropped, 2);
  assert.deepEqual(drain(q), [3, 4, 5]);
});

test("BoundedQueue drop-newest: a full queue refuses the new item and counts it", () => {
  const q = new BoundedQueue<number>(3, "drop-newest");
  for (let i = 1; i <= 3; i++) assert.equal(q.push(i), true);
  assert.equal(q.push(4), false);
  assert.equal(q.push(5), false);
  assert.equal(q.dropped, 2);
  assert.equal(q.shift(), 1);
  assert.equal(q.push(6), true, "room again after a shift");
  assert.deepEqual(drain(q), [2, 3, 6]);
});

test("BoundedQueue: a limit of 1 keeps exactly the newest (drop-oldest)", () => {
  const q = new BoundedQueue<string>(1);
  q.push("a");
  q.push("b");
  assert.equal(q.dropped, 1);
  assert.deepEqual(drain(q), ["b"]);
});

test("BoundedQueue: clear empties it and it works again", () => {
  const q = new BoundedQueue<number>(4);
  for (let i = 0; i < 6; i++) q.push(i);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
  q.push(7);
  assert.deepEqual(drain(q), [7]);
  assert.equal(q.dropped, 2, "the drop count survives clear()");
});

test("BoundedQueue: the limit must be an integer >= 1", () => {
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new BoundedQueue(bad), RangeError, String(bad));
  }
});
