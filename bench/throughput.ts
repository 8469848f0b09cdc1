// DEALER→DEALER throughput: zmtp vs the zeromq native binding, with plain
// Node TCP as the ceiling.
//
//   node dist/bench/throughput.js            full run (3 runs per cell)
//   node dist/bench/throughput.js --quick    smoke test (BENCH_QUICK=1 too);
//                                            exits 1 on any loss or failure
//   options: --json  --runs N  --impls zmtp,zeromq,net  --transports tcp,inproc
//            --sizes 64,65536  --scale F (multiply message counts)  --timeout S
//
// The parent only orchestrates: every run is a child process
// (`--worker <impl> <transport> <size> <count> [runId] [stallMs]`) that prints
// one JSON line, so the two libraries never share a heap, GC or event loop.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as os from "node:os";
import { probe, runWorker, WARMUP_MESSAGES, type Impl, type RunResult, type Transport } from "./workers.js";
import { json, markdown, sizeLabel, summarize, type CellSummary, type Environment } from "./report.js";

const SCRIPT = fileURLToPath(import.meta.url);

interface Options {
  quick: boolean;
  json: boolean;
  runs: number;
  impls: Impl[];
  transports: Transport[];
  sizes: number[];
  scale: number;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const list = (flag: string, dflt: string): string[] => (value(flag) ?? dflt).split(",").filter(Boolean);
  const impls = list("--impls", "zmtp,zeromq,net") as Impl[];
  for (const i of impls) if (!["zmtp", "zeromq", "net"].includes(i)) throw new Error(`unknown impl ${i}`);
  const transports = list("--transports", "tcp,inproc") as Transport[];
  for (const t of transports) if (t !== "tcp" && t !== "inproc") throw new Error(`unknown transport ${String(t)}`);
  const sizes = list("--sizes", "64,65536").map(Number);
  for (const s of sizes) if (!Number.isInteger(s) || s <= 0) throw new Error(`bad size ${s}`);
  return {
    quick,
    json: argv.includes("--json"),
    runs: Number(value("--runs") ?? (quick ? 1 : 3)),
    impls,
    transports,
    sizes,
    scale: Number(value("--scale") ?? 1),
    timeoutMs: Number(value("--timeout") ?? (quick ? 30 : 120)) * 1000,
  };
}

/** Same message count for every implementation in a cell; sized so a full run takes ~1-2 min. */
function messageCount(size: number, opts: Options): number {
  const base = opts.quick ? (size >= 4096 ? 200 : 2000) : size >= 4096 ? 100_000 : 1_000_000;
  return Math.max(1, Math.round(base * opts.scale));
}

interface ChildOutcome {
  json?: unknown;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

function runChild(args: string[], timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, SCRIPT, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    // Hard stop for a child whose own stall watchdog cannot fire (e.g. a
    // blocked event loop).
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const line = stdout
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("{"));
      let parsed: unknown;
      try {
        parsed = line ? JSON.parse(line) : undefined;
      } catch {
        parsed = undefined;
      }
      resolve({ json: parsed, stderr, code, timedOut });
    });
  });
}

async function runOne(
  impl: Impl,
  transport: Transport,
  size: number,
  count: number,
  runId: number,
  opts: Options,
): Promise<RunResult> {
  const stallMs = opts.quick ? 5000 : 15000;
  const out = await runChild(
    ["--worker", impl, transport, String(size), String(count), String(runId), String(stallMs)],
    opts.timeoutMs,
  );
  if (out.json && typeof out.json === "object" && "ok" in out.json) return out.json as RunResult;
  const tail = out.stderr.trim().split("\n").slice(-3).join(" | ");
  const why = out.timedOut ? `killed after ${opts.timeoutMs / 1000} s` : `exited ${out.code} without a result`;
  // received -1: unknown, the child never reported.
  return {
    ok: false,
    impl,
    transport,
    size,
    count,
    received: -1,
    seconds: 0,
    msgPerSec: 0,
    mbPerSec: 0,
    maxRssMB: 0,
    error: `${why}${tail ? `: ${tail}` : ""}`,
  };
}

function zmtpPackageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      name?: string;
      version?: string;
    };
    return pkg.name === "zmtp" && pkg.version ? `${pkg.version} (this repo)` : "(this repo)";
  } catch {
    return "(this repo)";
  }
}

function zeromqPackageVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve("zeromq/package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}

const fmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

async function main(): Promise<number> {
  const argv = process.argv.slice(2);

  if (argv[0] === "--probe") {
    console.log(JSON.stringify(await probe(argv[1] as Impl)));
    return 0;
  }
  if (argv[0] === "--worker") {
    const [impl, transport, size, count, runId, stallMs] = argv.slice(1);
    // runId and stallMs are optional so a single run can be reproduced by hand.
    const r = await runWorker(
      impl as Impl,
      transport as Transport,
      Number(size),
      Number(count),
      Number(runId ?? 0),
      Number(stallMs ?? 15000),
    );
    console.log(JSON.stringify(r));
    return r.ok ? 0 : 1;
  }

  const opts = parseArgs(argv);
  const log = (s: string) => process.stderr.write(s + "\n");
  const notes: string[] = [];

  // Probe each library once up front; an unavailable one is skipped, not fatal
  // (except in quick mode, where a smoke test that skipped zmtp proves nothing).
  const available: Impl[] = [];
  const versions: Partial<Record<Impl, string>> = {};
  let unavailable = false;
  for (const impl of opts.impls) {
    const p = (await runChild(["--probe", impl], 30_000)).json as
      { ok: boolean; version?: string; error?: string } | undefined;
    if (p?.ok) {
      available.push(impl);
      versions[impl] = p.version;
    } else {
      const msg = `${impl}: not available (${p?.error ?? "probe crashed"})`;
      log(msg);
      notes.push(msg);
      unavailable = true;
    }
  }

  const env: Environment = {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.arch()}`,
    zeromq: zeromqPackageVersion(),
    libzmq: versions.zeromq ?? "?",
    zmtp: available.includes("zmtp") ? zmtpPackageVersion() : "not available",
    quick: opts.quick,
    runsPerCell: opts.runs,
    warmupMessages: WARMUP_MESSAGES,
  };

  const started = Date.now();
  const cells: CellSummary[] = [];
  let runId = 0;
  for (const transport of opts.transports) {
    for (const size of opts.sizes) {
      const count = messageCount(size, opts);
      // net has no inproc equivalent; it is the TCP ceiling only.
      const impls = available.filter((i) => i !== "net" || transport === "tcp");
      const results: RunResult[] = [];
      // Runs interleave implementations (A B C A B C ...) so drift in machine
      // load hits every implementation about equally.
      for (let run = 1; run <= opts.runs; run++) {
        for (const impl of impls) {
          const r = await runOne(impl, transport, size, count, ++runId, opts);
          results.push(r);
          log(
            `[${transport} ${sizeLabel(size)} ×${fmt.format(count)}] run ${run}/${opts.runs} ${impl.padEnd(6)} ` +
              (r.ok
                ? `${fmt.format(r.msgPerSec)} msg/s, ${r.mbPerSec.toFixed(1)} MB/s (${r.seconds.toFixed(2)} s)`
                : `FAILED: ${r.error}${r.received >= 0 ? ` (received ${r.received}/${r.count})` : ""}`),
          );
        }
      }
      cells.push(summarize(transport, size, count, results, impls));
    }
  }
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);

  console.log(opts.json ? json(env, cells, notes) : markdown(env, cells, notes));

  const failedRuns = cells.flatMap((c) => c.runs).filter((r) => !r.ok).length;
  if (failedRuns > 0) return 1;
  if (opts.quick && unavailable) return 1;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(2);
  },
);
