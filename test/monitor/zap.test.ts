import assert from "node:assert/strict";
import { constants as osc } from "node:os";
import { test } from "node:test";
import * as zmq from "zeromq";
import { Dealer, Context } from "../../src/index.js";
import { watch } from "../../src/monitor.js";
import { PENDING, settledNow } from "../support/waits.js";
import { until, zapHandler } from "./helpers.js";

test("ZAP 200: request frames as libzmq sends them, handshake succeeds, User-Id", { timeout: 10000 }, async () => {
  const ctx = new Context();
  const zap = zapHandler(ctx, (r) => ["1.0", r[1]!, "200", "OK", "alice", ""]);
  const server = new Dealer({ context: ctx, linger: 0, zapDomain: "global", routingId: "IDENT" });
  const client = new Dealer({ context: ctx, linger: 0 });
  const ws = watch(server);
  try {
    await server.bind("tcp://127.0.0.1:*");
    client.connect(server.lastEndpoint!);
    const evs = await until(ws, "HANDSHAKE_SUCCEEDED");
    assert.deepEqual(
      evs.map((e) => e.type),
      ["LISTENING", "ACCEPTED", "HANDSHAKE_SUCCEEDED"],
    );
    assert.deepEqual(zap.requests[0]!.map(String), ["1.0", "1", "global", "127.0.0.1", "IDENT", "NULL"]);
    await client.send("hi");
    assert.deepEqual((await server.receive()).map(String), ["hi"]);
  } finally {
    client.close();
    server.close();
    zap.close();
  }
});

for (const status of [400, 500] as const) {
  test(
    `ZAP ${status}: server AUTH(${status}) then DISCONNECTED when the client leaves; client AUTH(${status}), DISCONNECTED, no reconnect`,
    { timeout: 10000 },
    async (t) => {
      // Our timers are mocked: "no reconnect" is checked by moving the clock, not by waiting.
      t.mock.timers.enable({ apis: ["setTimeout"] });
      const ctx = new Context();
      const zap = zapHandler(ctx, (r) => ["1.0", r[1]!, String(status), "no", "", ""]);
      const server = new Dealer({ context: ctx, linger: 0, zapDomain: "d" });
      const client = new Dealer({ linger: 0, reconnectInterval: 20 });
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
        assert.ok(c[2]!.type === "HANDSHAKE_FAILED_AUTH" && c[2].status === status);
        const s = await until(ws, "DISCONNECTED");
        assert.deepEqual(
          s.map((e) => e.type),
          ["LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_AUTH", "DISCONNECTED"],
        );
        // No reconnect after an AUTH failure: nothing more over ten reconnect intervals.
        t.mock.timers.tick(10 * 20);
        assert.equal(await settledNow(wc.next()), PENDING);
      } finally {
        client.close();
        server.close();
        zap.close();
      }
    },
  );
}

test("ZAP 300: server AUTH(300), client hears nothing until the handshake times out", { timeout: 10000 }, async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const ctx = new Context();
  const zap = zapHandler(ctx, (r) => ["1.0", r[1]!, "300", "later", "", ""]);
  const server = new Dealer({ context: ctx, linger: 0, zapDomain: "d", handshakeInterval: 300 });
  const client = new Dealer({ linger: 0 });
  const ws = watch(server);
  const wc = watch(client);
  try {
    await server.bind("tcp://127.0.0.1:*");
    client.connect(server.lastEndpoint!);
    const s = await until(ws, "HANDSHAKE_FAILED_AUTH");
    await until(wc, "CONNECTED");
    // Nothing else happens on either side until the handshake interval has passed (the clock
    // is mocked, so "until" is exact).
    const serverNext = ws.next();
    const clientNext = wc.next();
    t.mock.timers.tick(299);
    assert.equal(await settledNow(serverNext), PENDING, "server: nothing before the handshake interval");
    assert.equal(await settledNow(clientNext), PENDING, "client: nothing before the handshake interval");
    t.mock.timers.tick(1);
    s.push((await serverNext)!);
    // The mechanism is in error already when the timer fires: DISCONNECTED without NO_DETAIL.
    assert.deepEqual(
      s.map((e) => e.type),
      ["LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_AUTH", "DISCONNECTED"],
    );
  } finally {
    client.close();
    server.close();
    zap.close();
  }
});

