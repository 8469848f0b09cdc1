// A body that spans many chunks: gathered until a quarter of it has arrived, then copied into one
// buffer of its size as the rest arrives (not gathered whole and then joined: twice its size at the
// peak). The allocation guard shows the body's buffer is never made before a quarter of it was sent.
// With `releaseChunk` (the engine sets it where the runtime can free memory), each chunk the body
// took whole is handed back once copied, and (the engine sets that too) the buffer comes once 1/16
// has arrived.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  BODY_ALLOCATION_FRACTION,
  FREED_BODY_ALLOCATION_FRACTION,
  ZmtpDecoder,
  type DecoderSink,
} from "../../src/wire/decoder.js";
import { installAllocGuard, largestAllocation } from "../fuzz/alloc-guard.js";
import { detach, ownMemory } from "../support/chunks.js";

const SIZE = 1 << 20;
const CHUNK = 64 * 1024;

function sink(got: Buffer[][]): DecoderSink {
  return {
    onGreeting: () => {},
    onLegacy: () => {},
    onCommand: () => {},
    onMessage: (parts) => {
      got.push(parts);
      return true;
    },
    onDecodeError: (e) => assert.fail(`decode error ${e}`),
  };
}

/** A body of SIZE bytes, each following from its offset. */
function patternedBody(step: number): Buffer {
  const body = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) body[i] = (i * step) & 0xff;
  return body;
}

/** The 9-byte header of a long, final frame of `size` bytes. */
function longHeader(size: number): Buffer {
  const header = Buffer.alloc(9);
  header[0] = 0x02;
  header.writeBigUInt64BE(BigInt(size), 1);
  return header;
}

test("a 1 MiB body fed in 64 KiB chunks: its buffer is allocated once a quarter has arrived, and never joined", () => {
  installAllocGuard();
  const body = patternedBody(7);
  const header = longHeader(SIZE);
  const got: Buffer[][] = [];
  const d = new ZmtpDecoder(sink(got), false);
  d.feed(header);
  const largest: number[] = [];
  for (let at = 0; at < SIZE; at += CHUNK) {
    const piece = Buffer.from(body.subarray(at, at + CHUNK)); // made outside the guard's window
    largest.push(largestAllocation(() => d.feed(piece)));
  }
  const enough = SIZE / BODY_ALLOCATION_FRACTION / CHUNK; // the chunk after which a quarter is in
  assert.equal(enough, 4);
  assert.ok(
    largest.slice(0, enough - 1).every((n) => n < SIZE),
    "no allocation of the claimed size before a quarter arrived",
  );
  assert.equal(largest[enough - 1], SIZE, "the body's buffer, once a quarter arrived");
  assert.ok(
    largest.slice(enough).every((n) => n < SIZE),
    "no second buffer of that size (no join at the end)",
  );
  assert.equal(got.length, 1);
  assert.equal(got[0]!.length, 1);
  assert.ok(got[0]![0]!.equals(body), "the body arrives intact");
});

test("a body whose sender stops before a quarter of it never gets a buffer of the claimed size", () => {
  installAllocGuard();
  const header = longHeader(SIZE);
  const got: Buffer[][] = [];
  const d = new ZmtpDecoder(sink(got), false);
  const piece = Buffer.alloc(CHUNK);
  const n = largestAllocation(() => {
    d.feed(header);
    for (let at = 0; at + CHUNK < SIZE / BODY_ALLOCATION_FRACTION; at += CHUNK) d.feed(piece);
  });
  assert.ok(n < SIZE, `largest allocation ${n}`);
  assert.equal(got.length, 0);
});

