import { debuglog } from "node:util";
import type { EventDetail } from "../events/sink.js";

const debug = debuglog("zmtp");

/** Receives every monitor event of a socket (a zmq_socket_monitor, an Observer, ...). */
export interface EventTap {
  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void;
  /** The monitored socket closed: emit MONITOR_STOPPED if wanted and detach. */
  socketClosed(): void;
}

/**
 * Runs a monitor tap's callback. A tap must never break the I/O path, so what it throws stops
 * here; it is a bug in zmtp (taps run no user code), shown with NODE_DEBUG=zmtp.
 */
export function guarded(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    debug("monitor tap threw: %s", err instanceof Error ? (err.stack ?? err.message) : String(err));
  }
}
