import { readSpan, view } from "../wire/frames.js";
import { ownedParts } from "./owned.js";
import { SpanSlab } from "./slab.js";

const FIRST_CAPACITY = 8;

/**
 * A FIFO of whole messages, counted exactly (the high-water mark counts these). A message is
 * held either as an object (`Buffer[]`: inproc, commands, large bodies) or as a span of a
 * buffer holding its wire frames (see wire/frames.ts): received messages as the chunk they
 * arrived in, sent ones encoded into the queue's slab when `encodeUpTo` is set. A span costs
 * two integers in typed rings and nothing on the heap, so a deep queue gives the garbage
 * collector nothing to trace or promote; its frames are built when it is read. Spans that
 * follow each other in one buffer share one record of that buffer.
 */
export class MessageQueue {
  /** Per entry: span start and end in its record's buffer, or -1 for a message object. */
  private starts = new Int32Array(FIRST_CAPACITY);
  private ends = new Int32Array(FIRST_CAPACITY);
  private head = 0;
  private size = 0;
  /** Per record: the buffer a run of spans points into, or one message object; and its entry count. */
  private recs: Array<Buffer | Buffer[] | undefined> = new Array<Buffer | Buffer[] | undefined>(FIRST_CAPACITY);
  private counts = new Int32Array(FIRST_CAPACITY);
  private recHead = 0;
  private recSize = 0;
  /**
   * Messages pushed whose every part is at most this long are encoded into the queue's slab
   * (their bytes copied, as the encoder would at flush); -1: kept as given. Set by an engine
   * without a frame transform on the queue it reads.
   */
  encodeUpTo = -1;
  private readonly slab = new SpanSlab();
  /** Entries the last `takeRun` consumed. */
  runCount = 0;

  get length(): number {
    return this.size;
  }

  /**
   * Queues `msg[from..]` as a sender gave it (ROUTER strips the routing id this way): encoded
   * into the slab, or else with its small frames copied (owned.ts), so the sender may reuse them.
   */
  push(msg: Buffer[], from = 0): void {
    const slab = this.slab;
    if (this.encodeUpTo >= 0 && slab.write(msg, from, this.encodeUpTo)) {
      this.pushSpan(slab.buf, slab.start, slab.end);
      return;
    }
    this.pushObject(ownedParts(msg, from));
  }

  /** Queues a message object as it is, kept by reference (tagged commands, forced writes, received messages). */
  pushObject(msg: Buffer[]): void {
    this.entry(-1, -1);
    this.record(msg);
  }

  /** Queues the message whose data frames are `buf[start, end)`, checked already. */
  pushSpan(buf: Buffer, start: number, end: number): void {
    this.entry(start, end);
    if (this.recSize > 0) {
      const tail = (this.recHead + this.recSize - 1) & (this.recs.length - 1);
      if (this.recs[tail] === buf) {
        this.counts[tail]!++;
        return;
      }
    }
    this.record(buf);
  }

  /** The oldest message (its frames built now); `prefix` becomes its first part. */
  shift(prefix: Buffer | null = null): Buffer[] | undefined {
    if (this.size === 0) return undefined;
    const i = this.head;
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    this.head = (i + 1) & (this.starts.length - 1);
    this.size--;
    const rec = this.dropOne();
    if (this.size === 0) this.slab.release();
    if (start < 0) {
      const msg = rec as Buffer[];
      if (prefix === null) return msg;
      const out = [prefix];
      for (let k = 0; k < msg.length; k++) out.push(msg[k]!);
      return out;
    }
    return readSpan(rec as Buffer, start, end, prefix);
  }

  /**
   * Takes the oldest messages while they are spans lying back to back in one buffer (at most
   * `maxBytes`, but at least one), as that one region: the bytes a stream writes as they are.
   * Null (nothing taken) when the oldest message is an object or there is none. `runCount`
   * tells how many messages were taken.
   */
  takeRun(maxBytes: number): Buffer | null {
    if (this.size === 0 || this.starts[this.head]! < 0) return null;
    const mask = this.starts.length - 1;
    const buf = this.recs[this.recHead] as Buffer;
    let available = this.counts[this.recHead]!;
    const start = this.starts[this.head]!;
    let end = this.ends[this.head]!;
    let i = (this.head + 1) & mask;
    let n = 1;
    while (n < available && this.starts[i] === end && this.ends[i]! - start <= maxBytes) {
      end = this.ends[i]!;
      i = (i + 1) & mask;
      n++;
    }
    this.head = i;
    this.size -= n;
    available -= n;
    if (available > 0) this.counts[this.recHead] = available;
    else this.popRecord();
    if (this.size === 0) this.slab.release();
    this.runCount = n;
    return view(buf, start, end - start);
  }

  /** The oldest message without taking it. */
  peek(): Buffer[] | undefined {
    if (this.size === 0) return undefined;
    const start = this.starts[this.head]!;
    const rec = this.recs[this.recHead];
    return start < 0 ? (rec as Buffer[]) : readSpan(rec as Buffer, start, this.ends[this.head]!);
  }

  clear(): void {
    this.recs.fill(undefined);
    this.head = this.size = this.recHead = this.recSize = 0;
    this.slab.release();
  }

  private entry(start: number, end: number): void {
    if (this.size === this.starts.length) this.growEntries();
    const i = (this.head + this.size) & (this.starts.length - 1);
    this.starts[i] = start;
    this.ends[i] = end;
    this.size++;
  }

  private record(rec: Buffer | Buffer[]): void {
    if (this.recSize === this.recs.length) this.growRecords();
    const i = (this.recHead + this.recSize) & (this.recs.length - 1);
    this.recs[i] = rec;
    this.counts[i] = 1;
    this.recSize++;
  }

  /** One entry of the oldest record is gone; returns that record. */
  private dropOne(): Buffer | Buffer[] {
    const r = this.recHead;
    const rec = this.recs[r]!;
    if (--this.counts[r]! === 0) this.popRecord();
    return rec;
  }

  private popRecord(): void {
    this.recs[this.recHead] = undefined;
    this.recHead = (this.recHead + 1) & (this.recs.length - 1);
    this.recSize--;
  }

  private growEntries(): void {
    this.starts = unwrapped(this.starts, this.head, this.size);
    this.ends = unwrapped(this.ends, this.head, this.size);
    this.head = 0;
  }

  private growRecords(): void {
    const cap = this.recs.length;
    const recs = new Array<Buffer | Buffer[] | undefined>(cap * 2);
    for (let k = 0; k < this.recSize; k++) recs[k] = this.recs[(this.recHead + k) & (cap - 1)];
    this.recs = recs;
    this.counts = unwrapped(this.counts, this.recHead, this.recSize);
    this.recHead = 0;
  }
}

/**
 * A ring's `size` entries from `head` on, moved to the front of a ring twice as large, in at most
 * two block copies (a queue that fills towards a high-water mark of 100 000 grows 14 times).
 */
function unwrapped(ring: Int32Array<ArrayBuffer>, head: number, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(ring.length * 2);
  const firstPart = Math.min(size, ring.length - head);
  out.set(ring.subarray(head, head + firstPart), 0);
  if (firstPart < size) out.set(ring.subarray(0, size - firstPart), firstPart);
  return out;
}
