// The idle-heartbeat roles: a ROUTER and N DEALERs, every socket with ZMQ_HEARTBEAT_IVL set, each DEALER
// having had one message echoed; then both processes sit idle and measure their own CPU over the same
// window. The parent's witnesses (witness.ts) take the place of one DEALER and of the ROUTER for one DEALER
// and check that heartbeats flow in both directions.
import { performance } from "node:perf_hooks";
import type { BenchSocket } from "./drivers.js";
import type { Control, CpuWindow, RoleSpec } from "./protocol.js";
import { need, type Measured } from "./roles-common.js";
import { connectAndEcho, routerEchoThen } from "./roles.js";

/** process.cpuUsage() across `ms` of wall time in which this process does nothing of its own. */
async function cpuWindow(ms: number): Promise<CpuWindow> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpuMs: (c.user + c.system) / 1000 };
}

function windowMs(spec: RoleSpec): number {
  if (!spec.case.idle) throw new Error(`${spec.case.id} is not an idle case`);
  return spec.case.idle.windowMs;
}

/** Binds the ROUTER, echoes one message per connection (N - 1 DEALERs and the witness), then idles. */
export function idleRouter(spec: RoleSpec, ctl: Control): Promise<Measured> {
  return routerEchoThen(spec, ctl, async () => {
    await ctl.go;
    return { window: await cpuWindow(windowMs(spec)) };
  });
}

/**
 * N DEALERs, all connected at once: N - 1 to the ROUTER (messages 0 .. N - 2) and the last to the parent's
 * witness (message N - 1). Once every one has its echo the parent is told, and the window starts at "go".
 */
export async function idleDealers(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const n = spec.case.count;
  const sockets: BenchSocket[] = [];
  try {
    const received = await connectAndEcho(spec, ctl, sockets, (i) =>
      i === n - 1 ? need(spec.witnessEndpoint) : need(spec.endpoint),
    );
    ctl.synced();
    await ctl.go;
    const window = await cpuWindow(windowMs(spec));
    return { received, seconds: window.seconds, window };
  } finally {
    for (const s of sockets) await s.close();
  }
}
