import { zmqError } from "../errors.js";
import type { ZapConnector } from "../mechanism/zap.js";
import { InprocRegistry } from "../transport/inproc.js";
import { zapConnector } from "./zap.js";

/** What a context needs of its sockets: closing them when it terminates. */
export interface ContextMember {
  close(): void;
}

/** Where a context is in its life; `terminate()` is the one way out of Active. */
export enum ContextState {
  Active,
  /** terminate() is closing the sockets; `terminated` reads false until they are all closed. */
  Terminating,
  Terminated,
}

/** The shared state of a context: its sockets, its inproc namespace and its ZAP connector. */
export class ContextCore {
  readonly sockets = new Set<ContextMember>();
  readonly inproc = new InprocRegistry();
  /** ZAP requests of every socket in this context go to the handler bound in its inproc namespace. */
  readonly zap: ZapConnector = zapConnector(this.inproc);
  #state = ContextState.Active;
  /** ZMQ_MAX_SOCKETS as last set; the limit itself is fixed by the first socket, as in libzmq. */
  requestedMaxSockets = 1023;
  #maxSockets: number | null = null;

  get state(): ContextState {
    return this.#state;
  }

  /** True once termination is complete: any further use gives ETERM. */
  get terminated(): boolean {
    return this.#state === ContextState.Terminated;
  }

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
    if (this.#state !== ContextState.Active) return;
    this.#state = ContextState.Terminating;
    for (const s of [...this.sockets]) s.close();
    this.#state = ContextState.Terminated;
  }
}
