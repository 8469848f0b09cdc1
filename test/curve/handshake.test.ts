// A CURVE client and server run against each other in memory: command sizes and layouts as
// libzmq builds them, short nonces, peer metadata, ZAP outcomes, and the MESSAGE transform.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../src/wire/commands.js";
import { inspect } from "node:util";
import { errnoOf } from "../../src/errors.js";
import { PROTOCOL_ERROR_ZAP_BAD_VERSION } from "../../src/events/events.js";
import { CURVE_FLAG_COMMAND, CURVE_FLAG_MORE } from "../../src/mechanism/curve/message.js";
import { z85Decode } from "../../src/wire/z85.js";
import { FakeZap, Pair, context, zapReply } from "./helpers.js";

describe("CURVE handshake in memory", () => {
  test("HELLO, WELCOME, INITIATE, READY have libzmq's sizes, layouts and nonces", () => {
    const p = new Pair();
    const hello = p.hello();
    assert.equal(hello.length, 200);
    assert.equal(parseCommand(hello).kind, "HELLO");
    assert.deepEqual([...hello.subarray(6, 8)], [1, 0]);
    assert.ok(hello.subarray(8, 80).equals(Buffer.alloc(72)), "72 zero bytes of anti-amplification padding");
    assert.equal(hello.readBigUInt64BE(112), 1n, "client HELLO nonce = 1");

    const welcome = p.welcome();
    assert.equal(welcome.length, 168);
    assert.equal(parseCommand(welcome).kind, "WELCOME");

    const initiate = p.initiate();
    assert.equal(parseCommand(initiate).kind, "INITIATE");
    assert.equal(initiate.readBigUInt64BE(105), 2n, "client INITIATE nonce = 2");
    // 9 name + 96 cookie + 8 nonce + 16 MAC + 32 C + 96 vouch + metadata (Socket-Type DEALER, Identity "").
    const metadataLength = 1 + 11 + 4 + 6 + (1 + 8 + 4);
    assert.equal(initiate.length, 257 + metadataLength);

    const ready = p.ready();
    assert.equal(parseCommand(ready).kind, "READY");
    assert.equal(ready.readBigUInt64BE(6), 1n, "server READY nonce = 1");
    // ROUTER announces Socket-Type and an (empty) Identity too.
    assert.equal(ready.length, 14 + 16 + (1 + 11 + 4 + 6) + (1 + 8 + 4));

    assert.equal(p.client.status, "ready");
    assert.equal(p.server.status, "ready");
    assert.deepEqual(p.clientHost.progress, []);
    assert.deepEqual(p.serverHost.progress, []);
  });

  test("each side learns the other's metadata", () => {
    const p = new Pair(undefined, context({ socketType: "DEALER", identity: Buffer.from("me") }));
    p.ready();
    assert.equal(p.server.peerMetadata.get("Socket-Type")?.toString(), "DEALER");
    assert.equal(p.server.peerMetadata.get("Identity")?.toString(), "me");
    assert.equal(p.client.peerMetadata.get("Socket-Type")?.toString(), "ROUTER");
  });

  test("messages flow both ways with MORE/COMMAND inner flags and nonces 3 (client) / 2 (server)", () => {
    const p = new Pair();
    p.ready();
    const c = p.client.codec!;
    const s = p.server.codec!;
    const m1 = c.encode(Buffer.from("part one"), CURVE_FLAG_MORE);
    const m2 = c.encode(Buffer.from("part two"), 0);
    assert.equal(m1.readBigUInt64BE(8), 3n);
    assert.equal(m2.readBigUInt64BE(8), 4n);
    assert.equal(m1.length, 33 + 8);
    assert.equal(parseCommand(m1).kind, "MESSAGE");
    assert.deepEqual(s.decode(m1), { ok: true, frame: Buffer.from("part one"), flags: CURVE_FLAG_MORE });
    assert.deepEqual(s.decode(m2), { ok: true, frame: Buffer.from("part two"), flags: 0 });

    const ping = Buffer.from([4, ...Buffer.from("PING"), 0, 0]);
    const back = s.encode(ping, CURVE_FLAG_COMMAND);
    assert.equal(back.readBigUInt64BE(8), 2n);
    assert.deepEqual(c.decode(back), { ok: true, frame: ping, flags: CURVE_FLAG_COMMAND });
  });

  test("empty and 64 KiB frames round-trip", () => {
    const p = new Pair();
    p.ready();
    const empty = p.client.codec!.encode(Buffer.alloc(0), 0);
    assert.equal(empty.length, 33);
    assert.deepEqual(p.server.codec!.decode(empty), { ok: true, frame: Buffer.alloc(0), flags: 0 });
    const big = Buffer.alloc(65536, 7);
    const r = p.server.codec!.decode(p.client.codec!.encode(big, 0));
    assert.ok(r.ok && r.frame.equals(big));
  });

  test("each connection gets fresh transient keys and cookies", () => {
    const keys = new Pair().keys;
    const a = new Pair(keys);
    const b = new Pair(keys);
    const ha = a.hello();
    const hb = b.hello();
    assert.ok(!ha.subarray(80, 112).equals(hb.subarray(80, 112)), "client transient keys differ");
    assert.equal(a.server.process(parseCommand(ha), a.serverHost), null);
    assert.equal(b.server.process(parseCommand(hb), b.serverHost), null);
    assert.ok(!a.serverHost.last().subarray(8).equals(b.serverHost.last().subarray(8)));
  });

  test("secret keys never show in inspect output or in failures", () => {
    const p = new Pair();
    p.ready();
    const secrets = [p.keys.client.secretKey, p.keys.server.secretKey];
    const forms = secrets.flatMap((z) => [z, z85Decode(z)!.toString("hex"), z85Decode(z)!.toString("base64")]);
    for (const obj of [p.client, p.server, p.client.codec, p.server.codec, p.keys.clientKeys, p.keys.serverKeys]) {
      const text = inspect(obj, { depth: Infinity, showHidden: true });
      for (const f of forms) assert.ok(!text.includes(f), "secret visible via inspect");
    }
    const bad = new Pair();
    bad.hello();
    const failure = bad.server.process(parseCommand(Buffer.from("\x05HELLO")), bad.serverHost);
    assert.deepEqual(Object.keys(failure ?? {}), ["protocolError"]);
  });
});

