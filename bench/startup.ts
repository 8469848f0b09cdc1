// How long a program takes to load each library: `import()` and `require()` of the package as it is
// served (zmtp's bundles, through its exports map), of tsc's unbundled output for comparison, and
// of the `zeromq` binding. Each figure is one fresh Node process timing its own first load; the
// rows alternate, and each is run `runs` times (medians, with the range).
//
//   node dist/bench/startup.js            7 runs of each
//   node dist/bench/startup.js --quick    2 runs of each (CI's smoke run)
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Row {
  name: string;
  /** A program that loads one library and prints the milliseconds it took. */
  program: string;
}

const timed = (load: string): string =>
  `const t0 = performance.now(); ${load}; process.stdout.write(String(performance.now() - t0));`;

const ROWS: Row[] = [
  { name: 'zmtp, import("zmtp")', program: timed('await import("zmtp")') },
  { name: 'zmtp, require("zmtp")', program: timed('require("zmtp")') },
  { name: "zmtp unbundled (tsc's dist/src), import", program: timed('await import("./dist/src/index.js")') },
  { name: "zmtp unbundled (tsc's dist/cjs), require", program: timed('require("./dist/cjs/index.js")') },
  { name: 'zeromq, import("zeromq")', program: timed('await import("zeromq")') },
  { name: 'zeromq, require("zeromq")', program: timed('require("zeromq")') },
];

/** One fresh process: ESM when the program awaits an import, CommonJS for require (from the project root). */
function once(row: Row): number {
  const esm = row.program.includes("await import");
  const args = esm ? ["--input-type=module", "-e", row.program] : ["-e", row.program];
  // The draft warning goes to stderr, which this ignores; a failed load throws here.
  const out = execFileSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const ms = Number(out);
  if (!Number.isFinite(ms)) throw new Error(`${row.name}: printed ${JSON.stringify(out)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const runs = process.argv.includes("--quick") ? 2 : 7;
const times = new Map<Row, number[]>(ROWS.map((r) => [r, []]));
for (let i = 0; i < runs; i++) for (const row of ROWS) times.get(row)!.push(once(row));

console.log(`Node ${process.version}, ${runs} fresh processes per row (alternating): ms to load, median (min–max)`);
const width = Math.max(...ROWS.map((r) => r.name.length));
for (const row of ROWS) {
  const t = times.get(row)!;
  console.log(
    `${row.name.padEnd(width)}  ${median(t).toFixed(1).padStart(6)}  (${Math.min(...t).toFixed(1)}–${Math.max(...t).toFixed(1)})`,
  );
}
