import { zmqError, type ErrnoError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import { contextCore, context as defaultContext, Context } from "./context.js";
import { createCore } from "./factory.js";
import { hold, release } from "../keepalive.js";
import { toMessage, type MessageLike } from "./message.js";
import { EventFeed, Observer } from "./observer.js";
import { COMMON_OPTIONS, type OptionSpec } from "./options.js";

export type { MessageLike } from "./message.js";

/** Options accepted by every socket's constructor (any writable option, plus the context). */
export interface SocketOptionsInit {
  context?: Context;
  [option: string]: unknown;
}

interface Pending<T> {
  resolve(v: T): void;
  reject(e: ErrnoError): void;
  timer: NodeJS.Timeout | null;
}

/** After this many sends/receives that completed at once, yield to the event loop once. */
const SYNC_STREAK_LIMIT = 512;

const cores = new WeakMap<object, SocketBase>();
const feeds = new WeakMap<object, EventFeed>();

/** @internal the core of a public socket (monitor functions take public sockets). */
export function socketCore(s: Socket): SocketBase {
  const c = cores.get(s);
  if (!c) throw zmqError("ENOTSOCK");
  return c;
}

/** @internal the event feed that backs `socket.events`. */
export function socketFeed(s: Socket): EventFeed {
  return feeds.get(s)!;
}

/**
 * A ZeroMQ socket with the zeromq v6 API: promise-based `send`/`receive` (one of each pending
 * at a time), async iteration, bind/connect over tcp://, ipc:// and inproc://, and options as
 * properties named like the binding's (each maps to a ZMQ_* option).
 */
export class Socket {
  #core: SocketBase;
  #context: Context;
  #send: (Pending<void> & { msg: Buffer[] }) | null = null;
  #recv: Pending<Buffer[]> | null = null;
  #observer: Observer | null = null;
  #sendStreak = 0;
  #recvStreak = 0;
  #binding = 0;

  /**
   * @param type a ZMQ socket type number (e.g. 5 for DEALER)
   * @param options option values to apply, and `context` (the binding deletes it from the object)
   */
  constructor(type: number, options: SocketOptionsInit = {}) {
    if (typeof type !== "number") throw new TypeError("Socket type must be a number");
    if (options === null || typeof options !== "object") throw new TypeError("Options must be an object");
    const ctx = options.context ?? defaultContext;
    if (!(ctx instanceof Context)) throw zmqError("EINVAL");
    delete options.context;
    const core = createCore(type, contextCore(ctx));
    this.#core = core;
    this.#context = ctx;
    cores.set(this, core);
    const feed = new EventFeed();
    feeds.set(this, feed);
    core.addTap(feed);
    if (!ctx.blocky) core.options.linger = 0;
    if (ctx.ipv6) core.options.ipv6 = true;
    core.onReadable = () => this.#serveRecv();
    core.onWritable = () => this.#serveSend();
    Object.seal(this);
    Object.assign(this, options);
  }

  /** The socket's event stream (`zmq_socket_monitor` as an Observer), recording from creation. */
  get events(): Observer {
    if (this.#core.closed && !this.#observer) throw zmqError("ENOTSOCK");
    return (this.#observer ??= new Observer(this.#core, feeds.get(this)!));
  }

  get context(): Context {
    return this.#context;
  }

  get closed(): boolean {
    return this.#core.closed;
  }

  /** ZMQ_EVENTS & ZMQ_POLLIN */
  get readable(): boolean {
    return !this.#core.closed && this.#core.hasIn();
  }

  /** ZMQ_EVENTS & ZMQ_POLLOUT */
  get writable(): boolean {
    return !this.#core.closed && this.#core.hasOut();
  }

  /** ZMQ_TYPE */
  get type(): number {
    return this.#core.type;
  }

  /** zmq_bind. Resolves once listening; rejects with `code`, `errno` and `address`. EBADF/EBUSY are thrown synchronously. */
  bind(address: string): Promise<void> {
    this.#checkIdle();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    this.#binding++;
    return this.#core.bind(address).then(
      () => this.#bindDone(),
      (err: unknown) => {
        this.#bindDone();
        throw withAddress(err, address);
      },
    );
  }

  #bindDone(): void {
    this.#binding--;
    if (this.#closeAfterBind && this.#binding === 0) this.close();
  }

  /** Synchronous bind for inproc://; tcp:// and ipc:// need `bind()` (listening is asynchronous in Node). */
  bindSync(address: string): void {
    this.#checkIdle();
    try {
      this.#core.bindInproc(address);
    } catch (err) {
      throw withAddress(err, address);
    }
  }

  /** zmq_unbind. EBADF/EBUSY are thrown synchronously; ENOENT (not bound) rejects. */
  unbind(address: string): Promise<void> {
    this.#checkIdle();
    try {
      this.#core.unbind(address);
    } catch (err) {
      return Promise.reject(withAddress(err, address));
    }
    return Promise.resolve();
  }

  /** zmq_unbind, synchronously (and it really unbinds, unlike the binding's). */
  unbindSync(address: string): void {
    this.#checkIdle();
    try {
      this.#core.unbind(address);
    } catch (err) {
      throw withAddress(err, address);
    }
  }

  /** zmq_connect. Errors (EINVAL, EPROTONOSUPPORT) are thrown synchronously. */
  connect(address: string): void {
    this.#checkIdle();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    try {
      this.#core.connect(address);
    } catch (err) {
      throw withAddress(err, address);
    }
  }

  /** zmq_disconnect */
  disconnect(address: string): void {
    this.#checkIdle();
    try {
      this.#core.disconnect(address);
    } catch (err) {
      throw withAddress(err, address);
    }
  }

  #closeAfterBind = false;

  /** zmq_close. Idempotent; a pending send/receive rejects with EAGAIN. Queued messages linger per `linger`. */
  close(): void {
    if (this.#core.closed) return;
    if (this.#binding > 0) {
      this.#closeAfterBind = true;
      return;
    }
    this.#core.close();
    const err = zmqError("EAGAIN");
    const s = this.#send;
    const r = this.#recv;
    this.#send = null;
    this.#recv = null;
    if (s) this.#settle(s, () => s.reject(err));
    if (r) this.#settle(r, () => r.reject(err));
  }

  /**
   * zmq_send of a whole (multipart) message. Resolves when queued; waits while routing has no
   * room (per `sendTimeout`, then EAGAIN). One pending send at a time (else EBUSY, thrown).
   */
  send(message: MessageLike | MessageLike[]): Promise<void> {
    if (this.#core.closed) throw zmqError("EBADF");
    if (this.#send) {
      throw zmqError("EBUSY", "Socket is busy writing; only one send operation may be in progress at any time");
    }
    if (this.#binding > 0) throw zmqError("EBUSY", "Socket is blocked by a bind or unbind operation");
    if (message === undefined) throw new TypeError("Message must be present");
    const msg = toMessage(message);
    let sent: boolean;
    try {
      sent = this.#core.trySend(msg);
    } catch (err) {
      return Promise.reject(err);
    }
    if (sent) {
      if (++this.#sendStreak < SYNC_STREAK_LIMIT) return Promise.resolve();
      this.#sendStreak = 0;
      return new Promise((resolve) => setImmediate(resolve));
    }
    this.#sendStreak = 0;
    const timeout = this.#core.options.sendTimeout;
    if (timeout === 0) return Promise.reject(zmqError("EAGAIN"));
    return new Promise<void>((resolve, reject) => {
      const p = { msg, resolve, reject, timer: null as NodeJS.Timeout | null };
      if (timeout > 0) {
        p.timer = setTimeout(() => {
          if (this.#send !== p) return;
          this.#send = null;
          this.#settle(p, () => reject(zmqError("EAGAIN")));
        }, timeout);
      }
      this.#send = p;
      hold();
    });
  }

  /** zmq_recv of a whole message. One pending receive at a time (else EBUSY, thrown). */
  receive(): Promise<Buffer[]> {
    if (this.#core.closed) throw zmqError("EBADF");
    if (this.#recv) {
      throw zmqError("EBUSY", "Socket is busy reading; only one receive operation may be in progress at any time");
    }
    if (this.#binding > 0) throw zmqError("EBUSY", "Socket is blocked by a bind or unbind operation");
    let msg: Buffer[] | undefined;
    try {
      msg = this.#core.tryRecv();
    } catch (err) {
      return Promise.reject(err);
    }
    if (msg !== undefined) {
      if (++this.#recvStreak < SYNC_STREAK_LIMIT) return Promise.resolve(msg);
      this.#recvStreak = 0;
      return new Promise((resolve) => setImmediate(() => resolve(msg)));
    }
    this.#recvStreak = 0;
    const timeout = this.#core.options.receiveTimeout;
    if (timeout === 0) return Promise.reject(zmqError("EAGAIN"));
    return new Promise<Buffer[]>((resolve, reject) => {
      const p: Pending<Buffer[]> = { resolve, reject, timer: null };
      if (timeout > 0) {
        p.timer = setTimeout(() => {
          if (this.#recv !== p) return;
          this.#recv = null;
          this.#settle(p, () => reject(zmqError("EAGAIN")));
        }, timeout);
      }
      this.#recv = p;
      hold();
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer[], void, undefined> {
    while (!this.#core.closed) {
      try {
        yield await this.receive();
      } catch (err) {
        if (this.#core.closed && (err as ErrnoError).code === "EAGAIN") return;
        throw err;
      }
    }
  }

  #serveSend(): void {
    const p = this.#send;
    if (!p) return;
    try {
      if (!this.#core.trySend(p.msg)) return;
    } catch (err) {
      this.#send = null;
      this.#settle(p, () => p.reject(err as ErrnoError));
      return;
    }
    this.#send = null;
    this.#settle(p, () => p.resolve());
  }

  #serveRecv(): void {
    const p = this.#recv;
    if (!p) return;
    let msg: Buffer[] | undefined;
    try {
      msg = this.#core.tryRecv();
    } catch (err) {
      this.#recv = null;
      this.#settle(p, () => p.reject(err as ErrnoError));
      return;
    }
    if (msg === undefined) return;
    this.#recv = null;
    const m = msg;
    this.#settle(p, () => p.resolve(m));
  }

  #settle(p: Pending<never> | Pending<void> | Pending<Buffer[]>, fn: () => void): void {
    if (p.timer) clearTimeout(p.timer);
    release();
    fn();
  }

  #checkIdle(): void {
    if (this.#core.closed) throw zmqError("EBADF");
    if (this.#binding > 0) throw zmqError("EBUSY", "Socket is blocked by a bind or unbind operation");
  }

  // ---- raw option accessors, keyed by ZMQ_* id, as the binding has them ----
  getBoolOption(id: number): boolean {
    return this.#rawGet(id) as boolean;
  }
  setBoolOption(id: number, value: boolean): void {
    this.#rawSet(id, value);
  }
  getInt32Option(id: number): number {
    return this.#rawGet(id) as number;
  }
  setInt32Option(id: number, value: number): void {
    this.#rawSet(id, value);
  }
  getUint32Option(id: number): number {
    return this.#rawGet(id) as number;
  }
  setUint32Option(id: number, value: number): void {
    this.#rawSet(id, value);
  }
  getInt64Option(id: number): number {
    return this.#rawGet(id) as number;
  }
  setInt64Option(id: number, value: number): void {
    this.#rawSet(id, value);
  }
  getUint64Option(id: number): number {
    return this.#rawGet(id) as number;
  }
  setUint64Option(id: number, value: number): void {
    this.#rawSet(id, value);
  }
  getStringOption(id: number): string | null {
    return this.#rawGet(id) as string | null;
  }
  setStringOption(id: number, value: string | Buffer | null): void {
    this.#rawSet(id, value);
  }

  #rawGet(id: number): unknown {
    if (id === 16) return this.#core.type; // ZMQ_TYPE
    if (id === 13) return 0; // ZMQ_RCVMORE: messages are always received whole
    if (id === 15) return (this.readable ? 1 : 0) | (this.writable ? 2 : 0); // ZMQ_EVENTS
    const spec = OPTIONS_BY_ID.get(id);
    if (spec) return spec.get(this.#core.options);
    const t = typeSpec(this, id);
    if (!t) throw zmqError("EINVAL");
    return t.get(this);
  }
  #rawSet(id: number, value: unknown): void {
    const spec = OPTIONS_BY_ID.get(id);
    if (spec) {
      if (!spec.set) throw zmqError("EINVAL");
      spec.set(this.#core.options, value);
      return;
    }
    const t = typeSpec(this, id);
    if (!t || !t.set) throw zmqError("EINVAL");
    t.set(this, value);
  }

  /** @internal used by the option accessors below */
  static optionTarget(s: Socket): SocketBase {
    return s.#core;
  }
}

function withAddress(err: unknown, address: string): unknown {
  if (err && typeof err === "object" && "code" in err) (err as ErrnoError).address = address;
  return err;
}

const OPTIONS_BY_ID = new Map<number, OptionSpec>(COMMON_OPTIONS.map((o) => [o.id, o]));

/** An option that only some socket types have, acting on the socket itself. */
export interface TypeOptionSpec {
  readonly name: string;
  /** ZMQ_* id, or -1 for a property with no single id (XPUB verbosity). */
  readonly id: number;
  readonly kind: OptionSpec["kind"];
  /** Reachable through the raw accessors only (no property). */
  readonly rawOnly?: boolean;
  readonly get: (s: Socket) => unknown;
  readonly set?: (s: Socket, v: unknown) => void;
}

const TYPE_SPECS = new Map<object, Map<number, TypeOptionSpec>>();

/** The options of a socket that sends (the binding's Writable). */
export interface Writable {
  /** ZMQ_SNDBUF (stored; Node sets no socket buffer sizes) */ sendBufferSize: number;
  /** ZMQ_SNDHWM (messages, 0 = unlimited) */ sendHighWaterMark: number;
  /** ZMQ_SNDTIMEO (ms, -1 = forever) */ sendTimeout: number;
  /** ZMQ_MULTICAST_HOPS (PGM only; stored) */ multicastHops: number;
}

/** The options of a socket that receives (the binding's Readable). */
export interface Readable {
  /** ZMQ_RCVBUF (stored; Node sets no socket buffer sizes) */ receiveBufferSize: number;
  /** ZMQ_RCVHWM (messages, 0 = unlimited) */ receiveHighWaterMark: number;
  /** ZMQ_RCVTIMEO (ms, -1 = forever) */ receiveTimeout: number;
}

/** @internal defines the send and/or receive option properties on a socket class. */
export function registerIoOptions(cls: { prototype: object }, send: boolean, receive: boolean): void {
  for (const spec of COMMON_OPTIONS) {
    const isSend = SEND_OPTION_NAMES.has(spec.name);
    const isRecv = RECEIVE_OPTION_NAMES.has(spec.name);
    if ((isSend && send) || (isRecv && receive)) defineOption(cls.prototype, spec);
  }
}

/** A property on a socket prototype that reads and writes one common option. */
function defineOption(proto: object, spec: OptionSpec): void {
  Object.defineProperty(proto, spec.name, {
    configurable: true,
    enumerable: false,
    get(this: Socket) {
      return spec.get(Socket.optionTarget(this).options);
    },
    set: spec.set
      ? function (this: Socket, v: unknown) {
          spec.set!(Socket.optionTarget(this).options, v);
        }
      : undefined,
  });
}

/** @internal defines a socket class's own option properties and raw ids. */
export function registerTypeOptions(cls: { prototype: object }, specs: readonly TypeOptionSpec[]): void {
  const byId = new Map<number, TypeOptionSpec>();
  for (const spec of specs) {
    if (spec.id >= 0) byId.set(spec.id, spec);
    if (spec.rawOnly) continue;
    Object.defineProperty(cls.prototype, spec.name, {
      configurable: true,
      enumerable: false,
      get(this: Socket) {
        return spec.get(this);
      },
      set: spec.set
        ? function (this: Socket, v: unknown) {
            spec.set!(this, v);
          }
        : undefined,
    });
  }
  TYPE_SPECS.set(cls.prototype, byId);
}

function typeSpec(s: Socket, id: number): TypeOptionSpec | undefined {
  for (let p = Object.getPrototypeOf(s) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const spec = TYPE_SPECS.get(p)?.get(id);
    if (spec) return spec;
  }
  return undefined;
}

/** The option properties every socket has (each documented with its ZMQ_* name in options.ts). */
export interface Socket {
  /** ZMQ_AFFINITY */ affinity: number;
  /** ZMQ_LINGER (ms, -1 = until delivered) */ linger: number;
  /** ZMQ_RECONNECT_IVL (ms) */ reconnectInterval: number;
  /** ZMQ_BACKLOG */ backlog: number;
  /** ZMQ_RECONNECT_IVL_MAX (ms) */ reconnectMaxInterval: number;
  /** ZMQ_MAXMSGSIZE (bytes, -1 = unlimited) */ maxMessageSize: number;
  /** ZMQ_LAST_ENDPOINT */ readonly lastEndpoint: string | null;
  /** ZMQ_TCP_KEEPALIVE */ tcpKeepalive: number;
  /** ZMQ_TCP_KEEPALIVE_CNT */ tcpKeepaliveCount: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE */ tcpKeepaliveIdle: number;
  /** ZMQ_TCP_KEEPALIVE_INTVL */ tcpKeepaliveInterval: number;
  /** ZMQ_IMMEDIATE */ immediate: boolean;
  /** ZMQ_IPV6 */ ipv6: boolean;
  /** ZMQ_MECHANISM (null = NULL mechanism) */ readonly securityMechanism: null | "plain" | "curve";
  /** ZMQ_ZAP_DOMAIN */ zapDomain: string | null;
  /** ZMQ_PLAIN_SERVER: be a PLAIN server (authenticates through ZAP; a handler is required) */ plainServer: boolean;
  /** ZMQ_PLAIN_USERNAME: be a PLAIN client with this username */ plainUsername: string | null;
  /** ZMQ_PLAIN_PASSWORD: be a PLAIN client with this password */ plainPassword: string | null;
  /** ZMQ_TOS */ typeOfService: number;
  /** ZMQ_HANDSHAKE_IVL (ms, 0 = none) */ handshakeInterval: number;
  /** ZMQ_HEARTBEAT_IVL (ms, 0 = off) */ heartbeatInterval: number;
  /** ZMQ_HEARTBEAT_TTL (ms, stored in deciseconds) */ heartbeatTimeToLive: number;
  /** ZMQ_HEARTBEAT_TIMEOUT (ms, -1 = heartbeatInterval) */ heartbeatTimeout: number;
  /** ZMQ_CONNECT_TIMEOUT (ms, 0 = OS default) */ connectTimeout: number;
  /** ZMQ_RATE (PGM only; stored) */ rate: number;
  /** ZMQ_RECOVERY_IVL (PGM only; stored) */ recoveryInterval: number;
  /** ZMQ_TCP_ACCEPT_FILTER: each assignment adds an address or CIDR subnet; null clears. Not readable. */
  tcpAcceptFilter: string | null;
  /** ZMQ_SOCKS_PROXY: not supported (setting a proxy throws ENOTSUP) */ socksProxy: string | null;
  /** ZMQ_TCP_MAXRT: not supported (non-zero throws ENOTSUP) */ tcpMaxRetransmitTimeout: number;
  /** ZMQ_THREAD_SAFE (always false for these types) */ readonly threadSafe: boolean;
  /** ZMQ_MULTICAST_MAXTPDU (PGM only; stored) */ multicastMaxTransportDataUnit: number;
  /** ZMQ_BINDTODEVICE: not supported (setting a device throws ENOTSUP) */ interface: string | null;
  /** ZMQ_ZAP_ENFORCE_DOMAIN */ zapEnforceDomain: boolean;
  /** ZMQ_LOOPBACK_FASTPATH (Windows only in libzmq; stored) */ loopbackFastPath: boolean;
}

/** Options only sockets that send (or receive) have as properties, as in the binding. */
export const SEND_OPTION_NAMES = new Set(["sendBufferSize", "sendHighWaterMark", "sendTimeout", "multicastHops"]);
export const RECEIVE_OPTION_NAMES = new Set(["receiveBufferSize", "receiveHighWaterMark", "receiveTimeout"]);

for (const spec of COMMON_OPTIONS) {
  if (!SEND_OPTION_NAMES.has(spec.name) && !RECEIVE_OPTION_NAMES.has(spec.name)) defineOption(Socket.prototype, spec);
}
