import { I32, I64, V128, buildModule, op } from "./wasm-asm.js";

/**
 * Two WebAssembly kernels for the MESSAGE hot path, generated here as bytes (no toolchain):
 *
 * - `salsa_xor(ptr, groups, counter)`: XORs the Salsa20 key stream of the key and nonce words at
 *   KEY_AT into `groups` × 256 bytes at `ptr`, four blocks at a time in 128-bit lanes (block
 *   counter `counter`, +1 per block; the high counter word is 0).
 * - `poly_blocks(ptr, blocks, hibit)`: runs `blocks` 16-byte Poly1305 blocks at `ptr` through the
 *   state at POLY_AT (r, 5r, h as 26-bit limbs in 64-bit words), `hibit` 1<<24 for whole blocks.
 *
 * - `poly_pairs(ptr, pairs)`: the same for `2 × pairs` whole blocks, two at a time in two 64-bit lanes
 *   (Horner's rule on r²: the even blocks in one lane, the odd in the other, joined by r² and r
 *   at the end), using r² and 5r² at R2_AT.
 *
 * Memory map: KEY_AT key words k0..k7 then n0, n1; POLY_AT r0..r4, s1..s4, h0..h4 (i64 each);
 * R2_AT r²'s limbs then 5r²'s (limbs 1..4); J_AT Salsa20's input vectors; DATA_AT a CHUNK of data
 * and one spare group for the tail. Everything below DATA_AT is key material, wiped after a box.
 */
export const KEY_AT = 0;
export const POLY_AT = 64;
/** r² as five 26-bit limbs, then 5r² (limbs 1..4), one i64 each. */
export const R2_AT = POLY_AT + 112;
/** The 16 input words of the four blocks in flight, one 128-bit vector each (kept in memory, not in locals: fewer spills). */
export const J_AT = 256;
export const DATA_AT = 512;
export const CHUNK = 256 * 1024;
const PAGES = 5; // DATA_AT + CHUNK + one spare group, rounded up to 64 KiB pages

const C = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574];

// Salsa20's 32 quarter steps of one double round: x[a] ^= rotl(x[b] + x[c], k).
const STEPS: ReadonlyArray<readonly [number, number, number, number]> = [
  [4, 0, 12, 7], [8, 4, 0, 9], [12, 8, 4, 13], [0, 12, 8, 18],
  [9, 5, 1, 7], [13, 9, 5, 9], [1, 13, 9, 13], [5, 1, 13, 18],
  [14, 10, 6, 7], [2, 14, 10, 9], [6, 2, 14, 13], [10, 6, 2, 18],
  [3, 15, 11, 7], [7, 3, 15, 9], [11, 7, 3, 13], [15, 11, 7, 18],
  [1, 0, 3, 7], [2, 1, 0, 9], [3, 2, 1, 13], [0, 3, 2, 18],
  [6, 5, 4, 7], [7, 6, 5, 9], [4, 7, 6, 13], [5, 4, 7, 18],
  [11, 10, 9, 7], [8, 11, 10, 9], [9, 8, 11, 13], [10, 9, 8, 18],
  [12, 15, 14, 7], [13, 12, 15, 9], [14, 13, 12, 13], [15, 14, 13, 18],
]; // prettier-ignore

