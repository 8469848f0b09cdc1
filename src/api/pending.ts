import { zmqError, type ErrnoError } from "../errors.js";
import { hold, release } from "../keepalive.js";

/** What an attempt returns when the operation cannot complete yet. */
export const NOT_YET: unique symbol = Symbol("not yet");

/** After this many operations that completed at once, one yields to the event loop. */
const SYNC_STREAK_LIMIT = 512;

/**
 * Tries an operation on `arg`: its result, or NOT_YET. `final` is true when the operation may
 * not wait any more (timeout 0, or its timeout expired): the attempt then reports what the
 * socket says now, as an error where it would otherwise wait for a state change.
 */
export type Attempt<A, T> = (arg: A, final: boolean) => T | typeof NOT_YET;

/**
 * For operations on `arg` whose failure may stand for a result (an iterator's end when its
 * socket closes): the function that decides, or null to reject as usual.
 */
export type Recover<A, T> = (arg: A) => ((err: ErrnoError) => T | undefined) | null;

interface Waiting<A, T> {
  readonly arg: A;
  readonly resolve: (value: T) => void;
  readonly reject: (err: ErrnoError) => void;
  timer: NodeJS.Timeout | null;
}

/**
 * One direction of a socket (send, or receive): at most one operation waits at a time. An
 * operation is an attempt that either completes at once, or waits (keeping the process alive)
 * until `retry()` finds it can complete, its timeout passes, or `cancel()`. As in the binding,
 * which polls and then tries once more, an expired timeout makes one final attempt: its result,
 * its error, or EAGAIN if it still cannot complete.
 */
export class OperationSlot<A, T> {
  readonly #attempt: Attempt<A, T>;
  readonly #recover: Recover<A, T> | null;
  #waiting: Waiting<A, T> | null = null;
  #streak = 0;

  /**
   * @param attempt tries the operation (one function per slot, so a call allocates no closure)
   * @param recover turns some failures into results (see Recover)
   */
  constructor(attempt: Attempt<A, T>, recover: Recover<A, T> | null = null) {
    this.#attempt = attempt;
    this.#recover = recover;
  }

  get busy(): boolean {
    return this.#waiting !== null;
  }

  /**
   * Attempts the operation on `arg` now; if it is not possible yet, waits for `timeout` ms
   * (-1 = forever; 0 = no wait: a final attempt at once). An exception from the attempt rejects.
   */
  start(arg: A, timeout: number): Promise<T> {
    let value: T | typeof NOT_YET;
    try {
      value = this.#attempt(arg, timeout === 0);
    } catch (err) {
      return this.#rejected(arg, err as ErrnoError);
    }
    if (value !== NOT_YET) {
      if (++this.#streak < SYNC_STREAK_LIMIT) return Promise.resolve(value);
      this.#streak = 0;
      const done = value;
      return new Promise((resolve) => setImmediate(() => resolve(done)));
    }
    this.#streak = 0;
    if (timeout === 0) return this.#rejected(arg, zmqError("EAGAIN"));
    return new Promise<T>((resolve, reject) => {
      const w: Waiting<A, T> = { arg, resolve, reject, timer: null };
      if (timeout > 0) {
        w.timer = setTimeout(() => {
          if (this.#waiting === w) this.#settle(w, true);
        }, timeout);
      }
      this.#waiting = w;
      hold();
    });
  }

  /** Tries the waiting operation again (the socket became readable/writable, or its state changed). */
  retry(): void {
    const w = this.#waiting;
    if (w) this.#settle(w, false);
  }

  /** Settles the waiting operation, if any, with a final attempt (the socket is about to close). */
  finish(): void {
    const w = this.#waiting;
    if (w) this.#settle(w, true);
  }

  /** Rejects the waiting operation, if any, with `err`. */
  cancel(err: ErrnoError): void {
    const w = this.#waiting;
    if (!w) return;
    this.#waiting = null;
    endWait(w);
    this.#fail(w, err);
  }

  /** Attempts `w`; settles it unless the attempt is not final and cannot complete yet. */
  #settle(w: Waiting<A, T>, final: boolean): void {
    let value: T | typeof NOT_YET;
    try {
      value = this.#attempt(w.arg, final);
    } catch (err) {
      this.#waiting = null;
      endWait(w);
      this.#fail(w, detached(err as ErrnoError));
      return;
    }
    if (value === NOT_YET && !final) return;
    this.#waiting = null;
    endWait(w);
    if (value === NOT_YET) this.#fail(w, detached(zmqError("EAGAIN")));
    else w.resolve(value);
  }

  /** A failed operation on `arg` that did not wait: rejected, unless `recover` makes it a result. */
  #rejected(arg: A, err: ErrnoError): Promise<T> {
    if (this.#recover?.(arg) == null) return Promise.reject(err);
    return new Promise<T>((resolve, reject) => this.#fail({ arg, resolve, reject, timer: null }, err));
  }

  /**
   * Rejects `w` with `err`, or resolves it with what `recover` makes of the error. That is decided
   * a microtask later, as a caller's catch would decide it: `close()` settles the waiting operation
   * first and marks the socket closed right after.
   */
  #fail(w: Waiting<A, T>, err: ErrnoError): void {
    const recover = this.#recover?.(w.arg) ?? null;
    if (recover === null) {
      w.reject(err);
      return;
    }
    queueMicrotask(() => {
      const value = recover(err);
      if (value === undefined) w.reject(err);
      else w.resolve(value);
    });
  }
}

/**
 * An error whose stack is formatted now: until then V8 keeps the frames it was captured from,
 * and with them the socket (a rejection pending in the microtask queue must not keep a closed
 * socket reachable).
 */
function detached(err: ErrnoError): ErrnoError {
  void err.stack;
  return err;
}

/** What ends every wait before it is settled: its timer, and its hold on the process. */
function endWait<A, T>(w: Waiting<A, T>): void {
  if (w.timer) clearTimeout(w.timer);
  release();
}
