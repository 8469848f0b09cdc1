// The message-array helpers of wire/frames.ts: a REP's reply is its request's envelope joined to
// the reply's frames, a REQ's request its frames behind an empty delimiter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { joined, prepended } from "../../src/wire/frames.js";

const f = (s: string): Buffer => Buffer.from(s);

test("joined: the head's frames then the tail's, in order, the inputs left as they were", () => {
  const envelope = [f("id-1"), f("id-2"), f("")];
  const reply = [f("a"), f("b")];
  const out = joined(envelope, reply);
  assert.deepEqual(out, [f("id-1"), f("id-2"), f(""), f("a"), f("b")]);
  assert.equal(out[0], envelope[0], "the same buffers, not copies");
  assert.equal(envelope.length, 3);
  assert.equal(reply.length, 2);
  assert.deepEqual(joined([], [f("x")]), [f("x")]);
  assert.deepEqual(joined([f("x")], []), [f("x")]);
});

test("prepended: one frame in front of one or of many", () => {
  const empty = f("");
  assert.deepEqual(prepended(empty, [f("body")]), [empty, f("body")]);
  assert.deepEqual(prepended(empty, [f("p1"), f("p2"), f("p3")]), [empty, f("p1"), f("p2"), f("p3")]);
  assert.deepEqual(prepended(empty, []), [empty]);
});
