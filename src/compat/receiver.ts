import type { Socket as V6Socket } from "../api/socket.js";
import { errorCode } from "../errors.js";
import { nextTurn } from "../util/next-turn.js";
import { toError } from "./types.js";

/** What the receiver reads from its compat socket. */
export interface ReceiverHost {
  readonly zmq: V6Socket;
  readonly paused: boolean;
  /** `close()` was called. */
  readonly closing: boolean;
  /** Closed by `close()` or by the context. */
  readonly closed: boolean;
  /** Pending binds/unbinds (receives wait for them), or null. */
  readonly blocked: Promise<void> | null;
  /** Resolves after the next message is sent (a REQ socket may receive only then). */
  sent(): Promise<void>;
  emitMessage(frames: Buffer[]): void;
  emitError(err: Error): void;
}

/**
 * The receive side of a v5 socket: reads whole messages while not paused and delivers each as
 * a `message` event on a tick of its own (a listener's exception is an uncaught exception of
 * that tick, raised before the next message is emitted); messages read while paused are kept
 * and delivered, in order, on resume.
 */
export class Receiver {
  readonly #host: ReceiverHost;
  /** Messages received while paused. */
  #inbox: Buffer[][] = [];
  #receiving = false;

  constructor(host: ReceiverHost) {
    this.#host = host;
  }

  /** Runs the receive loop unless it is running. */
  start(): void {
    void this.#loop();
  }

  /** Delivers the messages kept while paused (from the next tick on, one per tick). */
  drainLater(): void {
    if (this.#inbox.length > 0) process.nextTick(() => this.#drain());
  }

  /** The socket closed: kept messages are dropped. */
  close(): void {
    this.#inbox = [];
  }

  async #loop(): Promise<void> {
    if (this.#receiving) return;
    this.#receiving = true;
    const host = this.#host;
    try {
      while (!host.paused && !host.closed) {
        if (host.blocked) {
          await host.blocked;
          continue;
        }
        let msg: Buffer[];
        try {
          msg = await host.zmq.receive();
        } catch (err) {
          if (host.closed) break;
          const code = errorCode(err);
          if (code === "EFSM") {
            // A "req" socket cannot receive before it has sent: wait for the next send.
            await host.sent();
          } else if (code === "EBUSY" && host.blocked !== null) {
            const blocked: Promise<void> = host.blocked;
            await blocked;
          } else {
            // EAGAIN is a ZMQ_RCVTIMEO expiry: v5 ignores it. Anything else is reported.
            if (code !== "EAGAIN") host.emitError(toError(err));
            await nextTurn();
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
    if (this.#host.closing) return;
    if (this.#host.paused || this.#inbox.length > 0) {
      this.#inbox.push(msg);
      return;
    }
    this.#host.emitMessage(msg);
  }

  /** One kept message per tick, the next one scheduled first, so a listener that throws stops nothing. */
  #drain(): void {
    if (this.#host.paused || this.#host.closing || this.#inbox.length === 0) return;
    const msg = this.#inbox.shift()!;
    if (this.#inbox.length > 0) process.nextTick(() => this.#drain());
    this.#host.emitMessage(msg);
  }
}
