import type { PipeEnd } from "../pipe/pipe.js";
import { LoadBalancer } from "../routing/load-balancer.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_PUSH: round-robin sends; never receives. */
export class PushSocket extends SocketBase {
  private readonly lb = new LoadBalancer();

  /** `type`: PUSH, or SCATTER for the subclass that is PUSH with single-frame messages. */
  constructor(ctx: ContextCore, type: SocketType = SocketType.PUSH) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    this.lb.attach(p);
  }
  protected xsend(msg: Buffer[]): boolean {
    return this.lb.send(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    return undefined;
  }
  protected xreadActivated(p: PipeEnd): void {
    // PUSH ignores anything a peer sends; drop it so the pipe cannot fill.
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
