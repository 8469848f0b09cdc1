import { hold, release } from "../keepalive.js";

/**
 * The one pending reader of a queue (an Observer's receive, a watcher's next). At most one
 * wait is outstanding; while it is, the process stays alive as it does for a pending socket
 * receive, and settling it lets go again. The owner answers a second concurrent read (EBUSY)
 * before calling `wait`.
 */
export class Waiter<T> {
  #resolve: ((value: T) => void) | null = null;
  #reject: ((err: Error) => void) | null = null;

  /** True while a `wait()` promise is unsettled. */
  get pending(): boolean {
    return this.#resolve !== null;
  }

  /** A promise the next `resolve`/`reject` settles. Throws if one is already pending. */
  wait(): Promise<T> {
    if (this.#resolve !== null) throw new Error("Waiter: a wait is already pending");
    hold();
    return new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Settles the pending wait with `value`; false (and nothing done) when nobody waits. */
  resolve(value: T): boolean {
    const settle = this.#take();
    if (settle === null) return false;
    settle.resolve(value);
    return true;
  }

  /** Rejects the pending wait with `err`; false when nobody waits. */
  reject(err: Error): boolean {
    const settle = this.#take();
    if (settle === null) return false;
    settle.reject(err);
    return true;
  }

  /** Clears the pending state before the promise settles, so a reader woken by it may wait again. */
  #take(): { resolve: (value: T) => void; reject: (err: Error) => void } | null {
    const resolve = this.#resolve;
    const reject = this.#reject;
    if (resolve === null || reject === null) return null;
    this.#resolve = null;
    this.#reject = null;
    release();
    return { resolve, reject };
  }
}
