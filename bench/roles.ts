// The point-to-point roles: throughput (local_thr / remote_thr and inproc_thr), one huge message,
// REQ/REP latency (local_lat / remote_lat) and connection setup. Each is written once against
// BenchSocket, so zmtp, the binding and bare net run the same code.
import { performance } from "node:perf_hooks";
import { WARMUP_ROUND_TRIPS, type BenchCase } from "./cases.js";
import { driverFor, type BenchSocket, type SocketKind } from "./drivers.js";
import { buildMessage, checkMessage } from "./messages.js";
import type { Control, LatencyStats, RoleSpec } from "./protocol.js";
import { MemorySampler, need, setupOf, shapeOf, type Measured } from "./roles-common.js";

function endsOf(c: BenchCase): { tx: SocketKind; rx: SocketKind } {
  switch (c.pattern) {
    case "dealer-router":
      return { tx: "dealer", rx: "router" };
    case "client-server":
      return { tx: "client", rx: "server" };
    case "scatter-gather":
      return { tx: "scatter", rx: "gather" };
    case "peer-peer":
      return { tx: "peer", rx: "peer" };
    case "channel":
      return { tx: "channel", rx: "channel" };
    default:
      return { tx: "push", rx: "pull" };
  }
}

async function sendAll(socket: BenchSocket, spec: RoleSpec): Promise<Measured> {
  const shape = shapeOf(spec);
  if (spec.case.kind === "big") {
    const big = buildMessage(shape, 0); // built before the marker: construction is not timed
    await socket.send([Buffer.from([0x42])]);
    await socket.send(big);
    return { received: 0 };
  }
  const sampler = new MemorySampler(spec.case);
  let sampleAt = sampler.next;
  for (let i = 0; i < spec.case.count; i++) {
    await socket.send(buildMessage(shape, i));
    if (i + 1 === sampleAt) {
      sampler.take(i + 1);
      sampleAt = sampler.next;
    }
  }
  return { received: 0, ...sampler.result() };
}

/** local_thr: the clock starts at the first message and stops at the last. */
async function receiveAll(socket: BenchSocket, spec: RoleSpec, ctl: Control, routed: boolean): Promise<Measured> {
  const c = spec.case;
  const shape = shapeOf(spec);
  const expected = c.kind === "big" ? 2 : c.count;
  let n = 0;
  let t0 = 0;
  let t1 = 0;
  const sampler = new MemorySampler(c);
  let sampleAt = sampler.next;
  const accept = (msg: Buffer[]): void => {
    // The clock reads at the first and the last message only (a read per message costs as much as a
    // small message's delivery), before the check, so checking the last message is not timed.
    if (n === 0) t0 = t1 = performance.now();
    else if (n === expected - 1) t1 = performance.now();
    const from = routed ? 1 : 0;
    const bad =
      c.kind === "big" && n === 0
        ? msg.length === from + 1 && msg[from]?.length === 1
          ? null
          : "marker message malformed"
        : checkMessage(shape, msg, c.kind === "big" ? 0 : n, from);
    if (bad) throw new Error(bad);
    n++;
    ctl.progress();
    if (n === sampleAt) {
      sampler.take(n);
      sampleAt = sampler.next;
    }
  };
  if (c.receiveStyle === "iterator") {
    if (expected > 0)
      for await (const msg of socket) {
        accept(msg);
        if (n === expected) break;
      }
  } else {
    while (n < expected) accept(await socket.receive());
  }
  return { received: c.kind === "big" ? n - 1 : n, seconds: (t1 - t0) / 1000, ...sampler.result() };
}

export async function receiver(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { rx } = endsOf(spec.case);
  const { socket, endpoint } = await d.bind(rx, spec.bindAddress, setupOf(spec.case));
  ctl.bound(endpoint);
  try {
    return await receiveAll(socket, spec, ctl, rx === "router");
  } finally {
    await socket.close();
  }
}

export async function sender(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const socket = await d.connect(endsOf(spec.case).tx, need(spec.endpoint), setupOf(spec.case));
  try {
    const sent = await sendAll(socket, spec);
    await ctl.finish; // linger is 0: close only once the receiver has everything
    return sent;
  } finally {
    await socket.close();
  }
}

/** inproc_thr: both ends in this process, on one event loop. */
export async function inprocThroughput(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { tx, rx } = endsOf(spec.case);
  const bound = await d.bind(rx, spec.bindAddress, setupOf(spec.case));
  const out = await d.connect(tx, bound.endpoint, setupOf(spec.case));
  try {
    const [, measured] = await Promise.all([sendAll(out, spec), receiveAll(bound.socket, spec, ctl, rx === "router")]);
    return measured;
  } finally {
    await out.close();
    await bound.socket.close();
  }
}

