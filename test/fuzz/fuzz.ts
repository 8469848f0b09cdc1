// The mutation fuzz loop: seeds from the libzmq corpus, stacked byte mutations, every input run
// under the allocation guard; with coverage, inputs that reach new code join the pool.
import { allowedAllocation, installAllocGuard, largestAllocation } from "./alloc-guard.js";
import type { Corpus } from "./corpus.js";
import type { Coverage } from "./coverage.js";
import { Rng, mutate } from "./mutate.js";
import type { Target } from "./targets.js";

export interface Finding {
  target: string;
  /** The input, hex. */
  input: string;
  problem: string;
}

export interface FuzzStats {
  target: string;
  inputs: number;
  /** Inputs kept because they reached new code (coverage-guided runs only). */
  kept: number;
  pool: number;
  largestAllocation: number;
  findings: Finding[];
  ms: number;
}

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** With coverage: every `batch` inputs, check for new code; re-run the batch alone to find which inputs reached it. */
  coverage?: Coverage;
  batch?: number;
  /** Stop collecting after this many findings (each is reported once per distinct problem). */
  maxFindings?: number;
  progress?: (done: number) => void;
}

/** Runs one input under the guard; a thrown error or an oversized allocation is a problem. */
export function check(target: Target, input: Buffer): { problem: string | null; largest: number } {
  let problem: string | null = null;
  const largest = largestAllocation(() => {
    try {
      target.run(input);
    } catch (err) {
      problem = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  });
  if (problem === null && largest > allowedAllocation(input.length, target.allocationFraction?.(input))) {
    problem = `allocation of ${largest} bytes for a ${input.length}-byte input`;
  }
  return { problem, largest };
}

export function fuzz(target: Target, corpus: Corpus, o: FuzzOptions): FuzzStats {
  installAllocGuard();
  const start = Date.now();
  const rng = new Rng(o.seed);
  const pool = target.seeds(corpus).filter((b) => b.length > 0);
  if (pool.length === 0) pool.push(Buffer.alloc(1));
  const findings: Finding[] = [];
  const problems = new Set<string>();
  const maxFindings = o.maxFindings ?? 20;
  const batchSize = o.batch ?? 512;
  let kept = 0;
  let largest = 0;
  const batch: Buffer[] = [];
  const report = (input: Buffer, problem: string) => {
    // One finding per distinct problem text (numbers stripped), so a hot bug does not flood the log.
    const key = problem.replace(/\d+/g, "#");
    if (problems.has(key) || findings.length >= maxFindings) return;
    problems.add(key);
    findings.push({ target: target.name, input: input.toString("hex"), problem });
  };
  // The seeds themselves first.
  for (const s of pool) {
    const r = check(target, s);
    if (r.problem) report(s, r.problem);
  }
  o.coverage?.collect();
  for (let i = 0; i < o.inputs; i++) {
    const input = mutate(pool[rng.below(pool.length)]!, rng, pool);
    const r = check(target, input);
    if (r.problem) report(input, r.problem);
    largest = Math.max(largest, r.largest);
    if (o.coverage) {
      batch.push(input);
      if (batch.length >= batchSize || i === o.inputs - 1) {
        if (o.coverage.collect(false) > 0) {
          // Something in this batch reached new code: find which inputs, keep them.
          for (const b of batch) {
            check(target, b);
            if (o.coverage.collect() > 0) {
              pool.push(b);
              kept++;
            }
          }
        }
        batch.length = 0;
      }
    }
    if (o.progress && (i + 1) % 100000 === 0) o.progress(i + 1);
  }
  return {
    target: target.name,
    inputs: o.inputs,
    kept,
    pool: pool.length,
    largestAllocation: largest,
    findings,
    ms: Date.now() - start,
  };
}
