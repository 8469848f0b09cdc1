import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { Waiter } from "../../src/util/waiter.js";

test("Waiter: resolve settles the pending wait once; later calls report nobody waiting", async () => {
  const w = new Waiter<number>();
  assert.equal(w.pending, false);
  assert.equal(w.resolve(1), false, "nobody waits yet");
  const p = w.wait();
  assert.equal(w.pending, true);
  assert.equal(w.resolve(2), true);
  assert.equal(w.pending, false, "not pending as soon as it is settled");
  assert.equal(w.resolve(3), false);
  assert.equal(await p, 2);
});

test("Waiter: reject settles the pending wait with the error", async () => {
  const w = new Waiter<number>();
  const p = w.wait();
  assert.equal(w.reject(new Error("gone")), true);
  await assert.rejects(p, /gone/);
  assert.equal(w.reject(new Error("again")), false);
});

test("Waiter: a second wait while one is pending throws and leaves the first intact", async () => {
  const w = new Waiter<string>();
  const p = w.wait();
  assert.throws(() => w.wait(), /already pending/);
  w.resolve("first");
  assert.equal(await p, "first");
  const q = w.wait(); // free again
  w.resolve("second");
  assert.equal(await q, "second");
});

const root = new URL("../../..", import.meta.url);

test("Waiter: a pending wait keeps the process alive; settling it lets the process exit", { timeout: 20000 }, () => {
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `
      import { Waiter } from "./dist/src/util/waiter.js";
      const w = new Waiter();
      // Only the pending wait can keep the process up until this unref'd timer fires.
      setTimeout(() => w.resolve("late"), 200).unref();
      console.log("got", await w.wait());
      `,
    ],
    { cwd: root, encoding: "utf8", timeout: 15000 },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /got late/);
});
