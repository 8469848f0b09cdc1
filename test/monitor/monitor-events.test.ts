import assert from "node:assert/strict";
import { constants as osc, tmpdir } from "node:os";
import { createServer, type Server } from "node:net";
import { test } from "node:test";
import { Dealer, Pair } from "../../src/index.js";
import { terminate } from "../../src/context.js";
import { Context } from "../../src/index.js";
import { EVENT_ALL, EVENT_MONITOR_STOPPED, EVENT_CONNECTED, socketMonitor, watch } from "../../src/monitor.js";
import { MonitorReader, monName, names } from "./helpers.js";

const E = osc.errno;
let ipcN = 0;
const ipcPath = () => `ipc://${tmpdir()}/zmtp-mon-${process.pid}-${++ipcN}.sock`;

for (const transport of ["tcp", "ipc"] as const) {
  test(`${transport}: the man page flows, with values and endpoints`, { timeout: 10000 }, async () => {
    const client = new Dealer({ linger: 0 });
    const server = new Dealer({ linger: 0 });
    const cm = monName("c");
    const sm = monName("s");
    socketMonitor(client, cm, EVENT_ALL);
    socketMonitor(server, sm, EVENT_ALL);
    const cr = new MonitorReader(cm);
    const sr = new MonitorReader(sm);
    try {
      await server.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : ipcPath());
      const ep = server.lastEndpoint!;
      client.connect(ep);
      await client.send("ping");
      await server.receive();
      client.close();
      server.close();
      const c = await cr.until("MONITOR_STOPPED");
      const s = await sr.until("MONITOR_STOPPED");
      // tcp connects are always in progress first; ipc connects complete at once (libzmq: no CONNECT_DELAYED).
      const expectClient =
        transport === "tcp"
          ? ["CONNECT_DELAYED", "CONNECTED", "HANDSHAKE_SUCCEEDED", "MONITOR_STOPPED"]
          : ["CONNECTED", "HANDSHAKE_SUCCEEDED", "MONITOR_STOPPED"];
      assert.deepEqual(names(c), expectClient);
      assert.deepEqual(names(s), ["LISTENING", "ACCEPTED", "HANDSHAKE_SUCCEEDED", "CLOSED", "MONITOR_STOPPED"]);
      if (transport === "tcp") assert.equal(c[0]!.value, E.EINPROGRESS);
      for (const ev of c.slice(0, -1)) assert.equal(ev.endpoint, ep);
      for (const ev of s.slice(0, -1)) assert.equal(ev.endpoint, ep);
      const connected = c.find((e) => e.name === "CONNECTED")!;
      assert.ok(connected.value >= 0 && connected.value < 0x40000000, "CONNECTED carries a real fd");
      assert.equal(s[0]!.value, s[3]!.value, "LISTENING and the listener's CLOSED carry the same fd");
      assert.equal(c.at(-1)!.endpoint, "");
      assert.equal(c.at(-1)!.value, 0);
    } finally {
      client.close();
      server.close();
      cr.close();
      sr.close();
    }
  });

  test(
    `${transport}: peer restart gives DISCONNECTED, CONNECT_RETRIED, then a new connection`,
    { timeout: 10000 },
    async () => {
      const client = new Dealer({ linger: 0, reconnectInterval: 50 });
      const cm = monName("r");
      socketMonitor(client, cm, EVENT_ALL);
      const cr = new MonitorReader(cm);
      let server = new Dealer({ linger: 0 });
      try {
        await server.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : ipcPath());
        const ep = server.lastEndpoint!;
        client.connect(ep);
        await cr.until("HANDSHAKE_SUCCEEDED");
        const connected = cr.seen.find((e) => e.name === "CONNECTED")!;
        server.close();
        const drop = await cr.until("CONNECT_RETRIED");
        assert.deepEqual(names(drop), ["DISCONNECTED", "CONNECT_RETRIED"]);
        assert.equal(drop[0]!.value, connected.value, "DISCONNECTED carries the connection's fd");
        assert.ok(drop[1]!.value >= 50 && drop[1]!.value < 100, `jittered interval in [50,100): ${drop[1]!.value}`);
        server = new Dealer({ linger: 0 });
        await server.bind(ep);
        const back = await cr.until("HANDSHAKE_SUCCEEDED");
        assert.equal(back.at(-2)!.name, "CONNECTED");
        await client.send("again");
        assert.deepEqual((await server.receive()).map(String), ["again"]);
      } finally {
        client.close();
        server.close();
        cr.close();
      }
    },
  );
}

