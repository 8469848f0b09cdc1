// The source tree's structure, checked from the source text (not the build): the import graph
// against the layer order documented in docs/architecture.md, import cycles, and file length.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import ts from "typescript";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const srcDir = join(root, "src");
const MAX_LINES = 400;

/**
 * Files still over MAX_LINES while they are being split elsewhere. The list may only shrink:
 * an entry that is no longer too long fails the test too, so it gets removed.
 */
const LONG_FILES_BEING_SPLIT: readonly string[] = [];

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(): string[] {
  return readdirSync(srcDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => f.split("\\").join("/"))
    .sort();
}

/** The layer table: the fenced block after the `layer-order` marker in docs/architecture.md. */
function layerTable(): string[][] {
  const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
  const m = /<!-- layer-order:[^>]*-->\s*```text\n([\s\S]*?)```/.exec(doc);
  assert.ok(m, "docs/architecture.md has no layer-order block");
  return m[1]!
    .split("\n")
    .map((line) => line.trim().split(/\s+/).filter(Boolean))
    .filter((names) => names.length > 0);
}

/** The layer a file belongs to: its top folder under src/, or the file itself at the top. */
const unitOf = (file: string): string => (file.includes("/") ? file.slice(0, file.indexOf("/")) : file);

/** Relative imports of one file (static imports, `export ... from`, `import()`), resolved to src files. */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const text = readFileSync(join(srcDir, file), "utf8");
  const out: string[] = [];
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith(".")) continue; // node: builtins and packages
    const base = posix.normalize(posix.join(posix.dirname(file), fileName)).replace(/\.(m|c)?js$/, "");
    const target = [`${base}.ts`, `${base}/index.ts`].find((c) => known.has(c));
    assert.ok(target, `${file} imports ${fileName}, which is no source file`);
    out.push(target);
  }
  return out;
}

/** Strongly connected components with more than one node (Tarjan). */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const files = sourceFiles();
const known = new Set(files);
const fileGraph = new Map(files.map((f) => [f, new Set(importsOf(f, known))]));
const unitGraph = new Map<string, Set<string>>();
for (const [from, targets] of fileGraph) {
  const a = unitOf(from);
  if (!unitGraph.has(a)) unitGraph.set(a, new Set());
  for (const t of targets) if (unitOf(t) !== a) unitGraph.get(a)!.add(unitOf(t));
}

test("the import parser sees static imports, re-exports and import() (and no commented-out ones)", () => {
  const seen = ts
    .preProcessFile(
      'import a from "./a.js";\nexport * from "./b.js";\nawait import("./c.js");\n// import "./d.js"\nimport type { T } from "./e.js";',
      true,
      true,
    )
    .importedFiles.map((f) => f.fileName);
  assert.deepEqual(seen, ["./a.js", "./b.js", "./c.js", "./e.js"]);
  assert.ok(fileGraph.get("index.ts")?.has("api/socket.ts"), "index.ts → api/socket.ts was not found");
});

test("no import cycle between source files", () => {
  assert.deepEqual(
    cycles(fileGraph).map((c) => c.join(" <-> ")),
    [],
  );
});

test("no import cycle between folders", () => {
  assert.deepEqual(
    cycles(unitGraph).map((c) => c.join(" <-> ")),
    [],
  );
});

test("every folder and top-level file has exactly one place in the documented layer order", () => {
  const listed = layerTable().flat();
  const units = [...new Set(files.map(unitOf))].sort();
  assert.deepEqual(
    listed.filter((u, i) => listed.indexOf(u) !== i),
    [],
    "listed twice",
  );
  assert.deepEqual(
    units.filter((u) => !listed.includes(u)),
    [],
    "missing from the layer order in docs/architecture.md",
  );
  assert.deepEqual(
    listed.filter((u) => !units.includes(u)),
    [],
    "in the layer order but not in src/",
  );
});

test("every import between folders points down the documented layer order", () => {
  const rank = new Map<string, number>();
  layerTable().forEach((names, i) => names.forEach((n) => rank.set(n, i)));
  const wrong: string[] = [];
  for (const [from, targets] of fileGraph) {
    for (const to of targets) {
      const a = unitOf(from);
      const b = unitOf(to);
      if (a === b) continue;
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra === undefined || rb === undefined) continue; // reported by the test above
      if (rb >= ra) wrong.push(`${from} → ${to} (${a} may not import ${b})`);
    }
  }
  assert.deepEqual(wrong, []);
});

test(`no source file over ${MAX_LINES} lines`, () => {
  const lengths = new Map(files.map((f) => [f, readFileSync(join(srcDir, f), "utf8").split("\n").length]));
  const long = files.filter((f) => lengths.get(f)! > MAX_LINES);
  assert.deepEqual(
    long.filter((f) => !LONG_FILES_BEING_SPLIT.includes(f)).map((f) => `${f}: ${lengths.get(f)} lines`),
    [],
  );
  assert.deepEqual(
    LONG_FILES_BEING_SPLIT.filter((f) => !long.includes(f)),
    [],
    "no longer too long (or gone): remove from LONG_FILES_BEING_SPLIT",
  );
});
