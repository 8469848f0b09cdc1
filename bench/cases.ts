// The case list: every measurement the suite makes, as data. A case names what is measured
// (kind, pattern, transport, size, parts, ...); the roles and the orchestrator read nothing else.

/**
 * `base` is a second zmtp build (a baseline) loaded from the directory in `ZMTP_BASELINE`, for before/after
 * comparisons of zmtp itself in one alternating invocation (`--impls zmtp,base`); it runs wherever zmtp runs
 * and is never part of a default run.
 */
export type Impl = "zmtp" | "zeromq" | "net" | "base";
export const IMPLS: readonly Impl[] = ["zmtp", "zeromq", "net"];

export type Transport = "tcp" | "ipc" | "inproc";

/**
 * The security mechanism on every socket of a case: NULL, or CURVE for a copy of the cases listed in
 * `CURVE_CASES` (see `withMechanism` below); drivers.ts then sets `curveServer`/`curveSecretKey` on the bind
 * side and `curveServerKey`/`curvePublicKey`/`curveSecretKey` on the connect side, for zmtp and the binding
 * alike. `net` has no mechanism, so such cases leave it out.
 */
export type Mechanism = "null" | "curve";

/** The NULL cases that also run under CURVE: per-message cost at two sizes, and handshakes per second. */
const CURVE_CASES: readonly string[] = [
  "push-pull/tcp/1KiB",
  "push-pull/tcp/64KiB",
  "push-pull/ipc/1KiB",
  "dealer-router/tcp/64B",
  "latency/tcp/64B",
  "connect/tcp/100conns",
];

export type CaseKind =
  /** local_thr/remote_thr: the receiver times from its first to its last message. */
  | "throughput"
  /** One PUB, N SUB sockets in one subscriber process; timed from the first to the last delivery. */
  | "pubsub"
  /** local_lat/remote_lat: REQ/REP round trips, each timed. */
  | "latency"
  /** N DEALERs connect to one ROUTER; timed until every DEALER has its first reply. */
  | "connect"
  /** One huge message; timed from a 1-byte marker message to the huge one. */
  | "big"
  /** N heartbeating DEALERs on one heartbeating ROUTER, all idle: CPU of each process over a window. */
  | "idle"
  /** A long PUSH→PULL run; each process samples its RSS and heap as it goes. */
  | "soak";

export type Pattern =
  | "push-pull"
  | "dealer-router"
  | "pub-sub"
  | "req-rep"
  /** The draft types (zmtp/draft, zeromq/draft): single-frame throughput, sender → receiver. */
  | "client-server"
  | "scatter-gather"
  | "peer-peer"
  | "channel";

/** Draft patterns the binding has no classes for (PEER and CHANNEL): zmtp only. */
const ZMTP_ONLY_PATTERNS: readonly Pattern[] = ["peer-peer", "channel"];

export interface BenchCase {
  /** Unique, filterable with --cases: `<group>/<transport>/<size>`. */
  id: string;
  /** Table section the case belongs to. */
  group: string;
  kind: CaseKind;
  pattern: Pattern;
  transport: Transport;
  mechanism: Mechanism;
  /** Bytes per frame. */
  size: number;
  /** Frames per message. */
  parts: number;
  /** Messages (throughput, pubsub), round trips (latency), connections (connect) or 1 (big). */
  count: number;
  /** pubsub: SUB sockets in the subscriber process. */
  subscribers: number;
  /** pubsub: each SUB subscribes to its own topic and the publisher cycles through them. */
  topics: boolean;
  /**
   * pubsub: the messages are published in rounds of at most this many, each received whole before the
   * next starts, after one untimed warm-up round (see roles-pubsub.ts). Absent: one round, no warm-up.
   */
  round?: number;
  /**
   * connect: untimed rounds before the timed one, each of `count` DEALERs in the same processes,
   * connected, echoed and closed (the JIT's first compiling of the connect path is then paid for).
   * Absent: the timed round is the processes' first.
   */
  warmupRounds?: number;
  /** How the measuring receiver reads: `await socket.receive()` or `for await (const m of socket)`. */
  receiveStyle: "receive" | "iterator";
  /** Implementations that have this case (no `net` for inproc or topic matching). */
  impls: readonly Impl[];
  /** idle: how the idle window is set up and measured. */
  idle?: IdleSpec;
  /** soak: memory samples each process takes, evenly spaced over the messages (plus one before the first). */
  memorySamples?: number;
}

