import { InprocRegistry } from "../transport/inproc.js";
import type { SocketBase } from "./base.js";

/** The shared state of a context: its sockets and its inproc namespace. */
export class ContextCore {
  readonly sockets = new Set<SocketBase>();
  readonly inproc = new InprocRegistry();
  terminated = false;

  /** zmq_ctx_term: every socket is closed (monitors see MONITOR_STOPPED); later use gives ETERM. */
  terminate(): void {
    if (this.terminated) return;
    for (const s of [...this.sockets]) s.close();
    this.terminated = true;
  }
}
