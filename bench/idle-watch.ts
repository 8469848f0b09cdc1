// The parent's side of an idle run: the two heartbeat witnesses (witness.ts), the check that each one saw
// its library peer's PINGs and PONGs throughout the window, and the counts that go into the results.
import type { BenchCase } from "./cases.js";
import { buildMessage, checkMessage, type MessageShape } from "./messages.js";
import { HeartbeatWitness } from "./witness.js";

/** What the witnesses counted while the processes measured. */
export interface HeartbeatCounts {
  /** Wall time the witnesses counted for (the window, plus the time to collect both results). */
  seconds: number;
  /** From the library ROUTER to the DEALER witness. */
  routerPings: number;
  routerPongs: number;
  /** From one library DEALER to the ROUTER witness. */
  dealerPings: number;
  dealerPongs: number;
}

/** Fewer than this share of the expected PINGs (or PONGs) means heartbeats did not really flow. */
const MIN_SHARE = 0.8;

export class IdleWatch {
  private countingSince = 0;

  private constructor(
    private readonly c: BenchCase,
    private readonly toRouter: HeartbeatWitness,
    /** Where the last DEALER connects. */
    readonly endpoint: string,
    private readonly fromDealer: Promise<HeartbeatWitness>,
    private readonly stopListening: () => void,
  ) {}

  /** Connects the DEALER witness to the ROUTER and opens the ROUTER witness. */
  static async start(c: BenchCase, routerEndpoint: string): Promise<IdleWatch> {
    const ms = heartbeatMs(c);
    const [toRouter, listening] = await Promise.all([
      HeartbeatWitness.connect(routerEndpoint, ms),
      HeartbeatWitness.listen(ms),
    ]);
    return new IdleWatch(c, toRouter, listening.endpoint, listening.accepted, listening.stopListening);
  }

  /** Both witnesses have exchanged their message (the last one, N - 1) with their library peer, intact. */
  async ready(full: boolean): Promise<void> {
    const shape: MessageShape = { size: this.c.size, parts: this.c.parts, prefix: Buffer.alloc(0), full };
    const seq = this.c.count - 1;
    const [echo, got] = await Promise.all([
      this.toRouter.exchange(buildMessage(shape, seq)),
      this.fromDealer.then((w) => w.firstMessage()),
    ]);
    const bad = checkMessage(shape, echo, seq) ?? checkMessage(shape, got, seq);
    if (bad) throw new Error(`witness: ${bad}`);
  }

  startCounting(): void {
    this.countingSince = performance.now();
    this.toRouter.startCounting();
    void this.fromDealer.then((w) => w.startCounting());
  }

  /** Stops counting; the counts, and what is wrong with them if heartbeats did not flow. */
  async finish(): Promise<{ counts: HeartbeatCounts; error: string | null }> {
    const seconds = (performance.now() - this.countingSince) / 1000;
    const dealer = await this.fromDealer;
    for (const w of [this.toRouter, dealer]) w.stop();
    const counts: HeartbeatCounts = {
      seconds,
      routerPings: this.toRouter.pings,
      routerPongs: this.toRouter.pongs,
      dealerPings: dealer.pings,
      dealerPongs: dealer.pongs,
    };
    const min = Math.max(1, Math.floor((MIN_SHARE * seconds * 1000) / heartbeatMs(this.c)));
    const problems = [
      this.toRouter.closed && `the ROUTER's connection to the witness ended (${this.toRouter.closed})`,
      dealer.closed && `a DEALER's connection to the witness ended (${dealer.closed})`,
      ...(Object.entries(counts) as [keyof HeartbeatCounts, number][])
        .filter(([k, v]) => k !== "seconds" && v < min)
        .map(([k, v]) => `${k} ${v} < ${min} in ${seconds.toFixed(1)} s`),
    ].filter((p): p is string => typeof p === "string" && p.length > 0);
    return { counts, error: problems.length ? `heartbeats did not flow: ${problems.join("; ")}` : null };
  }

  close(): void {
    this.stopListening();
    this.toRouter.close();
    void this.fromDealer.then((w) => w.close());
  }
}

function heartbeatMs(c: BenchCase): number {
  if (!c.idle) throw new Error(`${c.id} is not an idle case`);
  return c.idle.heartbeatMs;
}
