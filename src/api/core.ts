import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";

/** The socket/ core behind each public socket (kept out of the public object's own fields). */
const cores = new WeakMap<object, SocketBase>();

/** @internal links a public socket to its core, once, from its constructor. */
export function attachCore(socket: object, core: SocketBase): void {
  cores.set(socket, core);
}

/** @internal the core of a public socket (monitor functions and options take public sockets); ENOTSOCK otherwise. */
export function socketCore(socket: object): SocketBase {
  const c = cores.get(socket);
  if (!c) throw zmqError("ENOTSOCK");
  return c;
}
