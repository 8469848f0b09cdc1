/**
 * Issue 9 item 4: a closed socket lets go of its context and nothing internal keeps either
 * reachable (reconnect timers, a connect in flight, a listener still closing, pending
 * operations, an observer): a full GC right after `close()`, in the same turn of the event loop,
 * collects both. Each scenario runs in a child process with --expose-gc; WeakRefs made in an
 * earlier turn tell what was collected.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const zmtp = new URL("../../src/index.js", import.meta.url).href;

/** Set-up steps per scenario: `s` is a Dealer on context `ctx`, `dead` a tcp port nobody listens on. */
const SCENARIOS: Record<string, string> = {
  "an idle socket": ``,
  "a connect to a dead tcp address, closed at once": `s.connect("tcp://127.0.0.1:" + dead);`,
  "a connect to a dead tcp address, waiting to retry": `
    s.connect("tcp://127.0.0.1:" + dead);
    for await (const ev of s.events) if (ev.type === "connect:retry") break;`,
  "a connect to a dead ipc address, waiting to retry": `
    s.connect("ipc://" + tmp + "/zmtp-release-" + process.pid + ".sock");
    for await (const ev of s.events) if (ev.type === "connect:retry") break;`,
  "a bound tcp listener": `await s.bind("tcp://127.0.0.1:*");`,
  "a bound inproc endpoint with a connected peer": `
    await s.bind("inproc://release");
    peer.connect("inproc://release");`,
  "a live tcp connection": `
    await s.bind("tcp://127.0.0.1:*");
    peer.connect(s.lastEndpoint);
    await peer.send("x");
    await s.receive();`,
  "a pending receive": `s.receive().catch(() => {});`,
  "a pending send": `s.send("x").catch(() => {});`,
  "an observer being read": `
    s.events.receive().catch(() => {});`,
  "an unbind in flight when close() was called (closing when it settles)": `
    await s.bind("inproc://release-unbind");
    s.unbind("inproc://release-unbind").catch(() => {});
    s.close();
    await new Promise((r) => setImmediate(r));`,
};

function program(setup: string): string {
  return `
import * as zmq from ${JSON.stringify(zmtp)};
import net from "node:net";
import { tmpdir } from "node:os";
const tmp = tmpdir();
const dead = await new Promise((res) => {
  const srv = net.createServer().listen(0, "127.0.0.1", () => {
    const p = srv.address().port;
    srv.close(() => res(p));
  });
});
const held = {};
const peer = new zmq.Dealer({ linger: 0 });
async function make() {
  const ctx = new zmq.Context();
  const s = new zmq.Dealer({ context: ctx, linger: 0, reconnectInterval: 20 });
  held.ctx = ctx;
  held.s = s;
  ${setup}
  return [new WeakRef(s), new WeakRef(ctx)];
}
const refs = await make();
// A later turn: the WeakRefs no longer keep their targets for the job that made them.
await new Promise((r) => setImmediate(r));
held.s.close();
held.s = held.ctx = null;
globalThis.gc();
console.log(JSON.stringify(refs.map((r) => r.deref() === undefined)));
peer.close();
`;
}

function run(code: string): unknown {
  const r = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", code], {
    encoding: "utf8",
    timeout: 10000,
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as unknown;
}

for (const [name, setup] of Object.entries(SCENARIOS)) {
  test(`a GC right after close() collects the socket and its context: ${name}`, { timeout: 20000 }, () => {
    assert.deepEqual(run(program(setup)), [true, true], "[socket collected, context collected]");
  });
}