/** Round trips not counted (see WARMUP_ROUND_TRIPS). */
function warmupRoundTrips(count: number): number {
  return Math.min(WARMUP_ROUND_TRIPS, Math.floor(count / 2));
}

export async function replier(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { socket, endpoint } = await d.bind("rep", spec.bindAddress, setupOf(spec.case));
  ctl.bound(endpoint);
  try {
    const total = spec.case.count + warmupRoundTrips(spec.case.count);
    for (let i = 0; i < total; i++) await socket.send(await socket.receive());
    await ctl.finish;
    return { received: total };
  } finally {
    await socket.close();
  }
}

export async function requester(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const socket = await d.connect("req", need(spec.endpoint), setupOf(spec.case));
  const shape = shapeOf(spec);
  const warmup = warmupRoundTrips(spec.case.count);
  const rtts = new Float64Array(spec.case.count);
  try {
    for (let i = 0; i < warmup + spec.case.count; i++) {
      const msg = buildMessage(shape, i);
      const t = performance.now();
      await socket.send(msg);
      const reply = await socket.receive();
      if (i >= warmup) rtts[i - warmup] = performance.now() - t;
      const bad = checkMessage(shape, reply, i);
      if (bad) throw new Error(`reply: ${bad}`);
      ctl.progress();
    }
    const total = rtts.reduce((a, b) => a + b, 0);
    return { received: spec.case.count, seconds: total / 1000, latency: latencyStats(rtts) };
  } finally {
    await socket.close();
  }
}

function latencyStats(rttsMs: Float64Array): LatencyStats {
  const s = Float64Array.from(rttsMs).sort();
  const at = (q: number) => (s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 1000;
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return {
    medianUs: median * 1000,
    p99Us: at(0.99),
    meanUs: (s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)) * 1000,
    minUs: (s[0] ?? 0) * 1000,
    maxUs: (s[s.length - 1] ?? 0) * 1000,
  };
}

/**
 * Binds a ROUTER and echoes one message per connection (`count` of them), then measures what
 * `afterwards` measures (the idle case's CPU window) until the parent says finish.
 */
export async function routerEchoThen(
  spec: RoleSpec,
  ctl: Control,
  afterwards: () => Promise<Partial<Measured>>,
): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { socket, endpoint } = await d.bind("router", spec.bindAddress, setupOf(spec.case));
  ctl.bound(endpoint);
  try {
    // A warm connect case's DEALERs come in rounds: the untimed ones first, then the timed one.
    const echoes = spec.case.count * (1 + (spec.case.warmupRounds ?? 0));
    for (let i = 0; i < echoes; i++) await socket.send(await socket.receive());
    const measured = await afterwards();
    await ctl.finish;
    return { ...measured, received: spec.case.count };
  } finally {
    await socket.close();
  }
}

export function routerEcho(spec: RoleSpec, ctl: Control): Promise<Measured> {
  return routerEchoThen(spec, ctl, () => Promise.resolve({}));
}

/**
 * `spec.case.count` DEALERs connected at once, the i-th to `endpointOf(i)`, each sending message i
 * and checking its echo. The sockets go into `sockets` as they are made (the caller closes them);
 * returns how many echoes came back.
 */
export async function connectAndEcho(
  spec: RoleSpec,
  ctl: Control,
  sockets: BenchSocket[],
  endpointOf: (i: number) => string,
): Promise<number> {
  const d = await driverFor(spec.impl);
  const shape = shapeOf(spec);
  let received = 0;
  await Promise.all(
    Array.from({ length: spec.case.count }, async (_, i) => {
      const s = await d.connect("dealer", endpointOf(i), setupOf(spec.case));
      sockets.push(s);
      await s.send(buildMessage(shape, i));
      const bad = checkMessage(shape, await s.receive(), i);
      if (bad) throw new Error(`echo: ${bad}`);
      received++;
      ctl.progress();
    }),
  );
  return received;
}

/**
 * N DEALERs created and connected at once; done when every one has its first message echoed. A warm
 * case first runs its untimed rounds the same way.
 */
export async function dealers(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl); // loaded before the clock starts
  const warmupRounds = spec.case.warmupRounds ?? 0;
  if (warmupRounds > 0) d.allowSockets((warmupRounds + 1) * spec.case.count);
  for (let r = 0; r < warmupRounds; r++) await dealerRound(spec, ctl);
  return dealerRound(spec, ctl);
}

/** One round of `count` DEALERs: timed until the last echo, then closed (after the clock stops). */
async function dealerRound(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const sockets: BenchSocket[] = [];
  const t0 = performance.now();
  try {
    const received = await connectAndEcho(spec, ctl, sockets, () => need(spec.endpoint));
    return { received, seconds: (performance.now() - t0) / 1000 };
  } finally {
    for (const s of sockets) await s.close();
  }
}
