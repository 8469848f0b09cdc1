/**
 * Salsa20/20, HSalsa20 and the XSalsa20 key stream (the cipher of NaCl's crypto_secretbox), written
 * for CurveZMQ's hot path: no allocation per call, key stream XOR-ed into the caller's bytes in place.
 * Words are little-endian as the specification defines them; nothing depends on the platform's order.
 * Checked against NaCl/libsodium known answers and @noble/ciphers in test/curve/secretbox.test.ts.
 */

/** "expand 32-byte k" as little-endian words. */
const C0 = 0x61707865;
const C1 = 0x3320646e;
const C2 = 0x79622d32;
const C3 = 0x6b206574;

/**
 * One Salsa20 block for key words `k`, nonce words `n0`,`n1` and a 64-bit block counter, into
 * `out` (16 words). With `hsalsa` the input is not added back and `out[0..7]` receives HSalsa20's
 * output words (z0, z5, z10, z15, z6, z7, z8, z9); then n0,n1,c0,c1 are its four input words.
 */
export function salsaCore(
  k: Uint32Array,
  n0: number,
  n1: number,
  c0: number,
  c1: number,
  out: Uint32Array,
  hsalsa: boolean,
): void {
  const j0 = C0,
    j1 = k[0]!,
    j2 = k[1]!,
    j3 = k[2]!,
    j4 = k[3]!,
    j5 = C1,
    j6 = n0,
    j7 = n1,
    j8 = c0,
    j9 = c1,
    j10 = C2,
    j11 = k[4]!,
    j12 = k[5]!,
    j13 = k[6]!,
    j14 = k[7]!,
    j15 = C3;
  let x0 = j0,
    x1 = j1,
    x2 = j2,
    x3 = j3,
    x4 = j4,
    x5 = j5,
    x6 = j6,
    x7 = j7,
    x8 = j8,
    x9 = j9,
    x10 = j10,
    x11 = j11,
    x12 = j12,
    x13 = j13,
    x14 = j14,
    x15 = j15,
    u: number;
  for (let i = 0; i < 10; i++) {
    // Column round.
    u = (x0 + x12) | 0;
    x4 ^= (u << 7) | (u >>> 25);
    u = (x4 + x0) | 0;
    x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x4) | 0;
    x12 ^= (u << 13) | (u >>> 19);
    u = (x12 + x8) | 0;
    x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x1) | 0;
    x9 ^= (u << 7) | (u >>> 25);
    u = (x9 + x5) | 0;
    x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x9) | 0;
    x1 ^= (u << 13) | (u >>> 19);
    u = (x1 + x13) | 0;
    x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x6) | 0;
    x14 ^= (u << 7) | (u >>> 25);
    u = (x14 + x10) | 0;
    x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x14) | 0;
    x6 ^= (u << 13) | (u >>> 19);
    u = (x6 + x2) | 0;
    x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x11) | 0;
    x3 ^= (u << 7) | (u >>> 25);
    u = (x3 + x15) | 0;
    x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x3) | 0;
    x11 ^= (u << 13) | (u >>> 19);
    u = (x11 + x7) | 0;
    x15 ^= (u << 18) | (u >>> 14);
    // Row round.
    u = (x0 + x3) | 0;
    x1 ^= (u << 7) | (u >>> 25);
    u = (x1 + x0) | 0;
    x2 ^= (u << 9) | (u >>> 23);
    u = (x2 + x1) | 0;
    x3 ^= (u << 13) | (u >>> 19);
    u = (x3 + x2) | 0;
    x0 ^= (u << 18) | (u >>> 14);
    u = (x5 + x4) | 0;
    x6 ^= (u << 7) | (u >>> 25);
    u = (x6 + x5) | 0;
    x7 ^= (u << 9) | (u >>> 23);
    u = (x7 + x6) | 0;
    x4 ^= (u << 13) | (u >>> 19);
    u = (x4 + x7) | 0;
    x5 ^= (u << 18) | (u >>> 14);
    u = (x10 + x9) | 0;
    x11 ^= (u << 7) | (u >>> 25);
    u = (x11 + x10) | 0;
    x8 ^= (u << 9) | (u >>> 23);
    u = (x8 + x11) | 0;
    x9 ^= (u << 13) | (u >>> 19);
    u = (x9 + x8) | 0;
    x10 ^= (u << 18) | (u >>> 14);
    u = (x15 + x14) | 0;
    x12 ^= (u << 7) | (u >>> 25);
    u = (x12 + x15) | 0;
    x13 ^= (u << 9) | (u >>> 23);
    u = (x13 + x12) | 0;
    x14 ^= (u << 13) | (u >>> 19);
    u = (x14 + x13) | 0;
    x15 ^= (u << 18) | (u >>> 14);
  }
  if (hsalsa) {
    out[0] = x0;
    out[1] = x5;
    out[2] = x10;
    out[3] = x15;
    out[4] = x6;
    out[5] = x7;
    out[6] = x8;
    out[7] = x9;
    return;
  }
  out[0] = x0 + j0;
  out[1] = x1 + j1;
  out[2] = x2 + j2;
  out[3] = x3 + j3;
  out[4] = x4 + j4;
  out[5] = x5 + j5;
  out[6] = x6 + j6;
  out[7] = x7 + j7;
  out[8] = x8 + j8;
  out[9] = x9 + j9;
  out[10] = x10 + j10;
  out[11] = x11 + j11;
  out[12] = x12 + j12;
  out[13] = x13 + j13;
  out[14] = x14 + j14;
  out[15] = x15 + j15;
}

/** Little-endian word at `b[i..i+4]`. */
export function le32(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/** `k` (8 words) from 32 key bytes. */
export function keyWords(key: Uint8Array, k: Uint32Array): void {
  for (let i = 0; i < 8; i++) k[i] = le32(key, 4 * i);
}

/** HSalsa20(key words, nonce[0..16]) into `sub` (8 words): XSalsa20's per-nonce key. */
export function hsalsa20(k: Uint32Array, nonce: Uint8Array, sub: Uint32Array): void {
  salsaCore(k, le32(nonce, 0), le32(nonce, 4), le32(nonce, 8), le32(nonce, 12), sub, true);
}

const IS_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * XORs the Salsa20 key stream for key words `k`, nonce words `n0`,`n1`, from block `counter` on,
 * into `data[start..end]` in place. Where `data` is 4-byte aligned on a little-endian machine,
 * whole words are XOR-ed at once.
 */
export function salsaXor(
  k: Uint32Array,
  n0: number,
  n1: number,
  counter: number,
  data: Uint8Array,
  start: number,
  end: number,
  ks: Uint32Array,
): void {
  const aligned = IS_LE && ((data.byteOffset + start) & 3) === 0;
  const words = aligned ? new Uint32Array(data.buffer, data.byteOffset + start, (end - start) >>> 2) : null;
  let w = 0;
  for (let p = start; p < end; p += 64, counter++) {
    salsaCore(k, n0, n1, counter >>> 0, Math.floor(counter / 0x100000000), ks, false);
    const n = end - p;
    if (words !== null && n >= 64) {
      for (let i = 0; i < 16; i++) words[w + i] = words[w + i]! ^ ks[i]!;
      w += 16;
      continue;
    }
    w += 16;
    const m = n < 64 ? n : 64;
    for (let i = 0; i < m; i++) data[p + i] = data[p + i]! ^ (ks[i >>> 2]! >>> ((i & 3) << 3));
  }
}
