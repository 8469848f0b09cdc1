import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { RouterSocket } from "./router.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_STREAM: raw TCP peers addressed by routing id. Receives `[id, bytes]` (an empty `bytes`
 * announces a connect or a disconnect); sends `[id, bytes]`, and `[id, ""]` closes that peer.
 */
export class StreamSocket extends RouterSocket {
  constructor(ctx: ContextCore) {
    super(ctx, SocketType.STREAM);
  }

  /** A raw peer never announces an id: each pipe is routed from the start, by the connect's id or a generated one. */
  protected override xattach(p: PipeEnd): void {
    this.identify(p, p.routingId);
  }

  /** A connection reached on an existing pipe keeps the pipe's id (across reconnects too, as libzmq). */
  override pipeHandshaken(end: PipeEnd, _identity: Buffer | null, reconnect: boolean): void {
    super.pipeHandshaken(end, end.routingId, reconnect);
  }

  protected override xsend(msg: Buffer[]): boolean {
    if (msg.length !== 2) throw zmqError("EINVAL");
    const id = msg[0]!;
    const pipe = this.pipeFor(id);
    if (!pipe) throw zmqError("EHOSTUNREACH");
    return pipe.write([msg[1]!]);
  }

  override hasOut(): boolean {
    return true;
  }

  private pipeFor(id: Buffer): PipeEnd | undefined {
    return this.lookup(id);
  }
}
