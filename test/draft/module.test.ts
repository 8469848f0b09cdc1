// `zmtp/draft` as a package subpath (ESM and CommonJS, with and without `.js`): exactly the
// binding's seven classes plus Peer and Channel, the binding's process warning once per process
// however the module is loaded, and capability.draft.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { capability } from "../../src/index.js";

const BINDING_CLASSES = ["Server", "Client", "Radio", "Dish", "Gather", "Scatter", "Datagram"];

function run(args: string[]): string {
  // From the package root, so "zmtp" resolves through the package's own exports map.
  return execFileSync(process.execPath, args, {
    cwd: new URL("../../..", import.meta.url),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Prints every process warning as JSON, then runs `body`. */
const warnings =
  "process.on('warning',(w)=>console.log(JSON.stringify({warning:{name:w.name,message:w.message,code:w.code??null}})));";

function warningsOf(out: string): unknown[] {
  return out
    .trim()
    .split("\n")
    .filter((l) => l.startsWith('{"warning"'))
    .map((l) => (JSON.parse(l) as { warning: unknown }).warning);
}

test("zmtp/draft exports the binding's seven draft classes, plus Peer and Channel", () => {
  const ours = JSON.parse(run(["-e", "console.log(JSON.stringify(Object.keys(require('zmtp/draft'))))"])) as string[];
  const theirs = JSON.parse(
    run(["-e", "process.on('warning',()=>{});console.log(JSON.stringify(Object.keys(require('zeromq/draft'))))"]),
  ) as string[];
  assert.deepEqual([...theirs].sort(), [...BINDING_CLASSES].sort());
  assert.deepEqual([...ours].sort(), [...BINDING_CLASSES, "Peer", "Channel"].sort());
  const esm = run([
    "--input-type=module",
    "-e",
    "const a=await import('zmtp/draft');const b=await import('zmtp/draft.js');" +
      "console.log(JSON.stringify([Object.keys(a).sort(), a.Server===b.Server, new a.Server().type]))",
  ]);
  assert.deepEqual(JSON.parse(esm.trim().split("\n").at(-1)!), [
    [...BINDING_CLASSES, "Peer", "Channel"].sort(),
    true,
    12,
  ]);
});

test("loading zmtp/draft warns once per process, as the binding (ESM, CommonJS, both subpaths)", () => {
  const theirs = warningsOf(run(["-e", warnings + "require('zeromq/draft');require('zeromq/draft.js')"]));
  assert.equal(theirs.length, 1);
  const ours = warningsOf(
    run([
      "--input-type=module",
      "-e",
      warnings +
        "await import('zmtp/draft');await import('zmtp/draft.js');" +
        "const {createRequire}=await import('node:module');const r=createRequire(process.cwd()+'/x.js');" +
        "r('zmtp/draft');r('zmtp/draft.js');",
    ]),
  );
  assert.deepEqual(ours, theirs);
  // The root module alone says nothing.
  assert.deepEqual(warningsOf(run(["-e", warnings + "require('zmtp')"])), []);
});

test("capability.draft is true", () => {
  assert.equal(capability.draft, true);
});
