// A soak: mixed socket types over tcp, ipc and inproc, with peers restarting, slow consumers,
// subscription churn and every socket's events read, sampled for memory and handles. Used by
// the CI test (two minutes) and by run-soak.ts (an hour or more, figures in docs/soak.md).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Subscriber,
  type Socket,
} from "../../src/index.js";
import { watch } from "../../src/monitor.js";
import { heldBytes, rssAfterGc } from "../support/memory.js";

export interface SoakOptions {
  durationMs: number;
  /** How often memory and handles are sampled. */
  sampleMs: number;
  /** How often each lane restarts one of its peers. */
  restartMs: number;
  /** Messages a lane sends per 10 ms tick at most (keeps the soak from taking the whole machine). */
  burst: number;
  /** Run only these lanes (pipeline, router, pubsub, pair); all by default. */
  lanes?: readonly string[];
  log?: (line: string) => void;
}

export interface SoakSample {
  /** ms since the start */
  t: number;
  rss: number;
  held: number;
  /** process.getActiveResourcesInfo().length */
  resources: number;
  delivered: number;
  restarts: number;
  events: number;
}

export interface SoakResult {
  samples: SoakSample[];
  /** Active resources before any socket existed, and after everything was closed. */
  resourcesBefore: string[];
  resourcesAfter: string[];
  delivered: number;
  restarts: number;
  events: number;
  /** Ordering violations seen on a pipe (must stay 0). */
  outOfOrder: number;
  /** Duplicated messages seen on a pipe (must stay 0). */
  duplicates: number;
}

interface Counters {
  delivered: number;
  restarts: number;
  events: number;
  outOfOrder: number;
  duplicates: number;
}

/** Reads a socket's events until it closes (a monitor that is always attached and always read). */
function drainEvents(socket: Socket, c: Counters): void {
  void (async () => {
    try {
      for await (const _ of socket.events) c.events++;
    } catch {
      // closed while waiting
    }
  })();
}

function tcpPort(endpoint: string): number {
  return Number(endpoint.split(":").at(-1));
}

/** A lane owns a few sockets, keeps traffic flowing between them, and restarts one now and then. */
interface Lane {
  restart(): Promise<void>;
  close(): void;
}

/** Checks a per-connection sequence: "<connection>:<n>" must arrive with n strictly increasing by 1. */
class SequenceCheck {
  private last = new Map<string, number>();
  constructor(private readonly c: Counters) {}
  see(text: string): void {
    const i = text.indexOf(":");
    const conn = text.slice(0, i);
    const n = Number(text.slice(i + 1));
    const prev = this.last.get(conn);
    if (prev !== undefined) {
      if (n === prev) this.c.duplicates++;
      else if (n < prev) this.c.outOfOrder++;
      // n > prev + 1 is loss of in-flight messages across a restart, which ZeroMQ allows.
    }
    this.last.set(conn, n);
    if (this.last.size > 64) this.last.delete(this.last.keys().next().value!);
  }
}

/** PUSH (binds, tcp) → PULL (connects, slow: reads in bursts with pauses); the PULL side restarts. */
function pipelineLane(o: SoakOptions, c: Counters, stop: () => boolean): Lane {
  const push = new Push({ sendHighWaterMark: 200, linger: 0 });
  drainEvents(push, c);
  let pull: Pull | null = null;
  let generation = 0;
  const check = new SequenceCheck(c);
  const ready = push.bind("tcp://127.0.0.1:*");
  const startPull = async () => {
    await ready;
    const p = new Pull({ receiveHighWaterMark: 100, linger: 0 });
    drainEvents(p, c);
    p.connect(push.lastEndpoint!);
    pull = p;
    const gen = ++generation;
    void (async () => {
      try {
        while (!stop() && gen === generation) {
          for (let i = 0; i < o.burst; i++) {
            const [m] = await p.receive();
            c.delivered++;
            check.see(m!.toString());
          }
          await sleep(20); // a slow consumer: the sender blocks at its high-water mark
        }
      } catch {
        // closed by a restart
      }
    })();
  };
  void (async () => {
    await ready;
    let n = 0;
    // One sequence per PUSH socket: restarts of the PULL side may lose in-flight messages, never reorder.
    while (!stop()) {
      try {
        for (let i = 0; i < o.burst; i++) await push.send(`p:${n++}`);
      } catch {
        return;
      }
      await sleep(10);
    }
  })();
  void startPull();
  return {
    async restart() {
      pull?.close();
      c.restarts++;
      await startPull();
    },
    close() {
      generation++;
      pull?.close();
      push.close();
    },
  };
}

