import type { MessageLike, Socket as V6Socket } from "../api/socket.js";
import { errorCode, zmqError } from "../errors.js";
import { callSafely, noop, toError, type Callback } from "./types.js";

/** What the outbox reads from its compat socket. */
export interface OutboxHost {
  readonly zmq: V6Socket;
  readonly paused: boolean;
  /** `close()` was called. */
  readonly closing: boolean;
  /** Closed by `close()` or by the context. */
  readonly closed: boolean;
  /** Pending binds/unbinds (sends wait for them), or null. */
  readonly blocked: Promise<void> | null;
  /** Emits `error` for a failure that has no callback. */
  emitError(err: Error): void;
}

interface Outgoing {
  readonly frames: MessageLike[];
  readonly callbacks: Callback[];
}

/**
 * The send side of a v5 socket: parts given with ZMQ_SNDMORE wait for the final part, then
 * whole messages are handed to the v6 socket in order, as many as it takes without waiting;
 * callbacks run once their message is queued (or failed), and `sent()` waiters are woken after
 * each message handed over.
 */
export class Outbox {
  readonly #host: OutboxHost;
  /** Parts given with ZMQ_SNDMORE, waiting for the final part. */
  #parts: MessageLike[] = [];
  #partCallbacks: Callback[] = [];
  /** Whole messages not yet handed to the v6 socket. */
  #queue: Outgoing[] = [];
  /** The last v6 send handed over, until it settles. */
  #lastSend: Promise<void> | null = null;
  /** Set while the flush waits for the v6 socket to take more. */
  #flushWait: Promise<void> | null = null;
  #flushing = false;
  #sentWaiters: Array<() => void> = [];

  constructor(host: OutboxHost) {
    this.#host = host;
  }

  /** Adds frames (and a callback) to the message being built; without `more` the message is queued. */
  add(message: MessageLike | MessageLike[], more: boolean, cb: Callback | undefined): void {
    if (Array.isArray(message)) this.#parts.push(...message);
    else this.#parts.push(message);
    if (cb) this.#partCallbacks.push(cb);
    if (more) return;
    const item: Outgoing = { frames: this.#parts, callbacks: this.#partCallbacks };
    this.#parts = [];
    this.#partCallbacks = [];
    if (this.#host.closed) {
      this.#abandon(item);
      return;
    }
    this.#queue.push(item);
    this.flush();
  }

  /** Resolves after the next message is sent (or the socket closes). */
  sent(): Promise<void> {
    return new Promise<void>((resolve) => this.#sentWaiters.push(resolve));
  }

  /** The socket closed: messages still waiting here fail with EBADF, unfinished parts are dropped. */
  close(): void {
    const waiting = this.#queue.splice(0);
    this.#parts = [];
    this.#partCallbacks = [];
    for (const item of waiting) this.#abandon(item);
    this.#wakeSentWaiters();
  }

  /** Hands queued messages to the v6 socket for as long as it takes them without waiting. */
  flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    const host = this.#host;
    try {
      while (this.#queue.length > 0 && !host.paused && !host.closing && !this.#flushWait) {
        if (host.blocked) {
          this.#flushAfter(host.blocked);
          return;
        }
        const item = this.#queue[0]!;
        let sent: Promise<void>;
        try {
          sent = host.zmq.send(item.frames);
        } catch (err) {
          // EBUSY: the previous send is still waiting for room (HWM, no peer); resume after it.
          if (errorCode(err) === "EBUSY" && this.#lastSend) {
            this.#flushAfter(this.#lastSend);
            return;
          }
          this.#queue.shift();
          queueMicrotask(() => this.#complete(item, err));
          continue;
        }
        this.#queue.shift();
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
      this.flush();
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
    } else if (!this.#host.closing) {
      this.#host.emitError(error);
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
}
