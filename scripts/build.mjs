// Compiles the library and the tests, examples and benchmarks with tsc, then bundles the library's
// entry points (one ESM bundle with shared chunks, one CommonJS bundle) for the package to serve.
//
// Why bundles: Node's module loader costs some 0.4 ms per file, and the library is about 120
// files, so `import("zmtp")` took 57–65 ms from tsc's output against about 20 ms bundled
// (Node 20 and 22). The tests run on tsc's output (dist/src), which the bundles are made from
// without any transform but module merging; test/api/packaging.test.ts checks that the package
// serves the bundles and that each entry point exports what dist/src's does, and the tests that
// import "zmtp" (child programs, the portability test) run on them.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit" });
// CommonJS declarations (and modules) for the `require` condition's types.
execFileSync(process.execPath, [tsc, "-p", "tsconfig.cjs.json"], { stdio: "inherit" });
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }) + "\n");

/** The package's entry points: "." is index, the others are subpaths of the same name. */
const ENTRIES = ["index", "monitor", "context", "helpers", "draft", "v5-compat", "z85", "auth"];
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  // Source maps chain through tsc's, so they point into src/*.ts and carry its text.
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
};

// ESM: the entries share chunks, so every subpath sees the same classes and module state.
await build({
  ...common,
  entryPoints: ENTRIES.map((e) => `dist/src/${e}.js`),
  outdir: "dist/bundle/esm",
  format: "esm",
  splitting: true,
  chunkNames: "shared-[hash]",
});

// CommonJS cannot be split: one bundle holds every entry, each loaded on first use (as a
// separate module would be: the draft entry warns when it loads), and each entry point is a
// one-line module that loads its own.
const loader = (e) => "load_" + e.replace(/\W/g, "_");
await build({
  ...common,
  stdin: {
    contents: ENTRIES.map((e) => `export const ${loader(e)} = () => require("./dist/src/${e}.js");`).join("\n"),
    resolveDir: ".",
    sourcefile: "entries.js",
  },
  outfile: "dist/bundle/cjs/all.cjs",
  format: "cjs",
});
for (const e of ENTRIES)
  writeFileSync(`dist/bundle/cjs/${e}.cjs`, `"use strict";\nmodule.exports = require("./all.cjs").${loader(e)}();\n`);
