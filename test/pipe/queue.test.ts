// MessageQueue without sockets: messages held as objects and as wire-form spans, in one FIFO,
// counted exactly; encoding on push; runs of back-to-back spans for a stream to write as they lie.
import assert from "node:assert/strict";
import { test } from "node:test";
import { OWN_LIMIT } from "../../src/pipe/owned.js";
import { MessageQueue } from "../../src/pipe/queue.js";
import { ZmtpDecoder } from "../../src/wire/decoder.js";
import { FrameEncoder } from "../../src/wire/encoder.js";
import { readSpan } from "../../src/wire/frames.js";
import { encoded } from "../support/spans.js";

const b = (s: string): Buffer => Buffer.from(s);
const texts = (m: Buffer[] | undefined): string[] | undefined => m?.map(String);

/** What a decoder reads back from `chunks`: every message's frames as strings. */
function decodeAll(chunks: Buffer[]): string[][] {
  const got: string[][] = [];
  const d = new ZmtpDecoder(
    {
      onGreeting() {},
      onLegacy() {},
      onCommand() {},
      onMessage: (parts) => got.push(parts.map(String)) > 0,
      onDecodeError: (e) => assert.fail(e),
    },
    false,
  );
  for (const c of chunks) d.feed(c);
  return got;
}

test("spans and objects come out in the order they went in, each counted once", () => {
  const q = new MessageQueue();
  const { buf, spans } = encoded([[b("a")], [b("b1"), b("b2")], [b("")]]);
  q.pushSpan(buf, ...spans[0]!);
  q.pushObject([b("obj")]);
  q.pushSpan(buf, ...spans[1]!);
  q.pushSpan(buf, ...spans[2]!);
  assert.equal(q.length, 4);
  assert.deepEqual(texts(q.peek()), ["a"]);
  assert.deepEqual(texts(q.shift()), ["a"]);
  assert.deepEqual(texts(q.shift()), ["obj"]);
  assert.deepEqual(texts(q.shift()), ["b1", "b2"]);
  assert.deepEqual(texts(q.shift()), [""]);
  assert.equal(q.shift(), undefined);
  assert.equal(q.length, 0);
});

test("a span is read as views of the buffer it lies in, frames of any length (long headers too)", () => {
  const long = Buffer.alloc(300, 0x61);
  const { buf, spans } = encoded([[b("x"), long, b("")]]);
  const q = new MessageQueue();
  q.pushSpan(buf, ...spans[0]!);
  const m = q.shift()!;
  assert.deepEqual(m, [b("x"), long, b("")]);
  assert.equal(m[1]!.buffer, buf.buffer, "no copy");
  assert.ok(Buffer.isBuffer(m[0]));
  assert.equal(Object.getPrototypeOf(m[0]), Buffer.prototype, "a plain Buffer, deepStrictEqual to any other");
});

test("a prefix becomes the first part, for spans and objects alike", () => {
  const q = new MessageQueue();
  const { buf, spans } = encoded([[b("body")]]);
  q.pushSpan(buf, ...spans[0]!);
  q.pushObject([b("o1"), b("o2")]);
  q.pushObject([b("one")]);
  assert.deepEqual(texts(q.shift(b("id"))), ["id", "body"]);
  assert.deepEqual(texts(q.shift(b("id"))), ["id", "o1", "o2"]);
  assert.deepEqual(texts(q.shift(b("id"))), ["id", "one"]);
});

test("the ring grows past its first capacity and keeps FIFO order across wrap-around", () => {
  const q = new MessageQueue();
  const msgs = Array.from({ length: 1000 }, (_, i) => [b(String(i))]);
  const { buf, spans } = encoded(msgs);
  let next = 0;
  let out = 0;
  for (let round = 0; round < 10; round++) {
    for (let k = 0; k < 70 && next < 1000; k++, next++) {
      if (next % 3 === 0) q.pushObject(msgs[next]!);
      else q.pushSpan(buf, ...spans[next]!);
    }
    for (let k = 0; k < 40 && out < next; k++, out++) assert.deepEqual(texts(q.shift()), [String(out)]);
  }
  while (out < next) assert.deepEqual(texts(q.shift()), [String(out++)]);
  assert.equal(q.length, 0);
});

