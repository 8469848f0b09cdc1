import { errorCode, zmqError, type ErrnoError } from "../errors.js";
import { RECEIVING_TYPES, SENDING_TYPES, type TypeName } from "../options/kinds.js";
import { nextTurn } from "../util/next-turn.js";
import { ADDRESS, checkArguments, invalidObject, required } from "./args.js";
import { contextCore, context as defaultContext, Context } from "./context.js";
import { attachState } from "./core.js";
import { checkTermEndpoint } from "./endpoints.js";
import { createCore } from "./factory.js";
import { installGroupMethods } from "./groups.js";
import { Phase, SocketState } from "./lifecycle.js";
import { bytesOf, toMessage, type MessageLike } from "./message.js";
import { Observer, recordEvents } from "./observer.js";
import {
  installOptions,
  installRawAccessors,
  type OptionProps,
  type RawAccessors,
  type SocketView,
} from "./options.js";
import { NOT_YET, OperationSlot, weighsInStreak } from "./pending.js";
import { endOnClose, iterationDone, toStep, type Step } from "./steps.js";

export type { MessageLike } from "./message.js";
export { socketCore } from "./core.js";

/** Options accepted by every socket's constructor (any writable option, plus the context). */
export interface SocketOptionsInit {
  context?: Context;
  [option: string]: unknown;
}

/**
 * A ZeroMQ socket with the zeromq v6 API: promise-based `send`/`receive` (one of each pending
 * at a time), async iteration, bind/connect over tcp://, ipc:// and inproc://, and options as
 * properties named like the binding's (each maps to a ZMQ_* option; see the option table).
 *
 * As in the binding, every method checks its arguments before anything else (TypeError), and
 * a closed socket lets go of its context: `context` is undefined once closed.
 */
