import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import type { SocketState } from "./lifecycle.js";

/** The state behind each public socket (kept out of the public object's own fields). */
const states = new WeakMap<object, SocketState>();

/** @internal links a public socket to its state, once, from its constructor. */
export function attachState(socket: object, state: SocketState): void {
  states.set(socket, state);
}

/** @internal the state of a public socket; ENOTSOCK for anything else. */
export function socketState(socket: object): SocketState {
  const s = states.get(socket);
  if (!s) throw zmqError("ENOTSOCK");
  return s;
}

/** @internal the state of a public socket, or undefined for anything else. */
export function findSocketState(value: unknown): SocketState | undefined {
  return typeof value === "object" && value !== null ? states.get(value) : undefined;
}

/** @internal the core of a public socket (monitor functions and options take public sockets); ENOTSOCK otherwise. */
export function socketCore(socket: object): SocketBase {
  return socketState(socket).core;
}
