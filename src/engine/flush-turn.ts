/** Something with output to write once the current event-loop turn's work is done. */
export interface TurnFlusher {
  flushTurn(): void;
}

let due: TurnFlusher[] = [];
let spare: TurnFlusher[] = [];
let armed = false;

/**
 * Runs `f.flushTurn()` in this turn's check phase. One setImmediate serves every engine that
 * asks during a turn (a PUB with a thousand subscribers asks a thousand times): no timer object
 * or closure per engine and per turn. The caller asks once per turn (it keeps its own flag).
 */
export function flushThisTurn(f: TurnFlusher): void {
  due.push(f);
  if (armed) return;
  armed = true;
  setImmediate(runDue);
}

function runDue(): void {
  armed = false;
  const list = due;
  due = spare;
  spare = list;
  for (let i = 0; i < list.length; i++) {
    try {
      list[i]!.flushTurn();
    } catch (err) {
      // The others still get their turn; the error surfaces as it would from a timer of their own.
      for (let k = i + 1; k < list.length; k++) flushThisTurn(list[k]!);
      list.length = 0;
      throw err;
    }
  }
  list.length = 0;
}
