/**
 * Poly1305 (RFC 8439 §2.5) for CurveZMQ's hot path. The accumulator and r are six 22-bit limbs held
 * in doubles: with limbs below 2^23, a limb product is below 2^49.4 and a sum of six below 2^52,
 * so every step is exact in a double, and a 16-byte block costs 36 multiplications (13-bit limbs
 * in 32-bit integers, the usual portable form, need 100). 2^132 ≡ 20 (mod 2^130 - 5) folds the high products back.
 * The final reduction selects with masks, not branches.
 */

const MASK = 0x3fffff;
const RADIX = 4194304; // 2^22
const INV_RADIX = 1 / RADIX;

const IS_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The message's whole 16-byte blocks as little-endian words: a view when aligned, else a copy. */
function blockWords(msg: Uint8Array, start: number, words: number): Uint32Array {
  if (IS_LE && ((msg.byteOffset + start) & 3) === 0) return new Uint32Array(msg.buffer, msg.byteOffset + start, words);
  const w = new Uint32Array(words);
  for (let i = 0, p = start; i < words; i++, p += 4)
    w[i] = msg[p]! | (msg[p + 1]! << 8) | (msg[p + 2]! << 16) | (msg[p + 3]! << 24);
  return w;
}

/**
 * The tag of `msg[start..end]` under the one-time key `key` (r = words 0..3, s = words 4..7, as
 * Salsa20 words), written to `out[outAt..outAt+16]`. Reads whole blocks as words from a typed
 * view (one element type in the loop keeps it monomorphic); the final partial block is padded
 * into a small word array of its own.
 */
