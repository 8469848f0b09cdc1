import { zmqError } from "../errors.js";
import type { ContextCore } from "../context/context-core.js";
import type { TypeName } from "../options/kinds.js";
import { DealerSocket } from "../socket/dealer.js";
import { PairSocket } from "../socket/pair.js";
import { PullSocket } from "../socket/pull.js";
import { PushSocket } from "../socket/push.js";
import { RepSocket } from "../socket/rep.js";
import { ReqSocket } from "../socket/req.js";
import { RouterSocket } from "../socket/router.js";
import type { SocketBase } from "../socket/base.js";
import { SocketType } from "../mechanism/socket-types.js";
import { StreamSocket } from "../socket/stream.js";
import { XPubSocket } from "../socket/xpub.js";
import { XSubSocket } from "../socket/xsub.js";

/** Each socket type: its ZMQ number and how its core is made (the option table checks its rows against these cores). */
export const SOCKET_TYPES = {
  PAIR: { id: SocketType.PAIR, create: (ctx: ContextCore) => new PairSocket(ctx) },
  PUB: { id: SocketType.PUB, create: (ctx: ContextCore) => new XPubSocket(ctx, true) },
  SUB: { id: SocketType.SUB, create: (ctx: ContextCore) => new XSubSocket(ctx, true) },
  REQ: { id: SocketType.REQ, create: (ctx: ContextCore) => new ReqSocket(ctx) },
  REP: { id: SocketType.REP, create: (ctx: ContextCore) => new RepSocket(ctx) },
  DEALER: { id: SocketType.DEALER, create: (ctx: ContextCore) => new DealerSocket(ctx) },
  ROUTER: { id: SocketType.ROUTER, create: (ctx: ContextCore) => new RouterSocket(ctx) },
  PULL: { id: SocketType.PULL, create: (ctx: ContextCore) => new PullSocket(ctx) },
  PUSH: { id: SocketType.PUSH, create: (ctx: ContextCore) => new PushSocket(ctx) },
  XPUB: { id: SocketType.XPUB, create: (ctx: ContextCore) => new XPubSocket(ctx, false) },
  XSUB: { id: SocketType.XSUB, create: (ctx: ContextCore) => new XSubSocket(ctx, false) },
  STREAM: { id: SocketType.STREAM, create: (ctx: ContextCore) => new StreamSocket(ctx) },
} as const satisfies Record<TypeName, { id: number; create: (ctx: ContextCore) => SocketBase }>;

/** The core class of a socket type. */
export type CoreOf<T extends TypeName> = ReturnType<(typeof SOCKET_TYPES)[T]["create"]>;

const BY_NUMBER = new Map<number, (ctx: ContextCore) => SocketBase>(
  Object.values(SOCKET_TYPES).map((t) => [t.id, t.create]),
);

/** Creates the core for a socket type number; EINVAL for types not implemented. */
export function createCore(type: number, ctx: ContextCore): SocketBase {
  if (ctx.terminated) throw zmqError("ETERM");
  const create = BY_NUMBER.get(type);
  if (!create) throw zmqError("EINVAL");
  return create(ctx);
}
