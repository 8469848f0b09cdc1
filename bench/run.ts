// The benchmark suite's command line. See bench/README.md.
//
//   node dist/bench/run.js                 every case, 3 runs each, writes results, chart and BENCHMARKS.md
//   node dist/bench/run.js --quick         every case briefly, 1 run, full integrity checks (CI smoke test)
//   node dist/bench/run.js --cases push-pull/tcp,latency --impls zmtp,zeromq --runs 5
//   node dist/bench/run.js --render bench/results/latest.json    re-render BENCHMARKS.md and the chart
//   node dist/bench/run.js --list          the case ids and their counts
//
// Exit status: 0 when every run delivered every message intact, 1 when any run failed (or, in quick mode,
// an implementation could not be loaded), 2 on a usage error.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { allCases, IMPLS, selectCases, type BenchCase, type Impl } from "./cases.js";
import { environment } from "./env.js";
import { benchmarksMarkdown, resultTables, type ResultsFile } from "./markdown.js";
import { probeImpl, runOnce, type RunResult } from "./orchestrate.js";
import { caseLine, runLine, summarize, type CaseSummary } from "./report.js";
import { chartSvg } from "./svg.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS = join(ROOT, "bench", "results");
const CHART = join(RESULTS, "chart.svg");
const MARKDOWN = join(ROOT, "BENCHMARKS.md");

