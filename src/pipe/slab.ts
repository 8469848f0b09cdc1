import { spanSize, writeSpan } from "../wire/frames.js";

/** First slab; it doubles as slabs fill, up to SLAB_MAX, and halves when mostly unused. */
const FIRST_SLAB = 2048;
const SLAB_MAX = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * Where messages are encoded into their wire form (wire/frames.ts) for pipes to hold as spans:
 * one per queue that encodes, and one per PUB socket (a message encoded once for all its
 * subscribers). Regions handed out are never written again (a stream may still be writing
 * them); a full slab is left to the spans that point into it and a new one started.
 */
export class SpanSlab {
  /** The slab the last `write` went to, and that message's [start, end). */
  buf: Buffer = EMPTY;
  start = 0;
  end = 0;
  private size = FIRST_SLAB;

  /** Encodes `parts[from..]`; false (nothing written) when a part is longer than `upTo`, or there is none. */
  write(parts: readonly Buffer[], from: number, upTo: number): boolean {
    const n = spanSize(parts, from, upTo);
    if (n <= 0) return false;
    if (this.end + n > this.buf.length) {
      if (this.buf.length > 0) this.size = Math.min(SLAB_MAX, this.size * 2);
      // Never a slice of Node's shared pool: a slab kept by an idle queue would keep the whole pool.
      this.buf = Buffer.allocUnsafeSlow(Math.max(this.size, n));
      this.end = 0;
    }
    this.start = this.end;
    this.end = writeSpan(this.buf, this.start, parts, from);
    return true;
  }

  /**
   * Nothing of the slab is queued any more: lets go of it, sizing the next one to what was used,
   * unless it is a first-size slab with room left. A request-reply queue empties after every
   * message, and a fresh slab each time cost a new 8 KiB buffer pool every fourth message; so
   * an idle queue holds at most FIRST_SLAB bytes, its own (see `write`).
   */
  release(): void {
    if (this.end < this.buf.length >> 2) this.size = Math.max(FIRST_SLAB, this.size >> 1);
    if (this.buf.length === FIRST_SLAB && this.end < FIRST_SLAB) return;
    this.buf = EMPTY;
    this.start = this.end = 0;
  }
}
