// BENCHMARKS.md and the stdout table, rendered from a results file (so a saved JSON can be re-rendered).
import type { BenchCase, Impl } from "./cases.js";
import { CONNECT_BACKLOG, CONNECT_WARMUP_ROUNDS, sizeLabel, THROUGHPUT_HWM, WARMUP_ROUND_TRIPS } from "./cases.js";
import type { Environment } from "./env.js";
import type { RunResult } from "./orchestrate.js";
import { compact, ratioText, rssText, type CaseSummary, type ImplSummary, type MemoryStats } from "./report.js";

export interface ResultsFile {
  environment: Environment;
  /** quick: smoke test counts; full: every case at full counts; partial: a filtered full run. */
  mode: "quick" | "full" | "partial";
  runsPerCase: number;
  elapsedSeconds: number;
  notes: string[];
  summaries: CaseSummary[];
  runs: RunResult[];
}

const IMPL_ORDER: readonly Impl[] = ["zmtp", "zeromq", "net"];

interface Section {
  title: string;
  kinds: BenchCase["kind"][];
  topics?: boolean;
  intro: string;
  /** A table of its own instead of one row per case with a column per implementation. */
  table?: (rows: CaseSummary[]) => string[];
}

const SECTIONS: Section[] = [
  {
    title: "Throughput",
    kinds: ["throughput"],
    intro:
      "msg/s (MB/s of payload) timed by the receiver from its first to its last message. Peak RSS: " +
      "receiver/sender. The push-pull-for-await rows read with `for await (const msg of socket)`; compare " +
      "them with the push-pull rows of the same transport and size, which use `await socket.receive()`.",
  },
  {
    title: "PUB→SUB fan-out",
    kinds: ["pubsub"],
    topics: false,
    intro:
      "Messages published per second, each delivered to every SUB socket (all subscribed to everything). " +
      "The N SUB sockets live in one subscriber process, each with its own connection; timed there from the " +
      "first delivery to the last; 64 B messages in rounds of at most the HWM, each received whole before the " +
      "next, after a warm-up round that is not timed. Peak RSS: subscribers/publisher.",
  },
  {
    title: "PUB→SUB, K subscribers on distinct topics (growth)",
    kinds: ["pubsub"],
    topics: true,
    intro:
      "One PUB, K SUB sockets (one process) each subscribed to its own topic; the publisher cycles through the " +
      "topics, so each message reaches one subscriber (after a warm-up round that is not timed). ns/msg shows " +
      "how the cost per message grows with K. " +
      "No net column: bare net has no subscription matching.",
  },
  {
    title: "REQ/REP latency",
    kinds: ["latency"],
    intro: `Round-trip time (not halved), µs: median (p99, mean) of every round trip after a warm-up of ${WARMUP_ROUND_TRIPS.toLocaleString("en-US")} (half the count at most). Peak RSS: REQ/REP.`,
  },
  {
    title: "Connection setup",
    kinds: ["connect"],
    intro:
      "N DEALERs (one process) connect to one ROUTER at once; timed until every DEALER has its first message " +
      "echoed, which covers TCP connect, the ZMTP handshake and one round trip. The ROUTER (and net's listener) " +
      `has a backlog of ${CONNECT_BACKLOG.toLocaleString("en-US")}, so no connection waits out a SYN retry behind a full ` +
      "listen queue. The other rows time the first round of fresh processes, so they include the JIT's first " +
      "compiling of the connect and handshake code (least of it for the binding, whose handshake is native code); " +
      `the warm row times a round after ${CONNECT_WARMUP_ROUNDS} untimed rounds of as many DEALERs in the same ` +
      "processes (each connected, echoed and closed): the steady cost per connection. µs per connection (total). " +
      "Peak RSS: dealers/router.",
  },
  {
    title: "One huge message",
    kinds: ["big"],
    intro:
      "PUSH→PULL over tcp, timed by the receiver from a 1-byte marker message to the huge one. " +
      "Peak RSS: receiver/sender (the sender holds the message too).",
  },
  {
    title: "Idle heartbeats",
    kinds: ["idle"],
    intro:
      "One ROUTER process and one process holding N DEALERs over tcp, every socket with `heartbeatInterval` " +
      "1000 ms (ZMQ_HEARTBEAT_IVL, on both ends, as an application that wants dead peers found sets it; " +
      "`heartbeatTimeout` and `heartbeatTimeToLive` at their defaults), so each connection carries a PING and " +
      "a PONG each way every second. Every DEALER first has one message echoed. The N-th connection of each " +
      "process goes to a raw ZMTP peer of the bench's own in the parent (bench/witness.ts): one stands in for " +
      "a DEALER of the ROUTER, the other for the ROUTER of one DEALER, and each counts the PINGs and PONGs its " +
      "library peer sends. After a settle time both processes measure `process.cpuUsage()` (user + system, " +
      "every thread, so libzmq's I/O thread counts) over the same idle window: % of one core for the ROUTER " +
      "(for the DEALERs' process). A run fails if a witness saw fewer than 80 % of the PINGs or PONGs due in " +
      "the window. No net column: bare net has no heartbeats. Peak RSS: dealers/router.",
  },
  {
    title: "Memory over a long run",
    kinds: ["soak"],
    table: soakTable,
    intro:
      "PUSH→PULL over tcp, 64 B, set up and checked as the throughput rows (separate processes, HWM " +
      `${THROUGHPUT_HWM.toLocaleString("en-US")}, every message verified), but N messages in one run. Each ` +
      "process samples `process.memoryUsage()` before the first message and after every tenth of them. The " +
      "table shows each process's RSS after warm-up (the sample after the first tenth) → at the end (the " +
      "highest sample), and its JS heap used at the same two points, MiB, medians over the runs; flat means " +
      "the end is no higher than after warm-up. Peak RSS is the kernel's high-water mark (maxRSS) of each " +
      "process, receiver/sender. Every run's full series is in the JSON (`runs[].memory`); the chart shows " +
      "the receiver's RSS at the end.",
  },
];

