/**
 * Just enough of a WebAssembly binary writer for wasm-kernels.ts: LEB128, the module sections, and
 * the opcodes the two kernels use. Code is written as flat byte arrays; nothing here knows the
 * kernels.
 */

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/** Opcodes (single byte, or 0xfd-prefixed SIMD) as byte arrays or builders. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i64Load32U: (offset: number) => [0x35, 0, ...uleb(offset)],
  i64Load: (offset: number) => [0x29, 3, ...uleb(offset)],
  i64Store: (offset: number) => [0x37, 3, ...uleb(offset)],
  i32Const: (v: number) => [0x41, ...sleb(v | 0)],
  i64Const: (v: number) => [0x42, ...sleb(v)],
  i32Eqz: [0x45],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i64Add: [0x7c],
  i64Mul: [0x7e],
  i64And: [0x83],
  i64Or: [0x84],
  i64ShrU: [0x88],
  i64ExtendI32U: [0xad],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  v128Const: (lanes: readonly number[]) => {
    const b = new Uint8Array(new Uint32Array(lanes).buffer);
    return [0xfd, 0x0c, ...b];
  },
  /** i8x16.shuffle picking whole 32-bit lanes: 0-3 from the first operand, 4-7 from the second. */
  shuffle32: (lanes: readonly number[]) => [
    0xfd,
    0x0d,
    ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]),
  ],
  i32x4Splat: [0xfd, 0x11],
  i64x2Splat: [0xfd, 0x12],
  i64x2ExtractLane: (lane: number) => [0xfd, 0x1d, lane],
  /** One 32-bit word into lane 0, the others zero. */
  v128Load32Zero: (offset: number) => [0xfd, 0x5c, 2, ...uleb(offset)],
  /** One 64-bit word into lane 0, the other zero. */
  v128Load64Zero: (offset: number) => [0xfd, 0x5d, 3, ...uleb(offset)],
  /** One 32-bit word into all four lanes. */
  v128Load32Splat: (offset: number) => [0xfd, 0x09, 2, ...uleb(offset)],
  /** One 32-bit word into 32-bit lane `lane` of the vector on the stack (address, then vector). */
  v128Load32Lane: (offset: number, lane: number) => [0xfd, 0x56, 2, ...uleb(offset), lane],
  v128And: [0xfd, 0x4e],
  i64x2Shl: [0xfd, ...uleb(0xcb)],
  i64x2ShrU: [0xfd, ...uleb(0xcd)],
  i64x2Add: [0xfd, ...uleb(0xce)],
  /** 32-bit lanes 0 and 1 of two vectors multiplied into two unsigned 64-bit products. */
  i64x2ExtmulLowI32x4U: [0xfd, ...uleb(0xde)],
  v128Or: [0xfd, 0x50],
  v128Xor: [0xfd, 0x51],
  i32x4Shl: [0xfd, ...uleb(0xab)],
  i32x4ShrU: [0xfd, ...uleb(0xad)],
  i32x4Add: [0xfd, ...uleb(0xae)],
} as const;

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export interface FunctionDef {
  readonly name: string;
  readonly params: readonly number[];
  /** Local declarations after the parameters, as [count, type] runs. */
  readonly locals: ReadonlyArray<readonly [number, number]>;
  readonly code: readonly number[];
}

/** A module with one exported memory of `pages` 64 KiB pages and these exported functions (no results). */
export function buildModule(pages: number, functions: readonly FunctionDef[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, 0]);
  const exports = [[...name("memory"), 0x02, 0], ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])];
  const bodies = functions.map((f) => {
    const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.code, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(pages)]])),
    ...section(7, vec(exports)),
    ...section(10, [...uleb(bodies.length), ...bodies.flat()]),
  ]);
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Buffer.from(s, "latin1")];
}
