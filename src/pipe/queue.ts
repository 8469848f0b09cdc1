import { FLAG_LONG, FLAG_MORE } from "../wire/constants.js";
import { prepended, readSpan, view } from "../wire/frames.js";
import { ownedParts } from "./owned.js";
import { ReceiveRing, type RingSlab } from "./receive-ring.js";
import { SpanSlab } from "./slab.js";

const FIRST_CAPACITY = 8;
/**
 * The rings of a queue that has held no message yet: empty, shared, never written. The first
 * message makes real ones (`grow`), so a pipe direction nothing is sent in (a PUSH's inbound
 * queue, a PULL's outbound one) costs about 1 KB less per connection.
 */
const NO_RUNS = new Int32Array(0);

/**
 * A queue holding this many runs (each about a received chunk: some 3 MiB in all) is a backlog:
 * a chunk that joins it moves into the ring once the next one arrives. Below, chunks are read
 * soon enough to die young as they are, and the copies are not worth it: with 4 runs, 10 deep
 * SUB queues in one process lost about 9 % of their throughput to the copies, with 48 about 4 %
 * (standalone; 8 % in the bench's pub-sub-10 case). A very large value turns the ring off.
 */
export const BACKLOG_RUNS = 48;

/**
 * A FIFO of whole messages, counted exactly (the high-water mark counts these). A message is
 * held either as an object (`Buffer[]`: inproc, commands, large bodies) or as a span of a
 * buffer holding its wire frames (see wire/frames.ts): received messages as the chunk they
 * arrived in (in a backlog, as a copy in the queue's receive ring), sent ones encoded into the
 * queue's slab when `encodeUpTo` is set. Spans that lie back to back in one buffer are one run:
 * a buffer, where the run starts and ends, and how many messages it holds; the next message's
 * end is found from its frame headers when it is read. So a queued span costs nothing of its own,
 * neither on the heap nor in the rings (a chunk of a thousand received messages is one run), a
 * deep queue gives the garbage collector nothing to trace, and a run leaves for the stream as the
 * one region it is.
 */