function rssSpan(m: MemoryStats | undefined): string {
  if (!m) return "—";
  return `${m.warmRssMiB.toFixed(1)} → ${m.endRssMiB.toFixed(1)} (${m.maxRssMiB.toFixed(1)})`;
}

function heapSpan(m: MemoryStats | undefined): string {
  return m ? `${m.warmHeapMiB.toFixed(1)} → ${m.endHeapMiB.toFixed(1)}` : "—";
}

/** soak: one row per implementation, each process's RSS and heap over the run. */
function soakTable(rows: CaseSummary[]): string[] {
  const head = [
    "case",
    "count",
    "impl",
    "msg/s",
    "receiver RSS MiB: warm → end (max)",
    "receiver heap MiB",
    "sender RSS MiB: warm → end (max)",
    "sender heap MiB",
    "peak RSS MiB",
  ];
  const out = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i < 3 ? "---" : "--:")).join("|")}|`];
  for (const r of rows)
    for (const impl of IMPL_ORDER) {
      const s = r.impls[impl];
      if (!s) continue;
      const m = s.memory;
      out.push(
        `| ${[
          caseName(r.case),
          r.case.count.toLocaleString("en-US"),
          impl,
          s.median === null ? "FAILED" : compact(s.secondary?.value) + (s.failed ? ` ⚠ ${s.failed} failed` : ""),
          rssSpan(m?.receiver),
          heapSpan(m?.receiver),
          rssSpan(m?.sender),
          heapSpan(m?.sender),
          rssText(s.peakRssMiB),
        ].join(" | ")} |`,
      );
    }
  return out;
}

function cell(s: ImplSummary | undefined, c: BenchCase): string {
  if (!s) return "—";
  if (s.median === null) return "FAILED";
  let text = compact(s.median);
  if (c.kind === "latency") text += ` (${compact(s.p99Us)}, ${compact(s.meanUs)})`;
  else if (s.secondary) text += ` (${compact(s.secondary.value)})`;
  if (s.failed) text += ` ⚠ ${s.failed} failed`;
  return text;
}

function secondaryUnit(rows: CaseSummary[]): string {
  for (const r of rows) for (const s of Object.values(r.impls)) if (s.secondary) return s.secondary.unit;
  return "";
}

function caseName(c: BenchCase): string {
  const bits = [c.group, c.transport];
  if (c.kind === "connect" || c.kind === "idle") bits.push(`${c.count} connections${c.warmupRounds ? ", warm" : ""}`);
  else bits.push(sizeLabel(c.size));
  if (c.mechanism !== "null") bits.push(c.mechanism.toUpperCase());
  return bits.join(" ");
}

function table(rows: CaseSummary[]): string[] {
  const first = rows[0]!;
  const unit = `${first.metric.unit}${first.case.kind === "latency" ? " (p99, mean)" : secondaryUnit(rows) ? ` (${secondaryUnit(rows)})` : ""}`;
  const hasNet = rows.some((r) => r.case.impls.includes("net"));
  const impls = IMPL_ORDER.filter((i) => i !== "net" || hasNet);
  const head = ["case", "count", ...impls.map((i) => `${i} ${unit}`), "zmtp/zeromq"];
  if (hasNet) head.push("zmtp/net");
  head.push(`peak RSS MiB (${impls.join(" · ")})`);
  const out = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i === 0 ? "---" : "--:")).join("|")}|`];
  for (const r of rows) {
    const cells = [
      caseName(r.case),
      r.case.count.toLocaleString("en-US"),
      ...impls.map((i) => cell(r.impls[i], r.case)),
    ];
    cells.push(ratioText(r.ratioZmtpZeromq));
    if (hasNet) cells.push(r.case.impls.includes("net") ? ratioText(r.ratioZmtpNet) : "—");
    cells.push(impls.map((i) => (r.impls[i] ? rssText(r.impls[i].peakRssMiB) : "—")).join(" · "));
    out.push(`| ${cells.join(" | ")} |`);
  }
  return out;
}