export class Socket implements SocketView {
  #state: SocketState;
  #context: Context | undefined;
  #observer: Observer | null = null;
  #send = new OperationSlot<Buffer[], void>((msg, final) => this.#trySend(msg, final));
  /** Receives for `receive()` (arg false) and for the iterator's steps (arg true: an IteratorResult each). */
  #receive = new OperationSlot<boolean, Buffer[] | Step>(
    (step, final) => this.#receiveAs(step, final),
    (step) => (step ? (err) => endOnClose(this.closed, err) : null),
  );

  /**
   * @param type a ZMQ socket type number (e.g. 5 for DEALER)
   * @param options option values to apply, and `context` (the binding deletes it from the object)
   */
  constructor(type: number, options: SocketOptionsInit = {}) {
    let ctx = defaultContext;
    if ("context" in options) {
      const given = options.context;
      delete options.context;
      if (!(given instanceof Context)) throw invalidObject();
      ctx = given;
    }
    // The binding reads the type as a C int (ToInt32).
    const core = createCore(type | 0, contextCore(ctx));
    this.#state = new SocketState(core, {
      send: (msg) => this.#send.start(msg, core.options.sendTimeout),
      receive: () => this.#receive.start(false, core.options.receiveTimeout) as Promise<Buffer[]>,
    });
    this.#context = ctx;
    attachState(this, this.#state);
    recordEvents(core);
    if (!ctx.blocky) core.options.linger = 0;
    if (ctx.ipv6) core.options.ipv6 = true;
    core.onReadable = () => this.#receive.retry();
    core.onWritable = () => this.#send.retry();
    Object.seal(this);
    Object.assign(this, options);
  }

  /** The socket's event stream (`zmq_socket_monitor` as an Observer), recording from creation. */
  get events(): Observer {
    // The binding drops its observer on close and cannot monitor a closed socket.
    if (this.closed) throw zmqError("ENOTSOCK");
    return (this.#observer ??= new Observer(this));
  }

  /** The socket's context; undefined once the socket is closed (as in the binding, which lets go of it). */
  get context(): Context {
    return this.#context as Context;
  }

  /** True once closed (by `close()`, or by its context's termination). */
  get closed(): boolean {
    return this.#state.closed;
  }

  /** ZMQ_EVENTS & ZMQ_POLLIN */
  get readable(): boolean {
    return !this.closed && this.#state.core.hasIn();
  }

  /** ZMQ_EVENTS & ZMQ_POLLOUT */
  get writable(): boolean {
    return !this.closed && this.#state.core.hasOut();
  }

  /** ZMQ_TYPE (ENOTSOCK once closed, as every option). */
  get type(): number {
    if (this.closed) throw zmqError("ENOTSOCK");
    return this.#state.core.type;
  }

  /**
   * zmq_bind. Resolves once listening, at the earliest on the next turn of the event loop (the
   * binding binds on its thread pool); rejects with `code`, `errno` and `address`. While it is
   * pending the socket is blocked: other operations throw EBUSY, and `close()` takes effect
   * when it settles. EBADF/EBUSY are thrown synchronously.
   */
  bind(address: string): Promise<void> {
    this.#state.checkOpen();
    this.#state.phase = Phase.Blocked;
    const turn = nextTurn();
    const listening = this.#state.core.bind(address).then(
      () => turn,
      (err: unknown) => turn.then(() => Promise.reject(err)),
    );
    return this.#blockedUntil(listening, address, +1);
  }

  /** Synchronous bind for inproc://; tcp:// and ipc:// need `bind()` (listening is asynchronous in Node). */
  bindSync(address: string): void {
    this.#state.checkOpen();
    try {
      this.#state.core.bindInproc(address);
    } catch (err) {
      throw withAddress(err, address);
    } finally {
      this.#state.endpoints++;
    }
  }

  /**
   * zmq_unbind. Settles on a later turn of the event loop, blocking the socket meanwhile as
   * `bind` does. Rejects with EINVAL (no `://`), EPROTONOSUPPORT (unknown transport) or ENOENT
   * (not bound), each with `address`. EBADF/EBUSY are thrown synchronously.
   */
  unbind(address: string): Promise<void> {
    this.#state.checkOpen();
    this.#state.phase = Phase.Blocked;
    const unbound = nextTurn().then(() => this.#unbindNow(address));
    return this.#blockedUntil(unbound, address, -1);
  }

  /** zmq_unbind, synchronously (and it really unbinds, unlike the binding's). */
  unbindSync(address: string): void {
    this.#state.checkOpen();
    try {
      this.#unbindNow(address);
    } catch (err) {
      throw withAddress(err, address);
    } finally {
      this.#state.endpoints--;
    }
  }

  #unbindNow(address: string): void {
    checkTermEndpoint(address, this.#state.core.type);
    this.#state.core.unbind(address);
  }

  /** Unblocks when `op` settles: counts the endpoint, closes if `close()` came meanwhile, then settles. */
  #blockedUntil(op: Promise<unknown>, address: string, endpoints: 1 | -1): Promise<void> {
    const settle = (): void => {
      const closeNow = this.#state.phase === Phase.CloseWhenSettled;
      this.#state.phase = Phase.Open;
      this.#state.endpoints += endpoints;
      if (closeNow) this.close();
    };
    return op.then(
      () => settle(),
      (err: unknown) => {
        settle();
        throw withAddress(err, address);
      },
    );
  }

  /**
   * zmq_connect. Errors (EINVAL, EPROTONOSUPPORT) are thrown synchronously, with `address`. As
   * in libzmq, `lastEndpoint` is then the endpoint as given.
   */
  connect(address: string): void {
    this.#state.checkOpen();
    try {
      this.#state.core.connect(address);
    } catch (err) {
      throw withAddress(err, address);
    }
    this.#state.endpoints++;
  }

  /** zmq_disconnect. Throws EINVAL (no `://`), EPROTONOSUPPORT (unknown transport) or ENOENT (not connected), with `address`. */
  disconnect(address: string): void {
    this.#state.checkOpen();
    try {
      checkTermEndpoint(address, this.#state.core.type);
      this.#state.core.disconnect(address);
    } catch (err) {
      throw withAddress(err, address);
    }
    this.#state.endpoints--;
  }

  /**
   * zmq_close. Idempotent; a pending send/receive rejects with EAGAIN. Queued messages linger
   * per `linger`. During a pending bind or unbind the close waits for it to settle (`closed`
   * stays false until then). A closed socket keeps nothing alive: no timer, listener or
   * pending operation refers to it, and it lets go of its context.
   */
  close(): void {
    const state = this.#state;
    if (state.phase === Phase.Blocked || state.phase === Phase.CloseWhenSettled) {
      state.phase = Phase.CloseWhenSettled;
      return;
    }
    if (state.phase !== Phase.Closed) {
      // As the binding's poller does on close: a pending send or receive makes a final attempt
      // (it succeeds, or fails with EAGAIN, or with ENOTSUP or EFSM where the socket cannot).
      this.#send.finish();
      this.#receive.finish();
      state.phase = Phase.Closed;
      state.endpoints = 0;
      state.core.close();
      // The core may live on for a while (a listener or connection closing, a linger flush):
      // it must not keep this socket reachable.
      state.core.onReadable = null;
      state.core.onWritable = null;
    }
    this.#release();
  }

  /** What a closed socket lets go of: pending operations (EAGAIN), its observer and its context. */
  #release(): void {
    this.#context = undefined;
    this.#observer = null;
    // Only when an operation still waits: an error with a formatted stack costs ~10 µs.
    if (!this.#send.busy && !this.#receive.busy) return;
    const err = zmqError("EAGAIN");
    // Formatting the stack now lets go of the frames it was captured from (this socket among them).
    void err.stack;
    this.#send.cancel(err);
    this.#receive.cancel(err);
  }

  /**
   * zmq_send of a whole (multipart) message. Resolves when queued; waits while routing has no
   * room or the socket's state does not allow a send yet (a REQ awaiting its reply), per
   * `sendTimeout`: -1 waits, 0 fails at once (EAGAIN, or EFSM), otherwise the last attempt's
   * error when it expires. One pending send at a time (else EBUSY, thrown).
   *
   * Frames of up to 128 bytes are copied before this returns, so their Buffer may be reused at
   * once; larger frames are sent by reference: do not change such a Buffer until the peer
   * has received it (the binding's rule, where libzmq holds the memory until it is sent).
   */
  send(message: MessageLike | MessageLike[]): Promise<void> {
    this.#state.checkOpen();
    if (this.#send.busy) {
      throw zmqError("EBUSY", "Socket is busy writing; only one send operation may be in progress at any time");
    }
    return this.#send.start(toMessage(message), this.#state.core.options.sendTimeout);
  }

  /**
   * zmq_recv of a whole message; waits per `receiveTimeout` as `send` does (a REQ that has not
   * sent waits for its request to go out). One pending receive at a time (else EBUSY, thrown).
   */
  receive(): Promise<Buffer[]> {
    this.#checkReceive();
    return this.#receive.start(false, this.#state.core.options.receiveTimeout) as Promise<Buffer[]>;
  }

  #checkReceive(): void {
    this.#state.checkOpen();
    if (this.#receive.busy) {
      throw zmqError("EBUSY", "Socket is busy reading; only one receive operation may be in progress at any time");
    }
  }

  /** One receive attempt, its message wrapped as an iterator step when `step`. */
  #receiveAs(step: boolean, final: boolean): Buffer[] | Step | typeof NOT_YET {
    const msg = this.#tryReceive(final);
    return step && msg !== NOT_YET ? { value: msg, done: false } : msg;
  }

  /**
   * One send attempt. A send the socket's state forbids for now (EFSM: a REQ awaiting its
   * reply, a REP before its request) waits, as the binding's does, which polls until the
   * socket is writable; it fails only on a final attempt (sendTimeout 0, or the timeout expired).
   */
  #trySend(msg: Buffer[], final: boolean): void | typeof NOT_YET {
    const core = this.#state.core;
    // The binding sends an empty list as no message at all, once the socket is writable.
    if (msg.length === 0) return final || core.hasOut() ? undefined : NOT_YET;
    try {
      if (!core.trySend(msg)) {
        if (final && !SENDING_TYPES.includes(core.typeName as TypeName)) throw zmqError("ENOTSUP");
        return NOT_YET;
      }
    } catch (err) {
      if (!final && WAITS_FOR_STATE.has(errorCode(err))) return NOT_YET;
      // The binding polls before it sends: a socket that is not writable (a mandatory ROUTER
      // with no peer) makes it wait rather than fail.
      if (!final && !core.hasOut()) return NOT_YET;
      throw err;
    }
    if (weighsInStreak(msg)) this.#send.weigh(bytesOf(msg));
    // The socket's state changed: a receive that waited for it may go now, on the next turn
    // (after this one settles; the binding's poller sees the change on its next callback).
    this.#receive.retryNextTurn();
  }

  /** One receive attempt; as a send, one the socket's state forbids for now (EFSM) waits. */
  #tryReceive(final: boolean): Buffer[] | typeof NOT_YET {
    const core = this.#state.core;
    let msg: Buffer[] | undefined;
    try {
      msg = core.tryRecv();
    } catch (err) {
      if (!final && WAITS_FOR_STATE.has(errorCode(err))) return NOT_YET;
      throw err;
    }
    if (msg === undefined) {
      if (final && !RECEIVING_TYPES.includes(core.typeName as TypeName)) throw zmqError("ENOTSUP");
      return NOT_YET;
    }
    if (weighsInStreak(msg)) this.#receive.weigh(bytesOf(msg));
    this.#send.retryNextTurn();
    return msg;
  }

  /**
   * Async iteration over received messages (as the binding's: each step is a `receive()`); it
   * ends, with `{done: true}`, once the socket is closed, also while a receive was pending.
   */
  [Symbol.asyncIterator](): AsyncIterator<Buffer[], undefined> {
    // Unless receive() reshapes the message (a draft type's), a step is the receive slot's own promise,
    // resolving to its IteratorResult: nothing chained per message, so it costs what receive() does.
    const direct = this.receive === Socket.prototype.receive;
    return {
      next: (): Promise<Step> => {
        if (this.closed) return Promise.resolve(iterationDone());
        try {
          if (!direct)
            return this.receive().then(toStep, (e: Error) => endOnClose(this.closed, e) ?? Promise.reject(e));
          this.#checkReceive();
          return this.#receive.start(true, this.#state.core.options.receiveTimeout) as Promise<Step>;
        } catch (err) {
          return Promise.reject(err);
        }
      },
    };
  }
}

