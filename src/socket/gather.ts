import { zmqError } from "../errors.js";
import { singleFrame } from "../routing/single-frame.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { PullSocket } from "./pull.js";

/** ZMQ_GATHER: PULL with single-frame messages; never sends (ENOTSUP); ZMQ_CONFLATE accepted without effect, as libzmq. */
export class GatherSocket extends PullSocket {
  override readonly threadSafe = true;
  protected override readonly conflateApplies = false;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.GATHER);
  }

  protected override xsend(): boolean {
    throw zmqError("ENOTSUP");
  }
  protected override xrecv(): Buffer[] | undefined {
    return singleFrame(this.fq);
  }
}
