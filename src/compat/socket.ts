/**
 * The zeromq v5 `Socket`: an EventEmitter with callback-style bind/unbind, fire-and-forget
 * `send` (with ZMQ_SNDMORE accumulation), `message` events, pause/resume, get/setsockopt and
 * v5-named monitor events, built on a zeromq v6 socket of the matching class.
 */
import { EventEmitter } from "node:events";
import { Socket as V6Socket, type MessageLike } from "../api/socket.js";
import * as v6 from "../api/sockets.js";
import { errorCode, zmqError } from "../errors.js";
import type { Event, Observer } from "../index.js";
import { ZMQ_SNDMORE } from "./constants.js";
import { toV5Event, type SocketEvents } from "./events.js";
import {
  findOption,
  isOptionName,
  isSubscriber,
  PROPERTY_OPTION_NAMES,
  type OptionInput,
  type OptionValue,
  type ShortOptionName,
} from "./options.js";

/** The socket type names of the v5 API (`zmq.socket(type)`), as libzmq's type names in lower case. */
export type SocketType =
  | "pair"
  | "req"
  | "rep"
  | "pub"
  | "sub"
  | "dealer"
  | "xreq"
  | "router"
  | "xrep"
  | "pull"
  | "push"
  | "xpub"
  | "xsub"
  | "stream";

/** Callback of `bind`, `unbind` and `send`: no argument on success, the error on failure. */
export type Callback = (error?: Error) => void;

/** Options for {@link createSocket}: option names (as for `setsockopt`) and their values. */
export type SocketOptions = { [K in ShortOptionName]?: OptionInput } & { readonly [name: string]: unknown };

/** The zeromq v6 class behind each v5 type name. */
const V6_CLASS: Readonly<Record<SocketType, string>> = {
  pair: "Pair",
  req: "Request",
  rep: "Reply",
  pub: "Publisher",
  sub: "Subscriber",
  dealer: "Dealer",
  xreq: "Dealer",
  router: "Router",
  xrep: "Router",
  pull: "Pull",
  push: "Push",
  xpub: "XPublisher",
  xsub: "XSubscriber",
  stream: "Stream",
};

/** Types that cannot receive: no `message` loop runs for them (it would only keep the process alive). */
const SEND_ONLY: ReadonlySet<SocketType> = new Set<SocketType>(["pub", "push"]);

function createV6Socket(type: string): V6Socket {
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(V6_CLASS, type)) {
    throw new Error(`Invalid socket type: ${String(type)}`);
  }
  const className = V6_CLASS[type as SocketType];
  const ctor = (v6 as unknown as Readonly<Record<string, unknown>>)[className];
  if (typeof ctor !== "function" || !((ctor as { prototype: unknown }).prototype instanceof V6Socket)) {
    throw new Error(`Socket type "${type}" is not available: zmtp has no ${className} socket class yet`);
  }
  return new (ctor as new () => V6Socket)();
}

interface Outgoing {
  readonly frames: MessageLike[];
  readonly callbacks: Callback[];
}

const noop = (): void => {};

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Runs a user callback; an exception it throws becomes an uncaught exception, as in v5. */
function callSafely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    process.nextTick(() => {
      throw err;
    });
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A zeromq v5 socket (the `zmq.socket()` object of the v5 binding) over a zeromq v6 socket.
 *
 * Messages are delivered as `message` events with one Buffer argument per frame, from the
 * moment the socket is created (except for "pub" and "push", which cannot receive). `send`
 * queues and never throws for delivery problems: failures go to the callback, or else to an
 * `error` event. `bind`/`unbind` are asynchronous (zmq_bind/zmq_unbind) and report to their
 * callback and through `bind`/`unbind` events. After `monitor()`, zmq_socket_monitor events
 * are emitted under their v5 names with listener arguments `(value, address, error)`.
 */
export class Socket extends EventEmitter<SocketEvents> {
  /** The v5 type name this socket was created with. */
  readonly type: SocketType;

