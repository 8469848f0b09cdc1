import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { Dealer } from "../../src/index.js";

const root = new URL("../../..", import.meta.url);

test(
  "an exception from an Observer on() listener is re-thrown on a later tick, never swallowed; the feed keeps going",
  { timeout: 10000 },
  async () => {
    const uncaught: unknown[] = [];
    process.setUncaughtExceptionCaptureCallback((err) => uncaught.push(err));
    const s = new Dealer({ linger: 0 });
    try {
      let inListener = false;
      s.events.on("bind", () => {
        inListener = true;
        throw new Error("listener broke");
      });
      const closed = new Promise<void>((resolve) => s.events.on("close", () => resolve()));
      await s.bind("tcp://127.0.0.1:*"); // the exception does not come out of bind()
      s.close();
      await closed; // a later event still reaches its listener
      await new Promise((resolve) => setImmediate(resolve)); // past the tick the exception was re-thrown on
      assert.equal(inListener, true);
      assert.equal(uncaught.length, 1);
      assert.match(String(uncaught[0]), /listener broke/);
    } finally {
      s.close();
      process.setUncaughtExceptionCaptureCallback(null);
    }
  },
);

/** Runs an ESM snippet from the package root with the given NODE_DEBUG. */
function child(code: string, nodeDebug: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: root,
    encoding: "utf8",
    timeout: 15000,
    env: { ...process.env, NODE_DEBUG: nodeDebug },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A monitor tap that throws (a bug in zmtp: taps run no user code) must not break the socket.
// The socket comes from the build the internal module is part of (the package serves a bundle).
const brokenTap = `
  import { Dealer } from "./dist/src/index.js";
  import { socketCore } from "./dist/src/api/socket.js";
  const s = new Dealer({ linger: 0 });
  socketCore(s).addTap({
    deliver() { throw new Error("tap broke on an event"); },
    socketClosed() { throw new Error("tap broke on close"); },
  });
  const events = s.events;
  await s.bind("tcp://127.0.0.1:*");
  const types = [];
  s.close();
  for await (const ev of events) types.push(ev.type);
  console.log(JSON.stringify(types));
`;

test("a throwing monitor tap is swallowed, other taps still hear every event, and NODE_DEBUG=zmtp shows it", () => {
  const r = child(brokenTap, "zmtp");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), JSON.stringify(["bind", "close", "end"]));
  assert.match(r.stderr, /ZMTP \d+: monitor tap threw: Error: tap broke on an event/);
  assert.match(r.stderr, /ZMTP \d+: monitor tap threw: Error: tap broke on close/);
});

test("without NODE_DEBUG=zmtp a throwing monitor tap prints nothing", () => {
  const r = child(brokenTap, "");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), JSON.stringify(["bind", "close", "end"]));
  assert.equal(r.stderr, "");
});
