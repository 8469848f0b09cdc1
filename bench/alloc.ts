// Bytes zmtp allocates per operation, from V8's sampling heap profiler told to count objects that
// were collected too (otherwise it reports only what is still alive). One process, no timing.
//
//   node dist/bench/alloc.js            bytes per send, receive and round trip (100 000 of each)
//   node dist/bench/alloc.js --sites    and where each operation's bytes are allocated
//   node dist/bench/alloc.js --quick    10 000 of each (CI's smoke run; figures less settled)
//
// An `await` alone allocates about 250 bytes on Node 20 and 22, whatever it awaits: that is the
// floor of a promise-per-message API. The figures vary by a few bytes between runs (sampling).
import { Session } from "node:inspector/promises";
import type { HeapProfiler } from "node:inspector";
import { Dealer, Pull, Push, Reply, Request, Router } from "../src/index.js";

/**
 * A scenario: set up once, then phases run in turn, each doing `n` operations awaited one by one
 * and measured under its name (a phase named "" runs unmeasured: it fills a queue for the next).
 */
interface Scenario {
  setUp(n: number): Promise<{ phases: Array<[string, () => Promise<void>]>; tearDown: () => void }>;
}

const BODY = Buffer.alloc(64);
let port = 6200 + (process.pid % 500) * 4;

function endpointFor(transport: "tcp" | "inproc"): string {
  return transport === "tcp" ? `tcp://127.0.0.1:${port++}` : `inproc://alloc-${port++}`;
}

/**
 * n sends from a connecting socket, then n receives on a binding one (its queue holds them all, so
 * each receive completes at once), each phase measured under its name ("" for not at all).
 */
function sendThenReceive(
  transport: "tcp" | "inproc",
  open: (hwm: number) => { tx: Push | Dealer; rx: Pull | Router },
  sendPhase: string,
  receivePhase: string,
): Scenario {
  return {
    async setUp(n) {
      const { tx, rx } = open(2 * n);
      const endpoint = endpointFor(transport);
      await rx.bind(endpoint);
      tx.connect(endpoint);
      return {
        phases: [
          [
            sendPhase,
            async () => {
              for (let i = 0; i < n; i++) await tx.send(BODY);
            },
          ],
          [
            receivePhase,
            async () => {
              for (let i = 0; i < n; i++) await rx.receive();
            },
          ],
        ],
        tearDown: () => {
          tx.close();
          rx.close();
        },
      };
    },
  };
}

function pushPull(transport: "tcp" | "inproc"): Scenario {
  const open = (hwm: number): { tx: Push; rx: Pull } => ({
    tx: new Push({ sendHighWaterMark: hwm }),
    rx: new Pull({ receiveHighWaterMark: hwm }),
  });
  return sendThenReceive(transport, open, `${transport}-send`, `${transport}-receive`);
}

/** The ROUTER's receives: a routing id and a body each. */
const dealerRouter = sendThenReceive(
  "tcp",
  (hwm) => ({ tx: new Dealer({ sendHighWaterMark: hwm }), rx: new Router({ receiveHighWaterMark: hwm }) }),
  "",
  "router-receive",
);

/** REQ/REP round trips over tcp, both ends in this process: each operation is one round trip. */
const reqRep: Scenario = {
  async setUp(n) {
    const rep = new Reply();
    const req = new Request();
    const endpoint = endpointFor("tcp");
    await rep.bind(endpoint);
    req.connect(endpoint);
    const echo = async (): Promise<void> => {
      for (;;) {
        const [msg] = await rep.receive();
        await rep.send(msg!);
      }
    };
    echo().catch(() => undefined); // ends with the socket's close
    return {
      phases: [
        [
          "reqrep-round-trip",
          async () => {
            for (let i = 0; i < n; i++) {
              await req.send(BODY);
              await req.receive();
            }
          },
        ],
      ],
      tearDown: () => {
        req.close();
        rep.close();
      },
    };
  },
};

const SCENARIOS: readonly Scenario[] = [pushPull("inproc"), pushPull("tcp"), dealerRouter, reqRep];

interface Measured {
  bytesPerOp: number;
  sites: Array<[string, number]>;
}

const SAMPLING = {
  samplingInterval: 64,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
} as HeapProfiler.StartSamplingParameterType;

async function sampled(session: Session, n: number, run: () => Promise<void>): Promise<Measured> {
  await session.post("HeapProfiler.startSampling", SAMPLING);
  await run();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  let total = 0;
  const bySite = new Map<string, number>();
  const walk = (node: HeapProfiler.SamplingHeapProfileNode): void => {
    total += node.selfSize;
    if (node.selfSize > 0) {
      const f = node.callFrame;
      const site = `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  const sites = [...bySite].map(([site, bytes]): [string, number] => [site, bytes / n]);
  return { bytesPerOp: total / n, sites: sites.sort((a, b) => b[1] - a[1]).slice(0, 8) };
}

/** Each phase's bytes per operation in the third round (the first two warm the code up). */
async function measure(session: Session, scenario: Scenario, n: number): Promise<Map<string, Measured>> {
  const { phases, tearDown } = await scenario.setUp(n);
  const out = new Map<string, Measured>();
  try {
    for (let round = 0; round < 3; round++) {
      for (const [name, run] of phases) {
        if (round < 2 || name === "") await run();
        else out.set(name, await sampled(session, n, run));
      }
    }
  } finally {
    tearDown();
  }
  return out;
}

async function main(): Promise<void> {
  const showSites = process.argv.includes("--sites");
  const n = process.argv.includes("--quick") ? 10_000 : 100_000;
  const session = new Session();
  session.connect();
  console.log(`Node ${process.version}; bytes allocated per operation, ${n.toLocaleString("en-US")} operations`);
  for (const scenario of SCENARIOS) {
    for (const [name, m] of await measure(session, scenario, n)) {
      console.log(`${name.padEnd(18)} ${m.bytesPerOp.toFixed(0).padStart(6)} B`);
      if (showSites) for (const [site, b] of m.sites) console.log(`  ${b.toFixed(0).padStart(6)} B  ${site}`);
    }
  }
  session.disconnect();
}

await main();
