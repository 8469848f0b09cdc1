import { zmqError } from "../errors.js";
import type { ZapConnector } from "../mechanism/zap.js";
import { InprocRegistry } from "../transport/inproc.js";
import { zapConnector } from "./zap.js";

/** What a context needs of its sockets: closing them when it terminates. */
export interface ContextMember {
  close(): void;
}

/** The shared state of a context: its sockets, its inproc namespace and its ZAP connector. */
export class ContextCore {
  readonly sockets = new Set<ContextMember>();
  readonly inproc = new InprocRegistry();
  /** ZAP requests of every socket in this context go to the handler bound in its inproc namespace. */
  readonly zap: ZapConnector = zapConnector(this.inproc);
  terminated = false;
  /** ZMQ_MAX_SOCKETS as last set; the limit itself is fixed by the first socket, as in libzmq. */
  requestedMaxSockets = 1023;
  #maxSockets: number | null = null;

  /**
   * Called before a socket of the public API is created: EMFILE when the context already has
   * its maximum of open sockets (every open socket counts, monitor sockets included; a closed
   * one frees its slot at once).
   */
  admitSocket(): void {
    const max = (this.#maxSockets ??= this.requestedMaxSockets);
    if (this.sockets.size >= max) throw zmqError("EMFILE");
  }

  /** zmq_ctx_term: every socket is closed (monitors see MONITOR_STOPPED); later use gives ETERM. */
  terminate(): void {
    if (this.terminated) return;
    for (const s of [...this.sockets]) s.close();
    this.terminated = true;
  }
}
