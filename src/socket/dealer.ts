import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_DEALER: round-robin sends over peers with room, fair-queued receives. */
export class DealerSocket extends SocketBase {
  protected readonly lb = new LoadBalancer();
  protected readonly fq = new FairQueue();
  /** ZMQ_PROBE_ROUTER: greet each new peer with an empty message. */
  probe = false;

  constructor(ctx: ContextCore, type: SocketType = SocketType.DEALER) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    this.fq.attach(p);
    this.lb.attach(p);
    if (this.probe) p.write([Buffer.alloc(0)]);
  }
  protected xsend(msg: Buffer[]): boolean {
    return this.lb.send(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    return this.fq.recv();
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
