/**
 * The zeromq v5 `Socket`: an EventEmitter with callback-style bind/unbind, fire-and-forget
 * `send` (with ZMQ_SNDMORE accumulation), `message` events, pause/resume, get/setsockopt and
 * v5-named monitor events, built on a zeromq v6 socket of the matching class. The send side,
 * the receive side and the monitor bridge are parts of their own (outbox, receiver,
 * monitor-bridge); this class owns their order.
 */
import { EventEmitter } from "node:events";
import type { MessageLike } from "../api/socket.js";
import { errorCode, zmqError } from "../errors.js";
import { ZMQ_SNDMORE } from "./constants.js";
import type { SocketEvents } from "./events.js";
import { findOption, isOptionName, isSubscriber, type OptionInput, type OptionValue } from "./options.js";
import type { ShortOptionName } from "./options.js";
import { installOptionProperties, type OptionProperties } from "./properties.js";
import { CompatState } from "./state.js";
import { createV6Socket, receives, toError, type Callback, type SocketType } from "./types.js";

export type { Callback, SocketType } from "./types.js";

/** Options for {@link createSocket}: option names (as for `setsockopt`) and their values. */
export type SocketOptions = { [K in ShortOptionName]?: OptionInput } & { readonly [name: string]: unknown };

/**
 * A zeromq v5 socket (the `zmq.socket()` object of the v5 binding) over a zeromq v6 socket.
 *
 * Messages are delivered as `message` events with one Buffer argument per frame, from the
 * moment the socket is created (except for "pub" and "push", which cannot receive). `send`
 * queues and never throws for delivery problems: failures go to the callback, or else to an
 * `error` event. `bind`/`unbind` are asynchronous (zmq_bind/zmq_unbind) and report to their
 * callback and through `bind`/`unbind` events. After `monitor()`, zmq_socket_monitor events
 * are emitted under their v5 names with listener arguments `(value, address, error)`.
 * Events are emitted each on a tick of its own, so an exception thrown by a listener (or a
 * bind/unbind callback) is an uncaught exception of that tick, raised before the next event.
 */
export class Socket extends EventEmitter<SocketEvents> {
  /** The v5 type name this socket was created with. */
  readonly type: SocketType;

  #s: CompatState;
  #receives: boolean;

