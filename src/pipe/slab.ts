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
      this.buf = Buffer.allocUnsafe(Math.max(this.size, n));
      this.end = 0;
    }
    this.start = this.end;
    this.end = writeSpan(this.buf, this.start, parts, from);
    return true;
  }

  /** Lets go of the slab (nothing of it is queued any more), sizing the next one to what was used. */
  release(): void {
    if (this.end < this.buf.length >> 2) this.size = Math.max(FIRST_SLAB, this.size >> 1);
    this.buf = EMPTY;
    this.start = this.end = 0;
  }
}