for (const endsWithChunk of [false, true]) {
  test(`releaseChunk: every chunk the body took whole is released once copied, and only those (body ${endsWithChunk ? "ends with a chunk" : "followed by a message in its last chunk"})`, () => {
    installAllocGuard();
    const body = patternedBody(13);
    const header = longHeader(SIZE);
    const next = Buffer.from([0x00, 0x04, ...Buffer.from("next")]);
    // The header's chunk also holds the body's first bytes; the last may hold the next message too.
    const stream = Buffer.concat(endsWithChunk ? [header, body] : [header, body, next]);
    const chunks: Buffer[] = [];
    for (let at = 0; at < stream.length; at += CHUNK) chunks.push(ownMemory(stream.subarray(at, at + CHUNK)));
    const got: Buffer[][] = [];
    const d = new ZmtpDecoder(sink(got), false);
    const released: Array<{ memory: ArrayBufferLike; whole: boolean }> = [];
    d.bodyAllocationFraction = FREED_BODY_ALLOCATION_FRACTION;
    d.releaseChunk = (c) => {
      released.push({ memory: c.buffer, whole: c.byteOffset === 0 && c.length === c.buffer.byteLength });
      detach(c);
    };
    const largest = chunks.map((c) => largestAllocation(() => d.feed(c)));

    // 1/16 is in after the second chunk (the first lacks the header's 9 bytes).
    assert.equal(FREED_BODY_ALLOCATION_FRACTION, 16);
    assert.equal(largest[0]! < SIZE, true, "no buffer of the claimed size before 1/16 arrived");
    assert.equal(largest[1], SIZE, "the body's buffer, once 1/16 arrived");
    assert.ok(
      largest.slice(2).every((n) => n < SIZE),
      "no second buffer of that size",
    );
    const expected = endsWithChunk ? chunks.slice(1) : chunks.slice(1, -1);
    assert.equal(released.length, expected.length);
    assert.ok(
      released.every((r, i) => r.whole && r.memory === expected[i]!.buffer),
      "the whole chunks in order; never the header's chunk, nor one holding the next message",
    );
    assert.equal(got.length, endsWithChunk ? 1 : 2);
    assert.ok(got[0]![0]!.equals(body), "the body arrives intact: nothing was read after its release");
    if (!endsWithChunk) assert.equal(got[1]![0]!.toString(), "next");
  });
}

test("without releaseChunk nothing is released and the body's buffer waits for a quarter", () => {
  assert.equal(new ZmtpDecoder(sink([]), false).releaseChunk, null);
  assert.equal(BODY_ALLOCATION_FRACTION, 4);
});

test("bodyRoom: once a large body has its buffer, chunks up to bodyRoom may be reused after feed, and the body still arrives intact", () => {
  const body = patternedBody(29);
  const header = longHeader(SIZE);
  const next = Buffer.from([0x00, 0x04, ...Buffer.from("next")]);
  const stream = Buffer.concat([header, body, next]);
  const got: Buffer[][] = [];
  const d = new ZmtpDecoder(sink(got), false);
  d.bodyAllocationFraction = FREED_BODY_ALLOCATION_FRACTION;
  // One scratch buffer stands in for a shared read buffer: overwritten after every feed it took.
  const scratch = Buffer.alloc(CHUNK);
  let at = 0;
  let reused = 0;
  const rooms: number[] = [];
  while (at < stream.length) {
    const room = d.bodyRoom;
    rooms.push(room);
    const n = Math.min(CHUNK, stream.length - at);
    if (n <= room) {
      stream.copy(scratch, 0, at, at + n);
      d.feed(scratch.subarray(0, n));
      scratch.fill(0xee);
      reused++;
    } else {
      d.feed(Buffer.from(stream.subarray(at, at + n)));
    }
    at += n;
  }
  assert.equal(rooms[0], 0, "no room before the header is read");
  assert.equal(rooms[1], 0, "nor before the body has its buffer (1/16 arrived)");
  assert.equal(rooms[2], SIZE - (2 * CHUNK - 9), "the body's remaining bytes once it has");
  assert.ok(reused >= SIZE / CHUNK - 3, `chunks fed from the reused buffer: ${reused}`);
  assert.equal(rooms.at(-1)! < CHUNK, true, "the last chunk, which also holds the next message, is more than the room");
  assert.equal(got.length, 2);
  assert.ok(got[0]![0]!.equals(body), "the body is intact though its chunks were overwritten");
  assert.equal(got[1]![0]!.toString(), "next");
  assert.equal(d.bodyRoom, 0, "no room between messages");
});

test("bodyRoom is 0 while bytes of an earlier chunk wait to be decoded", () => {
  const got: Buffer[][] = [];
  const d = new ZmtpDecoder(
    {
      ...sink(got),
      // A full pipe: the decoder pauses after the first message, holding the rest of the chunk.
      onMessage: (parts) => {
        got.push(parts);
        return false;
      },
    },
    false,
  );
  const first = Buffer.from([0x00, 0x01, 0x61]);
  d.feed(Buffer.concat([first, longHeader(SIZE), Buffer.alloc(CHUNK)]));
  assert.equal(d.isPaused, true);
  assert.equal(d.bodyRoom, 0);
});
