/**
 * Runs the differential table in child processes (child.ts) and collects the results: the
 * main run, then each isolated row in a process of its own. A child killed by a signal (libzmq
 * inside the binding aborting) is run again, at most three times. Loads neither library itself.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunResult } from "./harness.js";

export interface ManifestRow {
  id: string;
  group: string;
  isolated?: string;
  leftOut?: string;
}

export interface RowResult {
  id: string;
  group: string;
  zmtp: RunResult;
  zeromq: RunResult;
}

export interface TableRun {
  manifest: ManifestRow[];
  results: Map<string, RowResult>;
  /** What happened on the way (crashes that were retried). */
  notes: string[];
}

const CHILD = fileURLToPath(new URL("./child.js", import.meta.url));
// Two attempts of at most 50 s each stay inside the runner's 120 s per file (a run takes ~9 s).
const ATTEMPTS = 2;

type Line = { manifest: ManifestRow[] } | { done: number } | RowResult;

function runChild(args: string[], notes: string[]): Line[] {
  // The child's cwd is a scratch directory: libzmq creates ipc://* sockets relative to it.
  const cwd = mkdtempSync(join(tmpdir(), "zmtp-diff-"));
  const out = join(cwd, "rows.jsonl");
  try {
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync(process.execPath, ["--no-warnings", CHILD, out, ...args], {
        cwd,
        encoding: "utf8",
        timeout: 50_000,
      });
      let lines: Line[] = [];
      try {
        lines = readFileSync(out, "utf8")
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => JSON.parse(l) as Line);
      } catch {
        // no output at all: handled below
      }
      if (lines.some((l) => "done" in l)) return lines;
      const last = lines.filter((l): l is RowResult => "id" in l).pop()?.id ?? "(none)";
      const how = r.signal ?? `exit ${r.status}`;
      const why = `child ${args.join(" ")} ended (${how}) after row ${last}: ${(r.stderr ?? "").slice(-400)}`;
      if (r.signal === null || attempt === ATTEMPTS) throw new Error(why);
      notes.push(`attempt ${attempt}: ${why}; running again`);
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export function runTable(): TableRun {
  const notes: string[] = [];
  const main = runChild(["main"], notes);
  const manifest = main.find((l): l is { manifest: ManifestRow[] } => "manifest" in l)?.manifest ?? [];
  const results = new Map<string, RowResult>();
  const take = (lines: Line[]) => {
    for (const l of lines) if ("id" in l) results.set(l.id, l);
  };
  take(main);
  for (const row of manifest.filter((r) => r.isolated && !r.leftOut)) take(runChild(["row", row.id], notes));
  return { manifest, results, notes };
}
