import { CHUNK, DATA_AT, J_AT, KEY_AT, POLY_AT, R2_AT, loadKernels, type Kernels } from "./wasm-kernels.js";

/**
 * XSalsa20-Poly1305 boxes on the WebAssembly kernels: the caller derives the XSalsa20 subkey and
 * block 0 (the Poly1305 key) in JS; the bytes go through the kernels' memory CHUNK by CHUNK.
 * The message sits 32 bytes into the key stream (block 0's first half is Poly1305's key), so it is
 * copied to DATA_AT + 32 behind 32 scratch bytes and the stream runs from block 0.
 */

const M26 = 0x3ffffff;
let kernels: Kernels | null | undefined;

/** The kernels, made on first use; null where WebAssembly SIMD is missing (the JS path is used). */
export function wasmKernels(): Kernels | null {
  if (kernels === undefined) kernels = loadKernels();
  return kernels;
}

let cached: { buffer: ArrayBuffer; u8: Uint8Array; u32: Uint32Array } | null = null;

/** Views of the kernels' memory (which never grows; re-made if its buffer ever changes). */
function views(k: Kernels): { u8: Uint8Array; u32: Uint32Array } {
  const buffer = k.memory.buffer;
  if (cached === null || cached.buffer !== buffer)
    cached = { buffer, u8: new Uint8Array(buffer), u32: new Uint32Array(buffer) };
  return cached;
}

/** Loads the subkey and nonce words, and the Poly1305 key from block 0's words 0..7. */
function setup(u32: Uint32Array, sub: Uint32Array, n0: number, n1: number, block0: Uint32Array): void {
  u32.set(sub, KEY_AT / 4);
  u32[KEY_AT / 4 + 8] = n0;
  u32[KEY_AT / 4 + 9] = n1;
  const t0 = block0[0]!;
  const t1 = block0[1]!;
  const t2 = block0[2]!;
  const t3 = block0[3]!;
  const p = POLY_AT / 4;
  // r as 26-bit limbs, clamped (each in the low word of its i64), then 5r for limbs 1..4 (< 2^29).
  limb(u32, p, 0, t0 & M26);
  limb(u32, p, 1, ((t0 >>> 26) | (t1 << 6)) & 0x3ffff03);
  limb(u32, p, 2, ((t1 >>> 20) | (t2 << 12)) & 0x3ffc0ff);
  limb(u32, p, 3, ((t2 >>> 14) | (t3 << 18)) & 0x3f03fff);
  limb(u32, p, 4, (t3 >>> 8) & 0x00fffff);
  for (let i = 1; i < 5; i++) limb(u32, p + 10, i - 1, u32[p + 2 * i]! * 5);
  u32.fill(0, p + 18, p + 28); // h
  squared = false;
}

/** Whether R2_AT holds this box's r² (made when a run of blocks is long enough for poly_pairs). */
let squared = false;

/** Runs of at least this many whole blocks go two at a time; r² costs about one block to make. */
const PAIRS_MIN_BLOCKS = 16;

/** r² and 5r² into R2_AT: one poly_blocks step of h = r over a zero block, h kept as it was. */
function square(k: Kernels, u8: Uint8Array, u32: Uint32Array): void {
  const p = POLY_AT / 4;
  const h = u32.slice(p + 18, p + 28);
  u32.copyWithin(p + 18, p, p + 10); // h = r
  u8.fill(0, J_AT, J_AT + 16);
  k.poly_blocks(J_AT, 1, 0); // h = (r + 0) · r
  const q = R2_AT / 4;
  u32.copyWithin(q, p + 18, p + 28);
  for (let i = 1; i < 5; i++) limb(u32, q + 10, i - 1, u32[q + 2 * i]! * 5);
  u32.set(h, p + 18);
  h.fill(0);
  squared = true;
}

