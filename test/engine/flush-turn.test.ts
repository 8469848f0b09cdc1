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
