import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_DGRAM: raw datagrams over one bound udp:// endpoint. Messages are `[address, body]`
 * pairs, the address `"ip:port"` (received ones end with a NUL, as libzmq's). A second bind
 * succeeds but its pipe is dropped, as in libzmq; with nothing bound a send waits (EAGAIN).
 */
export class DgramSocket extends SocketBase {
  private pipe: PipeEnd | null = null;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.DGRAM);
  }

  protected xattach(p: PipeEnd): void {
    if (this.pipe) this.reject(p);
    else this.pipe = p;
  }
  protected xsend(msg: Buffer[]): boolean {
    // libzmq looks for its pipe first: with nothing bound any send waits (EAGAIN), even a bad one.
    if (this.pipe === null) return false;
    if (msg.length !== 2) throw zmqError("EINVAL");
    return this.pipe.write(msg);
  }
  protected xrecv(): Buffer[] | undefined {
    const msg = this.pipe?.read();
    if (msg === undefined && this.pipe?.terminated) this.pipe = null;
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
