/**
 * The machinery of the table-driven differential test (issue 9): a row is a description and a
 * function run once against zmtp and once against the `zeromq` 6.8.0 binding, each time with
 * fresh sockets; what a program could observe of each run (value or error, synchronous or not,
 * process warnings, unhandled rejections, events a v5 socket emitted) is normalised to plain data
 * so that the two runs compare with deepEqual.
 */
import { createRequire } from "node:module";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmtpRoot from "../../src/index.js";
import * as zmtpV5 from "../../src/v5-compat.js";

/** Both packages are driven through the same untyped calls, wrong arguments included. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type LibName = "zmtp" | "zeromq";

/** One implementation under test: its root module and its v5-compat module. */
export interface Lib {
  readonly name: LibName;
  readonly zmq: Loose;
  readonly v5: Loose;
}

const requireRef = createRequire(import.meta.url);
export const ZMTP: Lib = { name: "zmtp", zmq: zmtpRoot, v5: zmtpV5 };
export const ZEROMQ: Lib = { name: "zeromq", zmq: requireRef("zeromq"), v5: requireRef("zeromq/v5-compat") };
export const LIBS: readonly Lib[] = [ZMTP, ZEROMQ];

/** A value reduced to JSON-able data (Buffers as hex, class instances by class name, ...). */
export type Norm = null | boolean | number | string | Norm[] | { [k: string]: Norm };

/** What a program sees of a failure. */
export interface ErrShape {
  class: string;
  message: string;
  code?: Norm;
  errno?: Norm;
  address?: Norm;
  /** Own enumerable property names (the binding's errors carry exactly errno, code, address). */
  props: string[];
}

export type Outcome =
  | { kind: "value" | "resolve"; value: Norm }
  | { kind: "throw" | "reject"; error: ErrShape }
  /** A promise the probe did not wait for (`Env.probe`). */
  | { kind: "promise" }
  /** Still unsettled after a few turns of the event loop (`Env.afterTurns`). */
  | { kind: "pending" }
  /** The row's promise was still pending after the safety limit (the row is then torn down). */
  | { kind: "timeout" };

/** Everything one run of a row produced. */
export interface RunResult {
  outcome: Outcome;
  /** process "warning" events, as "Name: message". */
  warnings: string[];
  /** Errors that reached unhandledRejection / uncaughtException during the row. */
  unhandled: ErrShape[];
  /** Events a v5-compat socket emitted ("error" and the like), recorded by `Env.v5sock`. */
  emitted: Norm[];
}

export interface Row {
  /** Unique, stable: `group/...`. KNOWN_DIFFERENCES is keyed by it. */
  readonly id: string;
  readonly group: string;
  readonly run: (env: Env) => unknown;
  /** Why this row runs in a process of its own (it leaves the binding's libzmq in a bad state). */
  readonly isolated?: string;
  /** Why this row is not run at all (it kills the process hosting the binding). Printed. */
  readonly leftOut?: string;
}

export type RowAdder = (
  name: string,
  run: (env: Env) => unknown,
  opts?: { isolated?: string; leftOut?: string },
) => void;

/** Builds rows of one group: `row("x", fn)` gets the id `group/x`. */
export function rowsOf(group: string): { rows: Row[]; row: RowAdder } {
  const rows: Row[] = [];
  return { rows, row: (name, run, opts = {}) => void rows.push({ id: `${group}/${name}`, group, run, ...opts }) };
}

/**
 * Closing a binding Observer while its socket is open wedges libzmq's reaper: from then on no
 * closed socket of that context is ever freed (measured: 49 of 50 later sockets keep their
 * file descriptors; EMFILE after about 1000). Rows that do it run in a process of their own.
 */
export const WEDGES_REAPER =
  "closes an Observer before its socket: wedges the binding's reaper (no socket freed after)";

const SAFETY_LIMIT_MS = 5000;

/** One turn of the event loop: pending nextTicks (process warnings) and I/O callbacks run. */
export const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