export function poly1305(
  msg: Uint8Array,
  start: number,
  end: number,
  key: Uint32Array,
  out: Uint8Array,
  outAt: number,
): void {
  const full = (end - start) >>> 4;
  const rest = (end - start) & 15;
  const words = blockWords(msg, start, full * 4);
  const tail = new Uint32Array(4);
  if (rest > 0) {
    // The bytes, a 1, then zeros (and no 2^128 bit).
    const p = start + full * 16;
    for (let i = 0; i < rest; i++) tail[i >>> 2] = tail[i >>> 2]! | (msg[p + i]! << ((i & 3) << 3));
    tail[rest >>> 2] = tail[rest >>> 2]! | (1 << ((rest & 3) << 3));
  }
  const t0 = key[0]! & 0x0fffffff;
  const t1 = key[1]! & 0x0ffffffc;
  const t2 = key[2]! & 0x0ffffffc;
  const t3 = key[3]! & 0x0ffffffc;
  const r0 = t0 & MASK;
  const r1 = ((t0 >>> 22) | (t1 << 10)) & MASK;
  const r2 = ((t1 >>> 12) | (t2 << 20)) & MASK;
  const r3 = (t2 >>> 2) & MASK;
  const r4 = ((t2 >>> 24) | (t3 << 8)) & MASK;
  const r5 = t3 >>> 14;
  const s1 = r1 * 20;
  const s2 = r2 * 20;
  const s3 = r3 * 20;
  const s4 = r4 * 20;
  const s5 = r5 * 20;
  let h0 = 0,
    h1 = 0,
    h2 = 0,
    h3 = 0,
    h4 = 0,
    h5 = 0;
  // Whole blocks from `words`, then the padded tail (if any) from `tail`.
  let src = words;
  let n = full * 4;
  let hibit = 1 << 18;
  for (;;) {
    for (let q = 0; q < n; q += 4) {
      const w0 = src[q]!;
      const w1 = src[q + 1]!;
      const w2 = src[q + 2]!;
      const w3 = src[q + 3]!;
      h0 += w0 & MASK;
      h1 += ((w0 >>> 22) | (w1 << 10)) & MASK;
      h2 += ((w1 >>> 12) | (w2 << 20)) & MASK;
      h3 += (w2 >>> 2) & MASK;
      h4 += ((w2 >>> 24) | (w3 << 8)) & MASK;
      h5 += (w3 >>> 14) | hibit;
      const d0 = h0 * r0 + h1 * s5 + h2 * s4 + h3 * s3 + h4 * s2 + h5 * s1;
      const d1 = h0 * r1 + h1 * r0 + h2 * s5 + h3 * s4 + h4 * s3 + h5 * s2;
      const d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s5 + h4 * s4 + h5 * s3;
      const d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s5 + h5 * s4;
      const d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0 + h5 * s5;
      const d5 = h0 * r5 + h1 * r4 + h2 * r3 + h3 * r2 + h4 * r1 + h5 * r0;
      // Two rounds of carries, each limb's independent of the others' (a serial chain is a long
      // dependency and costs ~2x). After the first, every limb is below 2^35; after the second,
      // below 2^22 + 2^13, which keeps the next block's sums exact.
      const c0 = Math.floor(d0 * INV_RADIX);
      const c1 = Math.floor(d1 * INV_RADIX);
      const c2 = Math.floor(d2 * INV_RADIX);
      const c3 = Math.floor(d3 * INV_RADIX);
      const c4 = Math.floor(d4 * INV_RADIX);
      const c5 = Math.floor(d5 * INV_RADIX);
      const e0 = d0 - c0 * RADIX + c5 * 20;
      const e1 = d1 - c1 * RADIX + c0;
      const e2 = d2 - c2 * RADIX + c1;
      const e3 = d3 - c3 * RADIX + c2;
      const e4 = d4 - c4 * RADIX + c3;
      const e5 = d5 - c5 * RADIX + c4;
      const f0 = Math.floor(e0 * INV_RADIX);
      const f1 = Math.floor(e1 * INV_RADIX);
      const f2 = Math.floor(e2 * INV_RADIX);
      const f3 = Math.floor(e3 * INV_RADIX);
      const f4 = Math.floor(e4 * INV_RADIX);
      const f5 = Math.floor(e5 * INV_RADIX);
      h0 = e0 - f0 * RADIX + f5 * 20;
      h1 = e1 - f1 * RADIX + f0;
      h2 = e2 - f2 * RADIX + f1;
      h3 = e3 - f3 * RADIX + f2;
      h4 = e4 - f4 * RADIX + f3;
      h5 = e5 - f5 * RADIX + f4;
    }
    if (src === tail || rest === 0) break;
    src = tail;
    n = 4;
    hibit = 0;
  }
  // Full carry, in 32-bit integers from here on (every limb is below 2^23).
  let a0 = h0 | 0,
    a1 = h1 | 0,
    a2 = h2 | 0,
    a3 = h3 | 0,
    a4 = h4 | 0,
    a5 = h5 | 0,
    c: number;
  c = a0 >>> 22;
  a0 &= MASK;
  a1 += c;
  c = a1 >>> 22;
  a1 &= MASK;
  a2 += c;
  c = a2 >>> 22;
  a2 &= MASK;
  a3 += c;
  c = a3 >>> 22;
  a3 &= MASK;
  a4 += c;
  c = a4 >>> 22;
  a4 &= MASK;
  a5 += c;
  // Bits 130 and up (bit 20 of limb 5 on) fold back times 5.
  c = a5 >>> 20;
  a5 &= 0xfffff;
  a0 += c * 5;
  c = a0 >>> 22;
  a0 &= MASK;
  a1 += c;
  c = a1 >>> 22;
  a1 &= MASK;
  a2 += c;
  c = a2 >>> 22;
  a2 &= MASK;
  a3 += c;
  c = a3 >>> 22;
  a3 &= MASK;
  a4 += c;
  c = a4 >>> 22;
  a4 &= MASK;
  a5 += c;
  // h < 2^130 + small now; g = h + 5 - 2^130, taken when it does not go negative.
  let g0 = a0 + 5;
  c = g0 >>> 22;
  g0 &= MASK;
  let g1 = a1 + c;
  c = g1 >>> 22;
  g1 &= MASK;
  let g2 = a2 + c;
  c = g2 >>> 22;
  g2 &= MASK;
  let g3 = a3 + c;
  c = g3 >>> 22;
  g3 &= MASK;
  let g4 = a4 + c;
  c = g4 >>> 22;
  g4 &= MASK;
  let g5 = a5 + c - (1 << 20);
  // useG = all ones when g5 >= 0 (h >= p).
  const useG = ~(g5 >> 31);
  const useH = ~useG;
  g5 &= 0xfffff;
  a0 = (a0 & useH) | (g0 & useG);
  a1 = (a1 & useH) | (g1 & useG);
  a2 = (a2 & useH) | (g2 & useG);
  a3 = (a3 & useH) | (g3 & useG);
  a4 = (a4 & useH) | (g4 & useG);
  a5 = (a5 & useH) | (g5 & useG);
  // h mod 2^128 as four words, plus s.
  const f0 = (a0 | (a1 << 22)) >>> 0;
  const f1 = ((a1 >>> 10) | (a2 << 12)) >>> 0;
  const f2 = ((a2 >>> 20) | (a3 << 2) | (a4 << 24)) >>> 0;
  const f3 = ((a4 >>> 8) | (a5 << 14)) >>> 0;
  let sum = f0 + key[4]!;
  writeLe32(out, outAt, sum);
  sum = f1 + key[5]! + Math.floor(sum / 0x100000000);
  writeLe32(out, outAt + 4, sum);
  sum = f2 + key[6]! + Math.floor(sum / 0x100000000);
  writeLe32(out, outAt + 8, sum);
  sum = f3 + key[7]! + Math.floor(sum / 0x100000000);
  writeLe32(out, outAt + 12, sum);
}

function writeLe32(out: Uint8Array, at: number, v: number): void {
  out[at] = v;
  out[at + 1] = v >>> 8;
  out[at + 2] = v >>> 16;
  out[at + 3] = v >>> 24;
}
