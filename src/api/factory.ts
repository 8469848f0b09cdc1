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
import { ServerSocket } from "../socket/server.js";
import { ClientSocket } from "../socket/client.js";
import { RadioSocket } from "../socket/radio.js";
import { DishSocket } from "../socket/dish.js";
import { GatherSocket } from "../socket/gather.js";
import { ScatterSocket } from "../socket/scatter.js";
import { DgramSocket } from "../socket/dgram.js";
import { PeerSocket } from "../socket/peer.js";
import { ChannelSocket } from "../socket/channel.js";

/** libzmq's SUB and XSUB start with linger 0: pending subscriptions are not worth waiting for at close. */
function lingerless<S extends SocketBase>(core: S): S {
  core.options.linger = 0;
  return core;
}

/** Each socket type: its ZMQ number and how its core is made (the option table checks its rows against these cores). */
export const SOCKET_TYPES = {
  PAIR: { id: SocketType.PAIR, create: (ctx: ContextCore) => new PairSocket(ctx) },
  PUB: { id: SocketType.PUB, create: (ctx: ContextCore) => new XPubSocket(ctx, true) },
  SUB: { id: SocketType.SUB, create: (ctx: ContextCore) => lingerless(new XSubSocket(ctx, true)) },
  REQ: { id: SocketType.REQ, create: (ctx: ContextCore) => new ReqSocket(ctx) },
  REP: { id: SocketType.REP, create: (ctx: ContextCore) => new RepSocket(ctx) },
  DEALER: { id: SocketType.DEALER, create: (ctx: ContextCore) => new DealerSocket(ctx) },
  ROUTER: { id: SocketType.ROUTER, create: (ctx: ContextCore) => new RouterSocket(ctx) },
  PULL: { id: SocketType.PULL, create: (ctx: ContextCore) => new PullSocket(ctx) },
  PUSH: { id: SocketType.PUSH, create: (ctx: ContextCore) => new PushSocket(ctx) },
  XPUB: { id: SocketType.XPUB, create: (ctx: ContextCore) => new XPubSocket(ctx, false) },
  XSUB: { id: SocketType.XSUB, create: (ctx: ContextCore) => lingerless(new XSubSocket(ctx, false)) },
  STREAM: { id: SocketType.STREAM, create: (ctx: ContextCore) => new StreamSocket(ctx) },
  SERVER: { id: SocketType.SERVER, create: (ctx: ContextCore) => new ServerSocket(ctx) },
  CLIENT: { id: SocketType.CLIENT, create: (ctx: ContextCore) => new ClientSocket(ctx) },
  RADIO: { id: SocketType.RADIO, create: (ctx: ContextCore) => new RadioSocket(ctx) },
  DISH: { id: SocketType.DISH, create: (ctx: ContextCore) => new DishSocket(ctx) },
  GATHER: { id: SocketType.GATHER, create: (ctx: ContextCore) => new GatherSocket(ctx) },
  SCATTER: { id: SocketType.SCATTER, create: (ctx: ContextCore) => new ScatterSocket(ctx) },
  DGRAM: { id: SocketType.DGRAM, create: (ctx: ContextCore) => new DgramSocket(ctx) },
  PEER: { id: SocketType.PEER, create: (ctx: ContextCore) => new PeerSocket(ctx) },
  CHANNEL: { id: SocketType.CHANNEL, create: (ctx: ContextCore) => new ChannelSocket(ctx) },
} as const satisfies Record<TypeName, { id: number; create: (ctx: ContextCore) => SocketBase }>;

/** The core class of a socket type. */
export type CoreOf<T extends TypeName> = ReturnType<(typeof SOCKET_TYPES)[T]["create"]>;

const BY_NUMBER = new Map<number, (ctx: ContextCore) => SocketBase>(
  Object.values(SOCKET_TYPES).map((t) => [t.id, t.create]),
);

/** Creates the core for a socket type number; ETERM, EMFILE (context's `maxSockets` reached), EINVAL for types not implemented. */
export function createCore(type: number, ctx: ContextCore): SocketBase {
  if (ctx.terminated) throw zmqError("ETERM");
  ctx.admitSocket();
  const create = BY_NUMBER.get(type);
  if (!create) throw zmqError("EINVAL");
  return create(ctx);
}
