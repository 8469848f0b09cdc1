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
  /** What is loaded: a package name (resolved from the project root) or a path relative to it. */
  specifier: string;
  /** `import()` from an ES module, or `require()` from CommonJS. */
  via: "import" | "require";
}

const ROWS: Row[] = [
  { name: 'zmtp, import("zmtp")', specifier: "zmtp", via: "import" },
  { name: 'zmtp, require("zmtp")', specifier: "zmtp", via: "require" },
  { name: "zmtp unbundled (tsc's dist/src), import", specifier: "./dist/src/index.js", via: "import" },
  { name: "zmtp unbundled (tsc's dist/cjs), require", specifier: "./dist/cjs/index.js", via: "require" },
  { name: 'zeromq, import("zeromq")', specifier: "zeromq", via: "import" },
  { name: 'zeromq, require("zeromq")', specifier: "zeromq", via: "require" },
];

/** One fresh Node process, in the project root, that loads the row's library and prints the ms it took. */
function once(row: Row): number {
  const load =
    row.via === "import"
      ? `await import(${JSON.stringify(row.specifier)})`
      : `require(${JSON.stringify(row.specifier)})`;
  const program = `const t0 = performance.now(); ${load}; process.stdout.write(String(performance.now() - t0));`;
  const args = row.via === "import" ? ["--input-type=module", "-e", program] : ["-e", program];
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