test("encodeUpTo: small messages are encoded on push (the caller's buffers are not kept), larger parts stay objects", () => {
  const q = new MessageQueue();
  q.encodeUpTo = 16;
  const small = [b("hello"), b("world")];
  q.push(small);
  small[0]!.write("HELLO");
  const big = [b("k"), Buffer.alloc(OWN_LIMIT + 1, 0x62)];
  q.push(big);
  q.push([b("r"), b("x"), b("y")], 1);
  assert.equal(q.length, 3);
  assert.deepEqual(texts(q.shift()), ["hello", "world"], "copied when queued");
  const kept = q.shift()!;
  assert.equal(kept[1], big[1], "a part over the limit kept by reference");
  assert.notEqual(kept[0], big[0], "its small parts copied (owned.ts)");
  assert.deepEqual(texts(q.shift()), ["x", "y"], "from index 1");
});

test("a sender's message kept as given copies its frames of up to OWN_LIMIT bytes; pushObject keeps the array", () => {
  const q = new MessageQueue();
  const small = Buffer.alloc(OWN_LIMIT, 0x61);
  const large = Buffer.alloc(OWN_LIMIT + 1, 0x62);
  q.push([small, large]);
  small.fill(0x78);
  const got = q.shift()!;
  assert.equal(got[0]!.toString(), "a".repeat(OWN_LIMIT), "the sender may reuse a small frame at once");
  assert.equal(got[1], large, "a larger frame by reference");
  const tagged = [small];
  q.pushObject(tagged);
  assert.equal(q.shift(), tagged, "a received message is the very array (a tag on it survives)");
});

test("small copies cut from shared slabs never overlap, across slab boundaries and in multipart messages", () => {
  const q = new MessageQueue();
  const frame = Buffer.alloc(OWN_LIMIT);
  // 300 messages of up to two 128-byte frames: several 8 KiB slabs' worth.
  for (let i = 0; i < 300; i++) {
    frame.fill(i & 0xff);
    if (i % 3 === 0) q.push([frame, Buffer.from([i & 0xff, 1])]);
    else q.push([frame.subarray(0, 1 + (i % OWN_LIMIT))]);
  }
  frame.fill(0xee);
  for (let i = 0; i < 300; i++) {
    const got = q.shift()!;
    const first = got[0]!;
    assert.equal(first.length, i % 3 === 0 ? OWN_LIMIT : 1 + (i % OWN_LIMIT), `message ${i}: its length`);
    assert.ok(
      first.every((x) => x === (i & 0xff)),
      `message ${i}: its own bytes, untouched by later copies or the sender`,
    );
    if (i % 3 === 0) assert.deepEqual([...got[1]!], [i & 0xff, 1], `message ${i}: its second frame`);
    // Slices of one slab, as Node's pool slices are: what matters is that no two overlap.
    assert.ok(first.byteOffset % 8 === 0, `message ${i}: copies start 8-byte aligned`);
  }
  q.push([Buffer.from("x"), Buffer.alloc(0)]);
  const [, empty] = q.shift()!;
  assert.equal(empty!.buffer.byteLength, 0, "an empty frame keeps no slab alive");
});

test("takeRun: back-to-back encoded messages leave as one region, bounded by maxBytes; objects stop a run", () => {
  const q = new MessageQueue();
  q.encodeUpTo = 4096;
  for (let i = 0; i < 5; i++) q.push([b(`m${i}`)]);
  q.pushObject([b("obj")]);
  q.push([b("m5")]);
  const first = q.takeRun(8); // 4 bytes a message: two fit
  assert.equal(q.runCount, 2);
  assert.deepEqual(decodeAll([first!]), [["m0"], ["m1"]]);
  const rest = q.takeRun(1 << 20);
  assert.equal(q.runCount, 3);
  assert.deepEqual(decodeAll([rest!]), [["m2"], ["m3"], ["m4"]]);
  assert.equal(q.takeRun(1 << 20), null, "an object is next");
  assert.deepEqual(texts(q.shift()), ["obj"]);
  assert.deepEqual(decodeAll([q.takeRun(1)!]), [["m5"]], "at least one message, whatever maxBytes");
  assert.equal(q.takeRun(1 << 20), null);
  assert.equal(q.length, 0);
});

