/**
 * The v5 socket type names, the zeromq v6 class behind each, and how user callbacks are run
 * (an exception from one is re-thrown on the next tick, as an uncaught exception, never lost).
 */
import { Socket as V6Socket } from "../api/socket.js";
import * as v6 from "../api/sockets.js";

/** The socket type names of the v5 API (`zmq.socket(type)`), as libzmq's type names in lower case. */
export type SocketType =
  | "pair"
  | "req"
  | "rep"
  | "pub"
  | "sub"
  | "dealer"
  | "xreq"
  | "router"
  | "xrep"
  | "pull"
  | "push"
  | "xpub"
  | "xsub"
  | "stream";

/** Callback of `bind`, `unbind` and `send`: no argument on success, the error on failure. */
export type Callback = (error?: Error) => void;

/** The zeromq v6 class behind each v5 type name. */
const V6_CLASS: Readonly<Record<SocketType, string>> = {
  pair: "Pair",
  req: "Request",
  rep: "Reply",
  pub: "Publisher",
  sub: "Subscriber",
  dealer: "Dealer",
  xreq: "Dealer",
  router: "Router",
  xrep: "Router",
  pull: "Pull",
  push: "Push",
  xpub: "XPublisher",
  xsub: "XSubscriber",
  stream: "Stream",
};

/** Types that cannot receive: no `message` loop runs for them (it would only keep the process alive). */
const SEND_ONLY: ReadonlySet<SocketType> = new Set<SocketType>(["pub", "push"]);

/** @internal True when sockets of this type receive (and so run a receive loop). */
export function receives(type: SocketType): boolean {
  return !SEND_ONLY.has(type);
}

/** @internal The zeromq v6 socket for a v5 type name; throws for unknown names and missing classes. */
export function createV6Socket(type: string): V6Socket {
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(V6_CLASS, type)) {
    throw new Error(`Invalid socket type: ${String(type)}`);
  }
  const className = V6_CLASS[type as SocketType];
  const ctor = (v6 as unknown as Readonly<Record<string, unknown>>)[className];
  if (typeof ctor !== "function" || !((ctor as { prototype: unknown }).prototype instanceof V6Socket)) {
    throw new Error(`Socket type "${type}" is not available: zmtp has no ${className} socket class yet`);
  }
  return new (ctor as new () => V6Socket)();
}

export const noop = (): void => {};

/** @internal An Error for anything thrown. */
export function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** @internal Runs a user callback or listener; an exception it throws becomes an uncaught exception on the next tick, as in v5. */
export function callSafely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    process.nextTick(() => {
      throw err;
    });
  }
}
