import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_SCATTER: PUSH with single-frame messages (multipart: EINVAL); never receives (ENOTSUP);
 * ZMQ_IMMEDIATE as on PUSH; ZMQ_CONFLATE accepted without effect, as libzmq.
 */
export class ScatterSocket extends SocketBase {
  override readonly threadSafe = true;
  protected override readonly conflateApplies = false;
  private readonly lb = new LoadBalancer();

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.SCATTER);
  }

  protected xattach(p: PipeEnd): void {
    this.lb.attach(p);
  }
  protected xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return this.lb.send(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    throw zmqError("ENOTSUP");
  }
  protected xreadActivated(p: PipeEnd): void {
    // A GATHER peer never sends; what a misbehaving one does is dropped, the connection kept (libzmq).
    while (p.read() !== undefined);
  }
  protected xwriteActivated(p: PipeEnd): void {
    this.lb.writeActivated(p);
  }
  protected xterminated(p: PipeEnd): void {
    this.lb.terminated(p);
  }
  hasIn(): boolean {
    return false;
  }
  hasOut(): boolean {
    return this.lb.hasOut();
  }
}