  /**
   * zmq_socket: creates a socket of the given v5 type on the default context. Throws for an
   * unknown type, or for a type whose zeromq v6 class zmtp does not have yet.
   */
  constructor(type: SocketType) {
    super();
    this.#s = new CompatState(createV6Socket(type), (name, ...args) => this.#emit(name, ...args));
    this.type = type;
    this.#receives = receives(type);
    if (this.#receives) this.#s.receiver.start();
  }

  /** True once `close()` was called (or the socket's context was terminated). */
  get closed(): boolean {
    return this.#s.closed;
  }

  /**
   * zmq_bind, asynchronously. On success emits `bind` with the address, then calls `cb()`; on
   * failure calls `cb(err)` (with `code`, `errno` and `address`), or emits `error` if there is
   * no callback. Throws EBADF at once if the socket is closed.
   */
  bind(address: string, cb?: Callback): this {
    this.#checkOpen();
    this.#s.binds
      .exclusive(() => this.#s.zmq.bind(address))
      .then(
        () => this.#settled("bind", address, cb),
        (err: unknown) => this.#report(toError(err), cb),
      );
    return this;
  }

  /**
   * zmq_unbind, asynchronously: emits `unbind` and calls `cb()` on success, `cb(err)` (or an
   * `error` event) on failure, e.g. ENOENT for an address that is not bound.
   */
  unbind(address: string, cb?: Callback): this {
    this.#checkOpen();
    this.#s.binds
      .exclusive(() => this.#s.zmq.unbind(address))
      .then(
        () => this.#settled("unbind", address, cb),
        (err: unknown) => this.#report(toError(err), cb),
      );
    return this;
  }

  /**
   * zmq_bind, synchronously: errors are thrown. inproc:// endpoints are bound at once. For
   * tcp:// and ipc://, whose listening is asynchronous in Node, the bind is started and the
   * method returns; operations issued meanwhile are queued behind it, and a failure is emitted
   * as an `error` event (the listening endpoint, e.g. for `last_endpoint`, is known once the
   * `listen` monitor event has fired).
   */
  bindSync(address: string): void {
    this.#checkOpen();
    if (!this.#s.binds.blocked) {
      try {
        this.#s.zmq.bindSync(address);
        return;
      } catch (err) {
        const code = errorCode(err);
        const asyncOnly = (code === "EPROTONOSUPPORT" || code === "ENOTSUP") && /^(tcp|ipc):\/\//.test(address);
        if (!asyncOnly) throw err;
      }
    }
    this.#s.binds.exclusive(() => this.#s.zmq.bind(address)).catch((err: unknown) => this.#report(toError(err)));
  }

  /** zmq_unbind, synchronously (errors such as ENOENT are thrown). */
  unbindSync(address: string): void {
    this.#checkOpen();
    if (this.#s.binds.blocked) {
      this.#s.binds.exclusive(() => this.#s.zmq.unbind(address)).catch((err: unknown) => this.#report(toError(err)));
    } else {
      this.#s.zmq.unbindSync(address);
    }
  }

  /** zmq_connect. Errors (EINVAL, EPROTONOSUPPORT) are thrown, unless a bind is still pending. */
  connect(address: string): this {
    this.#checkOpen();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    this.#whenIdle(() => this.#s.zmq.connect(address));
    return this;
  }

  /** zmq_disconnect. ENOENT is thrown for an address that is not connected. */
  disconnect(address: string): this {
    this.#checkOpen();
    this.#whenIdle(() => this.#s.zmq.disconnect(address));
    return this;
  }

  /**
   * zmq_send. `message` is one frame or an array of frames (a multipart message). With
   * ZMQ_SNDMORE in `flags` the frames are kept and sent together with those of the next call
   * without the flag. `cb` (which may also be given in place of `flags`) is called once the
   * whole message has been queued for delivery, or with the error if it could not be; without
   * a callback a failure is emitted as `error`. Messages are sent in order; while the socket is
   * paused they wait.
   */
  send(message: MessageLike | MessageLike[], flags?: number | null | Callback, cb?: Callback): this {
    if (typeof flags === "function") {
      cb = flags;
      flags = 0;
    }
    this.#s.outbox.add(message, ((flags ?? 0) & ZMQ_SNDMORE) !== 0, cb);
    return this;
  }

  /** Not available in the compatibility layer: listen to `message` events instead. */
  read(): never {
    throw new Error("read() has been removed from compatibility mode; use on('message', ...) instead.");
  }

  /**
   * Stops delivering `message` events and sending queued messages until `resume()`. Messages
   * stay in the socket's queues meanwhile (at most one more is read and kept).
   */
  pause(): void {
    this.#s.paused = true;
  }

  /** Delivers the messages kept while paused, then resumes receiving and sending. */
  resume(): void {
    this.#s.paused = false;
    this.#s.receiver.drainLater();
    if (this.#receives) this.#s.receiver.start();
    this.#s.outbox.flush();
  }

  /**
   * zmq_close. Idempotent. Messages already handed to the socket are delivered per ZMQ_LINGER;
   * callbacks of messages still waiting here are called with an error (EBADF, or EAGAIN for
   * the one being sent), and no more events are emitted.
   */
  close(): this {
    if (this.#s.closing) return this;
    this.#s.closing = true;
    this.#s.zmq.close();
    this.#s.receiver.close();
    this.#s.outbox.close();
    return this;
  }

  /**
   * zmq_socket_monitor for all events: from now on the socket emits `connect`, `connect_delay`,
   * `connect_retry`, `listen`, `bind_error`, `accept`, `accept_error`, `close`, `close_error` and
   * `disconnect` with listener arguments `(value, address, error)`. Events are read as they
   * happen, so `interval` and `num` (the v5 polling parameters) are not needed and ignored
   * (with zeromq's process warning when given).
   * Events recorded since the socket's creation and not yet reported are delivered too.
   * Throws ENOTSOCK on a closed socket.
   */
  monitor(interval?: number, num?: number): this {
    if (interval || num) {
      process.emitWarning(
        "Arguments to monitor() are ignored in compatibility mode; all events are read automatically",
      );
    }
    if (this.closed) throw zmqError("ENOTSOCK");
    this.#s.monitor.start(this.#s.zmq.events);
    return this;
  }

  /** Stops emitting monitor events (they are discarded until the next `monitor()`). */
  unmonitor(): this {
    this.#s.monitor.stop();
    return this;
  }

  /** ZMQ_SUBSCRIBE on a "sub" socket: receive messages starting with `filter` ("" = all). */
  subscribe(filter: string | Buffer): this {
    if (!isSubscriber(this.#s.zmq)) throw new Error("Subscriber socket required");
    this.#s.zmq.subscribe(filter);
    return this;
  }

  /** ZMQ_UNSUBSCRIBE on a "sub" socket: removes a filter given to `subscribe`. */
  unsubscribe(filter: string | Buffer): this {
    if (!isSubscriber(this.#s.zmq)) throw new Error("Subscriber socket required");
    this.#s.zmq.unsubscribe(filter);
    return this;
  }

  /**
   * zmq_setsockopt. `option` is a libzmq option id (`zmq.ZMQ_LINGER`), a libzmq name
   * ("ZMQ_LINGER") or a short name ("linger", see `zmq.options`). Boolean options take 0/1 or
   * booleans. Throws "Unknown option" for an unknown option, and EINVAL for one this socket
   * does not have.
   */
  setsockopt(option: number | string, value: OptionInput): this {
    findOption(option).set(this.#s.zmq, value);
    return this;
  }

  /** zmq_getsockopt, with options named as for `setsockopt`. Boolean options read as 0/1. */
  getsockopt(option: number | string): OptionValue {
    return findOption(option).get(this.#s.zmq);
  }

  #checkOpen(): void {
    if (this.closed) throw zmqError("EBADF");
  }

  #whenIdle(fn: () => void): void {
    this.#s.binds.whenIdle(
      fn,
      () => this.closed,
      (err) => this.#report(err),
    );
  }

  /**
   * A bind or unbind succeeded: the event, then the callback, each on a tick of its own (so an
   * exception from either is an uncaught exception of its tick and the other still runs).
   */
  #settled(name: "bind" | "unbind", address: string, cb?: Callback): void {
    process.nextTick(() => this.#emit(name, address));
    if (cb) process.nextTick(() => cb());
  }

  /** An error to the callback, or as an `error` event when there is none (not after close); on a tick of its own. */
  #report(err: Error, cb?: Callback): void {
    if (cb) process.nextTick(() => cb(err));
    else if (!this.#s.closing) process.nextTick(() => this.#emit("error", err));
  }

  #emit<K extends keyof SocketEvents>(name: K, ...args: SocketEvents[K]): void {
    (this.emit as (name: K, ...args: SocketEvents[K]) => boolean)(name, ...args);
  }
}

/** The socket options as properties (derived from the option table; see {@link OptionProperties}). */
export interface Socket extends OptionProperties {}
installOptionProperties(Socket.prototype);

/**
 * zmq_socket, v5 style: creates a socket of the given type and assigns `options` to it, as
 * zeromq's v5-compat does: an option name goes through its property (so through `setsockopt`,
 * e.g. `{linger: 0, identity: "a"}`), anything else becomes a plain property (a name that would
 * replace a method or field of the socket is refused). If an option is rejected the socket is
 * closed and the error thrown.
 */
export function createSocket(type: SocketType, options: SocketOptions = {}): Socket {
  const sock = new Socket(type);
  try {
    for (const [key, value] of Object.entries(options)) {
      if (isOptionName(key) && key in sock) (sock as unknown as Record<string, unknown>)[key] = value;
      else if (isOptionName(key)) sock.setsockopt(key, value as OptionInput);
      else if (key in sock) throw new TypeError(`"${key}" is not a socket option`);
      else (sock as unknown as Record<string, unknown>)[key] = value;
    }
  } catch (err) {
    sock.close();
    throw err;
  }
  return sock;
}
