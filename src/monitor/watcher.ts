import { hold, release } from "../keepalive.js";
import type { EventTap, SocketBase } from "../socket/base.js";
import { toDetailedEvent, type DetailedEvent } from "./detailed.js";
import { EVENT_MONITOR_STOPPED } from "../events/events.js";
import type { EventDetail } from "../events/sink.js";

/**
 * A typed, detailed event stream of one socket for operators: `for await`, or `next()`.
 * Bounded: when the reader falls `limit` events behind, the oldest are dropped and counted in
 * `dropped`, so a watcher nobody reads never stalls or grows the socket. Ends with
 * MONITOR_STOPPED when the socket closes or `close()` is called.
 */
export class EventWatcher implements EventTap, AsyncIterable<DetailedEvent> {
  private readonly queue: DetailedEvent[] = [];
  private waiter: ((ev: DetailedEvent | null) => void) | null = null;
  private ended = false;
  /** Events dropped because the reader was more than `limit` behind. */
  dropped = 0;

  constructor(
    private core: SocketBase | null,
    readonly limit = 1000,
  ) {
    core?.addTap(this);
  }

  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void {
    if (this.ended) return;
    this.push(toDetailedEvent(event, value, local, remote, bindSide, detail));
  }

  socketClosed(): void {
    this.close();
  }

  /** Stops watching; MONITOR_STOPPED is the last event delivered. */
  close(): void {
    if (this.ended) return;
    this.push(toDetailedEvent(EVENT_MONITOR_STOPPED, 0, "", "", false, undefined));
    this.ended = true;
    this.core?.removeTap(this);
    this.core = null;
  }

  private push(ev: DetailedEvent): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      release();
      w(ev);
      return;
    }
    if (this.queue.length >= this.limit) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push(ev);
  }

  /** The next event, or null once MONITOR_STOPPED has been read. */
  next(): Promise<DetailedEvent | null> {
    const ev = this.queue.shift();
    if (ev) return Promise.resolve(ev);
    if (this.ended) return Promise.resolve(null);
    // Someone is waiting for an event: keep the process alive meanwhile (as a pending receive does).
    hold();
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<DetailedEvent, void, undefined> {
    for (;;) {
      const ev = await this.next();
      if (ev === null) return;
      yield ev;
      if (ev.type === "MONITOR_STOPPED") return;
    }
  }
}
