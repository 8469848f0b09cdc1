/**
 * KNOWN_DIFFERENCES: every row of the differential table on which zmtp and the binding are
 * known to differ, with the reason and issue-9 item. The test checks the set exactly: a listed
 * row that now matches fails ("remove it"), an unlisted row that differs fails, and a pattern
 * that names no row fails, so the list can only shrink as fixes land.
 *
 * Patterns are exact row ids in which `<a|b|c>` stands for each alternative in turn (no
 * wildcards): "socket.option/Dealer/<linger|backlog>/closed get" is two ids.
 */
import { API_ROWS } from "./known-api.js";
import { OPTION_ROWS } from "./known-options.js";
import { V5_ROWS } from "./known-v5.js";
import { REASONS, type KnownDifference, type KnownRows, type ReasonKey } from "./reasons.js";

/** All ids a pattern stands for, in order. */
export function expand(pattern: string): string[] {
  const open = pattern.indexOf("<");
  if (open < 0) return [pattern];
  let depth = 0;
  const cuts: number[] = [open];
  let close = -1;
  for (let i = open + 1; i < pattern.length && close < 0; i++) {
    const c = pattern[i];
    if (c === "<") depth++;
    else if (c === ">" && depth-- === 0) close = i;
    else if (c === "|" && depth === 0) cuts.push(i);
  }
  if (close < 0) throw new Error(`unclosed < in pattern ${pattern}`);
  cuts.push(close);
  const head = pattern.slice(0, open);
  const tails = expand(pattern.slice(close + 1));
  const out: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    for (const alt of expand(pattern.slice(cuts[k]! + 1, cuts[k + 1]))) {
      for (const tail of tails) out.push(head + alt + tail);
    }
  }
  return out;
}

/**
 * The inverse of expand: patterns that stand for exactly `ids`, merging ids that differ in one
 * token (split at / space ( ) , :) into `<a|b>` alternatives until nothing merges.
 */
export function compress(ids: readonly string[]): string[] {
  type Pattern = string[][];
  let patterns: Pattern[] = ids.map((id) =>
    id
      .split(/([/ (),:])/)
      .filter((t) => t !== "")
      .map((t) => [t]),
  );
  const keyWithout = (p: Pattern, pos: number) =>
    `${p.length}:` + p.map((alts, i) => (i === pos ? "*" : alts.join("|"))).join("\u0000");
  for (let changed = true; changed;) {
    changed = false;
    const longest = Math.max(0, ...patterns.map((p) => p.length));
    for (let pos = longest - 1; pos >= 0; pos--) {
      const groups = new Map<string, Pattern[]>();
      for (const p of patterns) {
        const k = keyWithout(p, pos);
        groups.set(k, [...(groups.get(k) ?? []), p]);
      }
      patterns = [];
      for (const g of groups.values()) {
        const first = g[0]!;
        if (g.length === 1 || pos >= first.length) {
          patterns.push(...g);
          continue;
        }
        patterns.push(first.map((alts, i) => (i === pos ? [...new Set(g.flatMap((p) => p[pos]!))] : alts)));
        changed = true;
      }
    }
  }
  return patterns.map((p) => p.map((alts) => (alts.length === 1 ? alts[0]! : `<${alts.join("|")}>`)).join(""));
}

export interface Known extends KnownDifference {
  readonly key: ReasonKey;
  /** The pattern the id came from (for messages). */
  readonly pattern: string;
}

function build(...tables: KnownRows[]): Map<string, Known> {
  const map = new Map<string, Known>();
  for (const table of tables) {
    for (const [key, patterns] of Object.entries(table) as Array<[ReasonKey, readonly string[]]>) {
      for (const pattern of patterns) {
        for (const id of expand(pattern)) {
          const seen = map.get(id);
          if (seen) throw new Error(`${id} is listed twice (${seen.key} and ${key})`);
          map.set(id, { key, pattern, ...REASONS[key] });
        }
      }
    }
  }
  return map;
}

export const KNOWN_DIFFERENCES: ReadonlyMap<string, Known> = build(API_ROWS, OPTION_ROWS, V5_ROWS);
