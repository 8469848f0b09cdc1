import { zmqError, type ErrnoError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import { contextCore, context as defaultContext, Context } from "./context.js";
import { attachCore } from "./core.js";
import { createCore } from "./factory.js";
import { toMessage, type MessageLike } from "./message.js";
import { EventFeed, Observer } from "./observer.js";
import {
  installOptions,
  installRawAccessors,
  type OptionProps,
  type RawAccessors,
  type SocketView,
} from "./options.js";
import { NOT_YET, OperationSlot } from "./pending.js";

export type { MessageLike } from "./message.js";
export { socketCore } from "./core.js";

/** Options accepted by every socket's constructor (any writable option, plus the context). */
export interface SocketOptionsInit {
  context?: Context;
  [option: string]: unknown;
}

/** Where a socket is in its life; the one guard of which operations it accepts. */
const enum Lifecycle {
  /** Accepts every operation. */
  Open,
  /** A bind is in flight: other operations are EBUSY until it settles (listening is asynchronous in Node). */
  Binding,
  /** `close()` came during a bind: the socket closes as soon as the bind settles. */
  CloseAfterBind,
  /** Closed; every operation but `close()` (a no-op) is EBADF. */
  Closed,
}

const BLOCKED = "Socket is blocked by a bind or unbind operation";

/**
 * A ZeroMQ socket with the zeromq v6 API: promise-based `send`/`receive` (one of each pending
 * at a time), async iteration, bind/connect over tcp://, ipc:// and inproc://, and options as
 * properties named like the binding's (each maps to a ZMQ_* option; see the option table).
 */
export class Socket implements SocketView {
  #core: SocketBase;
  #context: Context;
  #feed = new EventFeed();
  #observer: Observer | null = null;
  #state = Lifecycle.Open;
  #send = new OperationSlot<Buffer[], void>((msg) => (this.#core.trySend(msg) ? undefined : NOT_YET));
  #receive = new OperationSlot<null, Buffer[]>(() => this.#core.tryRecv() ?? NOT_YET);

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
    attachCore(this, core);
    core.addTap(this.#feed);
    if (!ctx.blocky) core.options.linger = 0;
    if (ctx.ipv6) core.options.ipv6 = true;
    core.onReadable = () => this.#receive.retry();
    core.onWritable = () => this.#send.retry();
    Object.seal(this);
    Object.assign(this, options);
  }

  /** The socket's event stream (`zmq_socket_monitor` as an Observer), recording from creation. */
  get events(): Observer {
    if (this.#core.closed && !this.#observer) throw zmqError("ENOTSOCK");
    return (this.#observer ??= new Observer(this.#core, this.#feed));
  }

  get context(): Context {
    return this.#context;
  }

  /** True once closed (by `close()`, or by its context's termination). */
  get closed(): boolean {
    return this.#state === Lifecycle.Closed || this.#core.closed;
  }

  /** ZMQ_EVENTS & ZMQ_POLLIN */
  get readable(): boolean {
    return !this.closed && this.#core.hasIn();
  }

  /** ZMQ_EVENTS & ZMQ_POLLOUT */
  get writable(): boolean {
    return !this.closed && this.#core.hasOut();
  }

  /** ZMQ_TYPE */
  get type(): number {
    return this.#core.type;
  }

  /** zmq_bind. Resolves once listening; rejects with `code`, `errno` and `address`. EBADF/EBUSY are thrown synchronously. */
  bind(address: string): Promise<void> {
    this.#checkIdle();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    this.#state = Lifecycle.Binding;
    return this.#core.bind(address).then(
      () => this.#bindSettled(),
      (err: unknown) => {
        this.#bindSettled();
        throw withAddress(err, address);
      },
    );
  }

  #bindSettled(): void {
    const closeNow = this.#state === Lifecycle.CloseAfterBind;
    if (this.#state !== Lifecycle.Closed) this.#state = Lifecycle.Open;
    if (closeNow) this.close();
  }

  /** Synchronous bind for inproc://; tcp:// and ipc:// need `bind()` (listening is asynchronous in Node). */
  bindSync(address: string): void {
    this.#checkIdle();
    this.#withAddress(address, () => this.#core.bindInproc(address));
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
    this.#withAddress(address, () => this.#core.unbind(address));
  }

  /** zmq_connect. Errors (EINVAL, EPROTONOSUPPORT) are thrown synchronously. */
  connect(address: string): void {
    this.#checkIdle();
    if (typeof address !== "string") throw new TypeError("Address must be a string");
    this.#withAddress(address, () => this.#core.connect(address));
  }

  /** zmq_disconnect */
  disconnect(address: string): void {
    this.#checkIdle();
    this.#withAddress(address, () => this.#core.disconnect(address));
  }

  /** zmq_close. Idempotent; a pending send/receive rejects with EAGAIN. Queued messages linger per `linger`. */
  close(): void {
    if (this.closed) return;
    if (this.#state === Lifecycle.Binding || this.#state === Lifecycle.CloseAfterBind) {
      this.#state = Lifecycle.CloseAfterBind;
      return;
    }
    this.#state = Lifecycle.Closed;
    this.#core.close();
    const err = zmqError("EAGAIN");
    this.#send.cancel(err);
    this.#receive.cancel(err);
  }

  /**
   * zmq_send of a whole (multipart) message. Resolves when queued; waits while routing has no
   * room (per `sendTimeout`, then EAGAIN). One pending send at a time (else EBUSY, thrown).
   */
  send(message: MessageLike | MessageLike[]): Promise<void> {
    if (this.closed) throw zmqError("EBADF");
    if (this.#send.busy) {
      throw zmqError("EBUSY", "Socket is busy writing; only one send operation may be in progress at any time");
    }
    if (this.#state !== Lifecycle.Open) throw zmqError("EBUSY", BLOCKED);
    if (message === undefined) throw new TypeError("Message must be present");
    const msg = toMessage(message);
    return this.#send.start(msg, this.#core.options.sendTimeout);
  }

  /** zmq_recv of a whole message. One pending receive at a time (else EBUSY, thrown). */
  receive(): Promise<Buffer[]> {
    if (this.closed) throw zmqError("EBADF");
    if (this.#receive.busy) {
      throw zmqError("EBUSY", "Socket is busy reading; only one receive operation may be in progress at any time");
    }
    if (this.#state !== Lifecycle.Open) throw zmqError("EBUSY", BLOCKED);
    return this.#receive.start(null, this.#core.options.receiveTimeout);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer[], void, undefined> {
    while (!this.closed) {
      try {
        yield await this.receive();
      } catch (err) {
        if (this.closed && (err as ErrnoError).code === "EAGAIN") return;
        throw err;
      }
    }
  }

  #checkIdle(): void {
    if (this.closed) throw zmqError("EBADF");
    if (this.#state !== Lifecycle.Open) throw zmqError("EBUSY", BLOCKED);
  }

  #withAddress(address: string, op: () => void): void {
    try {
      op();
    } catch (err) {
      throw withAddress(err, address);
    }
  }
}

function withAddress(err: unknown, address: string): unknown {
  if (err && typeof err === "object" && "code" in err) (err as ErrnoError).address = address;
  return err;
}

/** The option properties every socket has, and the raw accessors by ZMQ_* id (both from the option table). */
export interface Socket extends OptionProps<"all">, RawAccessors {}
installOptions(Socket, "all");
installRawAccessors(Socket);
