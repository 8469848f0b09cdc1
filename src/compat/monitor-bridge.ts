import type { Event, Observer } from "../api/observer.js";
import { toV5Event, type V5MonitorEvent } from "./events.js";
import { toError } from "./types.js";

/** What the bridge reads from its compat socket. */
export interface MonitorHost {
  readonly closed: boolean;
  emitMonitorEvent(event: V5MonitorEvent): void;
  emitError(err: Error): void;
}

/**
 * v5 `monitor()` over the v6 `socket.events`: reads them as they happen and, while monitoring,
 * emits each under its v5 name; events read while not monitoring are dropped.
 */
export class MonitorBridge {
  readonly #host: MonitorHost;
  #monitoring = false;
  #running = false;

  constructor(host: MonitorHost) {
    this.#host = host;
  }

  /** Starts emitting, and reading the event stream if that is not running yet. */
  start(events: Observer): void {
    this.#monitoring = true;
    if (!this.#running) {
      this.#running = true;
      void this.#read(events);
    }
  }

  /** Stops emitting (the stream is still read, and what it yields dropped). */
  stop(): void {
    this.#monitoring = false;
  }

  /** Reads `events` until `end`, emitting v5 monitor events while monitoring. */
  async #read(events: Observer): Promise<void> {
    try {
      while (!events.closed) {
        let ev: Event;
        try {
          ev = await events.receive();
        } catch (err) {
          if (!this.#host.closed && !events.closed) this.#host.emitError(toError(err));
          return;
        }
        if (ev.type === "end") return;
        if (!this.#monitoring) continue;
        const v5 = toV5Event(ev);
        if (v5) this.#host.emitMonitorEvent(v5);
      }
    } finally {
      this.#running = false;
    }
  }
}
