import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, SHORT_FRAME_MAX } from "./constants.js";
import type { FrameOutput, FrameSink } from "./transform.js";

/** Bodies up to this size are copied into the batch (or into a pipe's slab); larger ones are written by reference. */
export const COPY_LIMIT = 4096;
const SLAB_SIZE = 64 * 1024;
/** The first slab: the handshake fits, and a connection that never gets past it costs little. */
const FIRST_SLAB_SIZE = 1024;
const EMPTY = Buffer.alloc(0);

/** Makes the buffer a large body written in place (`slot`) goes into: by default a fresh one. */
export type BodyAllocator = (size: number) => Buffer;
const allocateFresh: BodyAllocator = (size) => Buffer.allocUnsafe(size);

/**
 * Accumulates frames for one write. Small frames are packed into a shared slab so that a turn
 * of the event loop's worth of messages leaves as a few large chunks; big bodies are passed by
 * reference, never copied. `take()` hands the chunks over; the slab regions handed out are
 * never written again.
 */
export class FrameEncoder implements FrameOutput, FrameSink {
  private chunks: Buffer[] = [];
  private slab: Buffer = EMPTY;
  private start = 0;
  private pos = 0;
  private bytes = 0;
  /** Bodies `slot` allocated since the last take(). */
  private allocated: Buffer[] | null = null;
  /** Those among the chunks the last take() returned. */
  private allocatedTaken: Buffer[] | null = null;

  /** @param allocateBody where `slot` gets a large body's buffer (an engine may lend pooled ones) */
  constructor(private readonly allocateBody: BodyAllocator = allocateFresh) {}

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

  /** Bytes written as they are: the greeting, or messages a pipe holds encoded already. */
  raw(bytes: Buffer): void {
    this.sealSlab();
    this.chunks.push(bytes);
    this.bytes += bytes.length;
  }

  frame(body: Buffer, flags: number): void {
    const size = body.length;
    const copy = size <= COPY_LIMIT;
    const p = this.header(size, flags, copy);
    if (copy) {
      const s = this.slab;
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
  }

  /**
   * Queues a frame header and returns where its `size`-byte body goes, for a writer that makes the
   * body in place (a CURVE box): a region of the slab for small bodies, a buffer from `allocateBody`
   * otherwise (see `takeAllocated`). The caller fills it before the next call.
   */
  slot(size: number, flags: number): Buffer {
    const copy = size <= COPY_LIMIT;
    const p = this.header(size, flags, copy);
    if (copy) {
      this.pos = p + size;
      return this.slab.subarray(p, p + size);
    }
    this.pos = p;
    this.sealSlab();
    const body = this.allocateBody(size);
    this.chunks.push(body);
    (this.allocated ??= []).push(body);
    return body;
  }

  /** Writes a frame header (making room for the body too when it goes into the slab); returns where the body starts. */
  private header(size: number, flags: number, bodyInSlab: boolean): number {
    const long = size > SHORT_FRAME_MAX;
    const headerLen = long ? 9 : 2;
    const room = headerLen + (bodyInSlab ? size : 0);
    if (this.pos + room > this.slab.length) this.newSlab(room);
    const s = this.slab;
    const p = this.pos;
    this.bytes += headerLen + size;
    if (long) {
      s[p] = flags | FLAG_LONG;
      // 64-bit BE length; bodies never exceed 2^53 so the high word fits a double.
      s.writeUInt32BE(Math.floor(size / 0x100000000), p + 1);
      s.writeUInt32BE(size >>> 0, p + 5);
      return p + 9;
    }
    s[p] = flags;
    s[p + 1] = size;
    return p + 2;
  }

  /** The queued chunks, in order; the encoder is empty afterwards. */
  take(): Buffer[] {
    this.sealSlab();
    const out = this.chunks;
    this.chunks = [];
    this.bytes = 0;
    this.allocatedTaken = this.allocated;
    this.allocated = null;
    return out;
  }

  /**
   * The bodies from `allocateBody` among the chunks the last take() returned, for a writer that
   * lent them to take them back once written; null if none, or asked already.
   */
  takeAllocated(): Buffer[] | null {
    const b = this.allocatedTaken;
    this.allocatedTaken = null;
    return b;
  }

  private sealSlab(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.slab.subarray(this.start, this.pos));
      this.start = this.pos;
    }
  }

  private newSlab(room: number): void {
    this.sealSlab();
    this.slab = Buffer.allocUnsafe(this.slab.length === 0 ? Math.max(FIRST_SLAB_SIZE, room) : SLAB_SIZE);
    this.start = 0;
    this.pos = 0;
  }
}
