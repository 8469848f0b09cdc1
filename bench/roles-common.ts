// What every role shares: how a case becomes a message shape and socket setup.
import { THROUGHPUT_HWM, type BenchCase } from "./cases.js";
import type { SocketSetup } from "./drivers.js";
import type { MessageShape } from "./messages.js";
import type { RoleOutcome, RoleSpec } from "./protocol.js";

/** Result of a role before the process adds its peak RSS. */
export type Measured = Omit<RoleOutcome, "ok" | "peakRssMiB" | "cpuMs">;

/** The huge message is always filled and checked in full (untouched pages would flatter its RSS). */
export function shapeOf(spec: RoleSpec, prefix: Buffer = Buffer.alloc(0)): MessageShape {
  return { size: spec.case.size, parts: spec.case.parts, prefix, full: spec.full || spec.case.kind === "big" };
}

/** HWM 100 000 on both ends where the issue asks for it (throughput); library defaults elsewhere. */
export function setupOf(c: BenchCase, subscribe?: Buffer[]): SocketSetup {
  const hwm = c.kind === "throughput" || c.kind === "pubsub" || c.kind === "big" ? THROUGHPUT_HWM : undefined;
  return { hwm, mechanism: c.mechanism, subscribe };
}

export function need(endpoint: string | undefined): string {
  if (!endpoint) throw new Error("no endpoint to connect to");
  return endpoint;
}