function salsaXor(): number[] {
  // params: 0 ptr, 1 groups, 2 counter; locals: 3 rounds; v128 4..19 x, 20 t, 21..24 transpose.
  const X = (i: number) => 4 + i;
  const T = 20;
  const jAt = (i: number) => J_AT + 16 * i;
  const code: number[] = [];
  const splatConst = (v: number) => [...op.i32Const(v), ...op.i32x4Splat];
  const splatWord = (at: number) => [...op.i32Const(0), ...op.i32Load(KEY_AT + at), ...op.i32x4Splat];
  const init: Record<number, number[]> = {
    0: splatConst(C[0]!),
    5: splatConst(C[1]!),
    10: splatConst(C[2]!),
    15: splatConst(C[3]!),
    1: splatWord(0),
    2: splatWord(4),
    3: splatWord(8),
    4: splatWord(12),
    11: splatWord(16),
    12: splatWord(20),
    13: splatWord(24),
    14: splatWord(28),
    6: splatWord(32),
    7: splatWord(36),
    9: splatConst(0),
  };
  const store = (i: number, value: number[]) => code.push(...op.i32Const(0), ...value, ...op.v128Store(jAt(i)));
  for (const [i, c] of Object.entries(init)) store(Number(i), c);
  code.push(...op.block, ...op.loop);
  code.push(...op.get(1), ...op.i32Eqz, ...op.brIf(1));
  // j8 = counter + (0, 1, 2, 3)
  store(8, [...op.get(2), ...op.i32x4Splat, ...op.v128Const([0, 1, 2, 3]), ...op.i32x4Add]);
  for (let i = 0; i < 16; i++) code.push(...op.i32Const(0), ...op.v128Load(jAt(i)), ...op.set(X(i)));
  code.push(...op.i32Const(10), ...op.set(3), ...op.loop);
  for (const [a, b, c, k] of STEPS) {
    code.push(...op.get(X(b)), ...op.get(X(c)), ...op.i32x4Add, ...op.tee(T));
    code.push(...op.i32Const(k), ...op.i32x4Shl, ...op.get(T), ...op.i32Const(32 - k), ...op.i32x4ShrU, ...op.v128Or);
    code.push(...op.get(X(a)), ...op.v128Xor, ...op.set(X(a)));
  }
  code.push(...op.get(3), ...op.i32Const(1), ...op.i32Sub, ...op.tee(3), ...op.brIf(0), ...op.end);
  for (let i = 0; i < 16; i++)
    code.push(...op.get(X(i)), ...op.i32Const(0), ...op.v128Load(jAt(i)), ...op.i32x4Add, ...op.set(X(i)));
  // Lane L of x[i] is word i of block L: transpose each group of four words and XOR it into place.
  for (let q = 0; q < 4; q++) {
    const [a, b, c, d] = [X(4 * q), X(4 * q + 1), X(4 * q + 2), X(4 * q + 3)];
    code.push(...op.get(a), ...op.get(b), ...op.shuffle32([0, 4, 1, 5]), ...op.set(21));
    code.push(...op.get(a), ...op.get(b), ...op.shuffle32([2, 6, 3, 7]), ...op.set(22));
    code.push(...op.get(c), ...op.get(d), ...op.shuffle32([0, 4, 1, 5]), ...op.set(23));
    code.push(...op.get(c), ...op.get(d), ...op.shuffle32([2, 6, 3, 7]), ...op.set(24));
    const blocks: Array<[number, number, number[]]> = [
      [21, 23, [0, 1, 4, 5]],
      [21, 23, [2, 3, 6, 7]],
      [22, 24, [0, 1, 4, 5]],
      [22, 24, [2, 3, 6, 7]],
    ];
    blocks.forEach(([lo, hi, lanes], L) => {
      const at = 64 * L + 16 * q;
      code.push(...op.get(0), ...op.get(0), ...op.v128Load(at));
      code.push(...op.get(lo), ...op.get(hi), ...op.shuffle32(lanes), ...op.v128Xor, ...op.v128Store(at));
    });
  }
  code.push(...op.get(0), ...op.i32Const(256), ...op.i32Add, ...op.set(0));
  code.push(...op.get(2), ...op.i32Const(4), ...op.i32Add, ...op.set(2));
  code.push(...op.get(1), ...op.i32Const(1), ...op.i32Sub, ...op.set(1));
  code.push(...op.br(0), ...op.end, ...op.end);
  return code;
}

/** Byte offset and right shift of each 26-bit limb of a 16-byte block (read as a 32-bit word). */
const LIMBS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [3, 2],
  [6, 4],
  [9, 6],
  [12, 8],
];

const M26 = 0x3ffffff;

/** What the limb arithmetic below needs, on i64 locals or on i64x2 (two lanes) locals. */
interface LimbOps {
  /** Adds the two values on the stack. */
  readonly add: readonly number[];
  /** Multiplies the two values on the stack (a limb by a coefficient). */
  readonly mul: readonly number[];
  /** The value on the stack shifted right by 26. */
  readonly shr26: readonly number[];
  /** The low 26 bits of the value on the stack. */
  readonly low26: readonly number[];
  /** Pushes 5 × local `c`. */
  times5(c: number): number[];
}

const SCALAR: LimbOps = {
  add: op.i64Add,
  mul: op.i64Mul,
  shr26: [...op.i64Const(26), ...op.i64ShrU],
  low26: [...op.i64Const(M26), ...op.i64And],
  times5: (c) => [...op.get(c), ...op.i64Const(5), ...op.i64Mul],
};

/** d_k = sum of h_i * (r_j or 5r_j) over i + j = k (mod 5): h·r with 2^130 folded in as 5. */
function multiplyLimbs(
  code: number[],
  ops: LimbOps,
  h: (i: number) => number,
  r: (j: number) => number,
  fiveR: (j: number) => number,
  d: (k: number) => number,
): void {
  for (let k = 0; k < 5; k++) {
    for (let i = 0; i < 5; i++) {
      const j = (k - i + 5) % 5;
      code.push(...op.get(h(i)), ...op.get(i <= k ? r(j) : fiveR(j)), ...ops.mul);
      if (i > 0) code.push(...ops.add);
    }
    code.push(...op.set(d(k)));
  }
}