export class MessageQueue {
  /** Per run: its buffer, or one message object; its first message's start (-1 for an object) and its end. */
  private recs: Array<Buffer | Buffer[] | undefined> = new Array<Buffer | Buffer[] | undefined>(0);
  private starts: Int32Array<ArrayBuffer> = NO_RUNS;
  private ends: Int32Array<ArrayBuffer> = NO_RUNS;
  /** Per run: the messages it holds. */
  private counts: Int32Array<ArrayBuffer> = NO_RUNS;
  /** Per run that lies in the receive ring: its slab (undefined for every other run). */
  private slabs: Array<RingSlab | undefined> = new Array<RingSlab | undefined>(0);
  private ring: ReceiveRing | null = null;
  /** The run of the chunk received last, while it still lies in that chunk (messages that spanned chunks may follow it); -1: none. */
  private openChunk = -1;
  private head = 0;
  private runs = 0;
  /** Messages in all runs. */
  private size = 0;
  /**
   * Messages pushed whose every part is at most this long are encoded into the queue's slab
   * (their bytes copied, as the encoder would at flush); -1: kept as given. Set by an engine
   * without a frame transform on the queue it reads.
   */
  encodeUpTo = -1;
  private readonly slab = new SpanSlab();
  /** Messages the last `takeRun` took. */
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
    this.addRun(msg, -1, -1);
    this.size++;
  }

  /** Queues the message whose data frames are `buf[start, end)`, checked already. */
  pushSpan(buf: Buffer, start: number, end: number): void {
    if (!this.extendTail(buf, start, end)) this.addRun(buf, start, end);
  }

  /**
   * As `pushSpan`, for a message as it lies in the chunk it was received in (never written
   * again). In a backlog the previous chunk's run moves into the ring when a new chunk starts.
   */
  pushReceived(buf: Buffer, start: number, end: number): void {
    if (this.extendTail(buf, start, end)) return;
    if (this.openChunk >= 0 && this.runs >= BACKLOG_RUNS) this.moveToRing(this.openChunk);
    this.addRun(buf, start, end);
    this.openChunk = (this.head + this.runs - 1) & (this.recs.length - 1);
  }

  /** Adds the span to the last run when it follows it in the same buffer. */
  private extendTail(buf: Buffer, start: number, end: number): boolean {
    this.size++;
    if (this.runs === 0) return false;
    const tail = (this.head + this.runs - 1) & (this.recs.length - 1);
    // An object's run holds an array, never `buf`.
    if (this.recs[tail] !== buf || this.ends[tail] !== start) return false;
    this.ends[tail] = end;
    this.counts[tail]!++;
    return true;
  }

  private moveToRing(i: number): void {
    const ring = (this.ring ??= new ReceiveRing());
    const start = this.starts[i]!;
    const end = this.ends[i]!;
    const slab = ring.store(this.recs[i] as Buffer, start, end);
    this.recs[i] = slab.buf;
    this.starts[i] = ring.at;
    this.ends[i] = ring.at + end - start;
    this.slabs[i] = slab;
    this.openChunk = -1;
  }

  /**
   * The head run, if it lies in the ring, copied out into a buffer of its own: frames are views
   * of what they are read from, and a slab is written again once its runs are gone.
   */
  private ownHead(h: number): void {
    const start = this.starts[h]!;
    const n = this.ends[h]! - start;
    const own = Buffer.allocUnsafe(n);
    (this.recs[h] as Buffer).copy(own, 0, start, start + n);
    this.recs[h] = own;
    this.starts[h] = 0;
    this.ends[h] = n;
    const slab = this.slabs[h]!;
    this.slabs[h] = undefined;
    this.ring!.release(slab);
  }

  /** The oldest message (its frames built now); `prefix` becomes its first part. */
  shift(prefix: Buffer | null = null): Buffer[] | undefined {
    if (this.size === 0) return undefined;
    const h = this.head;
    if (this.slabs[h] !== undefined) this.ownHead(h);
    const rec = this.recs[h]!;
    const start = this.starts[h]!;
    this.size--;
    if (start < 0) {
      this.popRun();
      if (this.size === 0) this.emptied();
      const msg = rec as Buffer[];
      return prefix === null ? msg : prepended(prefix, msg);
    }
    let end: number;
    if (--this.counts[h]! === 0) {
      end = this.ends[h]!;
      this.popRun();
    } else {
      end = messageEnd(rec as Buffer, start);
      this.starts[h] = end;
    }
    if (this.size === 0) this.emptied();
    return readSpan(rec as Buffer, start, end, prefix);
  }

  /**
   * Takes the oldest messages while they are spans lying back to back in one buffer (at most
   * `maxBytes`, but at least one), as that one region: the bytes a stream writes as they are.
   * Null (nothing taken) when the oldest message is an object or there is none. `runCount`
   * tells how many messages were taken.
   */
  takeRun(maxBytes: number): Buffer | null {
    if (this.size === 0) return null;
    const h = this.head;
    if (this.starts[h]! < 0) return null;
    if (this.slabs[h] !== undefined) this.ownHead(h);
    const start = this.starts[h]!;
    const buf = this.recs[h] as Buffer;
    let end = this.ends[h]!;
    let n = this.counts[h]!;
    // A run that fits goes whole, and so does one of a single message (at least one is taken).
    if (end - start <= maxBytes || n === 1) {
      this.popRun();
    } else {
      // Too long: up to the last whole message that fits, and at least one; never the last (it
      // would not fit), so what is read stays inside the run.
      end = messageEnd(buf, start);
      n = 1;
      for (let next = messageEnd(buf, end); next - start <= maxBytes; next = messageEnd(buf, end)) {
        end = next;
        n++;
      }
      this.starts[h] = end;
      this.counts[h]! -= n;
    }
    this.size -= n;
    if (this.size === 0) this.emptied();
    this.runCount = n;
    return view(buf, start, end - start);
  }

  /** The oldest message without taking it. */
  peek(): Buffer[] | undefined {
    if (this.size === 0) return undefined;
    const h = this.head;
    if (this.slabs[h] !== undefined) this.ownHead(h);
    const rec = this.recs[h]!;
    const start = this.starts[h]!;
    if (start < 0) return rec as Buffer[];
    const end = this.counts[h] === 1 ? this.ends[h]! : messageEnd(rec as Buffer, start);
    return readSpan(rec as Buffer, start, end);
  }

  clear(): void {
    while (this.runs > 0) this.popRun();
    this.size = 0;
    this.emptied();
  }

  /** Nothing is queued: the slab sized for what comes next, and the ring (no run is in it) given back. */
  private emptied(): void {
    this.slab.release();
    if (this.ring !== null) {
      this.ring.dispose();
      this.ring = null;
    }
  }

  private addRun(rec: Buffer | Buffer[], start: number, end: number): void {
    if (this.runs === this.recs.length) this.grow();
    const i = (this.head + this.runs) & (this.recs.length - 1);
    this.recs[i] = rec;
    this.starts[i] = start;
    this.ends[i] = end;
    this.counts[i] = 1;
    this.runs++;
  }

  private popRun(): void {
    const h = this.head;
    this.recs[h] = undefined;
    if (h === this.openChunk) this.openChunk = -1;
    const slab = this.slabs[h];
    if (slab !== undefined) {
      this.ring!.release(slab);
      this.slabs[h] = undefined;
    }
    this.head = (h + 1) & (this.recs.length - 1);
    this.runs--;
  }

  private grow(): void {
    const cap = this.recs.length;
    if (cap === 0) {
      this.recs = new Array<Buffer | Buffer[] | undefined>(FIRST_CAPACITY);
      this.slabs = new Array<RingSlab | undefined>(FIRST_CAPACITY);
      this.starts = new Int32Array(FIRST_CAPACITY);
      this.ends = new Int32Array(FIRST_CAPACITY);
      this.counts = new Int32Array(FIRST_CAPACITY);
      return;
    }
    const recs = new Array<Buffer | Buffer[] | undefined>(cap * 2);
    const slabs = new Array<RingSlab | undefined>(cap * 2);
    for (let k = 0; k < this.runs; k++) {
      recs[k] = this.recs[(this.head + k) & (cap - 1)];
      slabs[k] = this.slabs[(this.head + k) & (cap - 1)];
    }
    this.recs = recs;
    this.slabs = slabs;
    if (this.openChunk >= 0) this.openChunk = (this.openChunk - this.head) & (cap - 1);
    this.starts = unwrapped(this.starts, this.head, this.runs);
    this.ends = unwrapped(this.ends, this.head, this.runs);
    this.counts = unwrapped(this.counts, this.head, this.runs);
    this.head = 0;
  }
}

/** Where the message whose frames start at `buf[p]` ends (its frames were checked when it was queued). */
function messageEnd(buf: Buffer, p: number): number {
  for (;;) {
    const flags = buf[p]!;
    // A span's offsets are 32-bit, so a long frame's high length word is 0.
    p += flags & FLAG_LONG ? 9 + buf.readUInt32BE(p + 5) : 2 + buf[p + 1]!;
    if ((flags & FLAG_MORE) === 0) return p;
  }
}

/**
 * A ring's `size` entries from `head` on, moved to the front of a ring twice as large, in at most
 * two block copies.
 */
function unwrapped(ring: Int32Array<ArrayBuffer>, head: number, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(ring.length * 2);
  const firstPart = Math.min(size, ring.length - head);
  out.set(ring.subarray(head, head + firstPart), 0);
  if (firstPart < size) out.set(ring.subarray(0, size - firstPart), firstPart);
  return out;
}
