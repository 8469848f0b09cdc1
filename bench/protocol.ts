// What the orchestrating parent and a role process say to each other over the fork IPC channel, and what
// a role gets to work with. Timing never crosses this channel: each role measures in its own process.
import type { BenchCase, Impl } from "./cases.js";

export type RoleName =
  /** local_thr: binds PULL/ROUTER, receives and times (also the `big` case). */
  | "receiver"
  /** remote_thr: connects PUSH/DEALER, sends. */
  | "sender"
  /** binds PUB, sends sync messages until told to go, then the data. */
  | "publisher"
  /** connects N SUB sockets, reports once each has seen a sync message, receives and times. */
  | "subscribers"
  /** local_lat: binds REP and echoes. */
  | "replier"
  /** remote_lat: connects REQ, times each round trip. */
  | "requester"
  /** binds ROUTER and echoes each DEALER's first message. */
  | "router-echo"
  /** connects N DEALERs at once, times until each has its echo. */
  | "dealers"
  /** inproc: both ends in one process, as libzmq's inproc_thr. */
  | "inproc"
  /** idle: binds a heartbeating ROUTER, echoes each first message, then measures its CPU over the window. */
  | "idle-router"
  /** idle: connects N heartbeating DEALERs, each gets its echo, then measures its CPU over the window. */
  | "idle-dealers";

/** The roles that take the measurement; the others only serve them. */
export const MEASURING_ROLES: ReadonlySet<RoleName> = new Set<RoleName>([
  "receiver",
  "subscribers",
  "requester",
  "dealers",
  "inproc",
  "idle-dealers",
]);

export interface RoleSpec {
  role: RoleName;
  case: BenchCase;
  impl: Impl;
  /** Check every byte of every message (quick mode) instead of length, sequence number and last byte. */
  full: boolean;
  /** Where the binding role binds (tcp port `*`, a fresh ipc path, a fresh inproc name). */
  bindAddress: string;
  /** What the connecting role connects to: the binding role's reported endpoint. */
  endpoint?: string;
  /** idle: the parent's heartbeat witness, where one of the N DEALERs connects instead of the ROUTER. */
  witnessEndpoint?: string;
  /** A role that sees no message for this long reports failure rather than hanging. */
  stallMs: number;
}

export interface LatencyStats {
  medianUs: number;
  p99Us: number;
  meanUs: number;
  minUs: number;
  maxUs: number;
}

/** process.cpuUsage() (user + system) across a measured interval of wall time. */
export interface CpuWindow {
  seconds: number;
  cpuMs: number;
}

/** One memory sample of a role process, taken once `messages` messages were sent or received. */
export interface MemorySample {
  messages: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** Buffers live outside the JS heap: process.memoryUsage().arrayBuffers. */
  arrayBuffersMiB: number;
}

export interface RoleOutcome {
  ok: boolean;
  error?: string;
  /** Messages (or replies) the measuring role received and accepted. */
  received: number;
  /** The measured interval (first to last message, or the whole setup for `connect`). */
  seconds?: number;
  latency?: LatencyStats;
  /** process.resourceUsage().maxRSS, MiB. */
  peakRssMiB: number;
  /** CPU time (user + system) the process spent while its role ran, ms: comparable on a busy machine where wall time is not. */
  cpuMs?: number;
  /** idle: the process's CPU over the idle window. */
  window?: CpuWindow;
  /** soak: memory before the first message and after every tenth of them. */
  memory?: MemorySample[];
}

export type ToChild =
  /** Load the implementation now, while the other process starts: process start-up is not measured. */
  | { type: "prepare"; impl: Impl }
  | { type: "start"; spec: RoleSpec }
  | { type: "go" }
  /** pubsub: every SUB socket has all of round `n`; the publisher may start the next. */
  | { type: "next"; n: number }
  | { type: "finish" }
  | { type: "probe"; impl: Impl };
export type FromChild =
  | { type: "probed"; ok: boolean; version?: string; error?: string }
  | { type: "bound"; endpoint: string }
  | { type: "synced" }
  | { type: "round"; n: number }
  | { type: "result"; outcome: RoleOutcome };

/** What a role may do besides its sockets. */
export interface Control {
  /** The socket is bound; `endpoint` is what peers connect to. */
  bound(endpoint: string): void;
  /** Every SUB socket has seen a sync message: the publisher may start. */
  synced(): void;
  /** Resolves when the publisher may send its data. */
  readonly go: Promise<void>;
  /** pubsub: every SUB socket has all of round `n` and the sync message after it. */
  roundDone(n: number): void;
  /** pubsub: resolves when the publisher may start the round after round `n`. */
  afterRound(n: number): Promise<void>;
  /** Resolves when the measuring side is done and a helper role may close. */
  readonly finish: Promise<void>;
  /** A message arrived: feeds the stall watchdog. */
  progress(): void;
}
