/**
 * The zeromq v5 API (`zeromq/v5-compat`) on top of zmtp's zeromq v6 classes: `socket(type)`,
 * EventEmitter sockets with callbacks, `Context`, `proxy`, `curveKeypair`, `version`, the
 * `options` short-name map and the `ZMQ_*` constants.
 */
import { curveKeyPair, version as libzmqVersion } from "../index.js";

export { Context } from "./context.js";
export { Socket, createSocket, createSocket as socket } from "./socket.js";
export type { Callback, SocketOptions, SocketType } from "./socket.js";
export type { MonitorEventArgs, MonitorEventName, SocketEvents } from "./events.js";
export { options } from "./options.js";
export type { OptionInput, OptionValue, ShortOptionName } from "./options.js";
export { proxy } from "./proxy.js";
export * from "./constants.js";

/** zmq_curve_keypair: a new CURVE key pair as 40-character Z85 strings, v5 style. */
export function curveKeypair(): { public: string; secret: string } {
  const { publicKey, secretKey } = curveKeyPair();
  return { public: publicKey, secret: secretKey };
}

/** zmq_version: the libzmq version this implementation is compatible with (e.g. "4.3.5"). */
export const version: string = libzmqVersion;
