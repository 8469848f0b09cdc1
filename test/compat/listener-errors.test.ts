/**
 * v5-compat runs user listeners and callbacks so that an exception they throw is an uncaught
 * exception (as in v5), never swallowed, and the socket goes on delivering. Runs in a child process: the runner itself fails a test on an uncaught exception.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

const compat = new URL("../../src/v5-compat.js", import.meta.url).href;

const program = `
import * as zmq from ${JSON.stringify(compat)};
const uncaught = [];
process.on("uncaughtException", (err) => {
  uncaught.push(err.message);
  if (uncaught.length === 4) finish();
});
const a = zmq.socket("pair");
const b = zmq.socket("pair");
const seen = [];
a.prependListener("message", (m) => seen.push(String(m)));
a.on("message", (m) => { throw new Error("listener " + m); });
a.bind("inproc://listener-errors", () => { throw new Error("bind callback"); });
a.on("bind", () => { throw new Error("bind listener"); });
b.connect("inproc://listener-errors");
b.send("1");
b.send("2");
function finish() {
  a.close();
  b.close();
  console.log(JSON.stringify({ uncaught, seen }));
}
`;

test(
  "exceptions from v5 listeners and callbacks become uncaught exceptions on the next tick",
  { timeout: 40000 },
  () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", program], {
      encoding: "utf8",
      timeout: 30000,
    });
    const { uncaught, seen } = JSON.parse(out) as { uncaught: string[]; seen: string[] };
    // The bind listener runs before the bind callback (both throw, both reported, each on its
    // own tick); each message's listener throws and the next message is still delivered.
    // (Whether the bind events come before the first message is not specified.)
    assert.deepEqual(
      uncaught.filter((m) => m.startsWith("bind")),
      ["bind listener", "bind callback"],
    );
    assert.deepEqual(
      uncaught.filter((m) => m.startsWith("listener")),
      ["listener 1", "listener 2"],
    );
    assert.deepEqual(seen, ["1", "2"]);
  },
);