test("ZAP malformed replies: ZAP_* protocol errors, DISCONNECTED", { timeout: 10000 }, async () => {
  const cases: Array<[string, (r: Buffer[]) => Array<string | Buffer>]> = [
    ["ZAP_BAD_VERSION", (r) => ["2.0", r[1]!, "200", "", "", ""]],
    ["ZAP_BAD_REQUEST_ID", () => ["1.0", "7", "200", "", "", ""]],
    ["ZAP_INVALID_STATUS_CODE", (r) => ["1.0", r[1]!, "invalid", "", "", ""]],
    ["ZAP_MALFORMED_REPLY", (r) => ["1.0", r[1]!, "200", "", "", "", ""]],
    ["ZAP_INVALID_METADATA", (r) => ["1.0", r[1]!, "200", "", "", Buffer.from([5, 65])]],
  ];
  for (const [code, reply] of cases) {
    const ctx = new Context();
    const zap = zapHandler(ctx, reply);
    const server = new Dealer({ context: ctx, linger: 0, zapDomain: "d" });
    const client = new Dealer({ linger: 0 });
    const ws = watch(server);
    try {
      await server.bind("tcp://127.0.0.1:*");
      client.connect(server.lastEndpoint!);
      const s = await until(ws, "DISCONNECTED");
      assert.deepEqual(
        s.map((e) => e.type),
        ["LISTENING", "ACCEPTED", "HANDSHAKE_FAILED_PROTOCOL", "DISCONNECTED"],
        code,
      );
      assert.ok(s[2]!.type === "HANDSHAKE_FAILED_PROTOCOL" && s[2].protocolError === code);
    } finally {
      client.close();
      server.close();
      zap.close();
    }
  }
});

test("no ZAP handler with zapEnforceDomain: NO_DETAIL(EFAULT), the handshake stalls", { timeout: 10000 }, async () => {
  const server = new Dealer({ context: new Context(), linger: 0, zapDomain: "d", zapEnforceDomain: true });
  const client = new Dealer({ linger: 0 });
  const ws = watch(server);
  try {
    await server.bind("tcp://127.0.0.1:*");
    client.connect(server.lastEndpoint!);
    const s = await until(ws, "HANDSHAKE_FAILED_NO_DETAIL");
    assert.ok(s[2]!.type === "HANDSHAKE_FAILED_NO_DETAIL" && s[2].errno === osc.errno.EFAULT);
  } finally {
    client.close();
    server.close();
  }
});

test(
  "interop: our client refused (ZAP 400) by a libzmq server; libzmq client refused by ours",
  { timeout: 15000 },
  async () => {
    // libzmq side: handler in zeromq's default context.
    const zrep = new zmq.Reply({ linger: 0 });
    await zrep.bind("inproc://zeromq.zap.01");
    void (async () => {
      for await (const [, id] of zrep) await zrep.send(["1.0", id!, "400", "no", "", ""]).catch(() => undefined);
    })();
    const zserver = new zmq.Dealer({ linger: 0, zapDomain: "d" });
    const ours = new Dealer({ linger: 0 });
    const w = watch(ours);
    try {
      await zserver.bind("tcp://127.0.0.1:*");
      ours.connect(zserver.lastEndpoint!);
      const c = await until(w, "DISCONNECTED");
      assert.deepEqual(
        c.map((e) => e.type),
        ["CONNECT_DELAYED", "CONNECTED", "HANDSHAKE_FAILED_AUTH", "DISCONNECTED"],
      );
    } finally {
      ours.close();
      zserver.close();
      zrep.close();
    }
    const ctx = new Context();
    const zap = zapHandler(ctx, (r) => ["1.0", r[1]!, "400", "no", "", ""]);
    const server = new Dealer({ context: ctx, linger: 0, zapDomain: "d" });
    const zclient = new zmq.Dealer({ linger: 0 });
    const events = zclient.events;
    try {
      await server.bind("tcp://127.0.0.1:*");
      zclient.connect(server.lastEndpoint!);
      for await (const ev of events) {
        if (ev.type === "handshake:error:auth") {
          assert.equal(ev.error.status, 400);
          break;
        }
      }
    } finally {
      zclient.close();
      server.close();
      zap.close();
    }
  },
);