test("takeRun: a run whose one message is longer than maxBytes goes whole and leaves nothing of itself behind", () => {
  // Found by the ring property test: the run stayed queued with no message in it, and the next read
  // went past its end (RangeError).
  const q = new MessageQueue();
  const first = encoded([[b("a"), b("")]]);
  const second = encoded([[b("b"), b("")]]);
  q.pushReceived(first.buf, ...first.spans[0]!);
  q.pushReceived(second.buf, ...second.spans[0]!);
  const run = q.takeRun(1)!;
  assert.equal(q.runCount, 1);
  assert.deepEqual(decodeAll([run]), [["a", ""]]);
  assert.equal(q.length, 1);
  assert.deepEqual(texts(q.shift()), ["b", ""]);
  assert.equal(q.shift(), undefined);
});

test("takeRun: spans that do not touch (another pipe's messages between them) are separate runs", () => {
  const { buf, spans } = encoded([[b("a")], [b("b")], [b("c")]]);
  const q = new MessageQueue();
  q.pushSpan(buf, ...spans[0]!);
  q.pushSpan(buf, ...spans[2]!);
  assert.deepEqual(decodeAll([q.takeRun(1 << 20)!]), [["a"]]);
  assert.deepEqual(decodeAll([q.takeRun(1 << 20)!]), [["c"]]);
});

test("regions handed out are never written again, however much is queued after them", () => {
  const q = new MessageQueue();
  q.encodeUpTo = 4096;
  const taken: Buffer[] = [];
  const copies: Buffer[] = [];
  for (let i = 0; i < 3000; i++) {
    q.push([Buffer.alloc(100, i & 0xff)]);
    if (i % 7 === 0) {
      const run = q.takeRun(1 << 20)!;
      taken.push(run);
      copies.push(Buffer.from(run));
    }
  }
  taken.forEach((r, k) => assert.ok(r.equals(copies[k]!), `run ${k} intact`));
});

test("spans back to back are one run; each message's end is found from its frame headers, long frames too", () => {
  const long = Buffer.alloc(70_000, 0x6c);
  const msgs = [[b("a"), b(""), long], [b("b")], [long, b("c")], [Buffer.alloc(255, 1), Buffer.alloc(256, 2)]];
  const { buf, spans } = encoded(msgs);
  const q = new MessageQueue();
  for (const s of spans) q.pushSpan(buf, ...s);
  assert.equal(q.length, 4);
  assert.deepEqual(q.peek(), msgs[0]);
  for (const m of msgs) assert.deepEqual(q.shift(), m);
  assert.equal(q.length, 0);
  for (const s of spans) q.pushSpan(buf, ...s);
  // 70 000 bytes at most: the first message does not fit, but at least one is taken.
  const first = q.takeRun(70_000)!;
  assert.equal(q.runCount, 1);
  assert.equal(first.length, spans[0]![1] - spans[0]![0]);
  const next = q.takeRun(spans[2]![0] - spans[1]![0] + 1)!;
  assert.equal(q.runCount, 1, "the second fits, the second and third do not");
  assert.deepEqual(decodeAll([first, next]), [["a", "", "l".repeat(70_000)], ["b"]]);
  assert.deepEqual(q.shift(), msgs[2]);
  assert.deepEqual(decodeAll([q.takeRun(1 << 20)!]), [msgs[3]!.map(String)]);
  assert.equal(q.length, 0);
});

test("an object between spans that touch ends their run: FIFO order holds", () => {
  const { buf, spans } = encoded([[b("a")], [b("b")], [b("c")]]);
  const q = new MessageQueue();
  q.pushSpan(buf, ...spans[0]!);
  q.pushSpan(buf, ...spans[1]!);
  q.pushObject([b("obj")]);
  q.pushSpan(buf, ...spans[2]!);
  assert.deepEqual(decodeAll([q.takeRun(1 << 20)!]), [["a"], ["b"]]);
  assert.equal(q.runCount, 2);
  assert.equal(q.takeRun(1 << 20), null);
  assert.deepEqual(texts(q.shift()), ["obj"]);
  assert.deepEqual(texts(q.shift()), ["c"]);
  assert.equal(q.length, 0);
});

test("clear drops everything, spans and objects", () => {
  const q = new MessageQueue();
  q.encodeUpTo = 4096;
  q.push([b("a")]);
  q.pushObject([b("b")]);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
  q.push([b("c")]);
  assert.deepEqual(texts(q.shift()), ["c"]);
});

test("readSpan of what the FrameEncoder writes gives back the message", () => {
  const e = new FrameEncoder();
  const parts = [b(""), Buffer.alloc(255, 1), Buffer.alloc(256, 2), b("z")];
  e.message(parts);
  const wire = Buffer.concat(e.take());
  assert.deepEqual(readSpan(wire, 0, wire.length), parts);
});
