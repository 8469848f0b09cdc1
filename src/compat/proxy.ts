import type { Socket } from "./socket.js";

/** The frontend/backend pairs zeromq's v5-compat `proxy` accepts, by the names the sockets were created with. */
const PAIRS: Readonly<Record<string, { readonly envelope: number }>> = {
  "push/pull": { envelope: 0 },
  "pull/push": { envelope: 0 },
  "xpub/xsub": { envelope: 0 },
  // Replies reach the backend DEALER as [routing id, "", body...]: the capture gets the body.
  "router/dealer": { envelope: 2 },
  "xrep/xreq": { envelope: 2 },
};

/**
 * zmq_proxy(frontend, backend, capture) as zeromq's v5-compat has it, in JavaScript: every
 * message received on one side is sent on the other. With `capture`, what travels from the
 * backend to the frontend is also sent to `capture` (for router/dealer without its first two
 * frames, the routing envelope). Supported pairs (frontend/backend): push/pull, pull/push,
 * xpub/xsub, router/dealer and xrep/xreq. Returns at once; the forwarding runs for as long as
 * the sockets are open.
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket): void {
  const pair = PAIRS[`${frontend.type}/${backend.type}`];
  if (!pair) throw new Error("This socket type order is not supported in compatibility mode");
  frontend.on("message", (...frames: Buffer[]) => {
    backend.send(frames);
  });
  backend.on("message", (...frames: Buffer[]) => {
    frontend.send(frames);
    capture?.send(frames.slice(pair.envelope));
  });
}
