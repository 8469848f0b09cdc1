// Block coverage of the code under fuzz, from V8's precise coverage through the inspector: which
// bytes of each watched script ran at least once. Used to keep inputs that reach new code and to
// report a coverage figure.
import { readFileSync } from "node:fs";
import { Session } from "node:inspector";
import { fileURLToPath } from "node:url";

interface Range {
  startOffset: number;
  endOffset: number;
  count: number;
}
interface ScriptCoverage {
  url: string;
  functions: Array<{ ranges: Range[] }>;
}

/** Posts synchronously: an in-process inspector session answers before `post` returns. */
function post<T>(session: Session, method: string, params: object = {}): T {
  let result: T | undefined;
  let error: Error | null = null;
  session.post(method, params, (err: Error | null, r?: object) => {
    error = err;
    result = r as T;
  });
  if (error) throw error as Error;
  if (result === undefined) throw new Error(`${method}: no synchronous answer`);
  return result;
}

export class Coverage {
  private readonly session = new Session();
  /** Per watched script: 1 for each byte that ran. */
  private readonly covered = new Map<string, Uint8Array>();

  /** `watch(url)` says which scripts count (e.g. those under dist/src/wire/). */
  constructor(private readonly watch: (url: string) => boolean) {
    this.session.connect();
    post(this.session, "Profiler.enable");
    post(this.session, "Profiler.startPreciseCoverage", { callCount: true, detailed: true });
  }

  /**
   * What ran since the last call: returns how many positions were new, and records them unless
   * `record` is false (a batch is first checked, then its inputs are run alone to find the new code).
   */
  collect(record = true): number {
    const { result } = post<{ result: ScriptCoverage[] }>(this.session, "Profiler.takePreciseCoverage");
    let fresh = 0;
    for (const script of result) {
      if (!this.watch(script.url)) continue;
      let bytes = this.covered.get(script.url);
      if (!bytes) {
        // Offsets count UTF-16 units of the source text.
        bytes = new Uint8Array(readFileSync(fileURLToPath(script.url), "utf8").length);
        this.covered.set(script.url, bytes);
      }
      // Ranges nest: the innermost one decides a position's count. Painted outer first (by start,
      // longest first), each inner range overwrites its part of the enclosing one.
      const ranges = script.functions.flatMap((f) => f.ranges);
      ranges.sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
      const counts = new Float64Array(bytes.length);
      for (const r of ranges) counts.fill(r.count, r.startOffset, Math.min(r.endOffset, bytes.length));
      for (let i = 0; i < bytes.length; i++) {
        if (counts[i]! > 0 && bytes[i] === 0) {
          if (record) bytes[i] = 1;
          fresh++;
        }
      }
    }
    return fresh;
  }

  /** Covered and total bytes per watched script, and for all together. */
  report(): {
    scripts: Array<{ url: string; covered: number; total: number; uncoveredLines: string; bitmap: string }>;
    covered: number;
    total: number;
  } {
    const scripts = [];
    let covered = 0;
    let total = 0;
    for (const [url, bytes] of this.covered) {
      const source = readFileSync(fileURLToPath(url), "utf8");
      let c = 0;
      for (const b of bytes) c += b;
      covered += c;
      total += bytes.length;
      scripts.push({
        url,
        covered: c,
        total: bytes.length,
        uncoveredLines: uncoveredLines(source, bytes),
        bitmap: Buffer.from(bytes).toString("base64"),
      });
    }
    return { scripts, covered, total };
  }

  stop(): void {
    post(this.session, "Profiler.stopPreciseCoverage");
    this.session.disconnect();
  }
}

/** Lines holding code that never ran, as "a-b, c" (comments and blank lines ignored). */
function uncoveredLines(source: string, bytes: Uint8Array): string {
  const lines: number[] = [];
  let offset = 0;
  source.split("\n").forEach((line, i) => {
    const code = line.trim();
    const isCode =
      code !== "" && !code.startsWith("//") && !code.startsWith("*") && !code.startsWith("/*") && code !== "}";
    if (isCode) {
      const start = offset + line.indexOf(code[0]!);
      if (bytes[start] === 0) lines.push(i + 1);
    }
    offset += line.length + 1;
  });
  const spans: string[] = [];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    spans.push(i === j ? `${lines[i]}` : `${lines[i]}-${lines[j]}`);
    i = j + 1;
  }
  return spans.join(", ");
}
