// The per-turn flush scheduler (engine/flush-turn.ts), without sockets: who flushes in which turn.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FLUSHES_PER_TURN, flushThisTurn } from "../../src/engine/flush-turn.js";

/** Resolves in the check phase after the flushes armed before it (setImmediate runs in order). */
const checkPhase = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function flushers(n: number, ran: number[], from = 0): { flushTurn(): void }[] {
  return Array.from({ length: n }, (_, i) => ({ flushTurn: () => ran.push(from + i) }));
}

test("a turn flushes every engine that asked, in the order they asked", async () => {
  const ran: number[] = [];
  for (const f of flushers(10, ran)) flushThisTurn(f);
  assert.deepEqual(ran, [], "not before the check phase");
  await checkPhase();
  assert.deepEqual(ran, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("past FLUSHES_PER_TURN engines the rest go first in the next turn, before those that asked since", async () => {
  const ran: number[] = [];
  const n = FLUSHES_PER_TURN + 10;
  for (const f of flushers(n, ran)) flushThisTurn(f);
  // One that asks again while it flushes (output left over) waits for a later turn, behind everyone else.
  let askedAgain = false;
  flushThisTurn({
    flushTurn: () => {
      ran.push(-1);
      if (askedAgain) return;
      askedAgain = true;
      flushThisTurn({ flushTurn: () => ran.push(-2) });
    },
  });
  await checkPhase();
  assert.deepEqual(
    ran,
    Array.from({ length: FLUSHES_PER_TURN }, (_, i) => i),
  );
  await checkPhase();
  assert.deepEqual(ran.slice(FLUSHES_PER_TURN), [...Array.from({ length: 10 }, (_, i) => FLUSHES_PER_TURN + i), -1]);
  await checkPhase();
  assert.deepEqual(ran.slice(n), [-1, -2]);
});

test("a long backlog drains FLUSHES_PER_TURN a turn, each engine once and in order", async () => {
  const ran: number[] = [];
  const n = FLUSHES_PER_TURN * 20 + 3;
  for (const f of flushers(n, ran)) flushThisTurn(f);
  let turns = 0;
  while (ran.length < n) {
    await checkPhase();
    turns++;
    assert.equal(ran.length, Math.min(n, turns * FLUSHES_PER_TURN));
  }
  assert.equal(turns, 21);
  assert.deepEqual(
    ran,
    Array.from({ length: n }, (_, i) => i),
  );
});

test("engines that ask again every turn keep their order for thousands of turns, beside a backlog", async () => {
  // The steady state of busy connections: each flush asks for the next turn, so the queue is never
  // empty at the end of one, and what waits is moved to the front of the queue's storage.
  const ran: string[] = [];
  let asking = true;
  const again = (name: string): { flushTurn(): void } => {
    const f = {
      flushTurn: (): void => {
        ran.push(name);
        if (asking) flushThisTurn(f);
      },
    };
    return f;
  };
  flushThisTurn(again("a"));
  flushThisTurn(again("b"));
  // A backlog longer than a turn's flushes, behind them.
  const backlog = FLUSHES_PER_TURN + 5;
  for (let i = 0; i < backlog; i++) flushThisTurn({ flushTurn: () => ran.push(`x${i}`) });
  const x = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `x${from + i}`);
  try {
    for (let t = 0; t < 3000; t++) {
      ran.length = 0;
      if (t % 7 === 0) flushThisTurn({ flushTurn: () => ran.push(`once${t}`) });
      await checkPhase();
      if (t === 0) {
        assert.deepEqual(ran, ["a", "b", ...x(0, FLUSHES_PER_TURN - 2)]);
      } else if (t === 1) {
        // The rest of the backlog and turn 0's one-off, then a and b, which asked again in turn 0.
        assert.deepEqual(ran, [...x(FLUSHES_PER_TURN - 2, backlog), "once0", "a", "b"]);
      } else {
        // A one-off asks behind a and b (they asked in the turn before) and goes in the same turn.
        assert.deepEqual(ran, t % 7 === 0 ? ["a", "b", `once${t}`] : ["a", "b"], `turn ${t}`);
      }
    }
  } finally {
    asking = false;
  }
  await checkPhase();
});
