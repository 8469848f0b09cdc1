/**
 * Issue 9 item 16: the package as users of the binding have it. What `npm pack` ships (the
 * LICENSE, the bundles and declarations, no TypeScript sources, source maps that carry their
 * sources), that every entry point of the bundles exports what the tests' build (tsc's dist/src
 * and dist/cjs) exports, and a consumer project that imports every entry point (and uses them as
 * one copy of the library), compiled by tsc under moduleResolution node10 (the default of
 * CommonJS projects, which ignores `exports`), node16 (CommonJS and ESM) and bundler, then run.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const SUBPATHS = ["monitor", "context", "helpers", "v5-compat", "draft", "z85", "auth"];

let work = "";
let shipped: string[] = [];
let pkgDir = "";

before(() => {
  work = mkdtempSync(join(tmpdir(), "zmtp-pack-"));
  // The build already ran (the tests are part of it): pack what is in dist/ without rebuilding.
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    cwd: root,
    encoding: "utf8",
  });
  const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  shipped = info!.files.map((f) => f.path);
  const modules = join(work, "node_modules");
  mkdirSync(modules);
  execFileSync("tar", ["-xzf", join(work, info!.filename), "-C", modules]);
  pkgDir = join(modules, "zmtp");
  execFileSync("mv", [join(modules, "package"), pkgDir]);
  symlinkSync(join(root, "node_modules", "@types"), join(modules, "@types"));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the package ships the LICENSE, the bundles, the declarations and the subpath stubs, and no TypeScript sources", () => {
  for (const f of ["LICENSE", "README.md", "package.json", "dist/bundle/esm/index.js", "dist/bundle/cjs/index.cjs"]) {
    assert.ok(shipped.includes(f), `${f} is shipped`);
  }
  for (const sub of SUBPATHS) {
    assert.ok(shipped.includes(`${sub}/package.json`), `${sub}/package.json is shipped`);
    for (const f of [
      `dist/bundle/esm/${sub}.js`,
      `dist/bundle/cjs/${sub}.cjs`,
      `dist/src/${sub}.d.ts`,
      `dist/cjs/${sub}.d.ts`,
    ])
      assert.ok(shipped.includes(f), `${f} is shipped`);
  }
  assert.deepEqual(
    shipped.filter((f) => f.startsWith("src/") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))),
    [],
  );
  // tsc's modules are what the bundles are made from; the package serves the bundles only.
  assert.deepEqual(
    shipped.filter((f) => /^dist\/(src|cjs)\/.*\.js$/.test(f)),
    [],
  );
});

test("every entry point exports what the tests' build exports, as import and as require", () => {
  const entries = ["", ...SUBPATHS];
  const fileOf = (sub: string) => (sub === "" ? "index" : sub);
  // Export names of every entry, per kind, as the package serves it and as the build has it.
  // (That the entries share one copy of the library is the consumer program's to show below:
  // it monitors a socket of the root entry through zmtp/monitor.)
  const check = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const root = ${JSON.stringify(root)};
const out = {};
for (const sub of ${JSON.stringify(entries)}) {
  const file = sub === "" ? "index" : sub;
  const id = sub === "" ? "zmtp" : "zmtp/" + sub;
  const names = async (m) => Object.keys(await m).sort();
  out[sub] = {
    esm: { served: await names(import(id)), built: await names(import(root + "/dist/src/" + file + ".js")) },
    cjs: { served: await names(require(id)), built: await names(require(root + "/dist/cjs/" + file + ".js")) },
  };
}
console.log(JSON.stringify(out));
`;
  writeFileSync(join(work, "entries.mjs"), check);
  const out = JSON.parse(
    execFileSync(process.execPath, [join(work, "entries.mjs")], { cwd: work, encoding: "utf8" }),
  ) as Record<string, Record<"esm" | "cjs", { served: string[]; built: string[] }>>;
  for (const sub of entries)
    for (const kind of ["esm", "cjs"] as const) {
      const { served, built } = out[sub]![kind];
      assert.ok(built.length > 0, `${fileOf(sub)} (${kind}) exports something`);
      assert.deepEqual(served, built, `zmtp${sub === "" ? "" : "/" + sub} (${kind})`);
    }
});

test("every shipped source map carries the sources it points to", () => {
  const maps = shipped.filter((f) => f.endsWith(".js.map"));
  for (const f of maps) {
    const map = JSON.parse(readFileSync(join(pkgDir, f), "utf8")) as { sources: string[]; sourcesContent?: string[] };
    assert.equal(map.sourcesContent?.length, map.sources.length, `${f}: sourcesContent`);
    assert.ok(
      map.sourcesContent.every((s) => typeof s === "string" && s.length > 0),
      `${f}: every source is included`,
    );
  }
});

/** A consumer program that imports every entry point and checks one export of each. */
function program(style: "esm" | "cjs", suffix: "" | ".js"): string {
  const from = (p: string) => JSON.stringify(p === "" ? "zmtp" : `zmtp/${p}${suffix}`);
  return `
import { Dealer, type Event } from ${from("")};
import { socketMonitor, EVENT_ALL } from ${from("monitor")};
import { terminate } from ${from("context")};
import { QueuedSender } from ${from("helpers")};
import * as v5 from ${from("v5-compat")};
import { Client } from ${from("draft")};
import { z85Encode } from ${from("z85")};
import { ZAP_ENDPOINT } from ${from("auth")};
const d = new Dealer({ linger: 0 });
const n: number = d.linger;
socketMonitor(d, "inproc://packaging-monitor", EVENT_ALL);
const q = new QueuedSender(d);
const kind = (e: Event): string => e.type;
const s: v5.Socket = v5.socket("dealer");
const c = new Client({ linger: 0 });
c.close();
const extras: string = z85Encode(new Uint8Array(4)) + " " + ZAP_ENDPOINT;
s.close();
d.close();
console.log([n, typeof terminate, q.pending, kind({ type: "end" }), extras, ${JSON.stringify(style)}].join(" "));
`;
}

