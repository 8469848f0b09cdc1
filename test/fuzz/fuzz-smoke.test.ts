// The fuzz targets in CI: a bounded mutation run per target (seconds in all), plus every input
// that was ever a finding, kept as a regression. The long, coverage-guided run is
// dist/test/fuzz/run-fuzz.js (docs/fuzzing.md).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadCorpus } from "./corpus.js";
import { check, fuzz } from "./fuzz.js";
import { TARGETS } from "./targets.js";

/** Inputs that once broke an invariant, or that a past defect (issue 11) needed: { target, input (hex), problem }. */
const REGRESSIONS = fileURLToPath(new URL("../../../test/fuzz/corpus/regressions.json", import.meta.url));

const INPUTS = Number(process.env.ZMTP_FUZZ_INPUTS ?? 20000);

describe("fuzz smoke", () => {
  const corpus = loadCorpus();
  for (const target of TARGETS) {
    test(`${target.name}: ${INPUTS} mutated inputs from the libzmq corpus break no invariant`, () => {
      const r = fuzz(target, corpus, { inputs: INPUTS, seed: Date.now() >>> 0 });
      assert.deepEqual(r.findings, []);
    });
  }

  test("every past finding stays fixed", () => {
    const regressions = JSON.parse(readFileSync(REGRESSIONS, "utf8")) as Array<{ target: string; input: string }>;
    for (const r of regressions) {
      const target = TARGETS.find((t) => t.name === r.target);
      assert.ok(target, `target ${r.target}`);
      assert.equal(check(target, Buffer.from(r.input, "hex")).problem, null, `${r.target} ${r.input.slice(0, 80)}`);
    }
  });
});