/** The result tables only (printed on stdout at the end of a run). */
export function resultTables(doc: ResultsFile): string {
  const lines: string[] = [];
  for (const sec of SECTIONS) {
    const rows = doc.summaries.filter(
      (s) => sec.kinds.includes(s.case.kind) && (sec.topics === undefined || s.case.topics === sec.topics),
    );
    if (rows.length === 0) continue;
    lines.push(`### ${sec.title}`, "", sec.intro, "", ...(sec.table ?? table)(rows), "");
  }
  return lines.join("\n");
}

function perRun(doc: ResultsFile): string[] {
  const out = ["| case | impl | every run, in run order |", "|---|---|---|"];
  for (const s of doc.summaries)
    for (const impl of IMPL_ORDER) {
      const x = s.impls[impl];
      if (x)
        out.push(`| ${s.case.id} | ${impl} | ${x.values.map((v) => (v === null ? "FAIL" : compact(v))).join(", ")} |`);
    }
  return out;
}

export function benchmarksMarkdown(doc: ResultsFile, chartPath: string): string {
  const e = doc.environment;
  const day = e.date.slice(0, 10);
  const failures = doc.summaries.flatMap((s) =>
    (Object.entries(s.impls) as [Impl, ImplSummary][]).flatMap(([impl, x]) =>
      x.errors.map((err) => `${s.case.id} ${impl}: ${err}`),
    ),
  );
  return [
    "# Benchmarks",
    "",
    `Measured on ${day} (${doc.mode} mode, ${doc.runsPerCase} run(s) per case and implementation, ` +
      `${Math.round(doc.elapsedSeconds)} s in all). Generated by the bench: edit bench/markdown.ts, not this ` +
      "file. To regenerate: `npm run bench` (see [bench/README](bench/README.md) for options).",
    "",
    ...(e.loadAverage > e.cores * 0.5
      ? [
          `> The machine was busy when these figures were taken (1-minute load average ${e.loadAverage} on ` +
            `${e.cores} cores): absolute figures and ratios are noisy.`,
          "",
        ]
      : []),
    `![zmtp, the zeromq binding and bare net per case](${chartPath})`,
    "",
    "## Machine",
    "",
    `- CPU: ${e.cpu}, ${e.cores} cores; memory ${e.memoryGiB} GiB`,
    `- OS: ${e.os}`,
    `- Node ${e.node}; zmtp ${e.zmtp}; zeromq ${e.zeromq} (libzmq ${e.libzmq})`,
    `- Command: \`${e.command}\``,
    "",
    "## Method",
    "",
    "- libzmq's perf-tool semantics: for tcp and ipc the two ends run in separate processes (forked per run); " +
      "the receiver times from its first to its last message (local_thr) and reports count / time. inproc " +
      "runs both ends in one process, as inproc_thr does, and has no net column.",
    `- Every send is \`await socket.send(...)\` and every receive \`await socket.receive()\` (one promise per ` +
      `message), except the for-await rows. High-water mark ${THROUGHPUT_HWM.toLocaleString("en-US")} on both ` +
      "ends for throughput and PUB/SUB; linger 0; every message is a freshly allocated buffer.",
    "- Every message carries its sequence number and a marker byte, and the receiver checks each one (length, " +
      "order, frames): a lost, reordered or corrupted message fails the run.",
    "- net = bare node:net with a 4-byte length prefix per frame and the same promise-per-message interface " +
      "(bench/net-socket.ts): a floor for this API style, with no ZMTP handshake, framing flags or routing.",
    "- Implementations alternate run by run (the order rotates each run); the tables show medians over runs, " +
      "ratios are medians divided (for times, below 1× means zmtp is faster). Peak RSS is " +
      "process.resourceUsage().maxRSS of each process (highest over the runs).",
    "",
    "## Results",
    "",
    resultTables(doc),
    ...(failures.length || doc.notes.length
      ? ["## Failures and notes", "", ...doc.notes.map((n) => `- ${n}`), ...failures.map((f) => `- FAILED ${f}`), ""]
      : []),
    "## Every run",
    "",
    "<details><summary>Primary figure of each run</summary>",
    "",
    ...perRun(doc),
    "",
    "</details>",
    "",
  ].join("\n");
}
