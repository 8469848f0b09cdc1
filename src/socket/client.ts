import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { singleFrame } from "../routing/single-frame.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_CLIENT: DEALER's round-robin and fair-queuing, with single-frame messages (multipart: EINVAL out, dropped in). */
export class ClientSocket extends SocketBase {
  override readonly threadSafe = true;
  private readonly lb = new LoadBalancer();
  private readonly fq = new FairQueue();

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.CLIENT);
  }

  protected xattach(p: PipeEnd): void {
    this.fq.attach(p);
    this.lb.attach(p);
  }
  protected xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return this.lb.send(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    return singleFrame(this.fq);
  }
  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(p: PipeEnd): void {
    this.lb.writeActivated(p);
  }
  protected xterminated(p: PipeEnd): void {
    this.fq.terminated(p);
    this.lb.terminated(p);
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  hasOut(): boolean {
    return this.lb.hasOut();
  }
}