const PROJECTS: Record<string, { type: "module" | "commonjs"; options: Record<string, unknown>; suffix: "" | ".js" }> =
  {
    "node10 (CommonJS)": { type: "commonjs", options: { module: "commonjs", moduleResolution: "node10" }, suffix: "" },
    "node16 (CommonJS)": { type: "commonjs", options: { module: "node16", moduleResolution: "node16" }, suffix: "" },
    "node16 (ESM)": { type: "module", options: { module: "node16", moduleResolution: "node16" }, suffix: ".js" },
    "node16 (ESM, subpaths without .js)": {
      type: "module",
      options: { module: "node16", moduleResolution: "node16" },
      suffix: "",
    },
    bundler: { type: "module", options: { module: "esnext", moduleResolution: "bundler" }, suffix: "" },
  };

for (const [name, p] of Object.entries(PROJECTS)) {
  test(`a consumer compiled with moduleResolution ${name} resolves and runs every entry point`, () => {
    const dir = join(work, name.replace(/\W+/g, "-"));
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: p.type }));
    writeFileSync(join(dir, "main.ts"), program(p.type === "module" ? "esm" : "cjs", p.suffix));
    const tsconfig = {
      compilerOptions: { strict: true, target: "ES2022", types: ["node"], outDir: "out", ...p.options },
      files: ["main.ts"],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
    try {
      execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
    } catch (err) {
      assert.fail(`tsc failed:\n${(err as { stdout?: string }).stdout ?? String(err)}`);
    }
    const out = execFileSync(process.execPath, [join(dir, "out", "main.js")], { encoding: "utf8" });
    assert.equal(out.trim(), `0 function 0 end 00000 inproc://zeromq.zap.01 ${p.type === "module" ? "esm" : "cjs"}`);
    assert.ok(readdirSync(join(dir, "out")).includes("main.js"));
  });
}
