// A NULL server after a ZAP refusal (issue 9, item 14). libzmq's NULL server sends ERROR as soon
// as ZAP says no, without waiting for the client's READY, and keeps reading: a READY (or any
// frame) that arrives after its ERROR completes the exchange in error and the connection is
// closed at once (DISCONNECTED). A libzmq NULL client sends that late READY when the server's
// greeting and ERROR reach it in one read. Each case runs on a libzmq server and a zmtp server
// and their monitor events must be equal; a server that waited for the handshake timer instead
// (60 s here) fails by the test's timeout.
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import {
  EventLog,
  RawClient,
  both,
  greeting,
  norm,
  ready,
  sameAsLibzmq,
  type Impl,
  type Norm,
} from "./differential-harness.js";
import { zapHandler } from "./helpers.js";

const T = { timeout: 30_000 };
const HANDSHAKE_IVL = 60_000;

/** A NULL server of `impl` with a ZAP domain and a handler refusing everyone with 400. */
async function refusingServer(impl: Impl): Promise<{ server: zmtp.Dealer; log: EventLog; close(): void }> {
  const reply = (req: Buffer[]) => ["1.0", req[1]!, "400", "no", "", ""];
  let context: unknown;
  let closeZap: () => void;
  if (impl.name === "zmtp") {
    context = new zmtp.Context();
    const zap = zapHandler(context as zmtp.Context, reply);
    closeZap = () => zap.close();
  } else {
    const ctx = new zmq.Context();
    const rep = new zmq.Reply({ context: ctx, linger: 0 });
    await rep.bind("inproc://zeromq.zap.01");
    void (async () => {
      try {
        for await (const req of rep) await rep.send(reply(req));
      } catch {
        // closed
      }
    })();
    context = ctx;
    closeZap = () => rep.close();
  }
  const server = new impl.Dealer({ context, linger: 0, zapDomain: "d", handshakeInterval: HANDSHAKE_IVL });
  const log = new EventLog(server, `${impl.name} server`);
  const observer = server.events as unknown as { close(): void };
  await server.bind("tcp://127.0.0.1:*");
  return {
    server: server as unknown as zmtp.Dealer,
    log,
    close: () => {
      server.close();
      // The binding's observer otherwise sometimes stays open (and keeps the process up) after
      // the socket closed before its MONITOR_STOPPED was read.
      observer.close();
      closeZap();
    },
  };
}

/** ERROR "400" as a NULL server frames it. */
const ERROR_400 = Buffer.from("040a054552524f5203343030", "hex");

/** What a raw NULL client sends after it has read the server's greeting and ERROR. */
const late: Array<[string, Buffer]> = [
  ["READY", ready("DEALER")],
  ["READY with an incompatible Socket-Type", ready("PUB")],
  ['ERROR "400"', ERROR_400],
  ["an unknown command", Buffer.from("04050446414b45", "hex")],
  ["a message frame", Buffer.from("000568656c6c6f", "hex")],
];

for (const [what, frame] of late) {
  test(`NULL server, ZAP 400: ${what} after the server's ERROR closes the connection at once`, T, async () => {
    const res = await both(async (impl): Promise<Norm[]> => {
      const s = await refusingServer(impl);
      try {
        const raw = await RawClient.connect(s.server.lastEndpoint!);
        await raw.write(greeting("NULL"));
        assert.deepEqual((await raw.read(64)).subarray(12, 16).toString(), "NULL");
        assert.deepEqual(await raw.read(ERROR_400.length), ERROR_400, `${impl.name}: the server's ERROR`);
        await raw.write(frame);
        await raw.closed;
        await s.log.until("disconnect");
        return norm(s.log.all, { subs: [[s.server.lastEndpoint!, "SERVER"]] });
      } finally {
        s.close();
      }
    });
    sameAsLibzmq(what, res);
  });
}

/**
 * A TCP relay to `target` that hands the client the server's greeting (after its first 11
 * bytes, which the client needs to finish its own) together with the ERROR that follows it, in
 * one write: what a client sees when both arrive in one read.
 */
async function oneReadRelay(target: string): Promise<{ endpoint: string; close(): void }> {
  const port = Number(target.split(":").at(-1));
  const pairs: net.Socket[] = [];
  const relay = net.createServer((client) => {
    const upstream = net.connect(port, "127.0.0.1");
    pairs.push(client, upstream);
    for (const s of [client, upstream]) s.on("error", () => {});
    client.pipe(upstream);
    const greetingStart = 11;
    const together = 64 + ERROR_400.length;
    let held = Buffer.alloc(0);
    let sent = 0;
    upstream.on("data", (d: Buffer) => {
      held = Buffer.concat([held, d]);
      if (sent === 0 && held.length >= greetingStart) {
        client.write(held.subarray(0, greetingStart));
        held = held.subarray(greetingStart);
        sent = greetingStart;
      }
      if (sent === greetingStart && held.length < together - greetingStart) return;
      if (sent > 0 && held.length > 0) {
        client.write(held);
        sent += held.length;
        held = Buffer.alloc(0);
      }
    });
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  });
  await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
  return {
    endpoint: `tcp://127.0.0.1:${(relay.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of pairs) s.destroy();
      relay.close();
    },
  };
}

test(
  "NULL server, ZAP 400: a libzmq client that gets greeting and ERROR in one read is dropped at once",
  T,
  async () => {
    const res = await both(async (impl): Promise<Norm[]> => {
      const s = await refusingServer(impl);
      const relay = await oneReadRelay(s.server.lastEndpoint!);
      // Without reconnecting: dropped by EOF rather than by its own error, a libzmq client would
      // otherwise reconnect (and be refused again) until closed, which is its own behaviour.
      const client = new zmq.Dealer({ linger: 0, reconnectInterval: -1 });
      try {
        client.connect(relay.endpoint);
        await s.log.until("disconnect");
        return norm(s.log.all, { subs: [[s.server.lastEndpoint!, "SERVER"]] });
      } finally {
        client.close();
        relay.close();
        s.close();
      }
    });
    sameAsLibzmq("server", res, [
      { type: "bind", address: "SERVER" },
      { type: "accept", address: "SERVER" },
      { type: "handshake:error:auth", address: "SERVER", status: 400 },
      { type: "disconnect", address: "SERVER" },
    ]);
  },
);
