import { zmqError } from "../errors.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { PushSocket } from "./push.js";

/**
 * ZMQ_SCATTER: PUSH with single-frame messages (multipart: EINVAL); never receives (ENOTSUP);
 * ZMQ_IMMEDIATE as on PUSH; ZMQ_CONFLATE accepted without effect, as libzmq. What a misbehaving
 * GATHER peer sends is dropped and the connection kept, as PUSH does (libzmq).
 */
export class ScatterSocket extends PushSocket {
  override readonly threadSafe = true;
  protected override readonly conflateApplies = false;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.SCATTER);
  }

  protected override xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return super.xsend(msg);
  }
  protected override xrecv(): Buffer[] | undefined {
    throw zmqError("ENOTSUP");
  }
}
