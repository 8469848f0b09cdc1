import assert from "node:assert/strict";
import { connect } from "node:net";
import { constants as osc } from "node:os";
import { test } from "node:test";
import * as zmq from "zeromq";
import { Context, Dealer } from "../../src/index.js";
import { watch } from "../../src/monitor.js";
import { until, zapHandler } from "./helpers.js";

/** ZAP handler accepting admin/secret, refusing anything else with 400. */
const plainZap = (ctx: Context) =>
  zapHandler(ctx, (req) => {
    const ok = String(req[6]) === "admin" && String(req[7]) === "secret";
    return ["1.0", req[1]!, ok ? "200" : "400", ok ? "OK" : "no", ok ? "admin" : "", ""];
  });

test(
  "PLAIN ours↔ours: ZAP sees the credentials, messages flow, securityMechanism is plain",
  { timeout: 10000 },
  async () => {
    const ctx = new Context();
    const zap = plainZap(ctx);
    const server = new Dealer({ context: ctx, linger: 0, plainServer: true });
    const client = new Dealer({ linger: 0, plainUsername: "admin", plainPassword: "secret" });
    try {
      assert.equal(server.securityMechanism, "plain");
      await server.bind("tcp://127.0.0.1:*");
      client.connect(server.lastEndpoint!);
      await client.send("hi");
      assert.deepEqual((await server.receive()).map(String), ["hi"]);
      assert.deepEqual(zap.requests[0]!.map(String), ["1.0", "1", "", "127.0.0.1", "", "PLAIN", "admin", "secret"]);
    } finally {
      client.close();
      server.close();
      zap.close();
    }
  },
);

test("PLAIN interop: libzmq client → our server, our client → libzmq server", { timeout: 15000 }, async () => {
  const ctx = new Context();
  const zap = plainZap(ctx);
  const server = new Dealer({ context: ctx, linger: 0, plainServer: true });
  const zclient = new zmq.Dealer({ linger: 0, plainUsername: "admin", plainPassword: "secret" });
  try {
    await server.bind("tcp://127.0.0.1:*");
    zclient.connect(server.lastEndpoint!);
    await zclient.send("from libzmq");
    assert.deepEqual((await server.receive()).map(String), ["from libzmq"]);
  } finally {
    zclient.close();
    server.close();
    zap.close();
  }
  const zrep = new zmq.Reply({ linger: 0 });
  await zrep.bind("inproc://zeromq.zap.01");
  void (async () => {
    for await (const [, id] of zrep) await zrep.send(["1.0", id!, "200", "OK", "u", ""]).catch(() => undefined);
  })();
  const zserver = new zmq.Dealer({ linger: 0, plainServer: true });
  const client = new Dealer({ linger: 0, plainUsername: "admin", plainPassword: "secret" });
  try {
    await zserver.bind("tcp://127.0.0.1:*");
    client.connect(zserver.lastEndpoint!);
    await client.send("from zmtp");
    assert.deepEqual((await zserver.receive()).map(String), ["from zmtp"]);
  } finally {
    client.close();
    zserver.close();
    zrep.close();
  }
});

test(
  "PLAIN wrong password: client AUTH(400) + DISCONNECTED, no reconnect; server AUTH(400)",
  { timeout: 10000 },
  async () => {
    const ctx = new Context();
    const zap = plainZap(ctx);
    const server = new Dealer({ context: ctx, linger: 0, plainServer: true });
    const client = new Dealer({ linger: 0, plainUsername: "admin", plainPassword: "wrong", reconnectInterval: 20 });
    const ws = watch(server);
    const wc = watch(client);
    try {
      await server.bind("tcp://127.0.0.1:*");
      client.connect(server.lastEndpoint!);
      const c = await until(wc, "DISCONNECTED");
      assert.deepEqual(
        c.map((e) => e.type),
        ["CONNECT_DELAYED", "CONNECTED", "HANDSHAKE_FAILED_AUTH", "DISCONNECTED"],
      );
      const last = (await until(ws, "HANDSHAKE_FAILED_AUTH")).at(-1)!;
      assert.ok(last.type === "HANDSHAKE_FAILED_AUTH" && last.status === 400);
    } finally {
      client.close();
      server.close();
      zap.close();
    }
  },
);

test(
  "PLAIN server without a ZAP handler: NO_DETAIL(EFAULT), DISCONNECTED; NULL client: MECHANISM_MISMATCH",
  { timeout: 10000 },
  async () => {
    const server = new Dealer({ context: new Context(), linger: 0, plainServer: true });
    const client = new Dealer({ linger: 0, plainUsername: "a", plainPassword: "b", reconnectInterval: 10000 });
    const ws = watch(server);
    try {
      await server.bind("tcp://127.0.0.1:*");
      client.connect(server.lastEndpoint!);
      const s = await until(ws, "DISCONNECTED");
      assert.deepEqual(
        s.map((e) => e.type),
        ["LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_NO_DETAIL", "DISCONNECTED"],
      );
      assert.ok(s[2]!.type === "HANDSHAKE_FAILED_NO_DETAIL" && s[2].errno === osc.errno.EFAULT);
      const nul = new Dealer({ linger: 0 });
      const wn = watch(nul);
      nul.connect(server.lastEndpoint!);
      const last = (await until(wn, "HANDSHAKE_FAILED_PROTOCOL")).at(-1)!;
      assert.ok(last.type === "HANDSHAKE_FAILED_PROTOCOL" && last.protocolError === "ZMTP_MECHANISM_MISMATCH");
      nul.close();
    } finally {
      client.close();
      server.close();
    }
  },
);

test("PLAIN server: a malformed HELLO is MALFORMED_COMMAND_HELLO", { timeout: 10000 }, async () => {
  const ctx = new Context();
  const zap = plainZap(ctx);
  const server = new Dealer({ context: ctx, linger: 0, plainServer: true });
  const ws = watch(server);
  try {
    await server.bind("tcp://127.0.0.1:*");
    const port = Number(server.lastEndpoint!.split(":").at(-1));
    const raw = connect(port, "127.0.0.1");
    raw.on("error", () => {});
    const greeting = Buffer.alloc(64);
    greeting[0] = 0xff;
    greeting[9] = 0x7f;
    greeting[10] = 3;
    greeting[11] = 1;
    greeting.write("PLAIN", 12);
    // HELLO whose username length (9) overruns the body.
    raw.write(Buffer.concat([greeting, Buffer.from([0x04, 0x08, 0x05]), Buffer.from("HELLO"), Buffer.from([9, 0x61])]));
    const s = await until(ws, "DISCONNECTED");
    assert.deepEqual(
      s.map((e) => e.type),
      ["LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_PROTOCOL", "DISCONNECTED"],
    );
    assert.ok(s[2]!.type === "HANDSHAKE_FAILED_PROTOCOL" && s[2].protocolError === "ZMTP_MALFORMED_COMMAND_HELLO");
    raw.destroy();
  } finally {
    server.close();
    zap.close();
  }
});
