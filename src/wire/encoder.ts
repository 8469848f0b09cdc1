import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, SHORT_FRAME_MAX } from "./constants.js";
import type { FrameOutput, FrameSink } from "./transform.js";

/** Bodies up to this size are copied into the batch; larger ones are written by reference. */
const COPY_LIMIT = 4096;
const SLAB_SIZE = 64 * 1024;

/**
 * Accumulates frames for one write. Small frames are packed into a shared slab so that a turn
 * of the event loop's worth of messages leaves as a few large chunks; big bodies are passed by
 * reference, never copied. `take()` hands the chunks over; the slab regions handed out are
 * never written again.
 */
export class FrameEncoder implements FrameOutput, FrameSink {
  private chunks: Buffer[] = [];
  private slab: Buffer = Buffer.allocUnsafe(SLAB_SIZE);
  private start = 0;
  private pos = 0;
  private bytes = 0;

  /** Bytes queued since the last take(). */
  get pending(): number {
    return this.bytes;
  }

  message(parts: readonly Buffer[]): void {
    const last = parts.length - 1;
    for (let i = 0; i <= last; i++) this.frame(parts[i]!, i < last ? FLAG_MORE : 0);
  }

  command(body: Buffer): void {
    this.frame(body, FLAG_COMMAND);
  }

  /** Raw bytes (the greeting). */
  raw(bytes: Buffer): void {
    this.sealSlab();
    this.chunks.push(bytes);
    this.bytes += bytes.length;
  }

  frame(body: Buffer, flags: number): void {
    const size = body.length;
    const long = size > SHORT_FRAME_MAX;
    const headerLen = long ? 9 : 2;
    const copy = size <= COPY_LIMIT;
    const room = headerLen + (copy ? size : 0);
    if (this.pos + room > this.slab.length) this.newSlab();
    const s = this.slab;
    let p = this.pos;
    if (long) {
      s[p] = flags | FLAG_LONG;
      // 64-bit BE length; bodies never exceed 2^53 so the high word fits a double.
      s.writeUInt32BE(Math.floor(size / 0x100000000), p + 1);
      s.writeUInt32BE(size >>> 0, p + 5);
      p += 9;
    } else {
      s[p] = flags;
      s[p + 1] = size;
      p += 2;
    }
    if (copy) {
      if (size > 0) {
        if (size < 32) {
          for (let i = 0; i < size; i++) s[p + i] = body[i]!;
        } else {
          body.copy(s, p);
        }
      }
      this.pos = p + size;
    } else {
      this.pos = p;
      this.sealSlab();
      this.chunks.push(body);
    }
    this.bytes += headerLen + size;
  }

  /** The queued chunks, in order; the encoder is empty afterwards. */
  take(): Buffer[] {
    this.sealSlab();
    const out = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    return out;
  }

  private sealSlab(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.slab.subarray(this.start, this.pos));
      this.start = this.pos;
    }
  }

  private newSlab(): void {
    this.sealSlab();
    this.slab = Buffer.allocUnsafe(SLAB_SIZE);
    this.start = 0;
    this.pos = 0;
  }
}
