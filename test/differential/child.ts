/**
 * Runs rows of the differential table (per row: zmtp, then the binding) and writes JSON lines
 * to the file named by argv[2]: first {"manifest": [...]} (every row, with why it is isolated or
 * left out), then one line per row run, then {"done": n}. It runs in a child process because
 * libzmq inside the binding can abort the process on misuse; the parent reads how far it got.
 * argv[3] selects: "main" (every row not isolated), "row <id>" (one row), or "prefix <p>"
 * (rows whose id starts with p, for development).
 *
 * The child ends by killing itself once the last line is written: a binding socket whose
 * constructor threw (wrong option, read-only option, too many sockets) is never closed, and at
 * exit the binding then blocks in context termination or segfaults (a loaded full-suite run
 * once hung here past the runner's timeout, with process.exit). That is the binding's own failure and not something this table
 * compares; the parent takes a run that wrote its "done" line however the process ended.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { LIBS, runOne, type Row, type RunResult } from "./harness.js";
import { allRows } from "./table.js";

const [out, mode = "main", arg = ""] = process.argv.slice(2);
if (!out) throw new Error("usage: child.js <output.jsonl> [main | row <id> | prefix <p>]");
const pick: (r: Row) => boolean =
  mode === "row" ? (r) => r.id === arg : mode === "prefix" ? (r) => r.id.startsWith(arg) : (r) => !r.isolated;
const rows = allRows();
const manifest = rows.map(({ id, group, isolated, leftOut }) => ({ id, group, isolated, leftOut }));
writeFileSync(out, JSON.stringify({ manifest }) + "\n");
let n = 0;
for (const row of rows.filter((r) => !r.leftOut && pick(r))) {
  const res: Partial<Record<string, RunResult>> = {};
  for (const lib of LIBS) res[lib.name] = await runOne(row, lib);
  appendFileSync(out, JSON.stringify({ id: row.id, group: row.group, ...res }) + "\n");
  n++;
}
appendFileSync(out, JSON.stringify({ done: n }) + "\n");
process.kill(process.pid, "SIGKILL");
