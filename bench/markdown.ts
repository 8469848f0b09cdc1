// BENCHMARKS.md and the stdout table, rendered from a results file (so a saved JSON can be re-rendered).
import type { BenchCase, Impl } from "./cases.js";
import { sizeLabel, THROUGHPUT_HWM } from "./cases.js";
import type { Environment } from "./env.js";
import type { RunResult } from "./orchestrate.js";
import { compact, ratioText, rssText, type CaseSummary, type ImplSummary } from "./report.js";

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
      "first delivery to the last. Peak RSS: subscribers/publisher.",
  },
  {
    title: "PUB→SUB, K subscribers on distinct topics (growth)",
    kinds: ["pubsub"],
    topics: true,
    intro:
      "One PUB, K SUB sockets (one process) each subscribed to its own topic; the publisher cycles through the " +
      "topics, so each message reaches one subscriber. ns/msg shows how the cost per message grows with K. " +
      "No net column: bare net has no subscription matching.",
  },
  {
    title: "REQ/REP latency",
    kinds: ["latency"],
    intro:
      "Round-trip time (not halved), µs: median (p99, mean) of every round trip after a warm-up. Peak RSS: REQ/REP.",
  },
  {
    title: "Connection setup",
    kinds: ["connect"],
    intro:
      "N DEALERs (one process) connect to one ROUTER at once; timed until every DEALER has its first message " +
      "echoed, which covers TCP connect, the ZMTP handshake and one round trip. µs per connection (total). " +
      "Peak RSS: dealers/router.",
  },
  {
    title: "One huge message",
    kinds: ["big"],
    intro:
      "PUSH→PULL over tcp, timed by the receiver from a 1-byte marker message to the huge one. " +
      "Peak RSS: receiver/sender (the sender holds the message too).",
  },
];

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
  if (c.kind === "connect") bits.push(`${c.count} connections`);
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
    lines.push(`### ${sec.title}`, "", sec.intro, "", ...table(rows), "");
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
