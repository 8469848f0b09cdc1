/**
 * Runs one case on zmtp and on the zeromq binding and compares what a program can observe: the
 * value, or the error's class, code, errno, message and address, and whether it was thrown
 * synchronously or came as a rejection; optionally the process warnings it emitted. (Not a
 * test file itself.)
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zeromq from "zeromq";
import * as zmtp from "../../src/index.js";

/** Either library, loosely typed so one case body serves both. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Lib = any;
export const LIBS: ReadonlyArray<readonly [string, Lib]> = [
  ["zmtp", zmtp],
  ["zeromq", zeromq],
];

export type Outcome =
  { how: "returned" | "resolved"; value: unknown } | { how: "threw" | "rejected"; error: Record<string, unknown> };

function describeError(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { thrown: String(e) };
  const r = e as Error & { code?: unknown; errno?: unknown; address?: unknown };
  return { class: r.constructor.name, message: r.message, code: r.code, errno: r.errno, address: r.address };
}

/** Plain data for a returned value (sockets and other objects by class name). */
function describeValue(v: unknown): unknown {
  if (v === null || ["undefined", "number", "string", "boolean"].includes(typeof v)) return v;
  if (Buffer.isBuffer(v)) return { buffer: v.toString("hex") };
  if (Array.isArray(v)) return v.map(describeValue);
  return { object: (v as object).constructor?.name };
}

/** What calling `fn` does: returns or throws, and if it returns a promise, how that settles. */
export async function outcome(fn: () => unknown): Promise<Outcome> {
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    return { how: "threw", error: describeError(e) };
  }
  if (r instanceof Promise) {
    try {
      return { how: "resolved", value: describeValue(await r) };
    } catch (e) {
      return { how: "rejected", error: describeError(e) };
    }
  }
  return { how: "returned", value: describeValue(r) };
}

export interface WarningSeen {
  name: string;
  message: string;
  code: unknown;
}

/** Runs `body` and collects the process warnings it emits (they are delivered on a later tick). */
export async function warningsOf<T>(body: () => Promise<T>): Promise<{ result: T; warnings: WarningSeen[] }> {
  const warnings: WarningSeen[] = [];
  const listener = (w: Error & { code?: unknown }): void => {
    warnings.push({ name: w.name, message: w.message, code: w.code });
  };
  process.on("warning", listener);
  try {
    const result = await body();
    await new Promise((r) => setImmediate(r));
    return { result, warnings };
  } finally {
    process.off("warning", listener);
  }
}

/** Declares a test that runs `body` on both libraries and asserts they give the same result. */
export function sameOnBoth<T>(name: string, body: (lib: Lib) => Promise<T> | T, opts: { timeout?: number } = {}): void {
  test(name, { timeout: opts.timeout ?? 15000 }, async () => {
    const results: unknown[] = [];
    for (const [, lib] of LIBS) results.push(await body(lib));
    assert.deepEqual(results[0], results[1], `zmtp (actual) differs from zeromq (expected)`);
  });
}

/** Waits `n` turns of the event loop. */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}
