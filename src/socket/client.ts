import { zmqError } from "../errors.js";
import { singleFrame } from "../routing/single-frame.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { DealerSocket } from "./dealer.js";

/**
 * ZMQ_CLIENT: DEALER's round-robin and fair-queuing, with single-frame messages (multipart:
 * EINVAL out, dropped in). ZMQ_PROBE_ROUTER is not a CLIENT option, so it never probes.
 */
export class ClientSocket extends DealerSocket {
  override readonly threadSafe = true;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.CLIENT);
  }

  protected override xsend(msg: Buffer[]): boolean {
    if (msg.length !== 1) throw zmqError("EINVAL");
    return super.xsend(msg);
  }
  protected override xrecv(): Buffer[] | undefined {
    return singleFrame(this.fq);
  }
}
