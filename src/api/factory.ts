import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import type { ContextCore } from "../context/context-core.js";
import { DealerSocket } from "../socket/dealer.js";
import { PairSocket } from "../socket/pair.js";
import { PullSocket } from "../socket/pull.js";
import { PushSocket } from "../socket/push.js";
import { RepSocket } from "../socket/rep.js";
import { ReqSocket } from "../socket/req.js";
import { RouterSocket } from "../socket/router.js";
import { StreamSocket } from "../socket/stream.js";
import { XPubSocket } from "../socket/xpub.js";
import { XSubSocket } from "../socket/xsub.js";

/** Creates the core for a socket type number; EINVAL for types not implemented. */
export function createCore(type: number, ctx: ContextCore): SocketBase {
  if (ctx.terminated) throw zmqError("ETERM");
  switch (type) {
    case 0:
      return new PairSocket(ctx);
    case 1:
      return new XPubSocket(ctx, true);
    case 2:
      return new XSubSocket(ctx, true);
    case 3:
      return new ReqSocket(ctx);
    case 4:
      return new RepSocket(ctx);
    case 5:
      return new DealerSocket(ctx);
    case 6:
      return new RouterSocket(ctx);
    case 7:
      return new PullSocket(ctx);
    case 8:
      return new PushSocket(ctx);
    case 9:
      return new XPubSocket(ctx, false);
    case 10:
      return new XSubSocket(ctx, false);
    case 11:
      return new StreamSocket(ctx);
    default:
      throw zmqError("EINVAL");
  }
}
