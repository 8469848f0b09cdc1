import type { PipeEnd } from "../pipe/pipe.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/** ZMQ_PAIR: exactly one peer; a second connection is refused while the first pipe lives. */
export class PairSocket extends SocketBase {
  private pipe: PipeEnd | null = null;

  /** `type`: PAIR, or CHANNEL for the subclass that is PAIR with single-frame messages. */
  constructor(ctx: ContextCore, type: SocketType = SocketType.PAIR) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    if (this.pipe) this.reject(p);
    else this.pipe = p;
  }
  protected xsend(msg: Buffer[]): boolean {
    return this.pipe !== null && this.pipe.write(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    const p = this.pipe;
    if (!p) return undefined;
    const msg = p.read();
    if (msg === undefined && p.terminated) this.pipe = null;
    return msg;
  }
  protected xreadActivated(): void {}
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    if (p === this.pipe && !p.hasPending()) this.pipe = null;
  }
  hasIn(): boolean {
    return this.pipe !== null && this.pipe.hasPending();
  }
  hasOut(): boolean {
    return this.pipe !== null && this.pipe.canWrite();
  }
}
