// Entry point of every role process (forked by orchestrate.ts). It waits for its spec on the IPC channel,
// runs the role, reports one outcome with its own peak RSS, and exits.
import {
  MEASURING_ROLES,
  type Control,
  type FromChild,
  type RoleName,
  type RoleOutcome,
  type RoleSpec,
  type ToChild,
} from "./protocol.js";
import { driverFor, probe } from "./drivers.js";
import type { Measured } from "./roles-common.js";
import { dealers, inprocThroughput, receiver, replier, requester, routerEcho, sender } from "./roles.js";
import { inprocPubSub, publisher, Signals, subscribers } from "./roles-pubsub.js";
import { idleDealers, idleRouter } from "./roles-idle.js";

type Role = (spec: RoleSpec, ctl: Control) => Promise<Measured>;

function roleFor(spec: RoleSpec): Role {
  const table: Record<RoleName, Role> = {
    receiver,
    sender,
    publisher,
    subscribers,
    replier,
    requester,
    "router-echo": routerEcho,
    dealers,
    "idle-router": idleRouter,
    "idle-dealers": idleDealers,
    inproc: spec.case.kind === "pubsub" ? inprocPubSub : inprocThroughput,
  };
  return table[spec.role];
}

function tell(msg: FromChild): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) throw new Error("bench/child.js must be started by the bench (fork with IPC)");
    process.send(msg, undefined, {}, () => resolve());
  });
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function run(spec: RoleSpec, go: Promise<void>, rounds: Signals, finish: Promise<void>): Promise<RoleOutcome> {
  let progress = 0;
  let received = 0;
  const ctl: Control = {
    bound: (endpoint) => void tell({ type: "bound", endpoint }),
    synced: () => void tell({ type: "synced" }),
    go,
    roundDone: (n) => void tell({ type: "round", n }),
    afterRound: (n) => rounds.when(n),
    finish,
    progress: () => {
      progress++;
      received++;
    },
  };
  // The watchdog: a measuring role that sees no message for stallMs (counting from its start) fails with
  // how far it got, instead of hanging until the parent's hard timeout. Helper roles wait for the parent's
  // "finish" without receiving anything, so they are not watched.
  const watched = MEASURING_ROLES.has(spec.role);
  let seen = 0;
  let idleSince = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (!watched || progress !== seen) {
        seen = progress;
        idleSince = Date.now();
      } else if (Date.now() - idleSince > spec.stallMs) {
        reject(new Error(`stalled: no message for ${spec.stallMs / 1000} s`));
      }
    }, 250);
  });
  const cpu0 = process.cpuUsage();
  try {
    const m = await Promise.race([roleFor(spec)(spec, ctl), stalled]);
    const cpu = process.cpuUsage(cpu0);
    return { ok: true, ...m, peakRssMiB: peakRssMiB(), cpuMs: (cpu.user + cpu.system) / 1000 };
  } catch (e) {
    return { ok: false, error: errorText(e), received, peakRssMiB: peakRssMiB() };
  } finally {
    clearInterval(timer);
  }
}

function main(): void {
  let go!: () => void;
  let finish!: () => void;
  const goP = new Promise<void>((r) => (go = r));
  const rounds = new Signals();
  const finishP = new Promise<void>((r) => (finish = r));
  process.on("message", (raw) => {
    const msg = raw as ToChild;
    if (msg.type === "go") go();
    else if (msg.type === "next") rounds.fire(msg.n);
    else if (msg.type === "finish") finish();
    else if (msg.type === "prepare")
      driverFor(msg.impl).catch(() => undefined); // a failure shows at start
    else if (msg.type === "probe")
      void probe(msg.impl).then(async (r) => {
        await tell({ type: "probed", ...r });
        process.exit(0);
      });
    else if (msg.type === "start")
      void run(msg.spec, goP, rounds, finishP).then(async (outcome) => {
        await tell({ type: "result", outcome });
        // Exit explicitly: a failed role may leave sockets and timers behind.
        process.exit(outcome.ok ? 0 : 1);
      });
  });
}

main();
