// From runs to figures: the metric each kind of case reports, medians per implementation, the ratios,
// and the one-line progress text.
import type { BenchCase, Impl } from "./cases.js";
import type { RunResult } from "./orchestrate.js";
import type { CpuWindow, MemorySample, RoleName } from "./protocol.js";

export interface Metric {
  label: string;
  unit: string;
  higherIsBetter: boolean;
}

export const METRICS: Record<BenchCase["kind"], Metric> = {
  throughput: { label: "throughput", unit: "msg/s", higherIsBetter: true },
  pubsub: { label: "messages published", unit: "msg/s", higherIsBetter: true },
  latency: { label: "median round trip", unit: "µs", higherIsBetter: false },
  connect: { label: "setup per connection", unit: "µs", higherIsBetter: false },
  big: { label: "receive time", unit: "ms", higherIsBetter: false },
  idle: { label: "ROUTER CPU while idle", unit: "% of a core", higherIsBetter: false },
  soak: { label: "receiver RSS at the end", unit: "MiB", higherIsBetter: false },
};

function cpuPercent(w: CpuWindow | undefined): number | null {
  return w && w.seconds > 0 ? w.cpuMs / (w.seconds * 10) : null;
}

/** soak: the receiver's or the sender's memory samples in a run. */
function samplesOf(r: RunResult, role: "receiver" | "sender"): MemorySample[] {
  return r.memory?.[role] ?? [];
}

/** The case's main figure for one successful run. */
export function primary(c: BenchCase, r: RunResult): number | null {
  if (!r.ok) return null;
  const s = r.seconds ?? 0;
  switch (c.kind) {
    case "throughput":
    case "pubsub":
      return s > 0 ? c.count / s : null;
    case "latency":
      return r.latency?.medianUs ?? null;
    case "connect":
      return (s * 1e6) / c.count;
    case "big":
      return s * 1000;
    case "idle":
      return cpuPercent(r.window?.["idle-router"]);
    case "soak":
      return samplesOf(r, "receiver").at(-1)?.rssMiB ?? null;
  }
}

/** A second figure that helps read the first (bandwidth, tail latency, cost per message). */
export function secondary(c: BenchCase, r: RunResult): { value: number; unit: string } | null {
  if (!r.ok || !r.seconds) return null;
  const bytes = c.size * c.parts;
  switch (c.kind) {
    case "throughput":
      return { value: (c.count * bytes) / 1e6 / r.seconds, unit: "MB/s" };
    case "pubsub":
      return c.topics
        ? { value: (r.seconds * 1e9) / c.count, unit: "ns/msg" }
        : { value: (r.received * bytes) / 1e6 / r.seconds, unit: "MB/s delivered" };
    case "latency":
      return r.latency ? { value: r.latency.p99Us, unit: "µs p99" } : null;
    case "connect":
      return { value: r.seconds * 1000, unit: "ms total" };
    case "big":
      return { value: bytes / 1e6 / r.seconds, unit: "MB/s" };
    case "idle": {
      const dealers = cpuPercent(r.window?.["idle-dealers"]);
      return dealers === null ? null : { value: dealers, unit: "% for the DEALERs" };
    }
    case "soak":
      return { value: c.count / r.seconds, unit: "msg/s" };
  }
}

/**
 * soak, per process: RSS at the first sample after warm-up (the first tenth of the messages), at the end,
 * and the highest sample; heap used at the same two points. Medians over the runs.
 */
export interface MemoryStats {
  warmRssMiB: number;
  endRssMiB: number;
  maxRssMiB: number;
  warmHeapMiB: number;
  endHeapMiB: number;
}