describe("CURVE server and ZAP", () => {
  test("asks ZAP with mechanism CURVE and the client's 32-byte key, sends READY on 200 with User-Id", async () => {
    const zap = new FakeZap(zapReply(200, "alice"));
    const p = new Pair(undefined, context(), context({ zap: zap.connector, zapDomain: "global" }));
    assert.equal(p.server.process(parseCommand(p.initiate()), p.serverHost), null);
    assert.equal(p.server.status, "handshaking", "waits for ZAP");
    assert.equal(zap.requests.length, 1);
    const req = zap.requests[0]!;
    assert.equal(req.mechanism, "CURVE");
    assert.equal(req.domain, "global");
    assert.deepEqual(req.credentials, [z85Decode(p.keys.client.publicKey)]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(p.serverHost.progress, [null]);
    assert.equal(p.server.status, "ready");
    assert.equal(p.server.peerMetadata.get("User-Id")?.toString(), "alice");
    assert.equal(p.client.process(parseCommand(p.serverHost.last()), p.clientHost), null);
    assert.equal(p.client.status, "ready");
  });

  for (const status of [400, 500]) {
    test(`ZAP ${status}: ERROR "${status}" to the client, AUTH on both sides`, async () => {
      const zap = new FakeZap(zapReply(status));
      const p = new Pair(undefined, context(), context({ zap: zap.connector }));
      assert.equal(p.server.process(parseCommand(p.initiate()), p.serverHost), null);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(p.serverHost.progress, [{ authStatus: status, keepOpen: true }]);
      const error = p.serverHost.last();
      assert.equal(parseCommand(error).kind, "ERROR");
      assert.equal(error.subarray(7).toString(), String(status));
      assert.deepEqual(p.client.process(parseCommand(error), p.clientHost), { authStatus: status });
      assert.equal(p.client.status, "error");
    });
  }

  test("ZAP 300: AUTH on the server and nothing to the client", async () => {
    const zap = new FakeZap(zapReply(300));
    const p = new Pair(undefined, context(), context({ zap: zap.connector }));
    const initiate = p.initiate();
    assert.equal(p.server.process(parseCommand(initiate), p.serverHost), null);
    const sentBefore = p.serverHost.sent.length;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(p.serverHost.progress, [{ authStatus: 300, keepOpen: true }]);
    assert.equal(p.serverHost.sent.length, sentBefore);
  });

  test("a malformed ZAP reply is a protocol error with the ZAP code", async () => {
    const zap = new FakeZap({ kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_VERSION });
    const p = new Pair(undefined, context(), context({ zap: zap.connector }));
    assert.equal(p.server.process(parseCommand(p.initiate()), p.serverHost), null);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(p.serverHost.progress, [{ protocolError: PROTOCOL_ERROR_ZAP_BAD_VERSION }]);
  });

  test("no handler: unauthenticated READY, unless ZAP_ENFORCE_DOMAIN with a domain (NO_DETAIL EFAULT)", () => {
    const open = new Pair(undefined, context(), context({ zapDomain: "d" }));
    open.ready();
    assert.equal(open.server.status, "ready");
    const enforced = new Pair(undefined, context(), context({ zapDomain: "d", zapEnforceDomain: true }));
    assert.deepEqual(enforced.server.process(parseCommand(enforced.initiate()), enforced.serverHost), {
      noDetailErrno: errnoOf("EFAULT"),
    });
  });

  test("ZAP_ENFORCE_DOMAIN with an empty domain skips ZAP altogether", () => {
    const zap = new FakeZap(zapReply(400));
    const p = new Pair(undefined, context(), context({ zap: zap.connector, zapEnforceDomain: true }));
    p.ready();
    assert.equal(zap.requests.length, 0);
    assert.equal(p.server.status, "ready");
  });

  test("bad INITIATE metadata drops without an event after the ZAP request, which is abandoned", () => {
    const zap = new FakeZap();
    const p = new Pair(undefined, context({ socketType: "PUB" }), context({ zap: zap.connector }));
    // PUB is no peer for the server's ROUTER: libzmq drops the connection silently.
    assert.deepEqual(p.server.process(parseCommand(p.initiate()), p.serverHost), {});
    assert.equal(zap.requests.length, 1);
    assert.equal(zap.cancelled, 1);
  });
});
