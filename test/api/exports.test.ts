import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

/** zeromq v6's root export set; the classes not implemented yet are listed separately. */
const V6_ROOT = [
  "version",
  "capability",
  "curveKeyPair",
  "context",
  "Context",
  "Socket",
  "Observer",
  "Proxy",
  "Pair",
  "Publisher",
  "Subscriber",
  "Request",
  "Reply",
  "Dealer",
  "Router",
  "Pull",
  "Push",
  "XPublisher",
  "XSubscriber",
  "Stream",
];
const NOT_YET: string[] = [];

function run(args: string[]): string {
  // Run from the package root so that "zmtp" resolves through the package's own exports map.
  return execFileSync(process.execPath, args, { cwd: new URL("../../..", import.meta.url), encoding: "utf8" });
}

test("CommonJS require('zmtp'): enumerable keys are a subset of zeromq v6's root, nothing extra", () => {
  const keys = JSON.parse(run(["-e", "console.log(JSON.stringify(Object.keys(require('zmtp'))))"])) as string[];
  for (const k of keys) assert.ok(V6_ROOT.includes(k), `unexpected root export ${k}`);
  assert.deepEqual([...keys].sort(), V6_ROOT.filter((k) => !NOT_YET.includes(k)).sort());
  const mon = run(["-e", "const m=require('zmtp/monitor');console.log(typeof m.socketMonitor, m.EVENT_ALL)"]);
  assert.equal(mon.trim(), "function 65535");
});

test("ESM import of zmtp, zmtp/monitor and zmtp/monitor.js", () => {
  const out = run([
    "--input-type=module",
    "-e",
    "const a=await import('zmtp');const b=await import('zmtp/monitor');const c=await import('zmtp/monitor.js');" +
      "console.log(a.version, typeof a.Dealer, b.EVENT_HANDSHAKE_SUCCEEDED, b.socketMonitor===c.socketMonitor)",
  ]);
  assert.equal(out.trim(), "4.3.5 function 4096 true");
});
