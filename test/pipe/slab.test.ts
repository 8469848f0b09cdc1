// SpanSlab: what a queue encodes small messages into. Regions handed out are never written again
// (a stream may still be writing them), whether the slab is kept across an emptied queue or not.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SpanSlab } from "../../src/pipe/slab.js";
import { readSpan } from "../../src/wire/frames.js";

const UP_TO = 128;

function encode(slab: SpanSlab, text: string): { buf: Buffer; start: number; end: number } {
  assert.ok(slab.write([Buffer.from(text)], 0, UP_TO));
  return { buf: slab.buf, start: slab.start, end: slab.end };
}

test("slab: a first-size slab with room is kept when the queue empties, and written on after what it handed out", () => {
  const slab = new SpanSlab();
  const first = encode(slab, "request 1");
  slab.release(); // the queue emptied: the reply went out
  const second = encode(slab, "request 2");
  assert.equal(second.buf, first.buf, "the same slab, no new allocation");
  assert.equal(second.start, first.end, "written after the region handed out");
  assert.deepEqual(readSpan(first.buf, first.start, first.end), [Buffer.from("request 1")]);
  assert.deepEqual(readSpan(second.buf, second.start, second.end), [Buffer.from("request 2")]);
});

test("slab: a grown slab is let go when the queue empties, and a slab is never a slice of Node's pool", () => {
  const slab = new SpanSlab();
  const body = "x".repeat(100);
  const seen = new Set<ArrayBufferLike>();
  // Enough messages to fill the first slab and grow into a larger one.
  for (let i = 0; i < 40; i++) {
    const r = encode(slab, body);
    seen.add(r.buf.buffer);
    assert.equal(r.buf.byteOffset, 0, "its own ArrayBuffer");
    assert.equal(r.buf.buffer.byteLength, r.buf.length);
  }
  assert.ok(seen.size >= 2, "the first slab filled and a larger one followed");
  const grown = slab.buf;
  assert.ok(grown.length > 2048);
  slab.release();
  const next = encode(slab, body);
  assert.notEqual(next.buf, grown, "the large slab was let go");
});

test("slab: a message the kept slab has no room for starts a fresh slab", () => {
  const slab = new SpanSlab();
  let last = encode(slab, "a");
  while (slab.end + 102 <= slab.buf.length) last = encode(slab, "y".repeat(100));
  const full = last.buf;
  // Filled until the next message cannot fit; the queue empties.
  slab.release();
  const next = encode(slab, "z".repeat(100));
  assert.notEqual(next.buf, full);
  assert.equal(next.start, 0);
});