/** h = d carried back to 26-bit limbs (the top carry folded into h0 times 5), `c` the carry. */
function carryLimbs(code: number[], ops: LimbOps, d: (k: number) => number, h: (k: number) => number, c: number): void {
  for (let k = 0; k < 5; k++) {
    if (k > 0) code.push(...op.get(d(k)), ...op.get(c), ...ops.add, ...op.set(d(k)));
    code.push(...op.get(d(k)), ...ops.shr26, ...op.set(c));
    code.push(...op.get(d(k)), ...ops.low26, ...op.set(h(k)));
  }
  code.push(...op.get(h(0)), ...ops.times5(c), ...ops.add, ...op.set(h(0)));
  code.push(...op.get(h(0)), ...ops.shr26, ...op.set(c));
  code.push(...op.get(h(0)), ...ops.low26, ...op.set(h(0)));
  code.push(...op.get(h(1)), ...op.get(c), ...ops.add, ...op.set(h(1)));
}

function polyBlocks(): number[] {
  // params: 0 ptr, 1 blocks, 2 hibit (i32); i64 locals: 3..7 r, 8..11 s1..s4, 12..16 h, 17..21 d, 22 c, 23 hibit.
  const R = (i: number) => 3 + i;
  const S = (i: number) => 7 + i; // s1..s4 → 8..11
  const H = (i: number) => 12 + i;
  const D = (i: number) => 17 + i;
  const Cc = 22;
  const HB = 23;
  const code: number[] = [];
  const load = (at: number, local: number) =>
    code.push(...op.i32Const(0), ...op.i64Load(POLY_AT + at), ...op.set(local));
  for (let i = 0; i < 5; i++) load(8 * i, R(i));
  for (let i = 1; i < 5; i++) load(40 + 8 * (i - 1), S(i));
  for (let i = 0; i < 5; i++) load(72 + 8 * i, H(i));
  code.push(...op.get(2), ...op.i64ExtendI32U, ...op.set(HB));
  code.push(...op.block, ...op.loop, ...op.get(1), ...op.i32Eqz, ...op.brIf(1));
  // h += m (26-bit limbs read from overlapping 32-bit loads)
  LIMBS.forEach(([offset, shift], i) => {
    code.push(...op.get(H(i)), ...op.get(0), ...op.i64Load32U(offset));
    if (shift > 0) code.push(...op.i64Const(shift), ...op.i64ShrU);
    if (i === 4) code.push(...op.get(HB), ...op.i64Or);
    else code.push(...op.i64Const(M26), ...op.i64And);
    code.push(...op.i64Add, ...op.set(H(i)));
  });
  multiplyLimbs(code, SCALAR, H, R, S, D);
  carryLimbs(code, SCALAR, D, H, Cc);
  code.push(...op.get(0), ...op.i32Const(16), ...op.i32Add, ...op.set(0));
  code.push(...op.get(1), ...op.i32Const(1), ...op.i32Sub, ...op.set(1));
  code.push(...op.br(0), ...op.end, ...op.end);
  for (let i = 0; i < 5; i++) code.push(...op.i32Const(0), ...op.get(H(i)), ...op.i64Store(POLY_AT + 72 + 8 * i));
  return code;
}

