import { EventEmitter } from "node:events";
import { constants as osConstants } from "node:os";
import { zmqError, type ErrnoError } from "../errors.js";
import * as E from "../events/events.js";
import { checkArguments, invalidObject } from "./args.js";
import { findSocketState } from "./core.js";
import type { EventTap, SocketBase } from "../socket/base.js";
import { BoundedQueue } from "../util/bounded-queue.js";
import { Waiter } from "../util/waiter.js";

/** A handshake failed for a ZAP status (HANDSHAKE_FAILED_AUTH). */
export interface AuthError extends Error {
  status: 300 | 400 | 500;
}
/** A handshake failed on a protocol error (HANDSHAKE_FAILED_PROTOCOL); `code` is `ERR_<PROTOCOL_ERROR name>`. */
export interface ProtoError extends Error {
  code: string;
}

/** The zeromq v6 event union (`socket.events`), discriminated by `type`. */
export type Event =
  | { type: "connect"; address: string }
  | { type: "connect:delay"; address: string }
  | { type: "connect:retry"; address: string; interval: number }
  | { type: "bind"; address: string }
  | { type: "bind:error"; address: string; error: ErrnoError }
  | { type: "accept"; address: string }
  | { type: "accept:error"; address: string; error: ErrnoError }
  | { type: "close"; address: string }
  | { type: "close:error"; address: string; error: ErrnoError }
  | { type: "disconnect"; address: string }
  | { type: "end" }
  | { type: "handshake"; address: string }
  | { type: "handshake:error:protocol"; address: string; error: ProtoError }
  | { type: "handshake:error:auth"; address: string; error: AuthError }
  | { type: "handshake:error:other"; address: string; error: ErrnoError }
  | { type: "unknown"; address?: string };

export type EventType = Event["type"];
export type EventOfType<T extends EventType = EventType> = Extract<Event, { type: T }>;

const ERRNO_NAMES: Record<number, string> = {};
for (const [name, n] of Object.entries(osConstants.errno as Record<string, number>)) {
  if (!(n in ERRNO_NAMES)) ERRNO_NAMES[n] = name;
}

function errnoError(errno: number): ErrnoError {
  const code = ERRNO_NAMES[errno] ?? "UNKNOWN";
  const err = zmqError(code);
  err.errno = errno;
  return err;
}

const AUTH_MESSAGES: Record<number, string> = {
  300: "Temporary error",
  400: "Authentication failure",
  500: "Internal error",
};

/** Builds the v6 event object from a raw event; `address` is left out when empty. */
export function toEvent(event: number, value: number, endpoint: string): Event {
  const a = endpoint === "" ? {} : { address: endpoint };
  const ev = (type: string, extra: object = {}) => ({ type, ...a, ...extra }) as Event;
  switch (event) {
    case E.EVENT_CONNECTED:
      return ev("connect");
    case E.EVENT_CONNECT_DELAYED:
      return ev("connect:delay");
    case E.EVENT_CONNECT_RETRIED:
      return ev("connect:retry", { interval: value });
    case E.EVENT_LISTENING:
      return ev("bind");
    case E.EVENT_BIND_FAILED:
      return ev("bind:error", { error: errnoError(value) });
    case E.EVENT_ACCEPTED:
      return ev("accept");
    case E.EVENT_ACCEPT_FAILED:
      return ev("accept:error", { error: errnoError(value) });
    case E.EVENT_CLOSED:
      return ev("close");
    case E.EVENT_CLOSE_FAILED:
      return ev("close:error", { error: errnoError(value) });
    case E.EVENT_DISCONNECTED:
      return ev("disconnect");
    case E.EVENT_MONITOR_STOPPED:
      return { type: "end" };
    case E.EVENT_HANDSHAKE_FAILED_NO_DETAIL:
      return ev("handshake:error:other", { error: errnoError(value) });
    case E.EVENT_HANDSHAKE_SUCCEEDED:
      return ev("handshake");
    case E.EVENT_HANDSHAKE_FAILED_PROTOCOL: {
      const name = E.PROTOCOL_ERROR_NAMES[value];
      const err = new Error(name?.startsWith("ZAP") ? "ZAP protocol error" : "ZMTP protocol error") as ProtoError;
      err.code = name ? `ERR_${name}` : "ERR_UNKNOWN";
      return ev("handshake:error:protocol", { error: err });
    }
    case E.EVENT_HANDSHAKE_FAILED_AUTH: {
      const err = new Error(AUTH_MESSAGES[value] ?? "Authentication failure") as AuthError;
      err.status = value as 300 | 400 | 500;
      return ev("handshake:error:auth", { error: err });
    }
    default:
      return ev("unknown");
  }
}

/** Events kept for an observer nobody reads yet; beyond this the oldest are dropped (and counted). */
const BUFFER_LIMIT = 1000;

/**
 * An event as the feed keeps it: numbers and a string. The v6 object (with its Error) is built
 * when read: an Error made while the engine reports a failure would capture a stack trace whose
 * frames keep the closed connection's engine, stream and buffers alive for as long as the event
 * waits unread.
 */
export interface RawEvent {
  readonly event: number;
  readonly value: number;
  readonly endpoint: string;
}

const END: RawEvent = { event: E.EVENT_MONITOR_STOPPED, value: 0, endpoint: "" };

/** The v6 event object for a kept event. */
export function readEvent(raw: RawEvent): Event {
  return toEvent(raw.event, raw.value, raw.endpoint);
}

