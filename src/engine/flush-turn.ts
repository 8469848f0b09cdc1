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

/**
 * Engines that asked, oldest first, in `queue[head, tail)`. The array keeps its storage: what
 * waits is moved to its front rather than the array cut or sliced (an engine that wrote asks
 * again for the next turn, so the queue is seldom empty, and it grew at its end by some 120 B
 * per turn that wrote).
 */
const queue: (TurnFlusher | undefined)[] = [];
let head = 0;
let tail = 0;
let armed = false;

/**
 * Runs `f.flushTurn()` in this turn's check phase (or, past FLUSHES_PER_TURN engines, a later
 * turn's). One setImmediate serves every engine that asks during a turn: no timer object or
 * closure per engine and per turn. The caller asks once per turn (it keeps its own flag).
 */
export function flushThisTurn(f: TurnFlusher): void {
  queue[tail++] = f;
  arm();
}

/**
 * No flush is waiting for the turn: an engine may write at once without going ahead of others
 * (a PUB fanning out to many idle subscribers keeps gathering its messages into fewer writes).
 */
export function noFlushWaiting(): boolean {
  return head === tail;
}

function arm(): void {
  if (armed) return;
  armed = true;
  setImmediate(runDue);
}

function runDue(): void {
  armed = false;
  // Engines that ask from here on (a flush that left output behind) wait for the next turn.
  const end = Math.min(tail, head + FLUSHES_PER_TURN);
  try {
    while (head < end) {
      const f = queue[head]!;
      queue[head++] = undefined;
      f.flushTurn();
    }
  } finally {
    // After an exception too: the others still get their turn, and the error surfaces as it
    // would from a timer of their own.
    const waiting = tail - head;
    // Once what waits is no longer than what went before it, the copy is paid for by the flushes
    // already run: O(1) per flush, however many engines wait. Nothing waiting, the usual turn:
    // no copy at all (the loop above cleared every slot it ran).
    if (waiting === 0) {
      head = tail = 0;
    } else if (waiting <= head) {
      queue.copyWithin(0, head, tail);
      queue.fill(undefined, waiting, tail);
      head = 0;
      tail = waiting;
    }
    if (waiting > 0) arm();
  }
}
