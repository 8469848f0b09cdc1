import type { Socket } from "./socket.js";

/** The v5 type names with the legacy aliases folded in. */
function canonical(type: string): string {
  return type === "xrep" ? "router" : type === "xreq" ? "dealer" : type;
}

const SUPPORTED = new Set(["push/pull", "pull/push", "xpub/xsub", "router/dealer"]);

/**
 * zmq_proxy(frontend, backend, capture), done in JavaScript: every message received on one side
 * is sent on the other, and, when `capture` is given, also sent to `capture` (as libzmq does,
 * in both directions, the whole message). Supported pairs (frontend/backend): push/pull,
 * pull/push, xpub/xsub and router/dealer (also as xrep/xreq). Returns at once; the forwarding
 * runs for as long as the sockets are open.
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket): void {
  const pair = `${canonical(frontend.type)}/${canonical(backend.type)}`;
  if (!SUPPORTED.has(pair)) {
    throw new Error("This socket type order is not supported in compatibility mode");
  }
  const forward =
    (to: Socket) =>
    (...frames: Buffer[]): void => {
      to.send(frames);
      capture?.send(frames);
    };
  frontend.on("message", forward(backend));
  backend.on("message", forward(frontend));
}