export interface IdleSpec {
  /** ZMQ_HEARTBEAT_IVL on every socket of the case, ms (timeout and TTL stay at their defaults). */
  heartbeatMs: number;
  /** After every connection has had its echo, the parent waits this long before the window opens (setup garbage, JIT). */
  settleMs: number;
  /** The measured window: process.cpuUsage() of each process across it. */
  windowMs: number;
}

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** High-water mark on both ends of every throughput case, as in the issue (libzmq's default is 1000). */
export const THROUGHPUT_HWM = 100_000;

/** Messages a PUB→SUB run publishes at most, divided among its subscribers. */
const PUBSUB_MESSAGES = 1_000_000;

/**
 * Untimed rounds before a warm connection-setup case's timed one. zmtp's and bare net's cost per
 * connection keeps falling until about the tenth round (the JIT still optimising the connect and
 * handshake code); the binding's levels off by the second (bench/README.md has the rounds).
 */
export const CONNECT_WARMUP_ROUNDS = 9;

/** ZMQ_BACKLOG of the connection-setup cases' ROUTER (and net's listen), as in the issue's measurement. */
export const CONNECT_BACKLOG = 4096;

export function sizeLabel(size: number): string {
  if (size >= MiB && size % MiB === 0) return `${size / MiB}MiB`;
  if (size >= KiB && size % KiB === 0) return `${size / KiB}KiB`;
  return `${size}B`;
}

/**
 * Messages per throughput run, by frame size and transport; quick counts only prove every path works.
 * Small messages are counted so that the fastest implementation runs for about a second, not the
 * slowest: a JavaScript receiver is still warming up (JIT tiers, deoptimisations, the young
 * generation growing) over its first million or so messages. At 300 000 messages of 64 B (0.15 s)
 * zmtp's tcp runs spread from 1.4 to 2.4 M msg/s, the slowest where the receiver happened to take
 * the most deoptimisations (10-17 in the four slowest of 12 runs, 4-13 in the others); over
 * 3 000 000 they run at 3.4-3.8 M, and bare net's at 3.4-4.1 M (2.2-2.6 M over 300 000).
 */
function throughputCount(size: number, transport: Transport, quick: boolean): number {
  if (quick) return size >= 64 * KiB ? 50 : 500;
  const inproc = transport === "inproc" ? 2 : 1;
  if (size >= MiB) return transport === "inproc" ? 4_000 : 1_000;
  if (size >= 64 * KiB) return 10_000 * inproc;
  if (size >= KiB) return 1_000_000 * inproc;
  return 3_000_000;
}

interface Spec {
  group: string;
  kind: CaseKind;
  pattern: Pattern;
  transport: Transport;
  size: number;
  count: number;
  parts?: number;
  subscribers?: number;
  topics?: boolean;
  receiveStyle?: "receive" | "iterator";
  round?: number;
  warmupRounds?: number;
  /** Extra id suffix when size alone does not identify the case. */
  tag?: string;
  /** A draft socket type: bare net has no counterpart. */
  draft?: boolean;
  /** No bare-net line (no heartbeats there). */
  noNet?: boolean;
  idle?: IdleSpec;
  memorySamples?: number;
}

function make(s: Spec): BenchCase {
  const topics = s.topics ?? false;
  const noNet = s.transport === "inproc" || topics || s.draft === true || s.noNet === true;
  return {
    id: [s.group, s.transport, s.tag ?? sizeLabel(s.size)].join("/"),
    group: s.group,
    kind: s.kind,
    pattern: s.pattern,
    transport: s.transport,
    mechanism: "null",
    size: s.size,
    parts: s.parts ?? 1,
    count: s.count,
    subscribers: s.subscribers ?? 0,
    topics,
    receiveStyle: s.receiveStyle ?? "receive",
    impls: ZMTP_ONLY_PATTERNS.includes(s.pattern) ? ["zmtp"] : noNet ? IMPLS.filter((i) => i !== "net") : IMPLS,
    ...(s.round ? { round: s.round } : {}),
    ...(s.warmupRounds ? { warmupRounds: s.warmupRounds } : {}),
    ...(s.idle ? { idle: s.idle } : {}),
    ...(s.memorySamples ? { memorySamples: s.memorySamples } : {}),
  };
}

const TRANSPORTS: readonly Transport[] = ["tcp", "ipc", "inproc"];
const SIZES = [1, 64, KiB, 64 * KiB, MiB];

/**
 * pubsub: how many messages each round publishes, in order, and how many of the first are the untimed
 * warm-up (as long as a round); the timed ones add up to the case's count.
 */
export function roundSizes(c: BenchCase): { sizes: number[]; warmup: number } {
  const per = c.round;
  if (per === undefined) return { sizes: [c.count], warmup: 0 };
  const sizes = [Math.min(per, c.count)];
  for (let left = c.count; left > 0; left -= per) sizes.push(Math.min(per, left));
  return { sizes, warmup: 1 };
}

/** Every case of the suite, in run order. `quick` shrinks the counts, never the list. */
export function allCases(quick: boolean): BenchCase[] {
  const out: BenchCase[] = [];
  const thr = (size: number, transport: Transport) => throughputCount(size, transport, quick);

  for (const transport of TRANSPORTS)
    for (const size of SIZES)
      out.push(
        make({
          group: "push-pull",
          kind: "throughput",
          pattern: "push-pull",
          transport,
          size,
          count: thr(size, transport),
        }),
      );

  for (const transport of TRANSPORTS)
    for (const size of [64, 64 * KiB])
      out.push(
        make({
          group: "dealer-router",
          kind: "throughput",
          pattern: "dealer-router",
          transport,
          size,
          count: thr(size, transport),
        }),
      );

  for (const transport of ["tcp", "inproc"] as const)
    for (const size of [64, 64 * KiB])
      out.push(
        make({
          group: "push-pull-3part",
          kind: "throughput",
          pattern: "push-pull",
          transport,
          size,
          parts: 3,
          count: thr(size, transport) / 2,
        }),
      );

  // One line per draft pair, 64 B single frames: CLIENT→SERVER, SCATTER→GATHER, PEER→PEER, CHANNEL→CHANNEL.
  // RADIO→DISH is left out: it is lossy until its JOIN arrives, and these roles have no sync step for it.
  for (const pattern of ["client-server", "scatter-gather", "peer-peer", "channel"] as const)
    for (const transport of ["tcp", "inproc"] as const)
      out.push(
        make({
          group: pattern,
          kind: "throughput",
          pattern,
          transport,
          size: 64,
          count: thr(64, transport),
          draft: true,
        }),
      );

  for (const transport of ["tcp", "inproc"] as const)
    out.push(
      make({
        group: "push-pull-for-await",
        kind: "throughput",
        pattern: "push-pull",
        transport,
        size: 64,
        count: thr(64, transport),
        receiveStyle: "iterator",
      }),
    );

  // PUB/SUB fan-out: N SUB sockets in ONE subscriber process (each its own connection), all subscribed to "".
  // A round is at most HWM messages, so the publisher's queue for each subscriber alone can hold it: PUB
  // drops at its high-water mark by design, and a drop here would be a benchmark artefact, not a finding.
  // Small messages, which the throughput rows count in millions because a JavaScript receiver warms up over
  // the first million or so, run up to PUBSUB_MESSAGES in rounds after an untimed warm-up round: a single
  // round of 100 000 timed the warm-up (zmtp tcp 64 B: 579 k msg/s, against 1.17 M in rounds). Large ones
  // run as the throughput rows do, one round of their count (divided among the subscribers), not warmed.
  for (const subscribers of [1, 10]) {
    const transports: Transport[] = subscribers === 1 ? ["tcp", "ipc", "inproc"] : ["tcp"];
    for (const transport of transports)
      for (const size of [64, 64 * KiB]) {
        const count = Math.min(thr(size, transport), PUBSUB_MESSAGES) / subscribers;
        out.push(
          make({
            group: `pub-sub-${subscribers}`,
            kind: "pubsub",
            pattern: "pub-sub",
            transport,
            size,
            subscribers,
            count,
            ...(size < KiB ? { round: Math.min(count, THROUGHPUT_HWM) } : {}),
          }),
        );
      }
  }

  // Growth: K subscribers each on its own topic; the publisher cycles through the topics, so every message
  // reaches one subscriber and the cost per message shows how matching scales with K. One round, after a
  // warm-up round (small messages, as above).
  for (const k of [10, 100, 1000]) {
    const count = quick ? k * 2 : 30_000;
    out.push(
      make({
        group: `pub-topics-${k}`,
        kind: "pubsub",
        pattern: "pub-sub",
        transport: "tcp",
        size: 64,
        subscribers: k,
        topics: true,
        count,
        round: count,
      }),
    );
  }

  for (const transport of ["tcp", "ipc"] as const)
    out.push(
      make({ group: "latency", kind: "latency", pattern: "req-rep", transport, size: 64, count: quick ? 200 : 10_000 }),
    );

  // Two cold rows (the processes' first round), and the 1 000 once warm: the issue's figures were a
  // slope over 1 000-9 900 connections, the steady cost, while a first round in fresh processes is
  // mostly the JIT compiling the connect path (bench/README.md gives the rounds' figures).
  const connectRows = [
    [100, 0],
    [1000, 0],
    [1000, CONNECT_WARMUP_ROUNDS],
  ] as const;
  for (const [n, warmupRounds] of connectRows)
    out.push(
      make({
        group: "connect",
        kind: "connect",
        pattern: "dealer-router",
        transport: "tcp",
        size: 8,
        count: quick ? n / 10 : n,
        tag: `${n}conns${warmupRounds > 0 ? "-warm" : ""}`,
        warmupRounds,
      }),
    );

  const big = quick ? 16 * MiB : 100 * MiB;
  out.push(make({ group: "big", kind: "big", pattern: "push-pull", transport: "tcp", size: big, count: 1 }));

  // Idle heartbeats: N connections between one ROUTER process and one DEALER process, every socket with a
  // 1 s ZMQ_HEARTBEAT_IVL (both ends, as an application that wants dead peers found would set it).
  const idleConns = 1000;
  out.push(
    make({
      group: "idle-heartbeat",
      kind: "idle",
      pattern: "dealer-router",
      transport: "tcp",
      size: 8,
      count: quick ? idleConns / 10 : idleConns,
      tag: `${idleConns}conns`,
      noNet: true,
      idle: { heartbeatMs: 1000, settleMs: quick ? 500 : 3000, windowMs: quick ? 2000 : 10_000 },
    }),
  );

  // Memory over a long run: PUSH→PULL tcp 64 B, each process sampling RSS and heap every tenth of the run.
  out.push(
    make({
      group: "soak",
      kind: "soak",
      pattern: "push-pull",
      transport: "tcp",
      size: 64,
      count: quick ? 50_000 : 10_000_000,
      memorySamples: 10,
    }),
  );

  out.push(
    ...withMechanism(
      out.filter((c) => CURVE_CASES.includes(c.id)),
      "curve",
    ),
  );
  return out;
}

/** A copy of `cases` with another mechanism and without `net`. */
export function withMechanism(cases: BenchCase[], mechanism: Mechanism): BenchCase[] {
  return cases.map((c) => ({
    ...c,
    id: `${c.id}/${mechanism}`,
    mechanism,
    impls: mechanism === "null" ? c.impls : c.impls.filter((i) => i !== "net"),
  }));
}

/** `--cases` terms: comma-separated; `*` matches anything; a term without `*` matches as a substring. */
export function selectCases(cases: BenchCase[], filter: string | undefined): BenchCase[] {
  if (!filter) return cases;
  const terms = filter.split(",").filter(Boolean);
  const regexes = terms.map((t) =>
    t.includes("*") ? new RegExp(`^${t.split("*").map(escapeRegExp).join(".*")}$`) : new RegExp(escapeRegExp(t)),
  );
  return cases.filter((c) => regexes.some((r) => r.test(c.id)));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Latency round trips not counted: the first ones pay for connection setup, JIT tiering and the
 * heap's growth. A hundred were too few: zmtp's round trips 100–1 000 had a p99 of 1.1–1.5 ms
 * against 0.18–0.29 ms from 5 000 on (REQ/REP tcp, 3 runs), and that tail was most of the p99 reported.
 * A thousand were too few as well: V8 was still optimizing the round trip's functions until some
 * 4 000 round trips in (--trace-opt on zmtp's REQ side: 53 of its 69 TurboFan compilations came
 * between round trips 1 000 and 4 000), and of the 200 slowest of the 20 000 after those 1 000,
 * 147–163 were among the first 2 000 (bare net: 94–98). Timed after 5 000 instead (10 000 round
 * trips), p99 was 78–83 µs against 157–195 (net: 84–94 against 143–196), tcp, 3 runs each.
 */
export const WARMUP_ROUND_TRIPS = 5000;
