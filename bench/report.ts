// Aggregation and rendering of benchmark results (markdown and JSON).
import type { Impl, RunResult, Transport } from "./workers.js";

export interface ImplSummary {
  runs: number;
  failed: number;
  medianMsgPerSec: number | null;
  medianMBps: number | null;
  minMsgPerSec: number | null;
  maxMsgPerSec: number | null;
  errors: string[];
}

export interface CellSummary {
  transport: Transport;
  size: number;
  count: number;
  impls: Partial<Record<Impl, ImplSummary>>;
  /** median msg/s of zmtp divided by that of zeromq (same size, so same as MB/s ratio) */
  ratioZmtpZeromq: number | null;
  ratioZmtpNet: number | null;
  runs: RunResult[];
}

export interface Environment {
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  zeromq: string;
  libzmq: string;
  zmtp: string;
  quick: boolean;
  runsPerCell: number;
  warmupMessages: number;
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function summarize(
  transport: Transport,
  size: number,
  count: number,
  runs: RunResult[],
  impls: Impl[],
): CellSummary {
  const out: Partial<Record<Impl, ImplSummary>> = {};
  for (const impl of impls) {
    const mine = runs.filter((r) => r.impl === impl);
    if (mine.length === 0) continue;
    const ok = mine.filter((r) => r.ok);
    const rates = ok.map((r) => r.msgPerSec);
    out[impl] = {
      runs: mine.length,
      failed: mine.length - ok.length,
      medianMsgPerSec: median(rates),
      medianMBps: median(ok.map((r) => r.mbPerSec)),
      minMsgPerSec: rates.length ? Math.min(...rates) : null,
      maxMsgPerSec: rates.length ? Math.max(...rates) : null,
      errors: mine
        .filter((r) => !r.ok)
        .map((r) => `${r.error}${r.received >= 0 ? ` (received ${r.received}/${r.count})` : ""}`),
    };
  }
  const ratio = (a?: ImplSummary, b?: ImplSummary) =>
    a?.medianMsgPerSec != null && b?.medianMsgPerSec ? a.medianMsgPerSec / b.medianMsgPerSec : null;
  return {
    transport,
    size,
    count,
    impls: out,
    ratioZmtpZeromq: ratio(out.zmtp, out.zeromq),
    ratioZmtpNet: ratio(out.zmtp, out.net),
    runs,
  };
}

export function sizeLabel(size: number): string {
  if (size >= 1024 && size % 1024 === 0) return `${size / 1024} KiB`;
  return `${size} B`;
}

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const fixed1 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function rate(s: ImplSummary | undefined): string {
  if (!s) return "—";
  if (s.medianMsgPerSec == null) return "FAILED";
  return int.format(s.medianMsgPerSec) + (s.failed ? ` (${s.failed} failed)` : "");
}
function mb(s: ImplSummary | undefined): string {
  if (!s) return "—";
  return s.medianMBps == null ? "FAILED" : fixed1.format(s.medianMBps);
}
function ratioText(r: number | null): string {
  return r == null ? "—" : `${r.toFixed(2)}×`;
}

export function markdown(env: Environment, cells: CellSummary[], notes: string[]): string {
  const lines: string[] = [];
  lines.push(`## DEALER→DEALER throughput${env.quick ? " (quick mode)" : ""}`);
  lines.push("");
  lines.push(`- Node ${env.node} on ${env.platform}, CPU: ${env.cpu} × ${env.cores} cores`);
  lines.push(`- zeromq ${env.zeromq} (libzmq ${env.libzmq}); zmtp ${env.zmtp}`);
  lines.push(
    `- ${env.runsPerCell} run(s) per cell, each in a fresh child process, implementations alternating; ` +
      `${env.warmupMessages} warm-up messages per run; medians shown; MB = 10^6 bytes of payload`,
  );
  lines.push(
    `- net = plain Node TCP loopback with a 4-byte length prefix, writes batched (the ceiling); tcp rows only`,
  );
  lines.push(`- zmtp and net run both ends on one JS thread; zeromq does its I/O on libzmq's own thread`);
  lines.push("");
  lines.push(
    "| transport | size | messages | zmtp msg/s | zmtp MB/s | zeromq msg/s | zeromq MB/s | zmtp/zeromq | net msg/s | net MB/s | zmtp/net |",
  );
  lines.push("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
  for (const c of cells) {
    const { zmtp, zeromq, net } = c.impls;
    lines.push(
      `| ${c.transport} | ${sizeLabel(c.size)} | ${int.format(c.count)} | ${rate(zmtp)} | ${mb(zmtp)} | ` +
        `${rate(zeromq)} | ${mb(zeromq)} | ${ratioText(c.ratioZmtpZeromq)} | ${rate(net)} | ${mb(net)} | ${ratioText(c.ratioZmtpNet)} |`,
    );
  }
  // Per-run figures, so the spread behind each median is visible.
  if (env.runsPerCell > 1) {
    lines.push("");
    lines.push("Per-run msg/s (in run order):");
    lines.push("");
    lines.push("| transport | size | impl | runs |");
    lines.push("|---|---|---|---|");
    for (const c of cells) {
      for (const impl of Object.keys(c.impls) as Impl[]) {
        const runs = c.runs.filter((r) => r.impl === impl).map((r) => (r.ok ? int.format(r.msgPerSec) : "FAIL"));
        lines.push(`| ${c.transport} | ${sizeLabel(c.size)} | ${impl} | ${runs.join(", ")} |`);
      }
    }
  }
  const failures = cells.flatMap((c) =>
    (Object.entries(c.impls) as [Impl, ImplSummary][]).flatMap(([impl, s]) =>
      s.errors.map((e) => `${impl} ${c.transport} ${sizeLabel(c.size)}: ${e}`),
    ),
  );
  if (failures.length || notes.length) {
    lines.push("");
    for (const n of notes) lines.push(`- ${n}`);
    for (const f of failures) lines.push(`- FAILED ${f}`);
  }
  return lines.join("\n");
}

export function json(env: Environment, cells: CellSummary[], notes: string[]): string {
  return JSON.stringify({ environment: env, notes, cells }, null, 2);
}
