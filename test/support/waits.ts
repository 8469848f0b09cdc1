// Waiting without clocks: for an event, for the next turn of the event loop, or for an
// ordering marker. No fixed sleeps; a wait that never ends is bounded by the test's timeout.

/** One turn of the event loop: I/O callbacks and events already due have run by then. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What `settledNow` answers for a promise still pending after a loop turn. */
export const PENDING: unique symbol = Symbol("pending");

/**
 * The value of `p` if it is already settled or settles within one loop turn, else PENDING:
 * "is something there right now?" without waiting for time to pass.
 */
export async function settledNow<T>(p: Promise<T>): Promise<T | typeof PENDING> {
  const later = nextTurn().then((): typeof PENDING => PENDING);
  return Promise.race<T | typeof PENDING>([p, later]);
}

/** Checks `cond` after each loop turn until it holds (the test's timeout bounds the wait). */
export async function turnsUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await nextTurn();
}
