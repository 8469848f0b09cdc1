/**
 * The zeromq v5 event names and listener signatures, and the mapping from zeromq v6
 * `socket.events` (zmq_socket_monitor) to them.
 */
import type { ErrnoError, Event } from "../index.js";

/** The v5 names of the zmq_socket_monitor events delivered after `monitor()`. */
export type MonitorEventName =
  | "connect"
  | "connect_delay"
  | "connect_retry"
  | "listen"
  | "bind_error"
  | "accept"
  | "accept_error"
  | "close"
  | "close_error"
  | "disconnect";

/**
 * The arguments of a v5 monitor event listener: `value` is the ZMQ_EVENT value where it carries
 * information (the reconnect interval in ms for `connect_retry`, the errno for the `*_error`
 * events) and `undefined` otherwise; `address` is the endpoint (absent for some `close` events);
 * `error` is set for the `*_error` events.
 */
export type MonitorEventArgs = [value: number | undefined, address: string | undefined, error: ErrnoError | undefined];

/** Every event a compat socket emits, with its listener arguments. */
export interface SocketEvents {
  /** A whole message was received; each frame is one argument. */
  message: Buffer[];
  /** `bind(address, cb)` succeeded (emitted before the callback runs). */
  bind: [address: string];
  /** `unbind(address, cb)` succeeded (emitted before the callback runs). */
  unbind: [address: string];
  /** An asynchronous failure that had no callback to go to. */
  error: [error: Error];
  /** ZMQ_EVENT_CONNECTED */
  connect: MonitorEventArgs;
  /** ZMQ_EVENT_CONNECT_DELAYED */
  connect_delay: MonitorEventArgs;
  /** ZMQ_EVENT_CONNECT_RETRIED (`value` = the reconnect interval, ms) */
  connect_retry: MonitorEventArgs;
  /** ZMQ_EVENT_LISTENING */
  listen: MonitorEventArgs;
  /** ZMQ_EVENT_BIND_FAILED (`value` = errno) */
  bind_error: MonitorEventArgs;
  /** ZMQ_EVENT_ACCEPTED (`address` = the listening endpoint) */
  accept: MonitorEventArgs;
  /** ZMQ_EVENT_ACCEPT_FAILED (`value` = errno) */
  accept_error: MonitorEventArgs;
  /** ZMQ_EVENT_CLOSED */
  close: MonitorEventArgs;
  /** ZMQ_EVENT_CLOSE_FAILED (`value` = errno) */
  close_error: MonitorEventArgs;
  /** ZMQ_EVENT_DISCONNECTED */
  disconnect: MonitorEventArgs;
}

/** @internal A v6 event translated to v5: its name and listener arguments. */
export interface V5MonitorEvent {
  readonly name: MonitorEventName;
  readonly args: MonitorEventArgs;
}

/**
 * @internal Translates one v6 event. Returns `null` for events v5 does not have (handshake
 * events, `unknown`) and for `end` (ZMQ_EVENT_MONITOR_STOPPED), which the caller handles.
 */
export function toV5Event(ev: Event): V5MonitorEvent | null {
  const address = "address" in ev ? ev.address : undefined;
  const plain = (name: MonitorEventName): V5MonitorEvent => ({ name, args: [undefined, address, undefined] });
  const failed = (name: MonitorEventName, error: ErrnoError): V5MonitorEvent => ({
    name,
    args: [error.errno, address, error],
  });
  switch (ev.type) {
    case "connect":
      return plain("connect");
    case "connect:delay":
      return plain("connect_delay");
    case "connect:retry":
      return { name: "connect_retry", args: [ev.interval, address, undefined] };
    case "bind":
      return plain("listen");
    case "bind:error":
      return failed("bind_error", ev.error);
    case "accept":
      return plain("accept");
    case "accept:error":
      return failed("accept_error", ev.error);
    case "close":
      return plain("close");
    case "close:error":
      return failed("close_error", ev.error);
    case "disconnect":
      return plain("disconnect");
    default:
      return null;
  }
}
