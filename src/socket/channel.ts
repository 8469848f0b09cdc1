import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_CHANNEL: PAIR with single-frame messages. One peer at a time: while the first pipe lives,
 * a second connection completes its handshake and is then ignored (its pipe is dropped, what it
 * sends goes nowhere), as in libzmq.
 */
export class ChannelSocket extends SocketBase {
  override readonly threadSafe = true;
  private pipe: PipeEnd | null = null;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.CHANNEL);
  }

  protected xattach(p: PipeEnd): void {
    if (this.pipe) this.reject(p);
    else this.pipe = p;
  }
  protected xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return this.pipe !== null && this.pipe.write(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    const p = this.pipe;
    if (!p) return undefined;
    let msg: Buffer[] | undefined;
    while ((msg = p.read()) !== undefined && msg.length !== 1);
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
