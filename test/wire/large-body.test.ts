// A body that spans many chunks: gathered until a quarter of it has arrived, then copied into one
// buffer of its size as the rest arrives (not gathered whole and then joined: twice its size at the
// peak). The allocation guard shows the body's buffer is never made before a quarter of it was sent.
import assert from "node:assert/strict";
import { test } from "node:test";
import { BODY_ALLOCATION_FRACTION, ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
import { installAllocGuard, largestAllocation } from "../fuzz/alloc-guard.js";

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

test("a 1 MiB body fed in 64 KiB chunks: its buffer is allocated once a quarter has arrived, and never joined", () => {
  installAllocGuard();
  const body = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) body[i] = (i * 7) & 0xff;
  const header = Buffer.alloc(9);
  header[0] = 0x02;
  header.writeBigUInt64BE(BigInt(SIZE), 1);
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
  const header = Buffer.alloc(9);
  header[0] = 0x02;
  header.writeBigUInt64BE(BigInt(SIZE), 1);
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
