import type { PipeEnd } from "../pipe/pipe.js";
import { subscriptionMessage } from "../pipe/subscription.js";
import { FairQueue } from "../routing/fair-queue.js";
import { TopicSet } from "../routing/subscriptions.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_XSUB (and, with `isSub`, ZMQ_SUB): subscriptions are kept here and sent to every
 * publisher, again to each new one and after each reconnect; receive is fair-queued, and SUB
 * also filters what arrives by its own subscriptions (ZMQ_INVERT_MATCHING inverts that).
 */
export class XSubSocket extends SocketBase {
  private readonly fq = new FairQueue();
  private readonly pipeList: PipeEnd[] = [];
  readonly subscriptions = new TopicSet();
  /** ZMQ_INVERT_MATCHING */ invert = false;

  constructor(
    ctx: ContextCore,
    private readonly isSub = false,
  ) {
    super(ctx, isSub ? SocketType.SUB : SocketType.XSUB);
  }

  protected xattach(p: PipeEnd): void {
    this.pipeList.push(p);
    this.fq.attach(p);
    this.sendAll(p);
  }

  protected override xhandshaken(p: PipeEnd, _id: Buffer | null, reconnect: boolean): void {
    if (reconnect) this.sendAll(p);
  }

  private sendAll(p: PipeEnd): void {
    for (const topic of this.subscriptions.all()) p.forceWrite(subscriptionMessage(true, topic, this.isSub));
  }

  /** ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE. */
  subscribe(topic: Buffer): void {
    this.subscriptions.add(topic);
    // libzmq sends a SUB's subscriptions as SUBSCRIBE commands to 3.1 peers, but passes an XSUB
    // application's subscription messages on as data frames.
    for (const p of this.pipeList) p.forceWrite(subscriptionMessage(true, topic, this.isSub));
  }
  unsubscribe(topic: Buffer): void {
    if (!this.subscriptions.remove(topic)) return;
    for (const p of this.pipeList) p.forceWrite(subscriptionMessage(false, topic, this.isSub));
  }

  protected xsend(msg: Buffer[]): boolean {
    const body = msg[0];
    if (!this.isSub && msg.length === 1 && body && body.length > 0 && (body[0] === 0 || body[0] === 1)) {
      // An XSUB user's subscription message: record it and forward it as one.
      const topic = body.subarray(1);
      if (body[0] === 1) this.subscribe(topic);
      else this.unsubscribe(topic);
      return true;
    }
    if (this.isSub) return false;
    for (const p of this.pipeList) p.write(msg);
    return true;
  }

  protected xrecv(): Buffer[] | undefined {
    for (;;) {
      const msg = this.fq.recv();
      if (msg === undefined) return undefined;
      if (!this.isSub || this.subscriptions.matches(msg[0] ?? Buffer.alloc(0)) !== this.invert) return msg;
    }
  }

  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    const i = this.pipeList.indexOf(p);
    if (i >= 0) this.pipeList.splice(i, 1);
    this.fq.terminated(p);
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  hasOut(): boolean {
    return !this.isSub;
  }
}
