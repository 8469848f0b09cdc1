// Memory that zmtp gives back at once (util/free-buffer.ts: a large body's read chunks, a drained
// queue's receive ring) is only given back on runtimes with ArrayBuffer transfer; on Node 20 the
// tests of that code pass whether or not it frees too early. So they run again here on Node 22
// and 26 (Node's own builds from npm, which .ci/run installs beside Bun and Deno), where a region
// freed while still referred to reads as empty and fails them. Skipped, with the reason printed,
// when those Nodes are not there.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../..", import.meta.url));
const bin = process.env.ZMTP_RUNTIMES_DIR;

/** The test files whose code frees memory, and the fuzz target that checks freeing changes nothing decoded. */
const FILES = [
  "test/util/free-buffer.test.js",
  "test/wire/large-body.test.js",
  "test/pipe/receive-ring.test.js",
  "test/pipe/queue.test.js",
  "test/pipe/pipe.test.js",
];
const FUZZ = "test/fuzz/fuzz-smoke.test.js";

for (const version of ["22", "26"]) {
  test(`the tests of code that frees memory pass on Node ${version}, where it is freed`, { timeout: 240_000 }, (t) => {
    const exe = bin === undefined ? null : join(bin, "..", `node${version}`, "bin", "node");
    if (exe === null || !existsSync(exe)) {
      t.skip(
        `Node ${version} not found (set ZMTP_RUNTIMES_DIR to a node_modules/.bin beside node${version}/; .ci/run does)`,
      );
      return;
    }
    const probe = spawnSync(exe, ["-p", "typeof ArrayBuffer.prototype.transfer"], { encoding: "utf8" });
    assert.equal(probe.stdout.trim(), "function", `Node ${version} frees memory at once`);
    // Without NODE_TEST_CONTEXT: inside a test file, Node's runner would skip the files as a recursive run.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const run = (what: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const r = spawnSync(exe, ["--test", "--test-reporter=tap", ...args], {
        cwd: dist,
        encoding: "utf8",
        timeout: 200_000,
        env: { ...env, ...extra },
      });
      const detail = `${what} on Node ${version}\n${r.stdout.slice(-4000)}\n${r.stderr}`;
      assert.equal(r.status, 0, detail);
      const passed = Number(/^# pass (\d+)$/m.exec(r.stdout)?.[1] ?? 0);
      assert.ok(passed > 0 && /^# fail 0$/m.test(r.stdout), detail);
      return passed;
    };
    run(FILES.join(" "), FILES);
    run(`${FUZZ} (decoder)`, ["--test-name-pattern=decoder", FUZZ], { ZMTP_FUZZ_INPUTS: "20000" });
  });
}