function memoryStats(runs: RunResult[], role: "receiver" | "sender"): MemoryStats | null {
  const per = runs.map((r) => samplesOf(r, role)).filter((x) => x.length >= 2);
  if (per.length === 0) return null;
  const med = (f: (x: MemorySample[]) => number) => median(per.map(f)) ?? 0;
  return {
    warmRssMiB: med((x) => x[1]!.rssMiB),
    endRssMiB: med((x) => x.at(-1)!.rssMiB),
    maxRssMiB: med((x) => Math.max(...x.map((m) => m.rssMiB))),
    warmHeapMiB: med((x) => x[1]!.heapUsedMiB),
    endHeapMiB: med((x) => x.at(-1)!.heapUsedMiB),
  };
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface ImplSummary {
  runs: number;
  failed: number;
  median: number | null;
  /** Every run's primary figure in run order (null = failed). */
  values: (number | null)[];
  secondary: { value: number; unit: string } | null;
  /** Latency cases: medians over runs of each run's mean and p99. */
  meanUs?: number | null;
  p99Us?: number | null;
  /** Highest peak RSS over the runs, per process role. */
  peakRssMiB: Partial<Record<RoleName, number>>;
  /** soak: how each process's memory went over the run. */
  memory?: Partial<Record<"receiver" | "sender", MemoryStats>>;
  errors: string[];
}

export interface CaseSummary {
  case: BenchCase;
  metric: Metric;
  impls: Partial<Record<Impl, ImplSummary>>;
  /** zmtp's median divided by the other's (for times, below 1 means zmtp is faster). */
  ratioZmtpZeromq: number | null;
  ratioZmtpNet: number | null;
}

export function summarize(c: BenchCase, runs: RunResult[]): CaseSummary {
  const impls: Partial<Record<Impl, ImplSummary>> = {};
  for (const impl of c.impls) {
    const mine = runs.filter((r) => r.impl === impl);
    if (mine.length === 0) continue;
    const ok = mine.filter((r) => r.ok);
    const values = mine.map((r) => primary(c, r));
    const seconds = ok.map((r) => secondary(c, r)).filter((x) => x !== null);
    const rss: Partial<Record<RoleName, number>> = {};
    for (const r of mine)
      for (const [role, v] of Object.entries(r.peakRssMiB) as [RoleName, number][])
        rss[role] = Math.max(rss[role] ?? 0, v);
    const m2 = median(seconds.map((s) => s.value));
    impls[impl] = {
      runs: mine.length,
      failed: mine.length - ok.length,
      median: median(values.filter((v) => v !== null)),
      values,
      secondary: m2 === null ? null : { value: m2, unit: seconds[0]!.unit },
      ...(c.kind === "latency"
        ? {
            meanUs: median(ok.map((r) => r.latency?.meanUs ?? 0)),
            p99Us: median(ok.map((r) => r.latency?.p99Us ?? 0)),
          }
        : {}),
      peakRssMiB: rss,
      ...(c.kind === "soak" ? { memory: soakMemory(ok) } : {}),
      errors: mine.filter((r) => !r.ok).map((r) => `run ${r.run}: ${r.error ?? "failed"}`),
    };
  }
  return {
    case: c,
    metric: METRICS[c.kind],
    impls,
    ratioZmtpZeromq: ratioOf(impls.zmtp, impls.zeromq),
    ratioZmtpNet: ratioOf(impls.zmtp, impls.net),
  };
}

function soakMemory(runs: RunResult[]): ImplSummary["memory"] {
  const out: ImplSummary["memory"] = {};
  for (const role of ["receiver", "sender"] as const) {
    const m = memoryStats(runs, role);
    if (m) out[role] = m;
  }
  return out;
}

function ratioOf(a?: ImplSummary, b?: ImplSummary): number | null {
  return a?.median != null && b?.median ? a.median / b.median : null;
}

/** 1234567 → "1.23 M"; keeps three significant digits. */
export function compact(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  const [div, suffix] = a >= 1e9 ? [1e9, " G"] : a >= 1e6 ? [1e6, " M"] : a >= 1e4 ? [1e3, " k"] : [1, ""];
  const x = v / div;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)}${suffix}`;
}

export function ratioText(r: number | null): string {
  return r == null ? "—" : `${r.toFixed(2)}×`;
}

/** Peak RSS of a run's processes as "measuring/helper" MiB, e.g. "61/58". */
export function rssText(rss: Partial<Record<RoleName, number>>): string {
  const v = Object.values(rss);
  return v.length ? v.map((x) => x.toFixed(0)).join("/") : "—";
}

/** Progress line for one run (stderr). */
export function runLine(c: BenchCase, r: RunResult, runs: number): string {
  const head = `[${c.id} ×${c.count.toLocaleString("en-US")}] run ${r.run}/${runs} ${r.impl.padEnd(6)}`;
  if (!r.ok) return `${head} FAILED: ${r.error ?? "?"}`;
  const p = primary(c, r);
  const s = secondary(c, r);
  return (
    `${head} ${compact(p)} ${METRICS[c.kind].unit}` +
    (s ? `, ${compact(s.value)} ${s.unit}` : "") +
    ` (${(r.seconds ?? 0).toFixed(3)} s, peak RSS ${rssText(r.peakRssMiB)} MiB` +
    (r.cpuMs ? `, cpu ${rssText(r.cpuMs)} ms)` : ")") +
    (r.heartbeats
      ? `; witnesses saw ROUTER ${r.heartbeats.routerPings} PINGs/${r.heartbeats.routerPongs} PONGs, ` +
        `DEALER ${r.heartbeats.dealerPings}/${r.heartbeats.dealerPongs} in ${r.heartbeats.seconds.toFixed(1)} s`
      : "") +
    (r.memory
      ? `; RSS MiB ${(["receiver", "sender"] as const)
          .map(
            (role) =>
              `${role} ${samplesOf(r, role)
                .map((m) => m.rssMiB.toFixed(0))
                .join(" ")}`,
          )
          .join(", ")}`
      : "")
  );
}

/** Summary line for one case (stderr). */
export function caseLine(s: CaseSummary): string {
  const parts = (Object.entries(s.impls) as [Impl, ImplSummary][]).map(
    ([impl, x]) => `${impl} ${x.median === null ? "FAILED" : compact(x.median)}`,
  );
  return (
    `= ${s.case.id}: ${parts.join(", ")} ${s.metric.unit}; zmtp/zeromq ${ratioText(s.ratioZmtpZeromq)}` +
    (s.case.impls.includes("net") ? `, zmtp/net ${ratioText(s.ratioZmtpNet)}` : "") +
    (s.impls.base ? `, zmtp/base ${ratioText(ratioOf(s.impls.zmtp, s.impls.base))}` : "")
  );
}