  #zmq: V6Socket;
  #receives: boolean;
  #paused = false;
  #closing = false;
  /** Parts given with ZMQ_SNDMORE, waiting for the final part. */
  #parts: MessageLike[] = [];
  #partCallbacks: Callback[] = [];
  /** Whole messages not yet handed to the v6 socket. */
  #outbox: Outgoing[] = [];
  /** Messages received while paused. */
  #inbox: Buffer[][] = [];
  /** Settles after the pending v6 bind/unbind calls (the v6 socket refuses other calls meanwhile). */
  #blocked: Promise<void> | null = null;
  /** The last v6 send handed over, until it settles. */
  #lastSend: Promise<void> | null = null;
  /** Set while the flush waits for the v6 socket to take more. */
  #flushWait: Promise<void> | null = null;
  #flushing = false;
  #receiving = false;
  #sentWaiters: Array<() => void> = [];
  #monitoring = false;
  #monitorRunning = false;

  /**
   * zmq_socket: creates a socket of the given v5 type on the default context. Throws for an
   * unknown type, or for a type whose zeromq v6 class zmtp does not have yet.
   */
  constructor(type: SocketType) {
    super();
    this.#zmq = createV6Socket(type);
    this.type = type;
    this.#receives = !SEND_ONLY.has(type);
    if (this.#receives) void this.#receiveLoop();
  }

  /** True once `close()` was called (or the socket's context was terminated). */
  get closed(): boolean {
    return this.#closing || this.#zmq.closed;
  }

  /**
   * zmq_bind, asynchronously. On success emits `bind` with the address, then calls `cb()`; on
   * failure calls `cb(err)` (with `code`, `errno` and `address`), or emits `error` if there is
   * no callback. Throws EBADF at once if the socket is closed.
   */
  bind(address: string, cb?: Callback): this {
    this.#checkOpen();
    this.#exclusive(() => this.#zmq.bind(address)).then(
      () => {
        this.#emitSafely("bind", address);
        if (cb) callSafely(() => cb());
      },
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
    this.#exclusive(() => this.#zmq.unbind(address)).then(
      () => {
        this.#emitSafely("unbind", address);
        if (cb) callSafely(() => cb());
      },
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
  bindSync(address: string): this {
    this.#checkOpen();
    if (!this.#blocked) {
      try {
        this.#zmq.bindSync(address);
        return this;
      } catch (err) {
        const code = errorCode(err);
        const asyncOnly = (code === "EPROTONOSUPPORT" || code === "ENOTSUP") && /^(tcp|ipc):\/\//.test(address);
        if (!asyncOnly) throw err;
      }
    }
    this.#exclusive(() => this.#zmq.bind(address)).catch((err: unknown) => this.#report(toError(err)));
    return this;
  }

  /** zmq_unbind, synchronously (errors such as ENOENT are thrown). */
  unbindSync(address: string): this {
    this.#checkOpen();
    if (this.#blocked) {
      this.#exclusive(() => this.#zmq.unbind(address)).catch((err: unknown) => this.#report(toError(err)));
    } else {
      this.#zmq.unbindSync(address);
    }
    return this;
  }

  /** zmq_connect. Errors (EINVAL, EPROTONOSUPPORT) are thrown, unless a bind is still pending. */
  connect(address: string): this {
    this.#checkOpen();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    this.#whenIdle(() => this.#zmq.connect(address));
    return this;
  }

  /** zmq_disconnect. ENOENT is thrown for an address that is not connected. */
  disconnect(address: string): this {
    this.#checkOpen();
    this.#whenIdle(() => this.#zmq.disconnect(address));
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
    if (Array.isArray(message)) this.#parts.push(...message);
    else this.#parts.push(message);
    if (cb) this.#partCallbacks.push(cb);
    if (((flags ?? 0) & ZMQ_SNDMORE) !== 0) return this;
    const item: Outgoing = { frames: this.#parts, callbacks: this.#partCallbacks };
    this.#parts = [];
    this.#partCallbacks = [];
    if (this.closed) {
      this.#abandon(item);
      return this;
    }
    this.#outbox.push(item);
    this.#flush();
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
    this.#paused = true;
  }

  /** Delivers the messages kept while paused, then resumes receiving and sending. */
  resume(): void {
    this.#paused = false;
    if (this.#inbox.length > 0) process.nextTick(() => this.#drainInbox());
    if (this.#receives) void this.#receiveLoop();
    this.#flush();
  }

  /**
   * zmq_close. Idempotent. Messages already handed to the socket are delivered per ZMQ_LINGER;
   * callbacks of messages still waiting here are called with an error (EBADF, or EAGAIN for
   * the one being sent), and no more events are emitted.
   */
  close(): this {
    if (this.#closing) return this;
    this.#closing = true;
    this.#zmq.close();
    const waiting = this.#outbox.splice(0);
    this.#parts = [];
    this.#partCallbacks = [];
    this.#inbox = [];
    for (const item of waiting) this.#abandon(item);
    this.#wakeSentWaiters();
    return this;
  }

  /**
   * zmq_socket_monitor for all events: from now on the socket emits `connect`, `connect_delay`,
   * `connect_retry`, `listen`, `bind_error`, `accept`, `accept_error`, `close`, `close_error` and
   * `disconnect` with listener arguments `(value, address, error)`. Events are read as they
   * happen, so `interval` and `num` (the v5 polling parameters) are not needed and ignored.
   * Events recorded since the socket's creation and not yet reported are delivered too.
   * Throws ENOTSOCK on a closed socket.
   */
  monitor(interval?: number, num?: number): this {
    void interval;
    void num;
    if (this.closed) throw zmqError("ENOTSOCK");
    const events = this.#zmq.events;
    this.#monitoring = true;
    if (!this.#monitorRunning) {
      this.#monitorRunning = true;
      void this.#readEvents(events);
    }
    return this;
  }

  /** Stops emitting monitor events (they are discarded until the next `monitor()`). */
  unmonitor(): this {
    this.#monitoring = false;
    return this;
  }

  /** ZMQ_SUBSCRIBE on a "sub" socket: receive messages starting with `filter` ("" = all). */
  subscribe(filter: string | Buffer): this {
    if (!isSubscriber(this.#zmq)) throw new Error("Subscriber socket required");
    this.#zmq.subscribe(filter);
    return this;
  }

  /** ZMQ_UNSUBSCRIBE on a "sub" socket: removes a filter given to `subscribe`. */
  unsubscribe(filter: string | Buffer): this {
    if (!isSubscriber(this.#zmq)) throw new Error("Subscriber socket required");
    this.#zmq.unsubscribe(filter);
    return this;
  }

  /**
   * zmq_setsockopt. `option` is a libzmq option id (`zmq.ZMQ_LINGER`), a libzmq name
   * ("ZMQ_LINGER") or a short name ("linger", see `zmq.options`). Boolean options take 0/1 or
   * booleans. Throws "Unknown option" for an unknown option, and EINVAL for one this socket
   * does not have.
   */
  setsockopt(option: number | string, value: OptionInput): this {
    findOption(option).set(this.#zmq, value);
    return this;
  }

  /** zmq_getsockopt, with options named as for `setsockopt`. Boolean options read as 0/1. */
  getsockopt(option: number | string): OptionValue {
    return findOption(option).get(this.#zmq);
  }

  // ---- internals ----

  #checkOpen(): void {
    if (this.closed) throw zmqError("EBADF");
  }

  /**
   * Runs a v6 bind/unbind after those already pending. The v6 socket refuses connect, send,
   * receive, bind and unbind while a bind is pending, so those wait for `#blocked`.
   */
  #exclusive(op: () => Promise<void>): Promise<void> {
    const start = (): Promise<void> => {
      try {
        return op();
      } catch (err) {
        return Promise.reject(err);
      }
    };
    const run = this.#blocked ? this.#blocked.then(start) : start();
    const tail: Promise<void> = run.then(noop, noop).then(() => {
      if (this.#blocked === tail) this.#blocked = null;
    });
    this.#blocked = tail;
    return run;
  }

  /** Runs a synchronous v6 call now, or after the pending binds (reporting errors as events). */
  #whenIdle(fn: () => void): void {
    const blocked = this.#blocked;
    if (!blocked) {
      fn();
      return;
    }
    void blocked.then(() => {
      if (this.closed) return;
      try {
        fn();
      } catch (err) {
        this.#report(toError(err));
      }
    });
  }

  /** An error to the callback, or as an `error` event when there is none (not after close). */
  #report(err: Error, cb?: Callback): void {
    if (cb) callSafely(() => cb(err));
    else if (!this.#closing) this.#emitSafely("error", err);
  }

  #emitSafely<K extends keyof SocketEvents>(name: K, ...args: SocketEvents[K]): void {
    callSafely(() => {
      (this.emit as (name: K, ...args: SocketEvents[K]) => boolean)(name, ...args);
    });
  }

  /** Hands queued messages to the v6 socket for as long as it takes them without waiting. */
  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#outbox.length > 0 && !this.#paused && !this.#closing && !this.#flushWait) {
        if (this.#blocked) {
          this.#flushAfter(this.#blocked);
          return;
        }
        const item = this.#outbox[0]!;
        let sent: Promise<void>;
        try {
          sent = this.#zmq.send(item.frames);
        } catch (err) {
          // EBUSY: the previous send is still waiting for room (HWM, no peer); resume after it.
          if (errorCode(err) === "EBUSY" && this.#lastSend) {
            this.#flushAfter(this.#lastSend);
            return;
          }
          this.#outbox.shift();
          queueMicrotask(() => this.#complete(item, err));
          continue;
        }
        this.#outbox.shift();
        const settled: Promise<void> = sent.then(
          () => this.#complete(item, undefined),
          (err: unknown) => this.#complete(item, err),
        );
        this.#lastSend = settled;
        void settled.then(() => {
          if (this.#lastSend === settled) this.#lastSend = null;
        });
      }
    } finally {
      this.#flushing = false;
    }
  }

  #flushAfter(p: Promise<void>): void {
    const wait: Promise<void> = p.then(noop, noop).then(() => {
      if (this.#flushWait === wait) this.#flushWait = null;
      this.#flush();
    });
    this.#flushWait = wait;
  }

  #complete(item: Outgoing, err: unknown): void {
    if (err === undefined) {
      for (const cb of item.callbacks) callSafely(() => cb());
      this.#wakeSentWaiters();
      return;
    }
    const error = toError(err);
    if (item.callbacks.length > 0) {
      for (const cb of item.callbacks) callSafely(() => cb(error));
    } else if (!this.#closing) {
      this.#emitSafely("error", error);
    }
  }

  /** A message that will not be sent because the socket is closed: its callbacks get EBADF. */
  #abandon(item: Outgoing): void {
    if (item.callbacks.length === 0) return;
    const err = zmqError("EBADF");
    queueMicrotask(() => {
      for (const cb of item.callbacks) callSafely(() => cb(err));
    });
  }

  #wakeSentWaiters(): void {
    const waiters = this.#sentWaiters.splice(0);
    for (const w of waiters) w();
  }

  /** Receives whole messages while not paused, and delivers each on the next tick. */
  async #receiveLoop(): Promise<void> {
    if (this.#receiving) return;
    this.#receiving = true;
    try {
      while (!this.#paused && !this.closed) {
        if (this.#blocked) {
          await this.#blocked;
          continue;
        }
        let msg: Buffer[];
        try {
          msg = await this.#zmq.receive();
        } catch (err) {
          if (this.closed) break;
          const code = errorCode(err);
          if (code === "EFSM") {
            // A "req" socket cannot receive before it has sent: wait for the next send.
            await new Promise<void>((resolve) => this.#sentWaiters.push(resolve));
          } else if (code === "EBUSY" && this.#blocked !== null) {
            const blocked: Promise<void> = this.#blocked;
            await blocked;
          } else {
            // EAGAIN is a ZMQ_RCVTIMEO expiry: v5 ignores it. Anything else is reported.
            if (code !== "EAGAIN") this.#emitSafely("error", toError(err));
            await nextMacrotask();
          }
          continue;
        }
        process.nextTick(() => this.#deliver(msg));
      }
    } finally {
      this.#receiving = false;
    }
  }

  #deliver(msg: Buffer[]): void {
    if (this.#closing) return;
    if (this.#paused || this.#inbox.length > 0) {
      this.#inbox.push(msg);
      return;
    }
    this.#emitSafely("message", ...msg);
  }

  #drainInbox(): void {
    while (!this.#paused && !this.#closing && this.#inbox.length > 0) {
      this.#emitSafely("message", ...this.#inbox.shift()!);
    }
  }

  /** Reads `socket.events` until `end`, emitting v5 monitor events while monitoring. */
  async #readEvents(events: Observer): Promise<void> {
    try {
      while (!events.closed) {
        let ev: Event;
        try {
          ev = await events.receive();
        } catch (err) {
          if (!this.closed && !events.closed) this.#emitSafely("error", toError(err));
          return;
        }
        if (ev.type === "end") return;
        if (!this.#monitoring) continue;
        const v5 = toV5Event(ev);
        if (v5) this.#emitSafely(v5.name, ...v5.args);
      }
    } finally {
      this.#monitorRunning = false;
    }
  }
}

/**
 * The socket options available as properties (v5 "property sugar"): reading calls
 * `getsockopt(name)`, assigning calls `setsockopt(name, value)`. Each maps to the libzmq
 * option of the same name (`sndhwm` = ZMQ_SNDHWM, `identity` = ZMQ_IDENTITY, …).
 */
export interface Socket {
  /** ZMQ_FD: not available (reading throws). */
  readonly _fd: never;
  /** ZMQ_EVENTS: ZMQ_POLLIN | ZMQ_POLLOUT readiness. */
  readonly _ioevents: number;
  /** ZMQ_RCVMORE: not available (reading throws). */
  readonly _receiveMore: never;
  /** ZMQ_SUBSCRIBE (write-only, "sub" sockets). */
  set _subscribe(filter: string | Buffer);
  /** ZMQ_UNSUBSCRIBE (write-only, "sub" sockets). */
  set _unsubscribe(filter: string | Buffer);
  /** ZMQ_AFFINITY */
  affinity: number;
  /** ZMQ_BACKLOG */
  backlog: number;
  /** ZMQ_IDENTITY (ZMQ_ROUTING_ID) */
  get identity(): string | null;
  set identity(value: string | Buffer | null);
  /** ZMQ_ROUTING_ID (same as `identity`) */
  get routing_id(): string | null;
  set routing_id(value: string | Buffer | null);
  /** ZMQ_LINGER (ms) */
  linger: number;
  /** ZMQ_RATE */
  rate: number;
  /** ZMQ_RCVBUF */
  rcvbuf: number;
  /** ZMQ_SNDBUF */
  sndbuf: number;
  /** ZMQ_LAST_ENDPOINT */
  readonly last_endpoint: string | null;
  /** ZMQ_RECONNECT_IVL (ms) */
  reconnect_ivl: number;
  /** ZMQ_RECONNECT_IVL_MAX (ms) */
  reconnect_ivl_max: number;
  /** ZMQ_RECOVERY_IVL (ms) */
  recovery_ivl: number;
  /** ZMQ_RECOVERY_IVL_MSEC (same as `recovery_ivl`) */
  recovery_ivl_msec: number;
  /** ZMQ_MAXMSGSIZE (bytes) */
  maxmsgsize: number;
  /** ZMQ_SNDHWM (messages) */
  sndhwm: number;
  /** ZMQ_RCVHWM (messages) */
  rcvhwm: number;
  /** ZMQ_MULTICAST_HOPS */
  multicast_hops: number;
  /** ZMQ_RCVTIMEO (ms) */
  rcvtimeo: number;
  /** ZMQ_SNDTIMEO (ms) */
  sndtimeo: number;
  /** ZMQ_IPV4ONLY (0/1) */
  get ipv4only(): number;
  set ipv4only(value: number | boolean);
  /** ZMQ_IPV6 (0/1) */
  get ipv6(): number;
  set ipv6(value: number | boolean);
  /** ZMQ_IMMEDIATE (0/1) */
  get immediate(): number;
  set immediate(value: number | boolean);
  /** ZMQ_DELAY_ATTACH_ON_CONNECT (same as `immediate`) */
  get delay_attach_on_connect(): number;
  set delay_attach_on_connect(value: number | boolean);
  /** ZMQ_ROUTER_MANDATORY (0/1, "router" sockets) */
  get router_mandatory(): number;
  set router_mandatory(value: number | boolean);
  /** ZMQ_ROUTER_HANDOVER (write-only, "router" sockets) */
  set router_handover(value: number | boolean);
  /** ZMQ_ROUTER_RAW: not available (use a "stream" socket). */
  router_raw: never;
  /** ZMQ_PROBE_ROUTER (write-only) */
  set probe_router(value: number | boolean);
  /** ZMQ_REQ_CORRELATE (write-only, "req" sockets) */
  set req_correlate(value: number | boolean);
  /** ZMQ_REQ_RELAXED (write-only, "req" sockets) */
  set req_relaxed(value: number | boolean);
  /** ZMQ_CONFLATE (write-only) */
  set conflate(value: number | boolean);
  /** ZMQ_XPUB_VERBOSE (write-only, "xpub" sockets) */
  set xpub_verbose(value: number | boolean);
  /** ZMQ_XPUB_NODROP (write-only, "xpub"/"pub" sockets) */
  set xpub_nodrop(value: number | boolean);
  /** ZMQ_XPUB_MANUAL (write-only, "xpub" sockets) */
  set xpub_manual(value: number | boolean);
  /** ZMQ_XPUB_WELCOME_MSG (write-only, "xpub" sockets) */
  set xpub_welcome_msg(value: string | Buffer | null);
  /** ZMQ_STREAM_NOTIFY (write-only, "stream" sockets) */
  set stream_notify(value: number | boolean);
  /** ZMQ_INVERT_MATCHING (0/1) */
  get invert_matching(): number;
  set invert_matching(value: number | boolean);
  /** ZMQ_TCP_KEEPALIVE */
  tcp_keepalive: number;
  /** ZMQ_TCP_KEEPALIVE_CNT */
  tcp_keepalive_cnt: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE */
  tcp_keepalive_idle: number;
  /** ZMQ_TCP_KEEPALIVE_INTVL */
  tcp_keepalive_intvl: number;
  /** ZMQ_TCP_ACCEPT_FILTER (write-only) */
  set tcp_accept_filter(value: string | Buffer | null);
  /** ZMQ_TCP_MAXRT (ms) */
  tcp_maxrt: number;
  /** ZMQ_TOS */
  tos: number;
  /** ZMQ_HANDSHAKE_IVL (ms) */
  handshake_ivl: number;
  /** ZMQ_SOCKS_PROXY */
  get socks_proxy(): string | null;
  set socks_proxy(value: string | Buffer | null);
  /** ZMQ_BINDTODEVICE */
  get bindtodevice(): string | null;
  set bindtodevice(value: string | Buffer | null);
  /** ZMQ_MECHANISM: 0 NULL, 1 PLAIN, 2 CURVE, 3 GSSAPI. */
  readonly mechanism: number;
  /** ZMQ_PLAIN_SERVER (0/1) */
  get plain_server(): number;
  set plain_server(value: number | boolean);
  /** ZMQ_PLAIN_USERNAME */
  get plain_username(): string | null;
  set plain_username(value: string | Buffer | null);
  /** ZMQ_PLAIN_PASSWORD */
  get plain_password(): string | null;
  set plain_password(value: string | Buffer | null);
  /** ZMQ_CURVE_SERVER (0/1) */
  get curve_server(): number;
  set curve_server(value: number | boolean);
  /** ZMQ_CURVE_PUBLICKEY (Z85) */
  get curve_publickey(): string | null;
  set curve_publickey(value: string | Buffer | null);
  /** ZMQ_CURVE_SECRETKEY (Z85) */
  get curve_secretkey(): string | null;
  set curve_secretkey(value: string | Buffer | null);
  /** ZMQ_CURVE_SERVERKEY (Z85) */
  get curve_serverkey(): string | null;
  set curve_serverkey(value: string | Buffer | null);
  /** ZMQ_ZAP_DOMAIN */
  get zap_domain(): string | null;
  set zap_domain(value: string | Buffer | null);
  /** ZMQ_HEARTBEAT_IVL (ms) */
  heartbeat_ivl: number;
  /** ZMQ_HEARTBEAT_TTL (ms) */
  heartbeat_ttl: number;
  /** ZMQ_HEARTBEAT_TIMEOUT (ms) */
  heartbeat_timeout: number;
  /** ZMQ_CONNECT_TIMEOUT (ms) */
  connect_timeout: number;
}

for (const name of PROPERTY_OPTION_NAMES) {
  if (name in Socket.prototype) continue;
  Object.defineProperty(Socket.prototype, name, {
    configurable: true,
    enumerable: false,
    get(this: Socket): OptionValue {
      return this.getsockopt(name);
    },
    set(this: Socket, value: OptionInput) {
      this.setsockopt(name, value);
    },
  });
}

/**
 * zmq_socket, v5 style: creates a socket of the given type and applies `options`, each through
 * `setsockopt` when it names an option (e.g. `{linger: 0, identity: "a"}`), else assigned as a
 * plain property as the v5 binding did (a name that would replace a method or field of the
 * socket is refused). If an option is rejected the socket is closed and the error thrown.
 */
export function createSocket(type: SocketType, options: SocketOptions = {}): Socket {
  const sock = new Socket(type);
  try {
    for (const [key, value] of Object.entries(options)) {
      if (isOptionName(key)) sock.setsockopt(key, value as OptionInput);
      else if (key in sock) throw new TypeError(`"${key}" is not a socket option`);
      else (sock as unknown as Record<string, unknown>)[key] = value;
    }
  } catch (err) {
    sock.close();
    throw err;
  }
  return sock;
}
