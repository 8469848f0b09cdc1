import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { Dealer } from "../../src/index.js";
import { watch } from "../../src/monitor.js";

test(
  "watch(): a second concurrent next() throws EBUSY (as Observer.receive); the first still resolves",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    const w = watch(s);
    try {
      const first = w.next();
      assert.throws(() => w.next(), { code: "EBUSY" });
      await s.bind("tcp://127.0.0.1:*");
      assert.equal((await first)?.type, "LISTENING");
      // Free again once the first read settled.
      const second = w.next();
      s.close();
      assert.equal((await second)?.type, "CLOSED");
      assert.equal((await w.next())?.type, "MONITOR_STOPPED");
      assert.equal(await w.next(), null);
    } finally {
      s.close();
    }
  },
);

test(
  "watch(): a reader more than `limit` behind loses the oldest events, counted in dropped",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    const w = watch(s, 2);
    await s.bind("tcp://127.0.0.1:*");
    s.close(); // LISTENING, CLOSED, MONITOR_STOPPED into a queue of 2
    const types: string[] = [];
    for await (const ev of w) types.push(ev.type);
    assert.deepEqual(types, ["CLOSED", "MONITOR_STOPPED"]);
    assert.equal(w.dropped, 1);
    assert.equal(w.limit, 2);
  },
);

test("watch(): after two concurrent next() calls the process still exits (it used to hang)", { timeout: 20000 }, () => {
  const r = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `
      import { Dealer } from "zmtp";
      import { watch } from "zmtp/monitor";
      const s = new Dealer({ linger: 0 });
      const w = watch(s);
      const first = w.next();
      try { w.next(); } catch (e) { console.log("second:", e.code); }
      await s.bind("tcp://127.0.0.1:*");
      console.log("first:", (await first).type);
      s.close();
      `,
    ],
    { cwd: new URL("../../..", import.meta.url), encoding: "utf8", timeout: 15000 },
  );
  assert.equal(r.signal, null, "the process had to be killed: it did not exit on its own");
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /second: EBUSY/);
  assert.match(r.stdout, /first: LISTENING/);
});
