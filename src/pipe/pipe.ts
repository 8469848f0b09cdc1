import { MessageQueue } from "./queue.js";

/** The owner of one end of a pipe (a socket, an engine, or the other socket for inproc). */
export interface PipeSink {
  /** This end's inbound queue went from empty to non-empty. */
  pipeReadable(end: PipeEnd): void;
  /** We found the outbound queue full earlier; the reader has since drained it to its low-water mark. */
  pipeWritable(end: PipeEnd): void;
  /** The other end went away (or the pipe was torn down); the end is no longer usable. */
  pipeTerminated(end: PipeEnd): void;
}

/**
 * One end of a bidirectional pipe: two bounded message queues between a socket and whatever
 * feeds it. libzmq's pipe + ypipe + signalling collapse into method calls on one thread:
 * notifications fire on edges only (empty → non-empty, full → low-water mark).
 */
export class PipeEnd {
  peer!: PipeEnd;
  sink: PipeSink | null = null;
  /** What this end reads. */
  readonly inbound = new MessageQueue();
  /** High-water mark of `inbound` in messages (0 = unlimited). */
  inboundHwm: number;
  /** Set when a write from this end found the peer's queue full. */
  private blocked = false;
  private ended = false;
  /** Routing id of the peer on this pipe (ROUTER; set by the socket). */
  routingId: Buffer | null = null;
  /** Free-form tag for the socket that owns this end (e.g. its session). */
  tag: unknown = null;
  /** Scratch number for the owner's routing (PUB marks the pipes a message matched, once each). */
  mark = 0;
  /** ZMQ_CONFLATE on this end's inbound queue: keep only the newest message. */
  conflate = false;
  /** A connect-side pipe created before its peer's handshake: the peer's routing id is not known yet. */
  awaitingHandshake = false;
  /**
   * Added to this end's send limit when a high-water mark changes (libzmq's out-HWM boost): an
   * inproc pipe holds the sender's SNDHWM plus the receiver's RCVHWM as it was at connect; -1
   * (tcp, ipc) adds nothing; 0 makes the limit unlimited.
   */
  outBoost = -1;

  constructor(inboundHwm: number) {
    this.inboundHwm = inboundHwm;
  }

  get terminated(): boolean {
    return this.ended;
  }

  /** Parts up to this length are encoded as they are written (the reader is an engine); -1: never. */
  get encodeLimit(): number {
    return this.peer.inbound.encodeUpTo;
  }

  /** Whether a message written now would be accepted. */
  canWrite(): boolean {
    if (this.ended) return false;
    const q = this.peer;
    if (q.conflate) return true;
    return q.inboundHwm === 0 || q.inbound.length < q.inboundHwm;
  }

  /**
   * A high-water mark changed after the pipe existed (libzmq >= 4.2, pipe_t::set_hwms): this end
   * may now queue `hwm` plus its boost towards the peer; unlimited when either is 0 (or `hwm` < 0).
   * A writer that found the pipe full still waits for the reader to drain it, as in libzmq.
   */
  setOutHwm(hwm: number): void {
    this.peer.inboundHwm = hwm <= 0 || this.outBoost === 0 ? 0 : hwm + Math.max(this.outBoost, 0);
  }

  /**
   * Queues a sender's message, `msg[from..]`, for the other end; false (and nothing queued) when
   * full or ended. Encoded as it is queued when the other end is an engine that writes it as it
   * lies, else kept with its small frames copied: the sender may reuse those once this returns.
   */
  write(msg: Buffer[], from = 0): boolean {
    if (!this.canWrite()) {
      this.blocked = true;
      return false;
    }
    const q = this.peer.inbound;
    if (this.peer.conflate) q.clear();
    q.push(msg, from);
    if (q.length === 1) this.peer.sink?.pipeReadable(this.peer);
    return true;
  }

  /**
   * As `write`, for a message no one else holds (what an engine received): queued by reference,
   * array included (a tagged JOIN/LEAVE keeps its tag), and never copied.
   */
  writeReceived(msg: Buffer[]): boolean {
    if (!this.canWrite()) {
      this.blocked = true;
      return false;
    }
    const q = this.peer.inbound;
    if (this.peer.conflate) q.clear();
    q.pushObject(msg);
    if (q.length === 1) this.peer.sink?.pipeReadable(this.peer);
    return true;
  }

  /**
   * As `write`, for a message held as checked wire frames `buf[start, end)` (see wire/frames.ts);
   * `received`: `buf` is a chunk an engine read (a backlog moves those into the queue's ring).
   */
  writeSpan(buf: Buffer, start: number, end: number, received = false): boolean {
    if (!this.canWrite()) {
      this.blocked = true;
      return false;
    }
    const q = this.peer.inbound;
    if (this.peer.conflate) q.clear();
    if (received) q.pushReceived(buf, start, end);
    else q.pushSpan(buf, start, end);
    if (q.length === 1) this.peer.sink?.pipeReadable(this.peer);
    return true;
  }

  /** Asks for pipeWritable once the reader drains this pipe (a send that waits without writing). */
  wantWritable(): void {
    this.blocked = true;
  }

  /** Queues regardless of the high-water mark (monitor/priority traffic that must not be lost). */
  forceWrite(msg: Buffer[]): void {
    if (this.ended) return;
    const q = this.peer.inbound;
    q.pushObject(msg);
    if (q.length === 1) this.peer.sink?.pipeReadable(this.peer);
  }

  /** The oldest message; `prefix` (a routing id) becomes its first part. */
  read(prefix: Buffer | null = null): Buffer[] | undefined {
    const msg = this.inbound.shift(prefix);
    if (msg !== undefined && this.peer.blocked) this.drained();
    return msg;
  }

  /**
   * The oldest messages as the wire bytes they are held as, back to back (at most `maxBytes`,
   * at least one message); null when the oldest is held as an object (then `read` it).
   */
  readRun(maxBytes: number): Buffer | null {
    const run = this.inbound.takeRun(maxBytes);
    if (run !== null && this.peer.blocked) this.drained();
    return run;
  }

  /** Tells a writer that found the pipe full once it is down to the low-water mark. */
  private drained(): void {
    const hwm = this.inboundHwm;
    if (hwm === 0 || this.inbound.length <= lowWaterMark(hwm)) {
      this.peer.blocked = false;
      this.peer.sink?.pipeWritable(this.peer);
    }
  }

  hasPending(): boolean {
    return this.inbound.length > 0;
  }

  /** Messages written by this end that the other end has not read yet. */
  get outboundPending(): number {
    return this.peer.inbound.length;
  }

  /**
   * Tears the pipe down from this end: the peer's sink hears pipeTerminated once. Messages
   * still queued towards the peer stay readable by it (so a closing inproc peer's last
   * messages are not lost); this end's own inbound queue is dropped.
   */
  terminate(): void {
    if (this.ended) return;
    this.ended = true;
    this.inbound.clear();
    const peer = this.peer;
    if (!peer.ended) {
      peer.ended = true;
      peer.sink?.pipeTerminated(peer);
    }
  }
}

function lowWaterMark(hwm: number): number {
  return hwm > 1 ? Math.floor(hwm / 2) : 0;
}

/** A pipe as two ends: `a` reads what `b` writes (bounded by hwmIntoA) and vice versa. */
export function createPipe(hwmIntoA: number, hwmIntoB: number): [PipeEnd, PipeEnd] {
  const a = new PipeEnd(hwmIntoA);
  const b = new PipeEnd(hwmIntoB);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
