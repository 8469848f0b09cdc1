// The soak at CI size (100 s; the hour-long run is dist/test/soak/run-soak.js, docs/soak.md):
// mixed types over tcp/ipc/inproc, a peer restarting every 2 s, slow consumers, subscription
// churn, every socket's events read. Memory must stay flat, every handle must go with the sockets.
import assert from "node:assert/strict";
import { test } from "node:test";
import { growth, soak } from "./soak.js";

test("soak: 100 s of mixed traffic and restarts, flat memory, no handle left", { timeout: 240000 }, async () => {
  const r = await soak({ durationMs: 100_000, sampleMs: 5000, restartMs: 2000, burst: 20 });
  assert.ok(r.delivered > 10000, `${r.delivered} messages delivered`);
  assert.ok(r.restarts >= 40, `${r.restarts} restarts`);
  assert.equal(r.duplicates, 0);
  assert.equal(r.outOfOrder, 0);
  // Held memory (heap + buffers, after gc): the last quarter against the second, so warm-up is left out.
  const held = growth(r.samples, "held");
  assert.ok(held < 4 * (1 << 20), `held memory grew ${(held / (1 << 20)).toFixed(1)} MiB`);
  assert.deepEqual(r.resourcesAfter.sort(), r.resourcesBefore.sort());
});