test(
  "tcp: refused connect loops CONNECT_DELAYED, CLOSED, CONNECT_RETRIED with backoff 50, 100, 200, 200",
  { timeout: 10000 },
  async () => {
    // Find a free port, then leave it closed.
    const probe: Server = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = new Dealer({ linger: 0, reconnectInterval: 50, reconnectMaxInterval: 200 });
    const cm = monName("refused");
    socketMonitor(client, cm, EVENT_ALL);
    const cr = new MonitorReader(cm);
    try {
      const ep = `tcp://127.0.0.1:${port}`;
      client.connect(ep);
      const intervals: number[] = [];
      const seq: string[] = [];
      while (intervals.length < 4) {
        const ev = await cr.next();
        seq.push(ev.name);
        assert.equal(ev.endpoint, ep);
        if (ev.name === "CONNECT_DELAYED") assert.equal(ev.value, E.EINPROGRESS);
        if (ev.name === "CONNECT_RETRIED") intervals.push(ev.value);
      }
      assert.deepEqual(intervals, [50, 100, 200, 200]);
      assert.deepEqual(seq.slice(0, 3), ["CONNECT_DELAYED", "CLOSED", "CONNECT_RETRIED"]);
    } finally {
      client.close();
      cr.close();
    }
  },
);

test(
  "tcp: port in use gives CLOSED without endpoint, then BIND_FAILED(EADDRINUSE) without scheme",
  { timeout: 10000 },
  async () => {
    const a = new Dealer({ linger: 0 });
    const b = new Dealer({ linger: 0 });
    const bm = monName("busy");
    socketMonitor(b, bm, EVENT_ALL);
    const br = new MonitorReader(bm);
    try {
      await a.bind("tcp://127.0.0.1:*");
      const ep = a.lastEndpoint!;
      await assert.rejects(b.bind(ep), (err: NodeJS.ErrnoException & { address?: string }) => {
        assert.equal(err.code, "EADDRINUSE");
        assert.equal(err.errno, E.EADDRINUSE);
        assert.equal(err.address, ep);
        return true;
      });
      const evs = await br.until("BIND_FAILED");
      assert.deepEqual(names(evs), ["CLOSED", "BIND_FAILED"]);
      assert.equal(evs[0]!.endpoint, "");
      assert.equal(evs[1]!.endpoint, ep.slice("tcp://".length));
      assert.equal(evs[1]!.value, E.EADDRINUSE);
    } finally {
      a.close();
      b.close();
      br.close();
    }
  },
);

test("ipc: missing directory gives CLOSED(ipc endpoint), BIND_FAILED(ENOENT, path)", { timeout: 10000 }, async () => {
  const s = new Dealer({ linger: 0 });
  const m = monName("noent");
  socketMonitor(s, m, EVENT_ALL);
  const r = new MonitorReader(m);
  try {
    await assert.rejects(s.bind("ipc:///no/such/dir/x.sock"), { code: "ENOENT" });
    const evs = await r.until("BIND_FAILED");
    assert.deepEqual(
      evs.map((e) => [e.name, e.endpoint]),
      [
        ["CLOSED", "ipc:///no/such/dir/x.sock"],
        ["BIND_FAILED", "/no/such/dir/x.sock"],
      ],
    );
    assert.equal(evs[1]!.value, E.ENOENT);
  } finally {
    s.close();
    r.close();
  }
});

test(
  "bind side: the peer disconnecting gives DISCONNECTED with the accepted fd; unbind gives CLOSED",
  { timeout: 10000 },
  async () => {
    const server = new Dealer({ linger: 0 });
    const client = new Dealer({ linger: 0 });
    const m = monName("srv");
    socketMonitor(server, m, EVENT_ALL);
    const r = new MonitorReader(m);
    try {
      await server.bind("tcp://127.0.0.1:*");
      const ep = server.lastEndpoint!;
      client.connect(ep);
      const up = await r.until("HANDSHAKE_SUCCEEDED");
      const accepted = up.find((e) => e.name === "ACCEPTED")!;
      client.close();
      const down = await r.until("DISCONNECTED");
      assert.deepEqual(names(down), ["DISCONNECTED"]);
      assert.equal(down[0]!.value, accepted.value);
      assert.equal(down[0]!.endpoint, ep);
      server.unbindSync(ep);
      const closed = await r.until("CLOSED");
      assert.equal(closed[0]!.value, up[0]!.value, "CLOSED carries the listening fd");
    } finally {
      server.close();
      client.close();
      r.close();
    }
  },
);

test("no transport events for inproc", { timeout: 10000 }, async () => {
  const a = new Pair({ linger: 0 });
  const b = new Pair({ linger: 0 });
  const m = monName("inproc");
  socketMonitor(a, m, EVENT_ALL);
  const r = new MonitorReader(m);
  try {
    await a.bind("inproc://no-events");
    b.connect("inproc://no-events");
    await b.send("x");
    await a.receive();
    a.close();
    assert.deepEqual(names(await r.until("MONITOR_STOPPED")), ["MONITOR_STOPPED"]);
  } finally {
    b.close();
    r.close();
  }
});

