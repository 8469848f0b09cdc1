/** Resolves, with `value` if given, on the next turn of the event loop (setImmediate: after I/O callbacks). */
export function nextTurn(): Promise<void>;
export function nextTurn<T>(value: T): Promise<T>;
export function nextTurn<T>(value?: T): Promise<T | undefined> {
  return new Promise((resolve) => setImmediate(resolve, value));
}
