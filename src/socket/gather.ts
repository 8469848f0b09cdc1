import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { singleFrame } from "../routing/single-frame.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_GATHER: PULL with single-frame messages; never sends (ENOTSUP); ZMQ_CONFLATE accepted without effect, as libzmq. */
export class GatherSocket extends SocketBase {
  override readonly threadSafe = true;
  protected override readonly conflateApplies = false;
  private readonly fq = new FairQueue();

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.GATHER);
  }

  protected xattach(p: PipeEnd): void {
    this.fq.attach(p);
  }
  protected xsend(): boolean {
    throw zmqError("ENOTSUP");
  }
  protected xrecv(): Buffer[] | undefined {
    return singleFrame(this.fq);
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