function polyPairs(): number[] {
  // params: 0 ptr, 1 pairs (>= 1); i64 locals 2..6 h, 7 carry; v128 locals: 8..12 V (lane 0 the
  // even blocks' accumulator, lane 1 the odd's), 13..17 W (V's limbs as 32-bit lanes 0 and 1),
  // 18..22 D, 23 carry, 24 mask, 25 hibit, 26..30 C (r² or r per lane), 31..34 S (5C, limbs 1..4), 35 t.
  const H = (i: number) => 2 + i;
  const C64 = 7;
  const V = (i: number) => 8 + i;
  const W = (i: number) => 13 + i;
  const D = (i: number) => 18 + i;
  const CC = 23;
  const MASK = 24;
  const HIBIT = 25;
  const C = (j: number) => 26 + j;
  const S = (j: number) => 30 + j; // j = 1..4
  const T = 35;
  const LANES: LimbOps = {
    add: op.i64x2Add,
    mul: op.i64x2ExtmulLowI32x4U,
    shr26: [...op.i32Const(26), ...op.i64x2ShrU],
    low26: [...op.get(MASK), ...op.v128And],
    times5: (c) => [...op.get(c), ...op.i32Const(2), ...op.i64x2Shl, ...op.get(c), ...op.i64x2Add],
  };
  const code: number[] = [];
  const addr0 = op.i32Const(0);
  for (let i = 0; i < 5; i++) code.push(...addr0, ...op.v128Load64Zero(POLY_AT + 72 + 8 * i), ...op.set(V(i)));
  code.push(...op.i64Const(M26), ...op.i64x2Splat, ...op.set(MASK));
  code.push(...op.i64Const(1 << 24), ...op.i64x2Splat, ...op.set(HIBIT));
  for (let j = 0; j < 5; j++) code.push(...addr0, ...op.v128Load32Splat(R2_AT + 8 * j), ...op.set(C(j)));
  for (let j = 1; j < 5; j++) code.push(...addr0, ...op.v128Load32Splat(R2_AT + 40 + 8 * (j - 1)), ...op.set(S(j)));
  const body = () => {
    // V += the two blocks' limbs
    LIMBS.forEach(([offset, shift], i) => {
      code.push(...op.get(0), ...op.v128Load32Zero(offset), ...op.set(T));
      code.push(...op.get(0), ...op.get(T), ...op.v128Load32Lane(16 + offset, 2));
      if (shift > 0) code.push(...op.i32Const(shift), ...op.i64x2ShrU);
      code.push(...op.get(i < 4 ? MASK : HIBIT), ...(i < 4 ? op.v128And : op.v128Or));
      code.push(...op.get(V(i)), ...op.i64x2Add, ...op.set(V(i)));
    });
    for (let i = 0; i < 5; i++)
      code.push(...op.get(V(i)), ...op.get(V(i)), ...op.shuffle32([0, 2, 0, 2]), ...op.set(W(i)));
    multiplyLimbs(code, LANES, W, C, S, D);
    carryLimbs(code, LANES, D, V, CC);
    code.push(...op.get(0), ...op.i32Const(32), ...op.i32Add, ...op.set(0));
  };
  // Every pair but the last: both lanes times r².
  code.push(...op.block, ...op.loop);
  code.push(...op.get(1), ...op.i32Const(1), ...op.i32Sub, ...op.i32Eqz, ...op.brIf(1));
  body();
  code.push(...op.get(1), ...op.i32Const(1), ...op.i32Sub, ...op.set(1), ...op.br(0), ...op.end, ...op.end);
  // The last pair: the even lane times r², the odd lane times r.
  for (let j = 0; j < 5; j++)
    code.push(...addr0, ...op.get(C(j)), ...op.v128Load32Lane(POLY_AT + 8 * j, 1), ...op.set(C(j)));
  for (let j = 1; j < 5; j++)
    code.push(...addr0, ...op.get(S(j)), ...op.v128Load32Lane(POLY_AT + 40 + 8 * (j - 1), 1), ...op.set(S(j)));
  body();
  // h = even lane + odd lane, carried back to 26-bit limbs as poly_blocks leaves them.
  for (let i = 0; i < 5; i++) {
    code.push(...op.get(V(i)), ...op.i64x2ExtractLane(0), ...op.get(V(i)), ...op.i64x2ExtractLane(1), ...op.i64Add);
    code.push(...op.set(H(i)));
  }
  carryLimbs(code, SCALAR, H, H, C64);
  for (let i = 0; i < 5; i++) code.push(...addr0, ...op.get(H(i)), ...op.i64Store(POLY_AT + 72 + 8 * i));
  return code;
}

export interface Kernels {
  readonly memory: { readonly buffer: ArrayBuffer };
  salsa_xor(ptr: number, groups: number, counter: number): void;
  poly_blocks(ptr: number, blocks: number, hibit: number): void;
  poly_pairs(ptr: number, pairs: number): void;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
}

/** Instantiates the kernels, or null where WebAssembly (with SIMD) is not available. */
export function loadKernels(): Kernels | null {
  try {
    const bytes = buildModule(PAGES, [
      {
        name: "salsa_xor",
        params: [I32, I32, I32],
        locals: [
          [1, I32],
          [37, V128],
        ],
        code: salsaXor(),
      },
      { name: "poly_blocks", params: [I32, I32, I32], locals: [[21, I64]], code: polyBlocks() },
      {
        name: "poly_pairs",
        params: [I32, I32],
        locals: [
          [6, I64],
          [28, V128],
        ],
        code: polyPairs(),
      },
    ]);
    // The project's lib settings have no WebAssembly types; this is all we use of it.
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) return null;
    return new wasm.Instance(new wasm.Module(bytes)).exports as Kernels;
  } catch {
    return null;
  }
}