/** The i64 at word `p + 2i` set to `v` (< 2^32). */
function limb(u32: Uint32Array, p: number, i: number, v: number): void {
  u32[p + 2 * i] = v;
  u32[p + 2 * i + 1] = 0;
}

/** Feeds `len` bytes at `at` to Poly1305: whole blocks, then (when `last`) the padded tail. */
function poly(k: Kernels, u8: Uint8Array, u32: Uint32Array, at: number, len: number, last: boolean): void {
  const full = len >>> 4;
  if (full >= PAIRS_MIN_BLOCKS) {
    if (!squared) square(k, u8, u32);
    const pairs = full >>> 1;
    k.poly_pairs(at, pairs);
    if (full & 1) k.poly_blocks(at + 32 * pairs, 1, 1 << 24);
  } else if (full > 0) k.poly_blocks(at, full, 1 << 24);
  const rest = len & 15;
  if (last && rest > 0) {
    const t = at + full * 16;
    u8[t + rest] = 1;
    u8.fill(0, t + rest + 1, t + 16);
    k.poly_blocks(t, 1, 0);
  }
}

/** The tag from the state's h and block 0's words 4..7 (s), into `out[at..at+16]`. */
function finish(u32: Uint32Array, block0: Uint32Array, out: Uint8Array, at: number): void {
  const p = POLY_AT / 4 + 18;
  let h0 = u32[p]!,
    h1 = u32[p + 2]!,
    h2 = u32[p + 4]!,
    h3 = u32[p + 6]!,
    h4 = u32[p + 8]!,
    c: number;
  c = h1 >>> 26;
  h1 &= M26;
  h2 += c;
  c = h2 >>> 26;
  h2 &= M26;
  h3 += c;
  c = h3 >>> 26;
  h3 &= M26;
  h4 += c;
  c = h4 >>> 26;
  h4 &= M26;
  h0 += c * 5;
  c = h0 >>> 26;
  h0 &= M26;
  h1 += c;
  let g0 = h0 + 5;
  c = g0 >>> 26;
  g0 &= M26;
  let g1 = h1 + c;
  c = g1 >>> 26;
  g1 &= M26;
  let g2 = h2 + c;
  c = g2 >>> 26;
  g2 &= M26;
  let g3 = h3 + c;
  c = g3 >>> 26;
  g3 &= M26;
  const g4 = (h4 + c - (1 << 26)) | 0;
  // all ones when g4 >= 0 (h >= p): take g
  const useG = ~(g4 >> 31);
  const useH = ~useG;
  h0 = (h0 & useH) | (g0 & useG);
  h1 = (h1 & useH) | (g1 & useG);
  h2 = (h2 & useH) | (g2 & useG);
  h3 = (h3 & useH) | (g3 & useG);
  h4 = (h4 & useH) | (g4 & M26 & useG);
  const f0 = (h0 | (h1 << 26)) >>> 0;
  const f1 = ((h1 >>> 6) | (h2 << 20)) >>> 0;
  const f2 = ((h2 >>> 12) | (h3 << 14)) >>> 0;
  const f3 = ((h3 >>> 18) | (h4 << 8)) >>> 0;
  let sum = f0 + block0[4]!;
  put(out, at, sum);
  sum = f1 + block0[5]! + (sum > 0xffffffff ? 1 : 0);
  put(out, at + 4, sum);
  sum = f2 + block0[6]! + (sum > 0xffffffff ? 1 : 0);
  put(out, at + 8, sum);
  sum = f3 + block0[7]! + (sum > 0xffffffff ? 1 : 0);
  put(out, at + 12, sum);
}

function put(out: Uint8Array, at: number, v: number): void {
  out[at] = v;
  out[at + 1] = v >>> 8;
  out[at + 2] = v >>> 16;
  out[at + 3] = v >>> 24;
}

/**
 * Runs the key stream over the message `buf[dataAt..end]` through the kernel memory, chunk by
 * chunk; with `mac`, each chunk's result goes through Poly1305 while it is still there (sealing).
 */