interface Options {
  quick: boolean;
  cases?: string;
  impls: Impl[];
  runs: number;
  scale: number;
  timeoutMs: number;
  stallMs: number;
  list: boolean;
  json: boolean;
  out?: string;
  markdown: boolean;
  render?: string;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const flags = new Set(["--quick", "--list", "--json", "--markdown"]);
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (flags.has(a)) values.set(a, "");
    else if (["--cases", "--impls", "--runs", "--scale", "--timeout", "--out", "--render"].includes(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${a} needs a value`);
      values.set(a, v);
    } else throw new UsageError(`unknown argument ${a}`);
  }
  const quick = values.has("--quick") || process.env.BENCH_QUICK === "1";
  const impls = (values.get("--impls") ?? IMPLS.join(",")).split(",").filter(Boolean) as Impl[];
  for (const i of impls) if (!IMPLS.includes(i) && i !== "base") throw new UsageError(`unknown implementation ${i}`);
  const number = (flag: string, dflt: number, min: number): number => {
    const v = Number(values.get(flag) ?? dflt);
    if (!Number.isFinite(v) || v < min) throw new UsageError(`${flag} must be a number ≥ ${min}`);
    return v;
  };
  return {
    quick,
    cases: values.get("--cases"),
    impls,
    runs: Math.floor(number("--runs", quick ? 1 : 3, 1)),
    scale: number("--scale", 1, 0.0001),
    timeoutMs: number("--timeout", quick ? 30 : 180, 1) * 1000,
    stallMs: quick ? 10_000 : 30_000,
    list: values.has("--list"),
    json: values.has("--json"),
    out: values.get("--out"),
    markdown: values.has("--markdown"),
    render: values.get("--render"),
  };
}

/** --scale multiplies message and round-trip counts (topic cases stay a multiple of K); not connections. */
function scaled(c: BenchCase, scale: number): BenchCase {
  if (scale === 1 || c.kind === "connect" || c.kind === "big" || c.kind === "idle") return c;
  const unit = c.kind === "pubsub" && c.topics ? c.subscribers : 1;
  return { ...c, count: Math.max(unit, Math.round((c.count * scale) / unit) * unit) };
}

const log = (s: string): void => void process.stderr.write(s + "\n");

async function writeOutputs(doc: ResultsFile, jsonPath: string, withMarkdown: boolean): Promise<void> {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, await prettierFormat(JSON.stringify(doc), "json", jsonPath));
  log(`wrote ${relative(process.cwd(), jsonPath)}`);
  if (withMarkdown) await render(doc);
}

async function render(doc: ResultsFile): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(CHART, chartSvg(doc));
  const md = benchmarksMarkdown(doc, relative(ROOT, CHART).split("\\").join("/"));
  writeFileSync(MARKDOWN, await prettierFormat(md, "markdown", MARKDOWN));
  log(`wrote ${relative(process.cwd(), CHART)} and ${relative(process.cwd(), MARKDOWN)}`);
}

/** Formats with the repo's Prettier when it is installed (a dev dependency), so `npm run lint` stays clean. */
async function prettierFormat(text: string, parser: "json" | "markdown", path: string): Promise<string> {
  try {
    const spec: string = "prettier";
    const prettier = (await import(spec)) as {
      format(src: string, o: Record<string, unknown>): Promise<string>;
      resolveConfig(path: string): Promise<Record<string, unknown> | null>;
    };
    const config = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...config, parser });
  } catch {
    return parser === "json" ? JSON.stringify(JSON.parse(text), null, 2) + "\n" : text;
  }
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.render) {
    await render(JSON.parse(readFileSync(opts.render, "utf8")) as ResultsFile);
    return 0;
  }
  const cases = selectCases(allCases(opts.quick), opts.cases).map((c) => scaled(c, opts.scale));
  if (cases.length === 0) throw new UsageError(`no case matches --cases ${opts.cases ?? ""} (see --list)`);
  if (opts.list) {
    for (const c of cases)
      console.log(`${c.id.padEnd(32)} ${c.kind.padEnd(10)} count ${c.count}  [${c.impls.join(" ")}]`);
    return 0;
  }

  const notes: string[] = [];
  const available: Impl[] = [];
  let libzmq = "?";
  const probes = await Promise.all(opts.impls.map((impl) => probeImpl(impl)));
  for (const [k, impl] of opts.impls.entries()) {
    const p = probes[k]!;
    if (p.ok) available.push(impl);
    else notes.push(`${impl} not available: ${p.error ?? "?"}`);
    if (impl === "zeromq" && p.version) libzmq = p.version;
  }
  for (const n of notes) log(n);
  const env = environment(libzmq);
  log(`${cases.length} cases × ${opts.runs} run(s); ${available.join(", ")}; load average ${env.loadAverage}`);

  const started = Date.now();
  const summaries: CaseSummary[] = [];
  const allRuns: RunResult[] = [];
  const limits = { full: opts.quick, timeoutMs: opts.timeoutMs, stallMs: opts.stallMs };
  for (const c of cases) {
    // `base` (a baseline zmtp build) runs wherever zmtp does.
    const impls = c.impls
      .flatMap((i): Impl[] => (i === "zmtp" ? ["zmtp", "base"] : [i]))
      .filter((i) => available.includes(i));
    const runs: RunResult[] = [];
    const caseStarted = Date.now();
    for (let run = 1; run <= opts.runs; run++) {
      // Alternate implementations run by run, rotating who goes first, so drift in machine load and
      // whatever the previous run left behind (page cache, CPU frequency) hit each about equally.
      for (let k = 0; k < impls.length; k++) {
        const impl = impls[(k + run - 1) % impls.length]!;
        const r = await runOnce(c, impl, run, limits);
        runs.push(r);
        log(runLine(c, r, opts.runs));
      }
    }
    const s = summarize({ ...c, impls }, runs);
    summaries.push(s);
    allRuns.push(...runs);
    log(`${caseLine(s)} [${((Date.now() - caseStarted) / 1000).toFixed(1)} s]`);
  }
  const elapsedSeconds = (Date.now() - started) / 1000;
  log(`total ${elapsedSeconds.toFixed(1)} s`);

  const complete = !opts.cases && opts.impls.length === IMPLS.length;
  const mode = opts.quick ? "quick" : complete ? "full" : "partial";
  const doc: ResultsFile = {
    environment: env,
    mode,
    runsPerCase: opts.runs,
    elapsedSeconds,
    notes,
    summaries,
    runs: allRuns,
  };
  const jsonPath = opts.out ?? join(RESULTS, mode === "full" ? "latest.json" : `${mode}.json`);
  await writeOutputs(doc, jsonPath, opts.markdown || (mode === "full" && opts.scale === 1));
  console.log(opts.json ? JSON.stringify(doc, null, 2) : resultTables(doc));

  const failed = allRuns.filter((r) => !r.ok).length;
  if (failed) log(`${failed} run(s) FAILED`);
  if (failed || (opts.quick && available.length < opts.impls.length)) return 1;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      console.error(`usage: ${e.message}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(2);
  },
);