test("socketMonitor errors: EPROTONOSUPPORT, EINVAL, ETERM, EADDRINUSE", () => {
  const s = new Dealer({ linger: 0 });
  try {
    assert.throws(() => socketMonitor(s, "tcp://127.0.0.1:*", 0), {
      code: "EPROTONOSUPPORT",
      errno: E.EPROTONOSUPPORT,
    });
    assert.throws(() => socketMonitor(s, "ipc:///tmp/x", 0), { code: "EPROTONOSUPPORT" });
    assert.throws(() => socketMonitor(s, "bogus://x", 0), { code: "EPROTONOSUPPORT" });
    assert.throws(() => socketMonitor(s, "inproc://", 0), { code: "EINVAL" });
    assert.throws(() => socketMonitor(s, "no-scheme", 0), { code: "EINVAL" });
    assert.throws(() => socketMonitor(s, "inproc://x", -1), { code: "EINVAL" });
    assert.throws(() => socketMonitor(s, "inproc://x", 0x10000), { code: "EINVAL" });
    const name = monName("taken");
    const other = new Pair({ linger: 0 });
    other.bindSync(name);
    assert.throws(() => socketMonitor(s, name, EVENT_ALL), { code: "EADDRINUSE" });
    other.close();
  } finally {
    s.close();
  }
  const ctx = new Context();
  const t = new Dealer({ context: ctx, linger: 0 });
  terminate(ctx);
  assert.throws(() => socketMonitor(t, "inproc://after-term", EVENT_ALL), { code: "ETERM" });
});

test(
  "MONITOR_STOPPED on stop (null endpoint), on replacement, on close and on context termination",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    const m1 = monName("stop1");
    const m2 = monName("stop2");
    const m3 = monName("stop3");
    socketMonitor(s, m1, EVENT_ALL);
    const r1 = new MonitorReader(m1);
    socketMonitor(s, m2, EVENT_ALL); // replaces the first
    const r2 = new MonitorReader(m2);
    socketMonitor(s, null, 0); // stops the second
    socketMonitor(s, null, 0); // no monitor: a no-op
    socketMonitor(s, m3, EVENT_ALL & ~EVENT_MONITOR_STOPPED);
    const r3 = new MonitorReader(m3);
    try {
      assert.deepEqual(names(await r1.until("MONITOR_STOPPED")), ["MONITOR_STOPPED"]);
      assert.deepEqual(names(await r2.until("MONITOR_STOPPED")), ["MONITOR_STOPPED"]);
      await s.bind("tcp://127.0.0.1:*");
      s.close();
      // Not subscribed to MONITOR_STOPPED: the last events are LISTENING and CLOSED.
      assert.deepEqual(names([await r3.next(), await r3.next()]), ["LISTENING", "CLOSED"]);
    } finally {
      s.close();
      r1.close();
      r2.close();
      r3.close();
    }
    // Context termination closes every socket of the context, the v1 reader included (libzmq's
    // reader gets ETERM), so it is observed through socket.events, which survives its socket.
    const ctx = new Context();
    const t = new Dealer({ context: ctx, linger: 0 });
    await t.bind("tcp://127.0.0.1:*");
    const observer = t.events; // as the binding: a closed socket's events cannot be opened anew
    terminate(ctx);
    const seen: string[] = [];
    for await (const ev of observer) seen.push(ev.type);
    assert.deepEqual(seen, ["bind", "close", "end"]);
  },
);

test("a monitor nobody reads is bounded and counted; the socket keeps working", { timeout: 20000 }, async () => {
  const { monitorDropped } = await import("../../src/monitor.js");
  const s = new Dealer({ linger: 0, reconnectInterval: 1, reconnectMaxInterval: 1 });
  socketMonitor(s, monName("unread"), EVENT_ALL); // nobody ever connects to it
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const refused = `tcp://127.0.0.1:${port}`;
  try {
    // A watcher counts the events as they happen (taps hear each event in the order they were
    // added, the monitor before the watcher): past the monitor's 1000-message backlog, it drops.
    const w = watch(s, 2000);
    s.connect(refused); // refused: a few events per millisecond
    for (let n = 0; n <= 1000; n++) await w.next();
    assert.ok(monitorDropped(s) > 0);
    w.close();
    s.disconnect(refused); // its pipe would otherwise take every other message, as in libzmq
    const server = new Dealer({ linger: 0 });
    await server.bind("tcp://127.0.0.1:*");
    const peer = new Dealer({ linger: 0 });
    s.connect(server.lastEndpoint!);
    peer.connect(server.lastEndpoint!);
    await s.send("still alive");
    assert.deepEqual((await server.receive()).map(String), ["still alive"]);
    server.close();
    peer.close();
  } finally {
    s.close();
  }
});

test(
  "the man page's CONNECTED endpoint for an unresolved host name is the user's string",
  { timeout: 10000 },
  async () => {
    const server = new Dealer({ linger: 0 });
    const client = new Dealer({ linger: 0 });
    const m = monName("host");
    socketMonitor(client, m, EVENT_CONNECTED);
    const r = new MonitorReader(m);
    try {
      await server.bind("tcp://127.0.0.1:*");
      const port = server.lastEndpoint!.split(":").at(-1);
      client.connect(`tcp://localhost:${port}`);
      const ev = await r.next();
      assert.equal(ev.name, "CONNECTED");
      assert.equal(ev.endpoint, `tcp://localhost:${port}`);
    } finally {
      client.close();
      server.close();
      r.close();
    }
  },
);
