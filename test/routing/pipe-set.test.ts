// PipeSet: the active prefix and the round-robin cursor that load-balancing and fair-queuing share.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPipe, type PipeEnd } from "../../src/pipe/pipe.js";
import { PipeSet } from "../../src/routing/pipe-set.js";

const ends = (n: number): PipeEnd[] => Array.from({ length: n }, () => createPipe(1, 1)[0]);

test("PipeSet: active pipes form a prefix; activation and deactivation keep it so", () => {
  const [a, b, c] = ends(3) as [PipeEnd, PipeEnd, PipeEnd];
  const s = new PipeSet();
  s.add(a, true);
  s.add(b, false);
  s.add(c, true);
  assert.equal(s.size, 3);
  assert.equal(s.active, 2);
  assert.deepEqual(new Set(s.pipes.slice(0, s.active)), new Set([a, c]));
  s.activate(b);
  s.activate(b); // already active: no change
  assert.equal(s.active, 3);
  s.deactivateAt(s.pipes.indexOf(a));
  assert.equal(s.active, 2);
  assert.equal(s.pipes.indexOf(a), 2, "moved behind the active prefix");
});

test("PipeSet: advance cycles over the active pipes only", () => {
  const [a, b, c] = ends(3) as [PipeEnd, PipeEnd, PipeEnd];
  const s = new PipeSet();
  s.add(a, true);
  s.add(b, true);
  s.add(c, false);
  const visited: PipeEnd[] = [];
  for (let i = 0; i < 4; i++) {
    visited.push(s.pipes[s.current]!);
    s.advance();
  }
  assert.deepEqual(visited, [a, b, a, b]);
});

test("PipeSet: removing an active or inactive pipe keeps the rest and the cursor valid", () => {
  const [a, b, c, d] = ends(4) as [PipeEnd, PipeEnd, PipeEnd, PipeEnd];
  const s = new PipeSet();
  for (const p of [a, b, c]) s.add(p, true);
  s.add(d, false);
  s.advance();
  s.advance(); // cursor on the last active pipe
  s.remove(c);
  assert.equal(s.size, 3);
  assert.equal(s.active, 2);
  assert.ok(s.current < s.active);
  s.remove(d);
  assert.deepEqual(new Set(s.pipes), new Set([a, b]));
  s.remove(d); // unknown: no change
  assert.equal(s.size, 2);
  s.remove(a);
  s.remove(b);
  assert.equal(s.active, 0);
  s.advance();
  assert.equal(s.current, 0);
});
