import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { MessageQueue } from "../pipe/queue.js";
import { SubscriptionTable } from "../routing/subscriptions.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

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
        if (!this.isPub) this.upstream.push(msg);
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
      if (passUp) this.upstream.push([body]);
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
    const topic = msg[0] ?? Buffer.alloc(0);
    const targets: PipeEnd[] = [];
    for (const p of this.pipeList) {
      if (this.subs.matches(p, topic) !== this.invert) targets.push(p);
    }
    if (this.noDrop) {
      let full = false;
      for (const p of targets) {
        if (!p.canWrite()) {
          p.wantWritable();
          full = true;
        }
      }
      if (full) return false;
    }
    for (const p of targets) p.write(msg);
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
    const gone = this.subs.removePipe(p);
    if (this.lastSubscriber === p) this.lastSubscriber = null;
    // A vanished subscriber's last subscriptions count as cancelled (verboser or unique).
    if (!this.isPub && !this.manual) for (const t of gone) this.upstream.push([Buffer.concat([Buffer.from([0]), t])]);
  }

  hasIn(): boolean {
    return !this.isPub && this.upstream.length > 0;
  }
  hasOut(): boolean {
    if (!this.noDrop) return true;
    return this.pipeList.every((p) => p.canWrite());
  }
}