/** ROUTER (binds, ipc) echoes DEALER requests; the ROUTER restarts on the same path. */
function routerLane(o: SoakOptions, c: Counters, stop: () => boolean, dir: string): Lane {
  const endpoint = `ipc://${join(dir, "router.sock")}`;
  let router: Router | null = null;
  let generation = 0;
  const dealer = new Dealer({ linger: 0, sendHighWaterMark: 100 });
  drainEvents(dealer, c);
  dealer.connect(endpoint);
  const startRouter = async () => {
    const r = new Router({ linger: 0 });
    drainEvents(r, c);
    await r.bind(endpoint);
    router = r;
    const gen = ++generation;
    void (async () => {
      try {
        while (!stop() && gen === generation) {
          const [id, body] = await r.receive();
          await r.send([id!, body!]);
        }
      } catch {
        // closed by a restart
      }
    })();
  };
  const check = new SequenceCheck(c);
  void (async () => {
    try {
      while (!stop()) {
        const m = await dealer.receive();
        c.delivered++;
        check.see(m[0]!.toString());
      }
    } catch {
      // closed
    }
  })();
  void (async () => {
    let n = 0;
    while (!stop()) {
      try {
        for (let i = 0; i < o.burst; i++) await dealer.send(`d:${n++}`);
      } catch {
        return;
      }
      await sleep(10);
    }
  })();
  void startRouter();
  return {
    async restart() {
      router?.close();
      c.restarts++;
      await startRouter();
    },
    close() {
      generation++;
      router?.close();
      dealer.close();
    },
  };
}

/** PUB (binds, tcp) → a fast and a slow SUB with subscription churn; the slow SUB restarts. */
function pubsubLane(o: SoakOptions, c: Counters, stop: () => boolean): Lane {
  const pub = new Publisher({ linger: 0, sendHighWaterMark: 500 });
  drainEvents(pub, c);
  const w = watch(pub);
  void (async () => {
    for await (const _ of w) c.events++;
  })();
  const ready = pub.bind("tcp://127.0.0.1:*");
  let generation = 0;
  let slow: Subscriber | null = null;
  const fast = new Subscriber({ linger: 0 });
  drainEvents(fast, c);
  void ready.then(() => fast.connect(pub.lastEndpoint!));
  fast.subscribe("a");
  let churn = 0;
  void (async () => {
    try {
      while (!stop()) {
        await fast.receive();
        c.delivered++;
        // Subscription churn: each topic comes, then goes, while messages flow.
        const k = churn++;
        const t = `x${Math.floor(k / 2) % 50}`;
        if (k % 2 === 0) fast.subscribe(t);
        else fast.unsubscribe(t);
      }
    } catch {
      // closed
    }
  })();
  const startSlow = async () => {
    await ready;
    const s = new Subscriber({ linger: 0, receiveHighWaterMark: 50 });
    drainEvents(s, c);
    s.subscribe("");
    s.connect(pub.lastEndpoint!);
    slow = s;
    const gen = ++generation;
    void (async () => {
      try {
        while (!stop() && gen === generation) {
          await s.receive();
          c.delivered++;
          await sleep(5); // far slower than the publisher: PUB drops for it at the mark
        }
      } catch {
        // closed by a restart
      }
    })();
  };
  void (async () => {
    await ready;
    let n = 0;
    while (!stop()) {
      for (let i = 0; i < o.burst; i++) await pub.send([i % 2 === 0 ? "a" : `x${n % 50}`, String(n++)]);
      await sleep(10);
    }
  })();
  void startSlow();
  return {
    async restart() {
      slow?.close();
      c.restarts++;
      await startSlow();
    },
    close() {
      generation++;
      slow?.close();
      fast.close();
      w.close();
      pub.close();
    },
  };
}

