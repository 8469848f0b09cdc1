import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { constants as osc } from "node:os";
import { test } from "node:test";
import { Dealer, Pair, Pull, Push, Subscriber } from "../../src/index.js";
import {
  EVENT_ALL,
  EVENT_ALL_V2,
  EVENT_PIPES_STATS,
  decodeMonitorEvent,
  socketMonitorPipesStats,
  socketMonitorVersioned,
  socketMonitor,
  watch,
  connectionStats,
  type DetailedEvent,
} from "../../src/monitor.js";
import { monName } from "./helpers.js";

async function readUntil(
  sock: Pair | Pull | Subscriber,
  name: string,
): Promise<ReturnType<typeof decodeMonitorEvent>[]> {
  const out = [];
  for (;;) {
    const ev = decodeMonitorEvent(await sock.receive());
    out.push(ev);
    if (ev.name === name) return out;
  }
}

for (const [label, type] of [
  ["PAIR", 0],
  ["PUB", 1],
  ["PUSH", 8],
] as const) {
  test(`v2 over ${label}: 8-byte frames, value count, local and remote endpoints`, { timeout: 10000 }, async () => {
    const server = new Dealer({ linger: 0 });
    const client = new Dealer({ linger: 0 });
    const ep = monName(`v2-${label}`);
    socketMonitorVersioned(client, ep, EVENT_ALL_V2, 2, type);
    const reader =
      type === 0 ? new Pair({ linger: 0 }) : type === 1 ? new Subscriber({ linger: 0 }) : new Pull({ linger: 0 });
    if (reader instanceof Subscriber) reader.subscribe();
    reader.connect(ep);
    try {
      await server.bind("tcp://127.0.0.1:*");
      const sep = server.lastEndpoint!;
      client.connect(sep);
      const raw = await reader.receive(); // first event, checked frame by frame
      assert.equal(raw.length, 5);
      assert.equal(raw[0]!.length, 8);
      assert.equal(raw[1]!.readBigUInt64LE(), 1n);
      assert.equal(raw[2]!.length, 8);
      const first = decodeMonitorEvent(raw);
      assert.equal(first.version, 2);
      assert.equal(first.name, "CONNECT_DELAYED");
      assert.equal(first.local, "");
      assert.equal(first.remote, sep);
      const evs = await readUntil(reader, "HANDSHAKE_SUCCEEDED");
      const connected = evs.find((e) => e.name === "CONNECTED")!;
      assert.equal(connected.remote, sep);
      assert.match(connected.local, /^tcp:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(connected.local, connected.remote);
      const hs = evs.at(-1)!;
      assert.deepEqual([hs.local, hs.remote], [connected.local, connected.remote]);
      client.close();
      const stop = await readUntil(reader, "MONITOR_STOPPED");
      assert.deepEqual([stop.at(-1)!.local, stop.at(-1)!.remote], ["", ""]);
    } finally {
      client.close();
      server.close();
      reader.close();
    }
  });
}

test(
  "versioned call rules: v1 rejects bits above 16, unknown types are EINVAL, unknown versions are silent",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    try {
      assert.throws(() => socketMonitorVersioned(s, monName("x"), EVENT_ALL_V2, 1), { code: "EINVAL" });
      assert.throws(() => socketMonitorVersioned(s, monName("x"), EVENT_ALL, 2, 13), { code: "EINVAL" });
      assert.throws(() => socketMonitorVersioned(s, "tcp://127.0.0.1:*", EVENT_ALL, 2), { code: "EPROTONOSUPPORT" });
      const ep = monName("v3");
      socketMonitorVersioned(s, ep, EVENT_ALL, 3);
      const r = new Pair({ linger: 0 });
      r.connect(ep);
      r.receiveTimeout = 200;
      await s.bind("tcp://127.0.0.1:*");
      await assert.rejects(r.receive(), { code: "EAGAIN" }, "version 3 sends nothing");
      r.close();
    } finally {
      s.close();
    }
  },
);

