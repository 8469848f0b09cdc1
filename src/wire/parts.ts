import { SHORT_FRAME_MAX } from "./constants.js";

/** The first parts of a message are kept as the views they arrived as: the common case, and the hot path. */
const VIEW_PARTS = 8;
/** Bodies of later parts up to this size are copied into an arena; longer ones are kept by reference. */
const INLINE_MAX = SHORT_FRAME_MAX;
const FIRST_ARENA = 1024;
const FIRST_INDEX = 64;
/** Offsets are int32: an arena past this is refused (no real message gets there one short part at a time). */
const ARENA_MAX = 0x7fffffff;
/** Shared by every builder with nothing past its first parts: empty, so never written (push grows first). */
const NO_INDEX = new Int32Array(0);
const NO_ARENA = Buffer.alloc(0);

/**
 * The parts of a multipart message still arriving. A Buffer view costs about 106 bytes of heap,
 * so a peer that never ends its message would cost that much per one-byte frame; here, past the
 * first few parts, a short body costs its own bytes plus a 4-byte offset (a long body keeps its
 * view, which is small beside it). `take()` hands the parts out as Buffers once the message is
 * whole. `bytes` counts every part as at least one byte, so empty parts cannot grow it for free.
 */
export class PartsBuilder {
  private views: Buffer[] = [];
  /** Past the first parts: arena end offset of each inline part, or -(index + 1) into `refs`. */
  private index: Int32Array = NO_INDEX;
  private count = 0;
  private arena: Buffer = NO_ARENA;
  private used = 0;
  private refs: Buffer[] = [];
  /** Size of the message so far, each part counted as at least one byte. */
  bytes = 0;

  get length(): number {
    return this.views.length + this.count;
  }

  /** Adds a part; false when the arena cannot hold it (the caller drops the stream). */
  push(body: Buffer): boolean {
    this.bytes += body.length > 0 ? body.length : 1;
    if (this.views.length < VIEW_PARTS) {
      this.views.push(body);
      return true;
    }
    if (this.count === this.index.length) this.index = grow(this.index, this.count);
    if (body.length > INLINE_MAX) {
      this.refs.push(body);
      this.index[this.count++] = -this.refs.length;
      return true;
    }
    const end = this.used + body.length;
    if (end > ARENA_MAX) return false;
    if (end > this.arena.length) {
      const next = Buffer.allocUnsafe(Math.min(ARENA_MAX, Math.max(FIRST_ARENA, end * 2)));
      this.arena.copy(next, 0, 0, this.used);
      this.arena = next;
    }
    body.copy(this.arena, this.used);
    this.used = end;
    this.index[this.count++] = end;
    return true;
  }

  /** The whole message; the builder is empty afterwards. */
  take(last: Buffer): Buffer[] {
    const out = this.views;
    if (this.count > 0) {
      const arena = this.arena;
      let start = 0;
      for (let i = 0; i < this.count; i++) {
        const e = this.index[i]!;
        if (e < 0) {
          out.push(this.refs[-e - 1]!);
        } else {
          out.push(arena.subarray(start, e));
          start = e;
        }
      }
      // The parts now hold the arena: start a fresh one rather than write over them.
      this.arena = NO_ARENA;
      this.used = 0;
      this.index = NO_INDEX;
      this.refs = [];
      this.count = 0;
    }
    out.push(last);
    this.views = [];
    this.bytes = 0;
    return out;
  }

  clear(): void {
    this.views = [];
    this.index = NO_INDEX;
    this.count = 0;
    this.arena = NO_ARENA;
    this.used = 0;
    this.refs = [];
    this.bytes = 0;
  }
}

function grow(a: Int32Array, used: number): Int32Array {
  const next = new Int32Array(Math.max(FIRST_INDEX, used * 2));
  next.set(a.subarray(0, used));
  return next;
}
