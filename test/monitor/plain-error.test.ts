// PLAIN's ERROR command as libzmq 4.3 writes it (issue 9, item 13). libzmq's PLAIN spells the
// command name as the C string "\x05ERROR", which C reads as the bytes 5E "RROR"; its PLAIN
// clients recognise only that spelling (libzmq-facts §5.5). zmtp's PLAIN server sends it and its
// PLAIN client accepts both, so a refusal reads as HANDSHAKE_FAILED_AUTH in every pairing.
// Each pairing's monitor events must equal libzmq↔libzmq's, on both sides.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import {
  EventLog,
  LIBZMQ,
  ZMTP,
  norm,
  reconnectIntervals,
  show,
  type AnySocket,
  type Impl,
  type Norm,
} from "./differential-harness.js";
import { zapHandler } from "./helpers.js";

const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** A context of `impl` with a ZAP handler refusing every request with `status`. */
async function refusingContext(impl: Impl, status: number): Promise<{ context: unknown; close(): void }> {
  const reply = (req: Buffer[]) => ["1.0", req[1]!, String(status), "refused", "", ""];
  if (impl.name === "zmtp") {
    const context = new zmtp.Context();
    const zap = zapHandler(context, reply);
    return { context, close: () => zap.close() };
  }
  const context = new zmq.Context();
  const rep = new zmq.Reply({ context, linger: 0 });
  await rep.bind(ZAP_ENDPOINT);
  void (async () => {
    try {
      for await (const req of rep) await rep.send(reply(req));
    } catch {
      // closed
    }
  })();
  return { context, close: () => rep.close() };
}

interface Sides {
  server: Norm[];
  client: Norm[];
}

/** A `serverImpl` PLAIN server refusing (ZAP `status`) a `clientImpl` PLAIN client: both sides' events. */
async function refusal(serverImpl: Impl, clientImpl: Impl, status: number): Promise<Sides> {
  const ctx = await refusingContext(serverImpl, status);
  const server = new serverImpl.Dealer({ context: ctx.context, linger: 0, plainServer: true });
  const serverLog = new EventLog(server, `${serverImpl.name} server`);
  let client: AnySocket | null = null;
  try {
    await server.bind("tcp://127.0.0.1:*");
    const endpoint = server.lastEndpoint!;
    client = new clientImpl.Dealer({
      linger: 0,
      plainUsername: "admin",
      plainPassword: "wrong",
      reconnectInterval: 20,
    });
    const clientLog = new EventLog(client, `${clientImpl.name} client`);
    client.connect(endpoint);
    await clientLog.until("disconnect");
    await serverLog.until("disconnect");
    // An AUTH failure is final: no reconnect within several of the client's reconnect intervals.
    await reconnectIntervals(clientImpl, 3, 20);
    assert.deepEqual(clientLog.rest(), [], `${clientImpl.name} client: nothing after DISCONNECTED`);
    const subs = [[endpoint, "SERVER"]] as const;
    return { server: norm(serverLog.all, { subs }), client: norm(clientLog.all, { subs }) };
  } finally {
    client?.close();
    server.close();
    ctx.close();
  }
}

for (const status of [400, 500]) {
  test(
    `PLAIN refused by ZAP ${status}: every pairing reports what libzmq↔libzmq reports`,
    { timeout: 30_000 },
    async () => {
      const reference = await refusal(LIBZMQ, LIBZMQ, status);
      // What libzmq itself reports, so the comparison cannot pass on two equal wrong answers.
      assert.deepEqual(
        reference,
        {
          server: [
            { type: "bind", address: "SERVER" },
            { type: "accept", address: "SERVER" },
            { type: "handshake:error:auth", address: "SERVER", status },
            { type: "disconnect", address: "SERVER" },
          ],
          client: [
            { type: "connect:delay", address: "SERVER" },
            { type: "connect", address: "SERVER" },
            { type: "handshake:error:auth", address: "SERVER", status },
            { type: "disconnect", address: "SERVER" },
          ],
        },
        "libzmq↔libzmq",
      );
      for (const [serverImpl, clientImpl] of [
        [LIBZMQ, ZMTP],
        [ZMTP, LIBZMQ],
        [ZMTP, ZMTP],
      ] as const) {
        const got = await refusal(serverImpl, clientImpl, status);
        const pairing = `${serverImpl.name} server, ${clientImpl.name} client`;
        assert.deepEqual(got.server, reference.server, `${pairing}: server events ${show(got.server as never)}`);
        assert.deepEqual(got.client, reference.client, `${pairing}: client events ${show(got.client as never)}`);
      }
    },
  );
}