/** REQ → REP over inproc, and PAIR ↔ PAIR over tcp where the connecting PAIR restarts. */
function pairLane(o: SoakOptions, c: Counters, stop: () => boolean, id: number): Lane {
  const rep = new Reply({ linger: 0 });
  const req = new Request({ linger: 0 });
  drainEvents(rep, c);
  drainEvents(req, c);
  const inproc = `inproc://soak-req-${id}`;
  const repReady = rep.bind(inproc);
  void (async () => {
    try {
      await repReady;
      req.connect(inproc);
      for (;;) {
        const [m] = await rep.receive();
        await rep.send(m!);
      }
    } catch {
      // closed
    }
  })();
  void (async () => {
    await repReady;
    try {
      while (!stop()) {
        for (let i = 0; i < o.burst; i++) {
          await req.send("q");
          await req.receive();
          c.delivered++;
        }
        await sleep(10);
      }
    } catch {
      // closed
    }
  })();

  const server = new Pair({ linger: 0 });
  drainEvents(server, c);
  const ready = server.bind("tcp://127.0.0.1:*");
  let client: Pair | null = null;
  let generation = 0;
  void (async () => {
    try {
      while (!stop()) {
        await server.receive();
        c.delivered++;
      }
    } catch {
      // closed
    }
  })();
  const startClient = async () => {
    await ready;
    const p = new Pair({ linger: 0, sendHighWaterMark: 100 });
    drainEvents(p, c);
    p.connect(`tcp://127.0.0.1:${tcpPort(server.lastEndpoint!)}`);
    client = p;
    const gen = ++generation;
    void (async () => {
      try {
        while (!stop() && gen === generation) {
          for (let i = 0; i < o.burst; i++) await p.send("pair");
          await sleep(10);
        }
      } catch {
        // closed by a restart
      }
    })();
  };
  void startClient();
  return {
    async restart() {
      client?.close();
      c.restarts++;
      await startClient();
    },
    close() {
      generation++;
      client?.close();
      server.close();
      req.close();
      rep.close();
    },
  };
}

/** Waits until the active resources stop changing (closed handles take a few turns to go). */
async function settledResources(): Promise<string[]> {
  let last = "";
  for (let i = 0; i < 200; i++) {
    await sleep(50);
    const now = process.getActiveResourcesInfo().filter((r) => r !== "Timeout" && r !== "Immediate");
    const key = now.sort().join(",");
    if (key === last) return now;
    last = key;
  }
  return last.split(",");
}

export async function soak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => {});
  const resourcesBefore = await settledResources();
  const dir = mkdtempSync(join(tmpdir(), "zmtp-soak-"));
  const c: Counters = { delivered: 0, restarts: 0, events: 0, outOfOrder: 0, duplicates: 0 };
  let stopped = false;
  const stop = () => stopped;
  const makers: Record<string, () => Lane> = {
    pipeline: () => pipelineLane(o, c, stop),
    router: () => routerLane(o, c, stop, dir),
    pubsub: () => pubsubLane(o, c, stop),
    pair: () => pairLane(o, c, stop, 1),
  };
  const lanes = Object.entries(makers)
    .filter(([name]) => !o.lanes || o.lanes.includes(name))
    .map(([, make]) => make());
  const samples: SoakSample[] = [];
  const start = Date.now();
  let nextRestart = start + o.restartMs;
  let lane = 0;
  let nextSample = start + o.sampleMs;
  while (Date.now() - start < o.durationMs) {
    await sleep(Math.max(1, Math.min(nextRestart, nextSample) - Date.now()));
    const now = Date.now();
    if (now >= nextRestart) {
      await lanes[lane++ % lanes.length]!.restart();
      nextRestart = now + o.restartMs;
    }
    if (now >= nextSample) {
      const s: SoakSample = {
        t: now - start,
        rss: rssAfterGc(),
        held: heldBytes(),
        resources: process.getActiveResourcesInfo().length,
        delivered: c.delivered,
        restarts: c.restarts,
        events: c.events,
      };
      samples.push(s);
      log(
        `t=${(s.t / 1000).toFixed(0)}s rss=${(s.rss / 1e6).toFixed(1)}MB held=${(s.held / 1e6).toFixed(1)}MB ` +
          `resources=${s.resources} delivered=${s.delivered} restarts=${s.restarts} events=${s.events}`,
      );
      nextSample = now + o.sampleMs;
    }
  }
  stopped = true;
  for (const l of lanes) l.close();
  const resourcesAfter = await settledResources();
  rmSync(dir, { recursive: true, force: true });
  return {
    samples,
    resourcesBefore,
    resourcesAfter,
    delivered: c.delivered,
    restarts: c.restarts,
    events: c.events,
    outOfOrder: c.outOfOrder,
    duplicates: c.duplicates,
  };
}

/** Growth of `key` between the mean of the second quarter of samples and the mean of the last quarter. */
export function growth(samples: readonly SoakSample[], key: "rss" | "held"): number {
  const q = Math.max(1, Math.floor(samples.length / 4));
  const mean = (xs: readonly SoakSample[]) => xs.reduce((a, s) => a + s[key], 0) / xs.length;
  return mean(samples.slice(-q)) - mean(samples.slice(q, 2 * q));
}
