/**
 * zmtp: ZeroMQ in pure TypeScript, a drop-in for the `zeromq` v6 binding. The root export set
 * is exactly the binding's; additions live in subpaths (`zmtp/monitor`, `zmtp/context`).
 */
import { curveKeyPair as newCurveKeyPair } from "./mechanism/curve/keys.js";

export { Context, Socket, Proxy, Observer } from "./api/native.js";
export { context } from "./api/context.js";
export {
  Pair,
  Publisher,
  Subscriber,
  Request,
  Reply,
  Dealer,
  Router,
  Pull,
  Push,
  XPublisher,
  XSubscriber,
  Stream,
} from "./api/sockets.js";
export type { RouterConnectOptions } from "./api/sockets.js";

export type { MessageLike, SocketOptionsInit } from "./api/socket.js";
export type { Event, EventType, EventOfType, AuthError, ProtoError } from "./api/observer.js";
export type { ErrnoError } from "./errors.js";

/** The libzmq version this implementation is wire- and behaviour-compatible with. */
export const version = "4.3.5";

/**
 * What this build supports, as honest booleans (`draft`: the draft socket types of
 * `zmtp/draft`); a plain object, as the binding's.
 */
export const capability: Partial<Record<"ipc" | "pgm" | "tipc" | "norm" | "curve" | "gssapi" | "draft", boolean>> = {
  ipc: true,
  pgm: false,
  tipc: false,
  norm: false,
  curve: true,
  gssapi: false,
  draft: true,
};

/** zmq_curve_keypair: a new X25519 key pair as 40-character Z85 strings. */
export function curveKeyPair(): { publicKey: string; secretKey: string } {
  return newCurveKeyPair();
}
