// Captures the fuzz corpus from real libzmq traffic: two `zeromq` (libzmq 4.3.5) sockets talk
// through a raw net.Socket relay that records every byte in each direction. Scenarios: NULL
// READY for each socket type pair with data, multipart, long frames, SUBSCRIBE/CANCEL and
// heartbeats (PING/PONG); PLAIN accepted and refused (ERROR); CURVE; ZAP requests and replies.
// Run after a build: node dist/test/fuzz/capture.js  → test/fuzz/corpus/libzmq.json
import { writeFileSync } from "node:fs";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import * as zmq from "zeromq";
import * as draft from "zeromq/draft.js";
import { CORPUS_PATH, type Corpus, type CapturedStream } from "./corpus.js";

type ZmqSocket = zmq.Socket & { send(m: unknown): Promise<void>; receive(): Promise<Buffer[]> };
/** The binding's classes differ in send/receive signatures; the capture only needs the common shape. */
const z = (s: unknown): ZmqSocket => s as ZmqSocket;

/** A relay on 127.0.0.1 forwarding to `port`, recording each connection's two byte streams. */
async function relay(
  port: number,
): Promise<{ port: number; streams: { c2s: Buffer[]; s2c: Buffer[] }[]; close(): void }> {
  const streams: { c2s: Buffer[]; s2c: Buffer[] }[] = [];
  const sockets: net.Socket[] = [];
  const server = net.createServer((client) => {
    const rec = { c2s: [] as Buffer[], s2c: [] as Buffer[] };
    streams.push(rec);
    const upstream = net.connect(port, "127.0.0.1");
    sockets.push(client, upstream);
    client.on("data", (d) => {
      rec.c2s.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on("data", (d) => {
      rec.s2c.push(Buffer.from(d));
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as net.AddressInfo).port,
    streams,
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

function portOf(s: zmq.Socket): number {
  return Number(s.lastEndpoint!.split(":").at(-1));
}

interface Scenario {
  name: string;
  mechanism: "NULL" | "PLAIN" | "CURVE";
  server: () => ZmqSocket;
  client: () => ZmqSocket;
  /** Traffic once connected (both sockets given). */
  run: (server: ZmqSocket, client: ZmqSocket) => Promise<void>;
}

const LONG = Buffer.alloc(300, 0x5a);

/** Sends from `a`, receives at `b`: single, multipart with an empty frame, a long frame. */
async function traffic(a: ZmqSocket, b: ZmqSocket, envelope: Buffer[] = []): Promise<void> {
  for (const m of [
    [...envelope, "hello"],
    [...envelope, "a", "", "c"],
    [...envelope, LONG],
  ]) {
    await a.send(m);
    await b.receive();
  }
}

const heartbeats = { heartbeatInterval: 40, heartbeatTimeout: 1000, heartbeatTimeToLive: 2000 };

function nullScenarios(): Scenario[] {
  const o = { linger: 0, ...heartbeats };
  const pairs: Array<[string, () => ZmqSocket, () => ZmqSocket, Scenario["run"]]> = [
    ["PAIR-PAIR", () => z(new zmq.Pair(o)), () => z(new zmq.Pair(o)), (s, c) => traffic(c, s)],
    ["PUSH-PULL", () => z(new zmq.Pull(o)), () => z(new zmq.Push(o)), (s, c) => traffic(c, s)],
    [
      "REP-REQ",
      () => z(new zmq.Reply(o)),
      () => z(new zmq.Request(o)),
      async (s, c) => {
        await c.send(["q", "", "multi"]);
        await s.receive();
        await s.send(LONG);
        await c.receive();
      },
    ],
    [
      "ROUTER-DEALER",
      () => z(new zmq.Router(o)),
      () => z(new zmq.Dealer({ ...o, routingId: "client-1" })),
      async (s, c) => {
        await traffic(c, s);
        await s.send(["client-1", "back", "", LONG]);
        await c.receive();
      },
    ],
    [
      "DEALER-DEALER",
      () => z(new zmq.Dealer(o)),
      () => z(new zmq.Dealer(o)),
      async (s, c) => {
        await traffic(c, s);
        // A message of many parts, short and long, empty among them.
        await c.send(Array.from({ length: 24 }, (_, i) => (i % 5 === 4 ? LONG : i % 3 === 0 ? "" : `part${i}`)));
        await s.receive();
      },
    ],
    [
      "PUB-SUB",
      () => z(new zmq.Publisher(o)),
      () => z(new zmq.Subscriber(o)),
      async (s, c) => {
        const sub = c as unknown as zmq.Subscriber;
        sub.subscribe("t");
        sub.subscribe("");
        await sleep(100);
        await s.send(["t", "x"]);
        await c.receive();
        sub.unsubscribe("t");
        await sleep(50);
      },
    ],
    [
      "XPUB-XSUB",
      () => z(new zmq.XPublisher(o)),
      () => z(new zmq.XSubscriber(o)),
      async (s, c) => {
        await c.send(Buffer.from("\x01topic", "latin1"));
        await s.receive();
        await s.send(["topic", "payload", LONG]);
        await c.receive();
        await c.send(Buffer.from("\x00topic", "latin1"));
        await s.receive();
      },
    ],
  ];
  return pairs.map(([name, server, client, run]) => ({ name, mechanism: "NULL", server, client, run }));
}

function plainScenarios(): Scenario[] {
  const mk = (name: string, password: string): Scenario => ({
    name,
    mechanism: "PLAIN",
    server: () => z(new zmq.Dealer({ linger: 0, plainServer: true, zapDomain: "fuzz", routingId: "srv" })),
    client: () => z(new zmq.Dealer({ linger: 0, plainUsername: "admin", plainPassword: password })),
    run: async (s, c) => {
      if (password !== "secret") {
        await sleep(200); // refused: the ERROR goes out, nothing else
        return;
      }
      await traffic(c, s);
    },
  });
  return [mk("PLAIN-ok", "secret"), mk("PLAIN-refused", "wrong")];
}

function curveScenario(): Scenario {
  const server = zmq.curveKeyPair();
  const client = zmq.curveKeyPair();
  return {
    name: "CURVE",
    mechanism: "CURVE",
    server: () =>
      z(new zmq.Publisher({ linger: 0, curveServer: true, curveSecretKey: server.secretKey, ...heartbeats })),
    client: () =>
      z(
        new zmq.Subscriber({
          linger: 0,
          curveServerKey: server.publicKey,
          curvePublicKey: client.publicKey,
          curveSecretKey: client.secretKey,
          ...heartbeats,
        }),
      ),
    run: async (s, c) => {
      (c as unknown as zmq.Subscriber).subscribe("");
      await sleep(150);
      await s.send(["topic", "boxed", LONG]);
      await c.receive();
    },
  };
}

/** A ZAP handler in the default context: records each request, accepts "secret" (and non-PLAIN). */
function zapHandler(corpus: Corpus): { close(): void; ready: Promise<void> } {
  const router = new zmq.Router({ linger: 0 });
  const ready = router.bind("inproc://zeromq.zap.01");
  void (async () => {
    try {
      await ready; // the binding refuses a receive while a bind is in progress
      for (;;) {
        const [id, ...request] = await router.receive();
        corpus.zapRequests.push(request.map((f) => f.toString("hex")));
        const mechanism = request[6]?.toString();
        const ok =
          request[3]?.toString() !== "refuse" && (mechanism !== "PLAIN" || request[8]?.toString() === "secret");
        const meta = Buffer.from("\x06X-Role\x00\x00\x00\x05admin", "latin1");
        const reply = [
          Buffer.alloc(0),
          "1.0",
          request[2]!,
          ok ? "200" : "400",
          ok ? "OK" : "no",
          ok ? "user" : "",
          ok ? meta : "",
        ];
        corpus.zapReplies.push(reply.map((f) => Buffer.from(f).toString("hex")));
        await router.send([id!, ...reply]);
      }
    } catch {
      // closed
    }
  })();
  return { close: () => router.close(), ready };
}

async function runScenario(sc: Scenario, corpus: Corpus): Promise<void> {
  const server = sc.server();
  await server.bind("tcp://127.0.0.1:*");
  const r = await relay(portOf(server));
  const client = sc.client();
  client.connect(`tcp://127.0.0.1:${r.port}`);
  try {
    await Promise.race([
      sc.run(server, client),
      sleep(5000).then(() => {
        throw new Error(`${sc.name}: no traffic within 5 s`);
      }),
    ]);
    await sleep(150); // a few heartbeats (PING/PONG) both ways
  } finally {
    client.close();
    server.close();
    await sleep(50);
    r.close();
  }
  for (const s of r.streams) {
    const add = (direction: CapturedStream["direction"], chunks: Buffer[]) =>
      corpus.streams.push({
        scenario: sc.name,
        mechanism: sc.mechanism,
        direction,
        hex: Buffer.concat(chunks).toString("hex"),
      });
    add("client-to-server", s.c2s);
    add("server-to-client", s.s2c);
  }
}

const corpus: Corpus = { source: `libzmq ${zmq.version} via zeromq`, streams: [], zapRequests: [], zapReplies: [] };
const zap = zapHandler(corpus);
await zap.ready;
// NULL with a ZAP domain, so a NULL ZAP request is captured too.
const nullZap: Scenario = {
  ...nullScenarios()[0]!,
  name: "PAIR-PAIR-ZAP",
  server: () => z(new zmq.Pair({ linger: 0, zapDomain: "fuzz" })),
};
// NULL refused by ZAP: libzmq's NULL sends ERROR spelled right (PLAIN's is "^RROR").
const nullRefused: Scenario = {
  ...nullZap,
  name: "PAIR-PAIR-ZAP-refused",
  server: () => z(new zmq.Pair({ linger: 0, zapDomain: "refuse" })),
  run: () => sleep(200),
};
// RADIO/DISH (draft): JOIN and LEAVE commands.
const radioDish: Scenario = {
  name: "RADIO-DISH",
  mechanism: "NULL",
  server: () => z(new draft.Radio({ linger: 0 })),
  client: () => z(new draft.Dish({ linger: 0 })),
  run: async (s, c) => {
    const dish = c as unknown as draft.Dish;
    dish.join("weather");
    dish.join("news");
    await sleep(100);
    await (s as unknown as draft.Radio).send("forecast", { group: "weather" });
    await c.receive();
    dish.leave("news");
    await sleep(50);
  },
};
for (const sc of [...nullScenarios(), nullZap, nullRefused, radioDish, ...plainScenarios(), curveScenario()]) {
  await runScenario(sc, corpus);
  console.log(`${sc.name}: captured`);
}
zap.close();
writeFileSync(CORPUS_PATH, JSON.stringify(corpus, null, 1) + "\n");
console.log(`${corpus.streams.length} streams, ${corpus.zapRequests.length} ZAP requests → ${CORPUS_PATH}`);
