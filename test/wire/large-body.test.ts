// A body that spans many chunks: gathered until half of it has arrived, then copied into one buffer
// of its size as the rest arrives (not gathered whole and then joined: twice its size at the peak).
// The allocation guard shows the body's buffer is never made before half of it was sent.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
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

test("a 1 MiB body fed in 64 KiB chunks: its buffer is allocated once half has arrived, and never joined", () => {
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
  const half = SIZE / 2 / CHUNK; // the chunk after which half the body is in
  assert.ok(
    largest.slice(0, half - 1).every((n) => n < SIZE),
    "no allocation of the claimed size before half arrived",
  );
  assert.equal(largest[half - 1], SIZE, "the body's buffer, once half arrived");
  assert.ok(
    largest.slice(half).every((n) => n < SIZE),
    "no second buffer of that size (no join at the end)",
  );
  assert.equal(got.length, 1);
  assert.equal(got[0]!.length, 1);
  assert.ok(got[0]![0]!.equals(body), "the body arrives intact");
});

test("a body whose sender stops before half of it never gets a buffer of the claimed size", () => {
  installAllocGuard();
  const header = Buffer.alloc(9);
  header[0] = 0x02;
  header.writeBigUInt64BE(BigInt(SIZE), 1);
  const got: Buffer[][] = [];
  const d = new ZmtpDecoder(sink(got), false);
  const piece = Buffer.alloc(CHUNK);
  const n = largestAllocation(() => {
    d.feed(header);
    for (let at = 0; at + CHUNK < SIZE / 2; at += CHUNK) d.feed(piece);
  });
  assert.ok(n < SIZE, `largest allocation ${n}`);
  assert.equal(got.length, 0);
});
