import { Pair } from "../../src/index.js";
import { decodeMonitorEvent, type DecodedMonitorEvent } from "../../src/monitor.js";

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
