// The long fuzz run, outside CI:
//   node dist/test/fuzz/run-fuzz.js [inputsPerTarget] [target,...] [result.json]
// Coverage-guided (V8 precise coverage of dist/src/wire and dist/src/mechanism); prints one line
// per target and the byte coverage of the wire layer; findings go to the JSON result.
import { writeFileSync } from "node:fs";
import { Coverage } from "./coverage.js";

const inputs = Number(process.argv[2] ?? 10_000_000);
const only = process.argv[3] && process.argv[3] !== "all" ? new Set(process.argv[3].split(",")) : null;
const out = process.argv[4];

// Coverage first: code compiled before precise coverage starts would carry no block counters.
const coverage = new Coverage((url) => /\/dist\/src\/(wire|mechanism)\//.test(url));
const { TARGETS } = await import("./targets.js");
const { loadCorpus } = await import("./corpus.js");
const { fuzz } = await import("./fuzz.js");

const corpus = loadCorpus();
const started = new Date().toISOString();
const results = [];
for (const target of TARGETS) {
  if (only && !only.has(target.name)) continue;
  const r = fuzz(target, corpus, {
    inputs,
    seed: 0x2026 + results.length,
    coverage,
    progress: (n) => {
      if (n % 1_000_000 === 0) console.log(`  ${target.name}: ${n} inputs`);
    },
  });
  results.push(r);
  console.log(
    `${r.target}: ${r.inputs} inputs in ${(r.ms / 1000).toFixed(0)} s, ${r.kept} kept for new coverage, ` +
      `largest allocation ${r.largestAllocation} B, ${r.findings.length} findings`,
  );
  for (const f of r.findings) console.log(`  FINDING ${f.problem} ← ${f.input.slice(0, 200)}`);
}
const cov = coverage.report();
coverage.stop();
const pct = (c: number, t: number) => ((100 * c) / Math.max(1, t)).toFixed(1);
for (const s of cov.scripts) {
  console.log(
    `${s.url.replace(/.*\/dist\//, "dist/")}: ${pct(s.covered, s.total)}% (uncovered lines: ${s.uncoveredLines || "none"})`,
  );
}
const wire = cov.scripts.filter((s) => s.url.includes("/dist/src/wire/"));
const wireCovered = wire.reduce((n, s) => n + s.covered, 0);
const wireTotal = wire.reduce((n, s) => n + s.total, 0);
console.log(`src/wire block coverage: ${pct(wireCovered, wireTotal)}% of ${wireTotal} source positions`);
if (out) {
  writeFileSync(
    out,
    JSON.stringify(
      { started, finished: new Date().toISOString(), inputsPerTarget: inputs, results, coverage: cov },
      null,
      2,
    ),
  );
}
