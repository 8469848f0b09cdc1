import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_PULL: fair-queued receive; never sends. */
export class PullSocket extends SocketBase {
  protected readonly fq = new FairQueue();

  /** `type`: PULL, or GATHER for the subclass that is PULL with single-frame messages. */
  constructor(ctx: ContextCore, type: SocketType = SocketType.PULL) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    this.fq.attach(p);
  }
  protected xsend(): boolean {
    return false;
  }
  protected xrecv(): Buffer[] | undefined {
    return this.fq.recv();
  }
  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    this.fq.terminated(p);
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  hasOut(): boolean {
    return false;
  }
}
