import { zmqError, type ErrnoError } from "../errors.js";
import { hold, release } from "../keepalive.js";
import { nextTurn } from "../util/next-turn.js";

/** What an attempt returns when the operation cannot complete yet. */
export const NOT_YET: unique symbol = Symbol("not yet");

/**
 * After this many operations that completed at once, one yields to the event loop; each 2 KiB an
 * operation moves counts as one more (`weigh`), so a run also yields once it has moved 1 MiB. The
 * event loop is where a connection's output is written: a loop sending 64 KiB messages with room
 * for 100 000 of them otherwise queued 512 (32 MiB, some 8 ms) between writes.
 */
const SYNC_STREAK_LIMIT = 512;
/** The bytes that count as one operation in a streak. */
const STREAK_BYTES = 2048;

/**
 * Whether a message may count for more than one operation in a streak (see OperationSlot.weigh):
 * the test every message pays, so that a small one pays nothing more.
 */
export function weighsInStreak(msg: readonly Buffer[]): boolean {
  return msg.length !== 1 || msg[0]!.length >= STREAK_BYTES;
}

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
   * Counts the `bytes` the attempt under way moves toward the streak (see SYNC_STREAK_LIMIT), for
   * a message that `weighsInStreak`.
   */
  weigh(bytes: number): void {
    this.#streak += (bytes / STREAK_BYTES) | 0;
  }

  /**
   * Attempts the operation on `arg` now; if it is not possible yet, waits for `timeout` ms
   * (-1 = forever; 0 = no wait: a final attempt at once). An exception from the attempt rejects.
   */
  start(arg: A, timeout: number): Promise<T> {
    // No closure in here: one that captures anything makes V8 allocate this call's context on
    // entry, taken or not (an inproc receive allocated 392 B with them, 250 without).
    let value: T | typeof NOT_YET;
    try {
      value = this.#attempt(arg, timeout === 0);
    } catch (err) {
      return this.#rejected(arg, err as ErrnoError);
    }
    if (value !== NOT_YET) {
      if (++this.#streak < SYNC_STREAK_LIMIT) return Promise.resolve(value);
      this.#streak = 0;
      // A long run of operations that completed at once lets the event loop have a turn.
      return nextTurn(value);
    }
    this.#streak = 0;
    if (timeout === 0) return this.#rejected(arg, zmqError("EAGAIN"));
    return this.#wait(arg, timeout);
  }

  /** The operation on `arg`, waiting until it completes or `timeout` ms (-1 = forever) pass. */
  #wait(arg: A, timeout: number): Promise<T> {
    // One executor for every wait, so a wait allocates no closure of its own (nor its context).
    const promise = new Promise<T>(captureSettlers);
    const w: Waiting<A, T> = {
      arg,
      resolve: capturedResolve as (value: T) => void,
      reject: capturedReject,
      timer: null,
    };
    if (timeout > 0) this.#expireAfter(w, timeout);
    this.#waiting = w;
    hold();
    return promise;
  }

  /** The final attempt of `w` once `timeout` ms pass, if it still waits then. */
  #expireAfter(w: Waiting<A, T>, timeout: number): void {
    w.timer = setTimeout(() => {
      if (this.#waiting === w) this.#settle(w, true);
    }, timeout);
  }

  /** Tries the waiting operation again (the socket became readable/writable, or its state changed). */
  retry(): void {
    const w = this.#waiting;
    if (w) this.#settle(w, false);
  }

  /** `retry()` on the next event-loop turn, if an operation waits now. */
  retryNextTurn(): void {
    if (this.#waiting !== null) setImmediate(this.#retryNow);
  }

  readonly #retryNow = (): void => this.retry();

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

// The settlers of the promise `captureSettlers` was last the executor of (it runs synchronously
// inside `new Promise`, so they are read right after).
let capturedResolve: (value: never) => void = () => undefined;
let capturedReject: (err: ErrnoError) => void = () => undefined;

function captureSettlers(resolve: (value: never) => void, reject: (err: ErrnoError) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
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
