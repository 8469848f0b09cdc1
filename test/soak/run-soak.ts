// The long soak, outside CI: node dist/test/soak/run-soak.js <minutes> [result.json]
// Prints one line per sample; writes the samples and totals as JSON when given a path.
import { writeFileSync } from "node:fs";
import { growth, soak } from "./soak.js";

const minutes = Number(process.argv[2] ?? 60);
const out = process.argv[3];
const started = new Date().toISOString();
const r = await soak({
  durationMs: minutes * 60_000,
  sampleMs: Math.min(60_000, (minutes * 60_000) / 20),
  restartMs: 3000,
  burst: 50,
  log: (line) => console.log(line),
});
const summary = {
  started,
  minutes,
  delivered: r.delivered,
  restarts: r.restarts,
  events: r.events,
  outOfOrder: r.outOfOrder,
  duplicates: r.duplicates,
  rssGrowthMB: growth(r.samples, "rss") / 1e6,
  heldGrowthMB: growth(r.samples, "held") / 1e6,
  resourcesBefore: r.resourcesBefore,
  resourcesAfter: r.resourcesAfter,
};
console.log(JSON.stringify(summary));
if (out) writeFileSync(out, JSON.stringify({ ...summary, samples: r.samples }, null, 2));
