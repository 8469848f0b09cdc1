/** Something with output to write once the current event-loop turn's work is done. */
export interface TurnFlusher {
  flushTurn(): void;
}

/**
 * At most this many flushes run in one turn; the rest run first in the next turn. A PUB whose
 * thousand subscribers each get one message of the last 512 sends would otherwise make a thousand
 * one-message writes every turn: waiting their turn, they gather more messages per write (as
 * libzmq's I/O thread gathers them when it falls behind the application thread). A turn with
 * fewer engines to flush, which is every turn of all but such fan-outs, flushes them all.
 */
export const FLUSHES_PER_TURN = 64;

/** The flushed prefix of the queue is cut off once it is this long and at least half of it. */
const COMPACT_FROM = 1024;

/** Engines that asked, oldest first, from `head` on. */
let queue: (TurnFlusher | undefined)[] = [];
let head = 0;
let armed = false;

/**
 * Runs `f.flushTurn()` in this turn's check phase (or, past FLUSHES_PER_TURN engines, a later
 * turn's). One setImmediate serves every engine that asks during a turn: no timer object or
 * closure per engine and per turn. The caller asks once per turn (it keeps its own flag).
 */
export function flushThisTurn(f: TurnFlusher): void {
  queue.push(f);
  arm();
}

/**
 * No flush is waiting for the turn: an engine may write at once without going ahead of others
 * (a PUB fanning out to many idle subscribers keeps gathering its messages into fewer writes).
 */
export function noFlushWaiting(): boolean {
  return head === queue.length;
}

function arm(): void {
  if (armed) return;
  armed = true;
  setImmediate(runDue);
}

function runDue(): void {
  armed = false;
  // Engines that ask from here on (a flush that left output behind) wait for the next turn.
  const end = Math.min(queue.length, head + FLUSHES_PER_TURN);
  try {
    while (head < end) {
      const f = queue[head]!;
      queue[head++] = undefined;
      f.flushTurn();
    }
  } finally {
    // After an exception too: the others still get their turn, and the error surfaces as it
    // would from a timer of their own.
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
    } else {
      if (head >= COMPACT_FROM && head * 2 >= queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
      arm();
    }
  }
}
