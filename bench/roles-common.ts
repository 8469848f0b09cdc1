// What every role shares: how a case becomes a message shape and socket setup.
import { CONNECT_BACKLOG, THROUGHPUT_HWM, type BenchCase } from "./cases.js";
import type { SocketSetup } from "./drivers.js";
import type { MessageShape } from "./messages.js";
import type { MemorySample, RoleOutcome, RoleSpec } from "./protocol.js";

/** Result of a role before the process adds its peak RSS. */
export type Measured = Omit<RoleOutcome, "ok" | "peakRssMiB" | "cpuMs">;

/** The huge message is always filled and checked in full (untouched pages would flatter its RSS). */
export function shapeOf(spec: RoleSpec, prefix: Buffer = Buffer.alloc(0)): MessageShape {
  return { size: spec.case.size, parts: spec.case.parts, prefix, full: spec.full || spec.case.kind === "big" };
}

/**
 * HWM 100 000 on both ends where the issue asks for it (throughput, and the soak run, which is one);
 * library defaults elsewhere. Heartbeats only where the case sets them (idle).
 */
export function setupOf(c: BenchCase, subscribe?: Buffer[]): SocketSetup {
  const hwm = ["throughput", "pubsub", "big", "soak"].includes(c.kind) ? THROUGHPUT_HWM : undefined;
  // Connection setup measures the handshake, not a SYN dropped by a full listen queue and retried a second
  // later: the listener's backlog holds every connection of the case (Linux caps it at somaxconn).
  const backlog = c.kind === "connect" ? CONNECT_BACKLOG : undefined;
  return { hwm, mechanism: c.mechanism, subscribe, heartbeatInterval: c.idle?.heartbeatMs, backlog };
}

export function need(endpoint: string | undefined): string {
  if (!endpoint) throw new Error("no endpoint to connect to");
  return endpoint;
}

const MiB = 1024 * 1024;

/**
 * soak: memory samples before the first message and after every `count / memorySamples` of them, the last
 * at `count`. A role compares its message count with `next` (-1 when the case takes none, so it never
 * matches) and calls `take` when they are equal: one comparison per message in every other case.
 */
export class MemorySampler {
  readonly samples: MemorySample[] = [];
  next = -1;
  private readonly every: number;

  constructor(private readonly c: BenchCase) {
    this.every = c.memorySamples ? Math.max(1, Math.ceil(c.count / c.memorySamples)) : 0;
    if (this.every > 0) this.take(0);
  }

  take(messages: number): void {
    const m = process.memoryUsage();
    this.samples.push({
      messages,
      rssMiB: m.rss / MiB,
      heapUsedMiB: m.heapUsed / MiB,
      arrayBuffersMiB: m.arrayBuffers / MiB,
    });
    this.next = messages >= this.c.count ? -1 : Math.min(messages + this.every, this.c.count);
  }

  /** The samples, or nothing when the case takes none. */
  result(): { memory?: MemorySample[] } {
    return this.every > 0 ? { memory: this.samples } : {};
  }
}
