import { zmqError } from "../errors.js";
import { EVENT_MONITOR_STOPPED } from "../events/events.js";
import type { EventDetail } from "../events/sink.js";
import type { EventTap, SocketBase } from "../socket/base.js";
import { BoundedQueue } from "../util/bounded-queue.js";
import { Waiter } from "../util/waiter.js";
import { toDetailedEvent, type DetailedEvent } from "./detailed.js";

/**
 * A typed, detailed event stream of one socket for operators: `for await`, or `next()`.
 * Bounded: when the reader falls `limit` events behind, the oldest are dropped and counted in
 * `dropped`, so a watcher nobody reads never stalls or grows the socket. Ends with
 * MONITOR_STOPPED when the socket closes or `close()` is called.
 */
export class EventWatcher implements EventTap, AsyncIterable<DetailedEvent> {
  readonly #queue: BoundedQueue<DetailedEvent>;
  readonly #waiter = new Waiter<DetailedEvent>();
  #ended = false;
  #core: SocketBase | null;

  /** @param limit events kept for a reader that falls behind (an integer >= 1) */
  constructor(core: SocketBase | null, limit = 1000) {
    this.#queue = new BoundedQueue(limit, "drop-oldest");
    this.#core = core;
    core?.addTap(this);
  }

  /** Events kept for a reader that falls behind. */
  get limit(): number {
    return this.#queue.limit;
  }

  /** Events dropped because the reader was more than `limit` behind. */
  get dropped(): number {
    return this.#queue.dropped;
  }

  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void {
    if (this.#ended) return;
    this.#push(toDetailedEvent(event, value, local, remote, bindSide, detail));
  }

  socketClosed(): void {
    this.close();
  }

  /** Stops watching; MONITOR_STOPPED is the last event delivered. */
  close(): void {
    if (this.#ended) return;
    this.#push(toDetailedEvent(EVENT_MONITOR_STOPPED, 0, "", "", false, undefined));
    this.#ended = true;
    this.#core?.removeTap(this);
    this.#core = null;
  }

  #push(ev: DetailedEvent): void {
    if (!this.#waiter.resolve(ev)) this.#queue.push(ev);
  }

  /**
   * The next event, or null once MONITOR_STOPPED has been read. One read at a time, as for
   * `socket.events.receive()`: a second call while one is pending throws EBUSY (`for await`
   * never does that).
   */
  next(): Promise<DetailedEvent | null> {
    if (this.#waiter.pending) {
      throw zmqError("EBUSY", "Watcher is busy reading; only one next() may be in progress at any time");
    }
    const ev = this.#queue.shift();
    if (ev) return Promise.resolve(ev);
    if (this.#ended) return Promise.resolve(null);
    return this.#waiter.wait();
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