function className(v: object): string {
  const ctor = (v as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" ? ctor.name : "Object";
}

export function errShape(e: unknown): ErrShape {
  if (!(e instanceof Error)) return { class: `<non-error ${typeof e}>`, message: String(e), props: [] };
  const r = e as Error & Record<string, unknown>;
  const shape: ErrShape = { class: className(e), message: scrub(e.message), props: Object.keys(e).sort() };
  if ("code" in r) shape.code = norm(r["code"]);
  if ("errno" in r) shape.errno = norm(r["errno"]);
  if ("address" in r) shape.address = norm(r["address"]);
  return shape;
}

/**
 * Names that differ between the two runs by construction: the library's name in generated
 * endpoints, and ephemeral tcp ports.
 */
export function scrub(s: string): string {
  return s
    .replace(/diff-(zmtp|zeromq)-\d+-\d+/g, "diff-N")
    .replace(/\/tmp[A-Za-z0-9]{6}\//g, "/tmpXXXXXX/")
    .replace(/dir-\d+\//g, "dir-PID/")
    .replace(/:(\d{5})\b/g, (m, port: string) => (Number(port) >= 32768 && Number(port) <= 65535 ? ":PORT" : m));
}

export function norm(v: unknown, depth = 0): Norm {
  if (v === null || typeof v === "boolean") return v;
  if (typeof v === "string") return scrub(v);
  if (v === undefined) return "<undefined>";
  if (typeof v === "number")
    return Number.isFinite(v) && !Object.is(v, -0) ? v : `<number ${Object.is(v, -0) ? "-0" : v}>`;
  if (typeof v === "bigint") return `<bigint ${v}>`;
  if (typeof v === "symbol") return `<symbol ${v.description ?? ""}>`;
  if (typeof v === "function") return `<function ${(v as { name?: string }).name ?? ""}>`;
  if (Buffer.isBuffer(v)) return { Buffer: v.toString("hex") };
  if (ArrayBuffer.isView(v))
    return { [className(v)]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex") };
  if (v instanceof Error) return { error: errShape(v) as unknown as Norm };
  if (v instanceof Promise) return "<Promise>";
  if (depth > 4) return "<deep>";
  if (Array.isArray(v)) return v.map((x) => norm(x, depth + 1));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return `<instance ${className(v)}>`;
  const out: { [k: string]: Norm } = {};
  for (const k of Object.keys(v).sort()) out[k] = norm((v as Record<string, unknown>)[k], depth + 1);
  return out;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === "function";
}

let serial = 0;

/**
 * What a row gets: the library under test, factories whose objects are torn down after the row
 * (sockets with linger 0), unique endpoints, and probes that record an outcome without
 * stopping the row.
 */
export class Env {
  readonly emitted: Norm[] = [];
  readonly #teardown: Array<() => void> = [];
  readonly #files: string[] = [];

  constructor(readonly lib: Lib) {}

  get zmq(): Loose {
    return this.lib.zmq;
  }
  get v5(): Loose {
    return this.lib.v5;
  }

  /** `new zmq[cls]({linger: 0, ...options})`, closed after the row. */
  sock(cls: string, options: Record<string, unknown> = {}): Loose {
    return this.own(new this.lib.zmq[cls]({ linger: 0, ...options }));
  }

  /** `new zmq[cls](...args)` exactly as given (defaults untouched), closed after the row. */
  plain(cls: string, ...args: unknown[]): Loose {
    return this.own(new this.lib.zmq[cls](...args));
  }

  /** Registers anything with a close() for the teardown. */
  own<T>(x: T): T {
    this.#teardown.push(() => (x as { close(): void }).close());
    return x;
  }

  /** A v5-compat socket with linger 0 whose "error" events are recorded instead of thrown. */
  v5sock(type: string): Loose {
    const s = this.own(this.lib.v5.socket(type));
    s.setsockopt(17, 0);
    s.on("error", (e: unknown) => this.emitted.push({ error: norm(e) }));
    return s;
  }

  inproc(): string {
    return `inproc://diff-${this.lib.name}-${process.pid}-${++serial}`;
  }

  ipc(): string {
    const p = join(tmpdir(), `zmtp-diff-${this.lib.name}-${process.pid}-${++serial}.sock`);
    this.#files.push(p);
    return `ipc://${p}`;
  }

  /**
   * Calls `fn` and records what it did synchronously: a value, a throw, or a returned promise
   * (not awaited; its rejection is swallowed so the row goes on).
   */
  probe(fn: () => unknown): Outcome {
    try {
      const r = fn();
      if (isThenable(r)) {
        Promise.resolve(r).catch(() => {});
        return { kind: "promise" };
      }
      return { kind: "value", value: norm(r) };
    } catch (e) {
      return { kind: "throw", error: errShape(e) };
    }
  }

  /** Calls `fn` and, if it returns a promise, awaits it (bounded by the safety limit). */
  async settle(fn: () => unknown): Promise<Outcome> {
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      return { kind: "throw", error: errShape(e) };
    }
    return isThenable(r) ? awaitOutcome(r) : { kind: "value", value: norm(r) };
  }

  /**
   * The outcome of `p` if it settles within `turns` turns of the event loop, else "pending".
   * Used where one library settles at once and the other waits for something that never
   * happens in the row (a peer, a timeout): no wall-clock time is involved.
   */
  async afterTurns(p: PromiseLike<unknown>, turns = 3): Promise<Outcome> {
    let outcome: Outcome = { kind: "pending" };
    Promise.resolve(p).then(
      (v) => (outcome = { kind: "resolve", value: norm(v) }),
      (e) => (outcome = { kind: "reject", error: errShape(e) }),
    );
    for (let i = 0; i < turns && outcome.kind === "pending"; i++) await turn();
    return outcome;
  }

  /**
   * Whether `p` settles within a burst of microtasks (no loop turn): the binding's bind/unbind
   * run on the thread pool and never do.
   */
  async settlesInMicrotasks(p: PromiseLike<unknown>): Promise<boolean> {
    let done = false;
    Promise.resolve(p).then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 20 && !done; i++) await Promise.resolve();
    return done;
  }

  /** Closes in creation order: sockets before the observers made on them (see WEDGES_REAPER). */
  closeAll(): void {
    for (const close of this.#teardown.splice(0)) {
      try {
        close();
      } catch {
        // teardown of an object the row already broke
      }
    }
    for (const f of this.#files.splice(0)) rmSync(f, { force: true });
  }
}

async function awaitOutcome(p: PromiseLike<unknown>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<Outcome>((r) => (timer = setTimeout(() => r({ kind: "timeout" }), SAFETY_LIMIT_MS)));
  const settled = Promise.resolve(p).then(
    (v): Outcome => ({ kind: "resolve", value: norm(v) }),
    (e): Outcome => ({ kind: "reject", error: errShape(e) }),
  );
  try {
    return await Promise.race([settled, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** The row's recorder for process-wide signals (set while one run is in progress). */
let current: RunResult | null = null;
let installed = false;

function installProcessHooks(): void {
  if (installed) return;
  installed = true;
  process.on("warning", (w) => current?.warnings.push(`${w.name}: ${w.message}`));
  process.on("unhandledRejection", (e) => current?.unhandled.push(errShape(e)));
  process.on("uncaughtException", (e) => {
    if (current === null) throw e;
    current.unhandled.push(errShape(e));
  });
}

/** Runs one row against one library and tears it down. */
export async function runOne(row: Row, lib: Lib): Promise<RunResult> {
  installProcessHooks();
  const env = new Env(lib);
  const result: RunResult = { outcome: { kind: "timeout" }, warnings: [], unhandled: [], emitted: env.emitted };
  current = result;
  try {
    const r = row.run(env);
    result.outcome = isThenable(r) ? await awaitOutcome(r) : { kind: "value", value: norm(r) };
  } catch (e) {
    result.outcome = { kind: "throw", error: errShape(e) };
  }
  env.closeAll();
  // Warnings are delivered on nextTick, unhandled rejections after the microtask queue drains.
  await turn();
  await turn();
  current = null;
  return result;
}