function stream(
  k: Kernels,
  u8: Uint8Array,
  u32: Uint32Array,
  buf: Uint8Array,
  dataAt: number,
  end: number,
  mac: boolean,
): void {
  const total = 32 + (end - dataAt); // stream bytes: 32 scratch, then the message
  for (let pos = 0; pos < total; pos += CHUNK) {
    const n = Math.min(CHUNK, total - pos);
    const first = pos === 0;
    const msgAt = first ? DATA_AT + 32 : DATA_AT;
    const from = dataAt + (first ? 0 : pos - 32);
    const len = first ? n - 32 : n;
    if (first) u8.fill(0, DATA_AT, DATA_AT + 32);
    u8.set(buf.subarray(from, from + len), msgAt);
    const last = pos + n === total;
    k.salsa_xor(DATA_AT, Math.ceil(n / 256), pos / 64);
    buf.set(u8.subarray(msgAt, msgAt + len), from);
    if (mac) poly(k, u8, u32, msgAt, len, last);
  }
}

/** Seals `buf[dataAt..end]` in place and writes the tag at `tagAt`. */
export function wasmSeal(
  k: Kernels,
  sub: Uint32Array,
  n0: number,
  n1: number,
  block0: Uint32Array,
  buf: Uint8Array,
  tagAt: number,
  dataAt: number,
  end: number,
): void {
  const { u8, u32 } = views(k);
  setup(u32, sub, n0, n1, block0);
  stream(k, u8, u32, buf, dataAt, end, true);
  finish(u32, block0, buf, tagAt);
  wipe(u8, true);
}

/** Checks the tag, then opens `buf[dataAt..end]` in place; false (and `buf` untouched) when it does not match. */
export function wasmOpen(
  k: Kernels,
  sub: Uint32Array,
  n0: number,
  n1: number,
  block0: Uint32Array,
  buf: Uint8Array,
  tagAt: number,
  dataAt: number,
  end: number,
  tag: Uint8Array,
): boolean {
  const { u8, u32 } = views(k);
  setup(u32, sub, n0, n1, block0);
  // Authenticate first: the ciphertext goes through Poly1305 before any of it is decrypted.
  const len = end - dataAt;
  if (len + 32 <= CHUNK) {
    // One chunk: copy in once, check, decrypt there, copy out.
    u8.fill(0, DATA_AT, DATA_AT + 32);
    u8.set(buf.subarray(dataAt, end), DATA_AT + 32);
    poly(k, u8, u32, DATA_AT + 32, len, true);
    if (!matches(u32, block0, tag, buf, tagAt)) return wipe(u8, false);
    k.salsa_xor(DATA_AT, Math.ceil((len + 32) / 256), 0);
    buf.set(u8.subarray(DATA_AT + 32, DATA_AT + 32 + len), dataAt);
    return wipe(u8, true);
  }
  for (let pos = dataAt; pos < end; pos += CHUNK) {
    const len = Math.min(CHUNK, end - pos);
    u8.set(buf.subarray(pos, pos + len), DATA_AT);
    poly(k, u8, u32, DATA_AT, len, pos + len === end);
  }
  if (!matches(u32, block0, tag, buf, tagAt)) return wipe(u8, false);
  stream(k, u8, u32, buf, dataAt, end, false);
  return wipe(u8, true);
}

/** The tag computed into `tag`, compared with `buf[tagAt..]` over all 16 bytes (no early exit). */
function matches(u32: Uint32Array, block0: Uint32Array, tag: Uint8Array, buf: Uint8Array, tagAt: number): boolean {
  finish(u32, block0, tag, 0);
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= tag[i]! ^ buf[tagAt + i]!;
  return diff === 0;
}

/** Key words and Poly1305 state do not outlive a box. */
function wipe(u8: Uint8Array, result: boolean): boolean {
  u8.fill(0, KEY_AT, DATA_AT); // key words, Poly1305 state and the key stream's input vectors
  return result;
}