/**
 * The event feed of one socket, recording from the socket's creation so that no event is lost
 * before the first access to `socket.events` (the binding loses them). Bounded: when nobody
 * reads, the oldest events are dropped and counted in `dropped`. An event arriving while the
 * observer waits goes straight to it.
 */
export class EventFeed implements EventTap {
  readonly queue = new BoundedQueue<RawEvent>(BUFFER_LIMIT, "drop-oldest");
  readonly waiter = new Waiter<RawEvent>();
  ended = false;

  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean): void {
    if (this.ended) return;
    this.#push({ event, value, endpoint: bindSide ? local : remote });
  }

  socketClosed(): void {
    if (this.ended) return;
    this.#push(END);
    this.ended = true;
  }

  #push(ev: RawEvent): void {
    if (!this.waiter.resolve(ev)) this.queue.push(ev);
  }
}

const feeds = new WeakMap<SocketBase, EventFeed>();

/** @internal Records a socket's events from now on (called when the socket is created). */
export function recordEvents(core: SocketBase): void {
  const feed = new EventFeed();
  feeds.set(core, feed);
  core.addTap(feed);
}

/** What an Observer watches: a socket of the v6 API. */
export interface ObservedSocket {
  readonly events: Observer;
}

/**
 * zeromq v6's `Observer` (`socket.events`): `receive()`, `for await`, or `on`/`off` (emitter
 * mode), ending with an `end` event when the socket closes. Closing the observer ends a running
 * `for await` cleanly instead of throwing. An exception thrown by an `on()` listener is
 * re-thrown on the next tick (an uncaught exception, as from any EventEmitter listener) and the
 * feed keeps running.
 */
export class Observer {
  #feed: EventFeed;
  #core: SocketBase | null;
  #closed = false;
  #emitter: EventEmitter | null = null;

  /**
   * Observes `socket` (usually reached as `socket.events`). Throws TypeError for a missing
   * argument or one that is not an object, Error "Invalid argument" for an object that is not
   * a socket, ENOTSOCK for a closed socket.
   */
  constructor(socket: ObservedSocket) {
    const state = findSocketState(socket);
    if (!state) throw invalidObject();
    if (state.closed) throw zmqError("ENOTSOCK");
    this.#core = state.core;
    this.#feed = feeds.get(state.core)!;
  }

  /** True once the observer has been closed or has delivered `end`. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Events dropped because nobody read them (bounded buffer of 1000). */
  get dropped(): number {
    return this.#feed.queue.dropped;
  }

  /** Resolves with the next event; rejects ENOTSOCK when the observer is closed while waiting, throws EBADF once closed. */
  receive(): Promise<Event> {
    if (this.#emitter) {
      throw new Error(
        "Observer is in event emitter mode. After a call to events.on() it is not possible to read events with events.receive().",
      );
    }
    return this.#next();
  }

  /** The next event; EBADF (thrown) once closed, as the binding's native receive. */
  #next(): Promise<Event> {
    if (this.#closed) throw zmqError("EBADF");
    const feed = this.#feed;
    if (feed.waiter.pending) {
      throw zmqError("EBUSY", "Observer is busy reading; only one receive operation may be in progress at any time");
    }
    const now = feed.queue.shift();
    if (now) return Promise.resolve(this.#took(readEvent(now)));
    return feed.waiter.wait().then((raw) => this.#took(readEvent(raw)));
  }

  /** Reading `end` closes the observer before the reader sees it. */
  #took(ev: Event): Event {
    if (ev.type === "end") this.close();
    return ev;
  }

  /** Emitter mode: listen for one event type. Returns the internal EventEmitter, as the binding. */
  on<T extends EventType>(type: T, listener: (data: EventOfType<T>) => void): EventEmitter {
    const em = this.#emitter ?? this.#startEmitter();
    em.on(type, listener as (data: unknown) => void);
    return em;
  }

  off<T extends EventType>(type: T, listener: (data: EventOfType<T>) => void): EventEmitter {
    const em = this.#emitter ?? this.#startEmitter();
    em.off(type, listener as (data: unknown) => void);
    return em;
  }

  #startEmitter(): EventEmitter {
    const em = new EventEmitter();
    this.#emitter = em;
    const loop = async () => {
      while (!this.#closed) {
        let ev: Event;
        try {
          ev = await this.#next();
        } catch {
          return;
        }
        emitRethrowing(em, ev);
      }
    };
    void loop();
    return em;
  }

  /** Stops observing. A pending receive rejects with ENOTSOCK (as in the binding); `for await` ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#core) this.#core.removeTap(this.#feed);
    this.#core = null;
    this.#feed.waiter.reject(zmqError("ENOTSOCK"));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined> {
    while (!this.#closed) {
      try {
        yield await this.receive();
      } catch (err) {
        if (this.#closed) return;
        throw err;
      }
    }
  }
}

/**
 * Emits one event to the user's listeners. A listener that throws must neither stop the feed
 * nor vanish: its exception is re-thrown on the next tick, outside our state changes, where it
 * reaches `uncaughtException` like an exception from any other emitter.
 */
function emitRethrowing(em: EventEmitter, ev: Event): void {
  try {
    em.emit(ev.type, ev);
  } catch (err) {
    process.nextTick(() => {
      throw err;
    });
  }
}

checkArguments(Observer.prototype, { receive: [], close: [] });
