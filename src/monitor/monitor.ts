import { zmqError } from "../errors.js";
import { BoundedQueue } from "../util/bounded-queue.js";
import type { EventTap, SocketBase } from "../socket/base.js";
import { PairSocket } from "../socket/pair.js";
import { PushSocket } from "../socket/push.js";
import { XPubSocket } from "../socket/xpub.js";
import { parseEndpoint, splitUri } from "../transport/endpoint.js";
import { encodeV1, encodeV2 } from "./codec.js";
import { EVENT_MONITOR_STOPPED, EVENT_PIPES_STATS } from "../events/events.js";

/** ZMQ_PAIR, ZMQ_PUB, ZMQ_PUSH: the socket types a monitor may use. */
const MONITOR_TYPES = new Set([0, 1, 8]);

/**
 * One zmq_socket_monitor: an internal PAIR/PUSH socket bound to an inproc endpoint that
 * receives the monitored socket's events as libzmq-format messages.
 *
 * libzmq blocks the emitting thread when nobody reads a PAIR/PUSH monitor. We never block:
 * events wait in a backlog bounded by the monitor socket's send high-water mark (1000 messages)
 * until a reader connects or catches up; past that they are dropped and counted in `dropped`.
 */
export class SocketMonitor implements EventTap {
  /** Messages the monitor socket could not take yet, in order; newest refused when full. */
  private readonly backlog: BoundedQueue<Buffer[]>;
  private stopped = false;

  constructor(
    private readonly monitored: SocketBase,
    readonly mask: number,
    readonly version: number,
    readonly socket: SocketBase,
  ) {
    this.backlog = new BoundedQueue(Math.max(1, socket.options.sendHighWaterMark), "drop-newest");
    socket.onWritable = () => this.drain();
  }

  /** Events dropped because the reader fell more than a high-water mark behind. */
  get dropped(): number {
    return this.backlog.dropped;
  }

  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean): void {
    if (this.stopped || (this.mask & event) === 0) return;
    let msg: Buffer[];
    if (this.version === 1) msg = encodeV1(event, value, bindSide ? local : remote);
    else if (this.version === 2) msg = encodeV2(event, [value], local, remote);
    else return; // libzmq accepts other versions and then sends nothing.
    this.send(msg);
  }

  /** Sends a v2 message with several values (PIPES_STATS). */
  deliverValues(event: number, values: readonly (number | bigint)[], local: string, remote: string): void {
    if (this.stopped || (this.mask & event) === 0 || this.version !== 2) return;
    this.send(encodeV2(event, values, local, remote));
  }

  private send(msg: Buffer[]): void {
    // A PUB monitor never waits: it drops when nobody subscribes, exactly as libzmq's.
    if (this.socket.type === 1) {
      this.socket.trySend(msg);
      return;
    }
    if (this.backlog.length === 0 && this.socket.trySend(msg)) return;
    this.backlog.push(msg);
  }

  private drain(): void {
    for (let msg = this.backlog.peek(); msg !== undefined && this.socket.trySend(msg); msg = this.backlog.peek()) {
      this.backlog.shift();
    }
  }

  socketClosed(): void {
    this.stop();
  }

  /** MONITOR_STOPPED (if selected), then the monitor socket closes; queued events stay readable. */
  stop(): void {
    if (this.stopped) return;
    if (this.mask & EVENT_MONITOR_STOPPED) {
      if (this.version === 1) this.send(encodeV1(EVENT_MONITOR_STOPPED, 0, ""));
      else if (this.version === 2) this.send(encodeV2(EVENT_MONITOR_STOPPED, [0], "", ""));
    }
    this.stopped = true;
    this.monitored.removeTap(this);
    if (this.backlog.length > 0) {
      // Nobody has read far enough yet: keep the socket until the backlog is handed over.
      const sock = this.socket;
      sock.onWritable = () => {
        this.drain();
        if (this.backlog.length === 0) sock.close();
      };
      // The reader may never come; do not hold anything alive for it.
      return;
    }
    this.socket.close();
  }
}

const active = new WeakMap<SocketBase, SocketMonitor>();

/**
 * zmq_socket_monitor_pipes_stats: one PIPES_STATS event (v2: outbound and inbound queue counts)
 * per pipe of the socket, delivered on the next turn of the event loop. EINVAL when the active
 * monitor does not select PIPES_STATS (or none is active), EAGAIN when the socket has no pipes.
 */
export function pipesStatsCore(core: SocketBase): void {
  if (core.closed) throw zmqError("ENOTSOCK");
  const mon = active.get(core);
  if (!mon || (mon.mask & EVENT_PIPES_STATS) === 0) throw zmqError("EINVAL");
  const stats = core.pipeStats();
  if (stats.length === 0) throw zmqError("EAGAIN");
  setImmediate(() => {
    for (const s of stats) {
      mon.deliverValues(EVENT_PIPES_STATS, [s.outbound, s.inbound], s.local, s.remote);
      // Other taps (watchers) see the statistics too, with both values.
      core.event(EVENT_PIPES_STATS, s.outbound, s.local, s.remote, s.bindSide, { values: [s.outbound, s.inbound] });
    }
  });
}

/** The monitor currently attached to a socket (for its drop counter), if any. */
export function activeMonitor(core: SocketBase): SocketMonitor | undefined {
  return active.get(core);
}

/**
 * zmq_socket_monitor_versioned on a socket core, following libzmq's order of checks:
 * ETERM, version-1 mask, null endpoint (stop), URI syntax (EINVAL), scheme (EPROTONOSUPPORT),
 * stop the previous monitor, monitor type (EINVAL), then bind (e.g. EADDRINUSE).
 */
export function monitorCore(
  core: SocketBase,
  endpoint: string | null,
  events: number,
  version: number,
  type: number,
): void {
  if (core.ctx.terminated) throw zmqError("ETERM");
  if (core.closed) throw zmqError("ENOTSOCK");
  if (!Number.isInteger(events) || events < 0 || (version === 1 && events > 0xffff)) throw zmqError("EINVAL");
  if (endpoint === null || endpoint === undefined) {
    active.get(core)?.stop();
    active.delete(core);
    return;
  }
  const { scheme } = splitUri(endpoint);
  if (scheme !== "inproc") {
    // Any scheme is rejected here; unknown ones would be too.
    throw zmqError("EPROTONOSUPPORT", undefined, endpoint);
  }
  parseEndpoint(endpoint, true);
  const previous = active.get(core);
  if (previous) {
    previous.stop();
    active.delete(core);
  }
  if (!MONITOR_TYPES.has(type)) throw zmqError("EINVAL");
  const sock =
    type === 8 ? new PushSocket(core.ctx) : type === 1 ? new XPubSocket(core.ctx, true) : new PairSocket(core.ctx);
  sock.options.linger = 0;
  try {
    sock.bindInproc(endpoint);
  } catch (err) {
    sock.close();
    throw err;
  }
  const mon = new SocketMonitor(core, events, version, sock);
  active.set(core, mon);
  core.addTap(mon);
}