test("PIPES_STATS: EINVAL without the bit, EAGAIN without pipes", { timeout: 10000 }, () => {
  const push = new Push({ linger: 0, sendHighWaterMark: 500 });
  const ep = monName("stats");
  try {
    socketMonitor(push, monName("v1"), EVENT_ALL);
    assert.throws(() => socketMonitorPipesStats(push), { code: "EINVAL" });
    socketMonitorVersioned(push, ep, EVENT_PIPES_STATS, 2);
    const r = new Pair({ linger: 0 });
    r.connect(ep);
    assert.throws(() => socketMonitorPipesStats(push), { code: "EAGAIN" });
    r.close();
  } finally {
    push.close();
  }
});

test("PIPES_STATS counts: a connected peer that does not read leaves messages queued", { timeout: 10000 }, async () => {
  const push = new Push({ linger: 0, sendHighWaterMark: 50 });
  const pull = new Pull({ linger: 0, receiveHighWaterMark: 10 });
  const ep = monName("stats2");
  socketMonitorVersioned(push, ep, EVENT_PIPES_STATS, 2);
  const r = new Pair({ linger: 0 });
  r.connect(ep);
  try {
    await pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.lastEndpoint!);
    // Fill: wait until sends block, which proves both queues are full.
    push.sendTimeout = 300;
    let sent = 0;
    for (;;) {
      try {
        await push.send(Buffer.alloc(8192));
        sent++;
      } catch {
        break;
      }
    }
    socketMonitorPipesStats(push);
    const ev = decodeMonitorEvent(await r.receive());
    assert.equal(ev.name, "PIPES_STATS");
    assert.equal(ev.values.length, 2);
    assert.equal(ev.values[0], 50n, `outbound queue at its high-water mark (sent ${sent})`);
    assert.equal(ev.values[1], 0n);
    assert.equal(ev.remote, pull.lastEndpoint);
    assert.equal(connectionStats(push)[0]!.outbound, 50);
  } finally {
    push.close();
    pull.close();
    r.close();
  }
});

test(
  "watch(): detailed events narrow on type, carry the peer's socket type and routing id",
  { timeout: 10000 },
  async () => {
    const server = new Dealer({ linger: 0 });
    const client = new Dealer({ linger: 0, routingId: "client-1" });
    const w = watch(server);
    try {
      await server.bind("tcp://127.0.0.1:*");
      client.connect(server.lastEndpoint!);
      const seen: DetailedEvent[] = [];
      for await (const ev of w) {
        seen.push(ev);
        if (ev.type === "LISTENING") assert.ok(ev.fd >= 0); // narrowed: fd exists only on fd events
        if (ev.type === "HANDSHAKE_SUCCEEDED") {
          assert.equal(ev.peerSocketType, "DEALER");
          assert.equal(ev.peerRoutingId?.toString(), "client-1");
          assert.equal(ev.mechanism, "NULL");
          assert.equal(ev.zmtpMinor, 1);
          break;
        }
      }
      assert.deepEqual(
        seen.map((e) => e.type),
        ["LISTENING", "ACCEPTED", "HANDSHAKE_SUCCEEDED"],
      );
      assert.ok(seen.every((e) => e.timestamp > 0 && e.endpoint === server.lastEndpoint));
      server.close();
      const rest: string[] = [];
      for await (const ev of w) rest.push(ev.type);
      assert.deepEqual(rest, ["CLOSED", "MONITOR_STOPPED"]);
    } finally {
      client.close();
      server.close();
      w.close();
    }
  },
);

test("CLOSE_FAILED: the temp directory of an ipc://* bind cannot be removed", { timeout: 10000 }, async () => {
  const s = new Dealer({ linger: 0 });
  const w = watch(s);
  await s.bind("ipc://*");
  const path = s.lastEndpoint!.slice("ipc://".length);
  writeFileSync(path.replace(/socket$/, "intruder"), "x"); // the directory is no longer empty
  s.close();
  const types: DetailedEvent[] = [];
  for await (const ev of w) types.push(ev);
  assert.deepEqual(
    types.map((e) => e.type),
    ["LISTENING", "CLOSE_FAILED", "MONITOR_STOPPED"],
  );
  const failed = types[1]!;
  assert.ok(failed.type === "CLOSE_FAILED" && failed.errno === osc.errno.ENOTEMPTY && failed.code === "ENOTEMPTY");
  assert.equal(failed.endpoint, `ipc://${path}`);
});
