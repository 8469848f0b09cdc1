import type { Socket as V6Socket } from "../api/socket.js";
import { BindQueue } from "./bind-queue.js";
import type { SocketEvents, V5MonitorEvent } from "./events.js";
import { MonitorBridge, type MonitorHost } from "./monitor-bridge.js";
import { Outbox, type OutboxHost } from "./outbox.js";
import { Receiver, type ReceiverHost } from "./receiver.js";

/** Emits an event of the compat socket now; a listener's exception propagates to the caller. */
export type Emit = <K extends keyof SocketEvents>(name: K, ...args: SocketEvents[K]) => void;

/**
 * The inside of a v5 socket: its v6 socket, its state flags, and its parts (bind queue,
 * outbox, receiver, monitor bridge), which read the flags from here.
 */
export class CompatState implements OutboxHost, ReceiverHost, MonitorHost {
  paused = false;
  /** `close()` was called. */
  closing = false;
  readonly binds = new BindQueue();
  readonly outbox: Outbox;
  readonly receiver: Receiver;
  readonly monitor: MonitorBridge;

  constructor(
    readonly zmq: V6Socket,
    private readonly emit: Emit,
  ) {
    this.outbox = new Outbox(this);
    this.receiver = new Receiver(this);
    this.monitor = new MonitorBridge(this);
  }

  /** Closed by `close()` or by the context. */
  get closed(): boolean {
    return this.closing || this.zmq.closed;
  }

  get blocked(): Promise<void> | null {
    return this.binds.blocked;
  }

  sent(): Promise<void> {
    return this.outbox.sent();
  }

  /** On a tick of its own, as every event but `message` (see {@link emitMessage}). */
  emitError(err: Error): void {
    process.nextTick(() => this.emit("error", err));
  }

  /**
   * Called on a tick of the message's own: a listener's exception leaves that tick as an
   * uncaught exception, before the next message is emitted (as in the binding).
   */
  emitMessage(frames: Buffer[]): void {
    this.emit("message", ...frames);
  }

  emitMonitorEvent(ev: V5MonitorEvent): void {
    process.nextTick(() => this.emit(ev.name, ...ev.args));
  }
}
