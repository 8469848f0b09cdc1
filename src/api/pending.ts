import { zmqError, type ErrnoError } from "../errors.js";
import { hold, release } from "../keepalive.js";

/** What an attempt returns when the operation cannot complete yet. */
export const NOT_YET: unique symbol = Symbol("not yet");

/** After this many operations that completed at once, one yields to the event loop. */
const SYNC_STREAK_LIMIT = 512;

interface Waiting<A, T> {
  readonly arg: A;
  readonly resolve: (value: T) => void;
  readonly reject: (err: ErrnoError) => void;
  timer: NodeJS.Timeout | null;
}

/**
 * One direction of a socket (send, or receive): at most one operation waits at a time. An
 * operation is an attempt that either completes at once, or waits (keeping the process alive)
 * until `retry()` finds it can complete, its timeout passes (EAGAIN), or `cancel()`.
 */
export class OperationSlot<A, T> {
  readonly #attempt: (arg: A) => T | typeof NOT_YET;
  #waiting: Waiting<A, T> | null = null;
  #streak = 0;

  /** @param attempt tries the operation on `arg`: its result, or NOT_YET (one function per slot, so a call allocates no closure) */
  constructor(attempt: (arg: A) => T | typeof NOT_YET) {
    this.#attempt = attempt;
  }

  get busy(): boolean {
    return this.#waiting !== null;
  }

  /**
   * Attempts the operation on `arg` now; if it is not possible yet, waits for `timeout` ms
   * (-1 = forever, 0 = EAGAIN at once). An exception from the attempt rejects.
   */
  start(arg: A, timeout: number): Promise<T> {
    let value: T | typeof NOT_YET;
    try {
      value = this.#attempt(arg);
    } catch (err) {
      return Promise.reject(err);
    }
    if (value !== NOT_YET) {
      if (++this.#streak < SYNC_STREAK_LIMIT) return Promise.resolve(value);
      this.#streak = 0;
      const done = value;
      return new Promise((resolve) => setImmediate(() => resolve(done)));
    }
    this.#streak = 0;
    if (timeout === 0) return Promise.reject(zmqError("EAGAIN"));
    return new Promise<T>((resolve, reject) => {
      const w: Waiting<A, T> = { arg, resolve, reject, timer: null };
      if (timeout > 0) {
        w.timer = setTimeout(() => {
          if (this.#waiting !== w) return;
          this.#waiting = null;
          settle(w, () => reject(zmqError("EAGAIN")));
        }, timeout);
      }
      this.#waiting = w;
      hold();
    });
  }

  /** Tries the waiting operation again (the socket became readable/writable). */
  retry(): void {
    const w = this.#waiting;
    if (!w) return;
    let value: T | typeof NOT_YET;
    try {
      value = this.#attempt(w.arg);
    } catch (err) {
      this.#waiting = null;
      settle(w, () => w.reject(err as ErrnoError));
      return;
    }
    if (value === NOT_YET) return;
    this.#waiting = null;
    const done = value;
    settle(w, () => w.resolve(done));
  }

  /** Rejects the waiting operation, if any, with `err`. */
  cancel(err: ErrnoError): void {
    const w = this.#waiting;
    if (!w) return;
    this.#waiting = null;
    settle(w, () => w.reject(err));
  }
}

function settle<A, T>(w: Waiting<A, T>, fn: () => void): void {
  if (w.timer) clearTimeout(w.timer);
  release();
  fn();
}
