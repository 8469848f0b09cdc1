// The CI size of the "nothing lost" run (dist/test/soak/run-nothing-lost.js is the long one):
// with the receiver restarting, no message arrives twice or out of order; with the sender
// restarting cleanly (close with linger), every message arrives exactly once.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { nothingLost, type Impl, type Pattern } from "./nothing-lost.js";

const CASES: Array<[Pattern, "tcp" | "ipc", Impl, Impl]> = [
  ["PUSH-PULL", "tcp", "zmtp", "zmtp"],
  ["PUSH-PULL", "ipc", "zmtp", "zmtp"],
  ["DEALER-DEALER", "tcp", "zmtp", "zmtp"],
  ["DEALER-DEALER", "ipc", "zmtp", "zmtp"],
  ["PAIR-PAIR", "tcp", "zmtp", "zmtp"],
  ["PAIR-PAIR", "ipc", "zmtp", "zmtp"],
  ["PUSH-PULL", "tcp", "zmtp", "libzmq"],
  ["PUSH-PULL", "tcp", "libzmq", "zmtp"],
];

describe("nothing lost across peer restarts", () => {
  for (const [pattern, transport, sender, receiver] of CASES) {
    const name = `${pattern} over ${transport}, ${sender} → ${receiver}`;
    test(`${name}, receiver restarting: no duplicate, nothing out of order`, { timeout: 60000 }, async () => {
      const r = await nothingLost({
        sender,
        receiver,
        pattern,
        transport,
        messages: 20000,
        restarting: "receiver",
        restartEvery: 5000,
      });
      assert.equal(r.duplicates, 0);
      assert.equal(r.outOfOrder, 0);
      // The receiver restarts every 5 000 messages it gets. A libzmq receiver loses what its queue
      // held at each restart (up to 47 049 measured from a zmtp sender), so fewer of the 20 000 reach
      // it and it may restart only once; a zmtp receiver loses at most its unread queue.
      const minRestarts = receiver === "libzmq" ? 1 : 3;
      assert.ok(r.restarts >= minRestarts, `${r.restarts} restarts`);
    });
    test(`${name}, sender restarting with linger: every message exactly once`, { timeout: 60000 }, async () => {
      const r = await nothingLost({
        sender,
        receiver,
        pattern,
        transport,
        messages: 20000,
        restarting: "sender",
        restartEvery: 5000,
      });
      assert.deepEqual([r.received, r.lost, r.duplicates, r.outOfOrder], [20000, 0, 0, 0]);
      assert.ok(r.restarts >= 3, `${r.restarts} restarts`);
    });
  }
});
