/**
 * `zmtp/monitor`: libzmq's socket monitor (zmq_socket_monitor(3)) over the public sockets, its
 * constants, and the decoder for monitor messages.
 */
import { socketCore, type Socket } from "./api/socket.js";
import { activeMonitor, monitorCore, pipesStatsCore } from "./monitor/monitor.js";
import { EventWatcher } from "./monitor/watcher.js";

export * from "./events/events.js";
export { decodeMonitorEvent, encodeV1, encodeV2, type DecodedMonitorEvent } from "./monitor/codec.js";
export type { DetailedEvent, DetailedEventType, FdEvent, ErrnoEvent } from "./monitor/detailed.js";
export type { EventWatcher } from "./monitor/watcher.js";

/**
 * zmq_socket_monitor: publishes `socket`'s events on a new PAIR socket bound to the inproc://
 * `endpoint`; connect a `Pair` to it to read them, each as two frames: 6 bytes (uint16 event,
 * uint32 value, host byte order) and the endpoint string. `events` is a bitmask of EVENT_*
 * (EVENT_ALL for all). A null endpoint stops monitoring; a new call replaces the previous monitor;
 * MONITOR_STOPPED (if selected) is the last event. Throws an Error with `code`/`errno`:
 * EPROTONOSUPPORT (not inproc), EINVAL (invalid endpoint or mask), ETERM (context terminated),
 * EADDRINUSE (inproc name taken).
 */
export function socketMonitor(socket: Socket, endpoint: string | null, events: number): void {
  monitorCore(socketCore(socket), endpoint, events, 1, 0);
}

/**
 * DRAFT zmq_socket_monitor_versioned: version 1 or 2 (64-bit event, value count, values, local
 * and remote endpoint) over a monitor socket of type 0 (PAIR), 1 (PUB: never waits, drops when
 * nobody subscribes) or 8 (PUSH). Other versions are accepted and send nothing, as libzmq.
 */
export function socketMonitorVersioned(
  socket: Socket,
  endpoint: string | null,
  events: number,
  eventVersion: number,
  type = 0,
): void {
  monitorCore(socketCore(socket), endpoint, events, eventVersion, type);
}

/** Events the active monitor of `socket` had to drop because its reader fell behind. */
export function monitorDropped(socket: Socket): number {
  return activeMonitor(socketCore(socket))?.dropped ?? 0;
}

/**
 * DRAFT zmq_socket_monitor_pipes_stats: asks for one PIPES_STATS event per pipe (values:
 * outbound and inbound queued messages) on the active v2 monitor, delivered on the next turn of
 * the event loop. EINVAL when that monitor does not select EVENT_PIPES_STATS, EAGAIN when the
 * socket has no pipes, ENOTSOCK when it is closed.
 */
export function socketMonitorPipesStats(socket: Socket): void {
  pipesStatsCore(socketCore(socket));
}

/**
 * A detailed, typed event stream of `socket` (zmtp's own view for operators; the zeromq
 * `socket.events` objects keep their shape): numeric event, raw value, local and remote
 * endpoint, timestamp, and for HANDSHAKE_SUCCEEDED the peer's socket type, routing id,
 * mechanism and ZMTP version. Bounded by `limit` (oldest dropped, counted in `dropped`).
 */
export function watch(socket: Socket, limit = 1000): EventWatcher {
  return new EventWatcher(socketCore(socket), limit);
}

/**
 * Queue statistics of every connection of `socket` right now: messages waiting to go out and
 * messages received but not yet read, with the connection's endpoints, the User-Id ZAP gave the
 * peer (if any) and all the peer's properties (its metadata, then ZAP's User-Id and metadata).
 */
export function connectionStats(socket: Socket): Array<{
  outbound: number;
  inbound: number;
  local: string;
  remote: string;
  userId: string | undefined;
  properties: ReadonlyMap<string, Buffer>;
}> {
  return socketCore(socket)
    .pipeStats()
    .map(({ outbound, inbound, local, remote, properties }) => ({
      outbound,
      inbound,
      local,
      remote,
      userId: properties.get("User-Id")?.toString("utf8"),
      properties,
    }));
}
