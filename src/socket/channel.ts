import { zmqError } from "../errors.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { PairSocket } from "./pair.js";

/**
 * ZMQ_CHANNEL: PAIR with single-frame messages. One peer at a time: while the first pipe lives,
 * a second connection completes its handshake and is then ignored (its pipe is dropped, what it
 * sends goes nowhere), as in libzmq. A multipart message from the peer is skipped.
 */
export class ChannelSocket extends PairSocket {
  override readonly threadSafe = true;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.CHANNEL);
  }

  protected override xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return super.xsend(msg);
  }
  protected override xrecv(): Buffer[] | undefined {
    let msg: Buffer[] | undefined;
    while ((msg = super.xrecv()) !== undefined && msg.length !== 1);
    return msg;
  }
}
