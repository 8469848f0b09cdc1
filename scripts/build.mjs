// Compiles the library and the tests, examples and benchmarks with tsc, then bundles the library's
// entry points (ESM and CommonJS, each split into chunks the entry points share) for the package.
//
// Why bundles: Node's module loader costs some 0.4 ms per file, and the library is about 120
// files, so `import("zmtp")` took 57–62 ms from tsc's output against about 23 ms bundled
// (Node 20). The tests run on tsc's output (dist/src), which the bundles are made from without
// any transform but module merging; test/api/packaging.test.ts checks that the package serves
// the bundles and that each entry point exports what dist/src's does, and the tests that import
// "zmtp" (child programs, the portability test) and the benchmarks run on them.
//
// Why rollup rather than esbuild (both import in the same time): rollup keeps declarations as
// written (esbuild turns top-level `const`, `let` and `class` into `var`, which drops their TDZ
// checks), splits CommonJS output into shared chunks as it does ESM (esbuild splits ESM only), and
// takes tsc's source maps through a small load hook. It takes about 1 s more to build.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { rollup } from "rollup";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
rmSync("dist", { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { stdio: "inherit" });
// CommonJS declarations (and modules) for the `require` condition's types.
execFileSync(process.execPath, [tsc, "-p", "tsconfig.cjs.json"], { stdio: "inherit" });
mkdirSync("dist/cjs", { recursive: true });
writeFileSync("dist/cjs/package.json", JSON.stringify({ type: "commonjs" }) + "\n");

/** The package's entry points, from its `exports` map: "." is index, "./x" (and "./x.js") is x. */
const { exports: exportsMap } = JSON.parse(readFileSync("package.json", "utf8"));
const ENTRIES = [
  ...new Set(
    Object.keys(exportsMap)
      .filter((key) => key !== "./package.json")
      .map((key) => (key === "." ? "index" : key.slice(2).replace(/\.js$/, ""))),
  ),
];

/** Hands rollup tsc's source map with each module, so the bundles' maps lead to src/*.ts. */
const tscSourceMaps = {
  name: "tsc-source-maps",
  load(id) {
    const map = `${id}.map`;
    if (!existsSync(map)) return null;
    return { code: readFileSync(id, "utf8"), map: readFileSync(map, "utf8") };
  },
};

const bundle = await rollup({
  input: Object.fromEntries(ENTRIES.map((e) => [e, `dist/src/${e}.js`])),
  external: (id) => id.startsWith("node:"),
  plugins: [tscSourceMaps],
  onwarn(warning) {
    throw new Error(`rollup: ${warning.message}`);
  },
});
// Both formats are split, so every subpath sees the same classes and module state (the default
// context), and an entry point's own modules load only with it (zmtp/draft warns when it loads).
await bundle.write({
  dir: "dist/bundle/esm",
  format: "es",
  sourcemap: true,
  chunkFileNames: "shared-[hash].js",
});
await bundle.write({
  dir: "dist/bundle/cjs",
  format: "cjs",
  sourcemap: true,
  entryFileNames: "[name].cjs",
  chunkFileNames: "shared-[hash].cjs",
  exports: "named",
  interop: "default",
});
await bundle.close();
