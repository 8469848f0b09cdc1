// The parent's side of one run: forks the role processes a case needs (two for tcp/ipc, one for inproc),
// passes the bound endpoint from one to the other, releases the publisher once the subscribers are in
// sync, collects both outcomes, and kills what is left if anything fails or overruns.
import { fork, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { roundSizes, type BenchCase, type Impl } from "./cases.js";
import { IdleWatch, type HeartbeatCounts } from "./idle-watch.js";
import type {
  CpuWindow,
  FromChild,
  LatencyStats,
  MemorySample,
  RoleName,
  RoleOutcome,
  RoleSpec,
  ToChild,
} from "./protocol.js";

const CHILD = fileURLToPath(new URL("./child.js", import.meta.url));
/**
 * Extra Node flags for the role processes, e.g. `BENCH_CHILD_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"`
 * (NODE_OPTIONS refuses --cpu-prof). With flags set, a run lets its processes exit on their own (so a
 * profile gets written) before it kills them.
 */
const CHILD_ARGS = (process.env.BENCH_CHILD_ARGS ?? "").split(" ").filter(Boolean);

export interface RunResult {
  caseId: string;
  impl: Impl;
  /** 1-based run number within the case. */
  run: number;
  ok: boolean;
  error?: string;
  /** Deliveries the measuring role should see, and saw. */
  expected: number;
  received: number;
  seconds?: number;
  latency?: LatencyStats;
  /** Peak RSS of each process of the run, by role, MiB. */
  peakRssMiB: Partial<Record<RoleName, number>>;
  /** CPU time of each process while its role ran, by role, ms. */
  cpuMs?: Partial<Record<RoleName, number>>;
  /** idle: each process's CPU over the idle window, by role. */
  window?: Partial<Record<RoleName, CpuWindow>>;
  /** idle: the PINGs and PONGs the witnesses saw during the window. */
  heartbeats?: HeartbeatCounts;
  /** soak: each process's memory samples, by role. */
  memory?: Partial<Record<RoleName, MemorySample[]>>;
}

export interface RunLimits {
  /** Check every byte of every message. */
  full: boolean;
  /** Hard limit for the whole run; its processes are killed after it. */
  timeoutMs: number;
  /** A measuring role with no message for this long reports failure. */
  stallMs: number;
}

interface Layout {
  server: RoleName;
  client: RoleName;
  /** Which of the two takes the measurement. */
  measuring: "server" | "client";
}

const LAYOUTS: Record<BenchCase["kind"], Layout> = {
  throughput: { server: "receiver", client: "sender", measuring: "server" },
  big: { server: "receiver", client: "sender", measuring: "server" },
  pubsub: { server: "publisher", client: "subscribers", measuring: "client" },
  latency: { server: "replier", client: "requester", measuring: "client" },
  connect: { server: "router-echo", client: "dealers", measuring: "client" },
  idle: { server: "idle-router", client: "idle-dealers", measuring: "client" },
  soak: { server: "receiver", client: "sender", measuring: "server" },
};

export function expectedDeliveries(c: BenchCase): number {
  if (c.kind === "big") return 1;
  if (c.kind === "pubsub" && !c.topics) return c.count * c.subscribers;
  return c.count;
}

/** One forked role process and the messages it sent so far. */
class RoleProcess {
  private readonly proc: ChildProcess;
  private readonly got: FromChild[] = [];
  private readonly listeners = new Set<() => void>();
  private exited: string | null = null;
  private stderr = "";

  /** `onFail` hears of a failed outcome, or of an exit before any outcome. */
  constructor(
    readonly role: RoleName,
    onFail: (e: Error) => void,
  ) {
    this.proc = fork(CHILD, [], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      execArgv: [...process.execArgv, ...CHILD_ARGS],
    });
    this.proc.stderr?.setEncoding("utf8").on("data", (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.proc.on("message", (raw) => {
      const m = raw as FromChild;
      this.got.push(m);
      if (m.type === "result" && !m.outcome.ok) onFail(new Error(failureText(role, m.outcome)));
      this.notify();
    });
    this.proc.on("exit", (code, signal) => {
      const tail = this.stderr.trim().split("\n").slice(-3).join(" | ");
      this.exited = `${role} process exited (${signal ?? `code ${code}`})${tail ? `: ${tail}` : ""}`;
      if (!this.got.some((m) => m.type === "result")) onFail(new Error(this.exited));
      this.notify();
    });
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }

  tell(msg: ToChild): void {
    if (this.proc.connected) this.proc.send(msg);
  }

  /** The first message of `type` (that `match` accepts); a failed outcome or an exit before it rejects. */
  wait<T extends FromChild["type"]>(
    type: T,
    match: (m: Extract<FromChild, { type: T }>) => boolean = () => true,
  ): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.got.find((m) => m.type === type && match(m as Extract<FromChild, { type: T }>));
        const failed = this.got.find((m) => m.type === "result" && !m.outcome.ok);
        if (hit) resolve(hit as Extract<FromChild, { type: T }>);
        else if (failed?.type === "result") reject(new Error(failureText(this.role, failed.outcome)));
        else if (this.exited) reject(new Error(this.exited));
        else return;
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGKILL");
  }

  /** Resolves once the process has exited (or after `ms`). */
  whenExited(ms: number): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.proc.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

function failureText(role: RoleName, o: RoleOutcome): string {
  return `${role}: ${o.error ?? "failed"} (after ${o.received} messages)`;
}

function bindAddress(c: BenchCase, tag: string): string {
  if (c.transport === "tcp") return "tcp://127.0.0.1:*";
  if (c.transport === "ipc") return `ipc://${join(tmpdir(), `zmtp-bench-${tag}.sock`)}`;
  return `inproc://bench-${tag}`;
}

let runTag = 0;

export async function runOnce(c: BenchCase, impl: Impl, run: number, limits: RunLimits): Promise<RunResult> {
  const tag = `${process.pid}-${++runTag}`;
  const address = bindAddress(c, tag);
  const base: RoleSpec = {
    role: "inproc",
    case: c,
    impl,
    full: limits.full,
    bindAddress: address,
    stallMs: limits.stallMs,
  };
  const procs: RoleProcess[] = [];
  const outcomes: Partial<Record<RoleName, RoleOutcome>> = {};
  let abort!: (e: Error) => void;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  aborted.catch(() => undefined); // raced below; a second failure after the first is expected
  const spawn = (role: RoleName): RoleProcess => {
    const p = new RoleProcess(role, abort);
    procs.push(p);
    p.tell({ type: "prepare", impl });
    return p;
  };
  const start = (p: RoleProcess, endpoint?: string, witnessEndpoint?: string): RoleProcess => {
    p.tell({ type: "start", spec: { ...base, role: p.role, endpoint, witnessEndpoint } });
    return p;
  };

  // idle: the witnesses, and what they saw (set inside body(), read after it).
  const idle: { watch?: IdleWatch; heartbeats?: { counts: HeartbeatCounts; error: string | null } } = {};
  const body = async (): Promise<RoleOutcome> => {
    if (c.transport === "inproc") {
      const only = start(spawn("inproc"));
      return (outcomes.inproc = (await only.wait("result")).outcome);
    }
    const layout = LAYOUTS[c.kind];
    // Both processes start (and load the library) at once; the client's role starts once the server is bound.
    const server = start(spawn(layout.server));
    const client = spawn(layout.client);
    const { endpoint } = await server.wait("bound");
    const watch = c.idle ? (idle.watch = await IdleWatch.start(c, endpoint)) : undefined;
    let heard: Promise<{ counts: HeartbeatCounts; error: string | null }> | undefined;
    start(client, endpoint, watch?.endpoint);
    if (c.kind === "pubsub") {
      await client.wait("synced");
      server.tell({ type: "go" });
      // Every round but the last ends in a sync phase: the next starts once every SUB has all of it.
      for (let n = 0; n < roundSizes(c).sizes.length - 1; n++) {
        await client.wait("round", (m) => m.n === n);
        server.tell({ type: "next", n });
      }
    }
    if (c.idle && watch) {
      // Every connection has had its echo: let setup's garbage and timers settle, then both processes
      // measure the same window while the witnesses count.
      await client.wait("synced");
      await watch.ready(limits.full);
      await new Promise((resolve) => setTimeout(resolve, c.idle?.settleMs));
      watch.startCounting();
      server.tell({ type: "go" });
      client.tell({ type: "go" });
      // The witnesses' verdict is taken at the end of the parent's own copy of the window, before either
      // process closes its sockets (which ends the witnesses' connections too).
      const windowMs = c.idle.windowMs;
      heard = new Promise((resolve) => setTimeout(resolve, windowMs)).then(() => watch.finish());
    }
    const [measuring, helper] = layout.measuring === "server" ? [server, client] : [client, server];
    const m = (await measuring.wait("result")).outcome;
    outcomes[measuring.role] = m;
    helper.tell({ type: "finish" });
    outcomes[helper.role] = (await helper.wait("result")).outcome;
    if (heard) idle.heartbeats = await heard;
    return m;
  };

  let timer: NodeJS.Timeout | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`killed after ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
  });
  const expected = expectedDeliveries(c);
  const peakRssMiB = (): RunResult["peakRssMiB"] =>
    Object.fromEntries(Object.entries(outcomes).map(([role, o]) => [role, o.peakRssMiB]));
  const byRole = <T>(pick: (o: RoleOutcome) => T | undefined): Partial<Record<RoleName, T>> | undefined => {
    const entries = Object.entries(outcomes).flatMap(([role, o]) => {
      const v = pick(o);
      return v === undefined ? [] : [[role, v] as const];
    });
    return entries.length ? Object.fromEntries(entries) : undefined;
  };
  try {
    const m = await Promise.race([body(), overrun, aborted]);
    const error =
      m.received !== expected ? `received ${m.received} of ${expected}` : (idle.heartbeats?.error ?? undefined);
    const ok = error === undefined;
    return {
      caseId: c.id,
      impl,
      run,
      ok,
      error,
      expected,
      received: m.received,
      seconds: m.seconds,
      latency: m.latency,
      peakRssMiB: peakRssMiB(),
      cpuMs: Object.fromEntries(Object.entries(outcomes).map(([role, o]) => [role, o.cpuMs ?? 0])),
      window: byRole((o) => o.window),
      heartbeats: idle.heartbeats?.counts,
      memory: byRole((o) => o.memory),
    };
  } catch (e) {
    return {
      caseId: c.id,
      impl,
      run,
      ok: false,
      error: e instanceof Error ? e.message : String(e),
      expected,
      received: Math.max(0, ...Object.values(outcomes).map((o) => o.received)),
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    clearTimeout(timer);
    idle.watch?.close();
    if (CHILD_ARGS.length > 0) await Promise.all(procs.map((p) => p.whenExited(10_000)));
    for (const p of procs) p.kill();
    if (c.transport === "ipc") rmSync(address.slice("ipc://".length), { force: true });
  }
}

/** Loads an implementation in a throw-away process: the parent never loads a library under test. */
export function probeImpl(impl: Impl): Promise<{ ok: boolean; version?: string; error?: string }> {
  return new Promise((resolve) => {
    const proc = fork(CHILD, [], { stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    proc.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
    proc.on("message", (m) => {
      const r = m as FromChild;
      if (r.type === "probed") resolve(r);
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      resolve({
        ok: false,
        error: `probe exited (${code ?? "killed"}): ${stderr.trim().split("\n").slice(-2).join(" | ")}`,
      });
    });
    proc.send({ type: "probe", impl } satisfies ToChild);
  });
}
