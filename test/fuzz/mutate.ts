// A small byte-level mutator for the fuzz loop: deterministic from its seed, biased towards the
// values that break length fields and flag bytes.

/** xorshift32: fast, seedable, good enough to pick mutations. */
export class Rng {
  private x: number;
  constructor(seed: number) {
    this.x = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.x = x >>> 0;
    return this.x;
  }
  /** 0 ≤ n < max */
  below(max: number): number {
    return max <= 1 ? 0 : this.next() % max;
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
}

const BYTES = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x7f, 0x80, 0xfe, 0xff, 0x41];
const U32 = [0, 1, 2, 4, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
const U64 = [0n, 1n, 255n, 256n, 2n ** 31n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

/** Largest input the mutator produces. */
export const MAX_INPUT = 8192;

/** One to four stacked mutations of `input`; `pool` supplies other inputs to splice with. */
export function mutate(input: Buffer, rng: Rng, pool: readonly Buffer[]): Buffer {
  let b: Buffer = Buffer.from(input);
  const rounds = 1 + rng.below(4);
  for (let r = 0; r < rounds; r++) b = mutateOnce(b, rng, pool);
  return b.length > MAX_INPUT ? b.subarray(0, MAX_INPUT) : b;
}

function mutateOnce(b: Buffer, rng: Rng, pool: readonly Buffer[]): Buffer {
  const len = b.length;
  const at = rng.below(len + 1);
  switch (rng.below(12)) {
    case 0: // flip a bit
      if (len > 0) b[at % len]! ^= 1 << rng.below(8);
      return b;
    case 1: // an interesting byte
      if (len > 0) b[at % len] = BYTES[rng.below(BYTES.length)]!;
      return b;
    case 2: // a random byte
      if (len > 0) b[at % len] = rng.below(256);
      return b;
    case 3: {
      // insert random bytes
      const ins = Buffer.alloc(1 + rng.below(8));
      for (let i = 0; i < ins.length; i++) ins[i] = rng.below(256);
      return Buffer.concat([b.subarray(0, at), ins, b.subarray(at)]);
    }
    case 4: // delete a range
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(len, at + 1 + rng.below(16)))]);
    case 5: {
      // duplicate a range
      const n = 1 + rng.below(32);
      return Buffer.concat([b.subarray(0, at), b.subarray(at, at + n), b.subarray(at)]);
    }
    case 6: // an interesting 32-bit big-endian value (metadata and PING lengths)
      if (len >= 4)
        b.writeUInt32BE(rng.chance(0.3) ? len - (at % len) : U32[rng.below(U32.length)]!, Math.min(at, len - 4));
      return b;
    case 7: // an interesting 64-bit big-endian value (long frame sizes)
      if (len >= 8) b.writeBigUInt64BE(U64[rng.below(U64.length)]!, Math.min(at, len - 8));
      return b;
    case 8: {
      // splice: our head, another input's tail
      const other = pool[rng.below(pool.length)];
      if (!other) return b;
      return Buffer.concat([b.subarray(0, at), other.subarray(rng.below(other.length + 1))]);
    }
    case 9: // truncate
      return b.subarray(0, at);
    case 10: {
      // append another input whole (several frames in a row)
      const other = pool[rng.below(pool.length)];
      return other ? Buffer.concat([b, other]) : b;
    }
    default: // copy one byte over another (moves flags and lengths around)
      if (len > 1) b[at % len] = b[rng.below(len)]!;
      return b;
  }
}