/**
 * Errors of a send or receive the socket's state forbids for now: the binding's poller waits
 * for the socket to become writable/readable instead (EFSM: out of turn in REQ/REP; ENOTSUP:
 * a direction the type does not have).
 */
const WAITS_FOR_STATE: ReadonlySet<string | undefined> = new Set(["EFSM", "ENOTSUP"]);

/** The binding's message argument: anything but undefined. */
const MESSAGE = required("Message must be present", (v) => v !== undefined);

checkArguments(Socket.prototype, {
  bind: [ADDRESS],
  bindSync: [ADDRESS],
  unbind: [ADDRESS],
  unbindSync: [ADDRESS],
  connect: [ADDRESS],
  disconnect: [ADDRESS],
  close: [],
  send: [MESSAGE],
  receive: [],
});

function withAddress(err: unknown, address: string): unknown {
  if (err && typeof err === "object" && "code" in err) (err as ErrnoError).address = address;
  return err;
}

/** The option properties every socket has, and the raw accessors by ZMQ_* id (both from the option table). */
export interface Socket extends OptionProps<"all">, RawAccessors {}
installOptions(Socket, "all");
installRawAccessors(Socket);
// Untyped, as in the binding's declarations: only Dish declares join/leave.
installGroupMethods(Socket.prototype);
