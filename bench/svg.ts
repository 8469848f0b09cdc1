// The chart in BENCHMARKS.md, written by hand (no dependency): per case, one horizontal bar per
// implementation, its length the implementation's speed relative to the fastest of the case on a log
// scale (rates as they are, times inverted), and the measured figure printed at the end of the bar.
import type { Impl } from "./cases.js";
import type { ResultsFile } from "./markdown.js";
import { compact, type CaseSummary } from "./report.js";

const COLORS: Record<Impl, string> = { zmtp: "#2b6cb0", zeromq: "#dd6b20", net: "#718096", base: "#90cdf4" };
const IMPLS: readonly Impl[] = ["zmtp", "zeromq", "net"];
const LEGEND: Record<Impl, string> = {
  zmtp: "zmtp",
  zeromq: "zeromq binding (libzmq)",
  net: "bare node:net",
  base: "zmtp baseline",
};
const WIDTH = 980;
const LABEL_W = 250;
const PLOT_X = LABEL_W + 10;
const PLOT_W = 560;
const BAR_H = 10;
const BAR_GAP = 2;
const GROUP_GAP = 12;
/** The scale spans this many powers of ten below the fastest implementation of each case. */
const DECADES = 2;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function speed(s: CaseSummary, v: number): number {
  return s.metric.higherIsBetter ? v : 1 / v;
}

function barLength(rel: number): number {
  const x = (Math.log10(rel) + DECADES) / DECADES;
  return Math.max(2, Math.min(1, x) * PLOT_W);
}

function sectionOf(s: CaseSummary): string {
  if (s.case.kind === "pubsub") return s.case.topics ? "PUB→SUB, K distinct topics" : "PUB→SUB fan-out";
  return (
    {
      throughput: "Throughput",
      latency: "REQ/REP latency",
      connect: "Connection setup",
      big: "One huge message",
      idle: "Idle heartbeats",
      soak: "Memory over a long run",
    } as const
  )[s.case.kind];
}

export function chartSvg(doc: ResultsFile): string {
  const body: string[] = [];
  let y = 84;
  let section = "";
  for (const s of doc.summaries) {
    const sec = sectionOf(s);
    if (sec !== section) {
      section = sec;
      y += 8;
      const unit = s.metric.higherIsBetter ? s.metric.unit : `${s.metric.unit}, lower is better`;
      body.push(`<text x="10" y="${y + 12}" class="section">${esc(sec)} (${esc(unit)})</text>`);
      y += 22;
    }
    const impls = IMPLS.filter((i) => s.case.impls.includes(i));
    const groupH = impls.length * (BAR_H + BAR_GAP) - BAR_GAP;
    const values = impls.map((i) => s.impls[i]?.median ?? null);
    const best = Math.max(...values.filter((v): v is number => v !== null && v > 0).map((v) => speed(s, v)), 0);
    body.push(
      `<text x="${LABEL_W}" y="${y + groupH / 2 + 4}" class="label" text-anchor="end">${esc(s.case.id)}</text>`,
    );
    impls.forEach((impl, k) => {
      const v = values[k];
      const by = y + k * (BAR_H + BAR_GAP);
      if (v == null || v <= 0 || best === 0) {
        body.push(`<text x="${PLOT_X + 4}" y="${by + BAR_H - 1}" class="fail">${impl}: FAILED / not run</text>`);
        return;
      }
      const w = barLength(speed(s, v) / best);
      body.push(
        `<rect x="${PLOT_X}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${COLORS[impl]}"><title>${esc(
          `${impl} ${s.case.id}: ${compact(v)} ${s.metric.unit}`,
        )}</title></rect>`,
        `<text x="${(PLOT_X + w + 4).toFixed(1)}" y="${by + BAR_H - 1}" class="value">${esc(compact(v))}</text>`,
      );
    });
    y += groupH + GROUP_GAP;
  }
  const height = y + 10;
  const grid: string[] = [];
  for (let d = 0; d <= DECADES; d++) {
    const x = PLOT_X + (PLOT_W * (DECADES - d)) / DECADES;
    grid.push(
      `<line x1="${x}" y1="78" x2="${x}" y2="${height - 10}" class="grid"/>`,
      `<text x="${x}" y="74" class="axis" text-anchor="middle">${d === 0 ? "fastest" : `1/${10 ** d}`}</text>`,
    );
  }
  const legend = IMPLS.map(
    (impl, k) =>
      `<rect x="${10 + k * 190}" y="44" width="12" height="12" fill="${COLORS[impl]}"/>` +
      `<text x="${10 + k * 190 + 16}" y="54" class="label">${LEGEND[impl]}</text>`,
  );
  const e = doc.environment;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    "<style>.label{font-size:11px;fill:#1a202c}.value{font-size:10px;fill:#2d3748}.section{font-size:13px;font-weight:bold;fill:#1a202c}" +
      ".axis{font-size:10px;fill:#4a5568}.grid{stroke:#e2e8f0;stroke-width:1}.fail{font-size:10px;fill:#c53030}.note{font-size:10px;fill:#4a5568}</style>",
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="18" class="section">zmtp vs zeromq vs net</text>`,
    `<text x="10" y="34" class="note">${esc(`${e.date.slice(0, 10)}, ${e.cpu} × ${e.cores}, Node ${e.node}, ${doc.mode} mode`)}</text>`,
    `<text x="${PLOT_X + PLOT_W}" y="54" class="note" text-anchor="end">bar: speed relative to the fastest of the case, log scale; figure: the median</text>`,
    ...legend,
    ...grid,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}
