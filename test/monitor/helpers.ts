import { Context, Pair, Reply } from "../../src/index.js";
import {
  decodeMonitorEvent,
  type DecodedMonitorEvent,
  type DetailedEvent,
  type EventWatcher,
} from "../../src/monitor.js";

let n = 0;
/** A unique inproc endpoint name for a monitor. */
export function monName(tag: string): string {
  return `inproc://mon-${tag}-${process.pid}-${++n}`;
}

/** Reads v1 monitor events from a PAIR connected to a monitor endpoint. */
export class MonitorReader {
  readonly pair = new Pair({ linger: 0 });
  readonly seen: DecodedMonitorEvent[] = [];
  constructor(endpoint: string) {
    this.pair.connect(endpoint);
  }
  async next(): Promise<DecodedMonitorEvent> {
    const ev = decodeMonitorEvent(await this.pair.receive());
    this.seen.push(ev);
    return ev;
  }
  /** Reads until an event with this name arrives; returns every event read (the last being it). */
  async until(name: string): Promise<DecodedMonitorEvent[]> {
    const out: DecodedMonitorEvent[] = [];
    for (;;) {
      const ev = await this.next();
      out.push(ev);
      if (ev.name === name) return out;
    }
  }
  close(): void {
    this.pair.close();
  }
}

export const names = (evs: readonly DecodedMonitorEvent[]): string[] => evs.map((e) => e.name);

/** Reads a watcher until an event of `type` (inclusive); returns what it read. */
export async function until(w: EventWatcher, type: DetailedEvent["type"]): Promise<DetailedEvent[]> {
  const out: DetailedEvent[] = [];
  for await (const ev of w) {
    out.push(ev);
    if (ev.type === type) return out;
  }
  return out;
}

/** A ZAP handler (REP at inproc://zeromq.zap.01 in `ctx`) answering each request with `reply(request)`. */
export function zapHandler(
  ctx: Context,
  reply: (req: Buffer[]) => Array<string | Buffer>,
): { requests: Buffer[][]; close(): void } {
  const rep = new Reply({ context: ctx, linger: 0 });
  rep.bindSync("inproc://zeromq.zap.01");
  const requests: Buffer[][] = [];
  void (async () => {
    for (;;) {
      let req: Buffer[];
      try {
        req = await rep.receive();
      } catch {
        return;
      }
      requests.push(req);
      await rep.send(reply(req));
    }
  })();
  return { requests, close: () => rep.close() };
}
