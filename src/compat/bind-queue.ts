import { noop, toError } from "./types.js";

/**
 * Serialises a compat socket's binds and unbinds. The v6 socket refuses connect, send, receive,
 * bind and unbind while a bind is pending (EBUSY); v5 code issues them back to back, so they
 * wait here for the pending ones instead.
 */
export class BindQueue {
  #blocked: Promise<void> | null = null;

  /** Settles after the pending v6 bind/unbind calls; null when none is pending. */
  get blocked(): Promise<void> | null {
    return this.#blocked;
  }

  /** Runs a v6 bind/unbind after those already pending. */
  exclusive(op: () => Promise<void>): Promise<void> {
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

  /**
   * Runs a synchronous v6 call now (its errors are thrown), or after the pending binds; then it
   * is skipped if the socket has closed meanwhile, and its errors go to `report`.
   */
  whenIdle(fn: () => void, closed: () => boolean, report: (err: Error) => void): void {
    const blocked = this.#blocked;
    if (!blocked) {
      fn();
      return;
    }
    void blocked.then(() => {
      if (closed()) return;
      try {
        fn();
      } catch (err) {
        report(toError(err));
      }
    });
  }
}
