import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import type { ContextCore } from "../socket/context-core.js";
import { DealerSocket } from "../socket/dealer.js";
import { PairSocket } from "../socket/pair.js";
import { PushSocket } from "../socket/push.js";

/** Creates the core for a socket type number; EINVAL for types not (yet) implemented. */
export function createCore(type: number, ctx: ContextCore): SocketBase {
  if (ctx.terminated) throw zmqError("ETERM");
  switch (type) {
    case 0: return new PairSocket(ctx);
    case 5: return new DealerSocket(ctx);
    case 8: return new PushSocket(ctx);
    default: throw zmqError("EINVAL");
  }
}
