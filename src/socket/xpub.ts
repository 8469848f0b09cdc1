import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { MessageQueue } from "../pipe/queue.js";
import { SpanSlab } from "../pipe/slab.js";
import { SubscriptionTable } from "../routing/subscriptions.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

const EMPTY = Buffer.alloc(0);
/** Where the per-send marks start over (a small integer for V8, far from any wrap). */
const MARK_LIMIT = 0x3fffffff;

/**
 * ZMQ_XPUB (and, with `isPub`, ZMQ_PUB): messages go to every pipe whose subscriptions match
 * the first frame; a full pipe drops the message for that subscriber (ZMQ_XPUB_NODROP: the send
 * waits instead). Subscriptions arrive as `[0x01|0x00 topic]` messages on the pipes; XPUB
 * passes them to the application (new ones, or all with verbose/verboser).
 */
export class XPubSocket extends SocketBase {
  private readonly subs = new SubscriptionTable();
  private readonly pipeList: PipeEnd[] = [];
  private readonly upstream = new MessageQueue();
  /** ZMQ_XPUB_NODROP */ noDrop = false;
  /** ZMQ_XPUB_VERBOSE: pass every subscribe up. */ verbose = false;
  /** ZMQ_XPUB_VERBOSER: pass every subscribe and cancel up. */ verboser = false;
  /** ZMQ_XPUB_MANUAL */ manual = false;
  /** ZMQ_XPUB_WELCOME_MSG */ welcome: Buffer | null = null;
  /** ZMQ_INVERT_MATCHING */ invert = false;
  private lastSubscriber: PipeEnd | null = null;
  /**
   * The pipes the message being sent goes to, each marked with `sendMark` once: the first
   * `targetCount` entries (the array is overwritten, not truncated, from one send to the next).
   */
  private readonly targets: PipeEnd[] = [];
  private targetCount = 0;
  private sendMark = 0;
  private readonly collect = (_count: number, p: PipeEnd): void => {
    if (p.mark === this.sendMark) return;
    p.mark = this.sendMark;
    if (!this.invert) this.targets[this.targetCount++] = p;
  };
  /** A message is encoded here once for every subscriber whose engine writes it as it lies. */
  private readonly slab = new SpanSlab();

  constructor(
    ctx: ContextCore,
    private readonly isPub = false,
  ) {
    super(ctx, isPub ? SocketType.PUB : SocketType.XPUB);
  }

  protected xattach(p: PipeEnd): void {
    this.pipeList.push(p);
    if (this.welcome && !this.isPub) p.write([Buffer.from(this.welcome)]);
    this.readSubscriptions(p);
  }

  protected xreadActivated(p: PipeEnd): void {
    this.readSubscriptions(p);
  }

  /**
   * Reads what a subscriber sent, until the queue for the application is at the receive
   * high-water mark: then the rest waits in the pipe, the pipe fills, and the connection stops
   * reading (as libzmq, whose XPUB takes subscriptions only as fast as the application reads).
   */
  private readSubscriptions(p: PipeEnd): void {
    let msg: Buffer[] | undefined;
    while (!this.upstreamFull() && (msg = p.read()) !== undefined) {
      const body = msg[0];
      if (msg.length !== 1 || !body || body.length === 0 || (body[0] !== 0 && body[0] !== 1)) {
        // Not a subscription: XPUB hands it up as is (libzmq passes non-subscription messages through).
        if (!this.isPub) this.upstream.pushObject(msg);
        continue;
      }
      const subscribe = body[0] === 1;
      const topic = body.subarray(1);
      let unique: boolean;
      if (this.manual) {
        this.lastSubscriber = p;
        unique = true;
      } else if (subscribe) {
        unique = this.subs.add(p, topic);
      } else {
        unique = this.subs.remove(p, topic);
      }
      if (this.isPub) continue;
      const passUp = this.manual || unique || (subscribe ? this.verbose || this.verboser : this.verboser);
      if (passUp) this.upstream.pushObject([body]);
    }
  }

  /** ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE on an XPUB in manual mode: applies to the last subscriber. */
  manualSubscription(subscribe: boolean, topic: Buffer): void {
    const p = this.lastSubscriber;
    if (!this.manual || !p) return;
    if (subscribe) this.subs.add(p, topic);
    else this.subs.remove(p, topic);
  }

  protected xsend(msg: Buffer[]): boolean {
    const topic = msg[0] ?? EMPTY;
    const targets = this.targets;
    this.targetCount = 0;
    if (++this.sendMark === MARK_LIMIT) {
      // Start the marks over rather than let them wrap onto a pipe's stale mark.
      for (const p of this.pipeList) p.mark = 0;
      this.sendMark = 1;
    }
    this.subs.match(topic, this.collect);
    if (this.invert) for (const p of this.pipeList) if (p.mark !== this.sendMark) targets[this.targetCount++] = p;
    const n = this.targetCount;
    if (this.noDrop) {
      let full = false;
      for (let i = 0; i < n; i++) {
        const p = targets[i]!;
        if (!p.canWrite()) {
          p.wantWritable();
          full = true;
        }
      }
      if (full) return false;
    }
    if (n === 1) {
      // One subscriber: encoded into its own pipe, where its messages lie back to back and leave
      // in one write (in the shared slab they would be interleaved with other subscribers').
      targets[0]!.write(msg);
      return true;
    }
    // 0: not encoded yet, 1: in the slab, -1: cannot be (a large part).
    let encoded = 0;
    for (let i = 0; i < n; i++) {
      const p = targets[i]!;
      const limit = p.encodeLimit;
      if (limit >= 0) {
        if (encoded === 0) encoded = this.slab.write(msg, 0, limit) ? 1 : -1;
        if (encoded === 1) {
          p.writeSpan(this.slab.buf, this.slab.start, this.slab.end);
          continue;
        }
      }
      p.write(msg);
    }
    return true;
  }

  protected xrecv(): Buffer[] | undefined {
    if (this.isPub) throw zmqError("ENOTSUP");
    const wasFull = this.upstreamFull();
    const msg = this.upstream.shift();
    // Room again: take what subscribers left waiting in their pipes.
    if (wasFull) for (const p of this.pipeList) if (p.hasPending()) this.readSubscriptions(p);
    return msg;
  }

  private upstreamFull(): boolean {
    const hwm = this.options.receiveHighWaterMark;
    return !this.isPub && hwm > 0 && this.upstream.length >= hwm;
  }

  protected xwriteActivated(): void {}

  protected xterminated(p: PipeEnd): void {
    const i = this.pipeList.indexOf(p);
    if (i >= 0) this.pipeList.splice(i, 1);
    // Nothing keeps a dead pipe (and what is queued in it) from the collector.
    this.targets.length = 0;
    const gone = this.subs.removePipe(p);
    if (this.lastSubscriber === p) this.lastSubscriber = null;
    // A vanished subscriber's last subscriptions count as cancelled (verboser or unique).
    if (!this.isPub && !this.manual)
      for (const t of gone) this.upstream.pushObject([Buffer.concat([Buffer.from([0]), t])]);
  }

  hasIn(): boolean {
    return !this.isPub && this.upstream.length > 0;
  }
  hasOut(): boolean {
    if (!this.noDrop) return true;
    return this.pipeList.every((p) => p.canWrite());
  }
}
