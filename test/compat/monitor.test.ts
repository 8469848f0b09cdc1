/** v5-compat monitor events: names, listener arguments (value, address, error), error events. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "../../src/v5-compat.js";
import { bind, closedPort, MONITOR_EVENTS, next, nextMessage, record, send } from "./helpers.js";

const T = { timeout: 10000 };

test(
  "tcp bind + connect: listen, accept (server), connect_delay, connect (client), args (value, address, error)",
  T,
  async () => {
    const server = zmq.socket("dealer");
    const client = zmq.socket("dealer");
    try {
      const s = record(server, MONITOR_EVENTS);
      const c = record(client, MONITOR_EVENTS);
      server.monitor();
      client.monitor();
      const accepted = next(server, "accept");
      const ep = await bind(server, "tcp://127.0.0.1:*");
      const connected = next(client, "connect");
      client.connect(ep);
      assert.deepEqual(await accepted, [undefined, ep, undefined]);
      assert.deepEqual(await connected, [undefined, ep, undefined]);
      assert.deepEqual(s, [
        ["listen", undefined, ep, undefined],
        ["accept", undefined, ep, undefined],
      ]);
      assert.deepEqual(c, [
        ["connect_delay", undefined, ep, undefined],
        ["connect", undefined, ep, undefined],
      ]);
    } finally {
      server.close();
      client.close();
    }
  },
);

test("disconnect when the peer closes; close (listener) and the unbind event/callback on unbind", T, async () => {
  const server = zmq.socket("dealer");
  const client = zmq.socket("dealer");
  try {
    server.monitor();
    const ep = await bind(server, "tcp://127.0.0.1:*");
    client.connect(ep);
    await send(client, "hi");
    await nextMessage(server);
    const disconnected = next(server, "disconnect");
    client.close();
    assert.deepEqual(await disconnected, [undefined, ep, undefined]);
    const closed = next(server, "close");
    const unbound = next(server, "unbind");
    await new Promise<void>((resolve, reject) => server.unbind(ep, (err) => (err ? reject(err) : resolve())));
    assert.deepEqual(await unbound, [ep]);
    assert.deepEqual(await closed, [undefined, ep, undefined]);
  } finally {
    server.close();
    client.close();
  }
});

test(
  "bind error: callback gets EADDRINUSE with address; bind_error carries errno, scheme-less address, Error",
  T,
  async () => {
    const first = zmq.socket("dealer");
    const second = zmq.socket("dealer");
    try {
      const ep = await bind(first, "tcp://127.0.0.1:*");
      const log = record(second, MONITOR_EVENTS);
      second.monitor();
      const bindError = next(second, "bind_error");
      const err = await new Promise<Error | undefined>((resolve) => second.bind(ep, resolve));
      assert.ok(err instanceof Error);
      const e = err as Error & { code?: string; address?: string };
      assert.equal(e.code, "EADDRINUSE");
      assert.equal(e.address, ep);
      assert.equal(e.message, "Address already in use");
      const [value, addr, error] = await bindError;
      assert.equal(typeof value, "number");
      assert.equal(value, error?.errno);
      assert.equal(addr, ep.replace("tcp://", ""));
      assert.ok(error instanceof Error);
      assert.equal(error.code, "EADDRINUSE");
      // libzmq reports an anonymous close first (the failed listener socket).
      assert.deepEqual(log[0], ["close", undefined, undefined, undefined]);
      assert.equal(log[1]?.[0], "bind_error");
    } finally {
      first.close();
      second.close();
    }
  },
);

test("bind error without a callback becomes an 'error' event", T, async () => {
  const first = zmq.socket("dealer");
  const second = zmq.socket("dealer");
  try {
    const ep = await bind(first, "tcp://127.0.0.1:*");
    const failed = next(second, "error");
    second.bind(ep);
    const [err] = await failed;
    assert.equal((err as Error & { code?: string }).code, "EADDRINUSE");
    // An unsupported transport fails too, through the callback.
    const err2 = await new Promise<Error | undefined>((resolve) => second.bind("bogus://x", resolve));
    assert.equal((err2 as Error & { code?: string }).code, "EPROTONOSUPPORT");
  } finally {
    first.close();
    second.close();
  }
});

test("connect_retry reports the reconnect interval as its value", T, async () => {
  const port = await closedPort();
  const client = zmq.socket("dealer", { reconnect_ivl: 50, reconnect_ivl_max: 200 });
  try {
    const log = record(client, MONITOR_EVENTS);
    client.monitor();
    const ep = `tcp://127.0.0.1:${port}`;
    const retried = next(client, "connect_retry");
    client.connect(ep);
    assert.deepEqual(await retried, [50, ep, undefined]);
    assert.deepEqual(
      log.map((e) => e[0]),
      ["connect_delay", "close", "connect_retry"],
    );
  } finally {
    client.close();
  }
});

test("unmonitor stops the events, monitor resumes them", T, async () => {
  const server = zmq.socket("dealer");
  const a = zmq.socket("dealer");
  const b = zmq.socket("dealer");
  try {
    const log = record(server, ["accept"]);
    server.monitor(500, 0);
    const ep = await bind(server, "tcp://127.0.0.1:*");
    server.unmonitor();
    a.connect(ep);
    await send(a, "a");
    assert.deepEqual(await nextMessage(server), ["a"]);
    assert.equal(log.length, 0);
    server.monitor();
    const accepted = next(server, "accept");
    b.connect(ep);
    await accepted;
    assert.equal(log.length, 1);
  } finally {
    server.close();
    a.close();
    b.close();
  }
});

test("monitor on a closed socket throws; closing a monitored socket ends quietly", T, async () => {
  const s = zmq.socket("dealer");
  const errors: Error[] = [];
  s.on("error", (e) => errors.push(e));
  s.monitor();
  await bind(s, "tcp://127.0.0.1:*");
  s.close();
  assert.equal(s.closed, true);
  assert.throws(() => s.monitor(), { code: "ENOTSOCK" });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  assert.deepEqual(errors, []);
});

test("inproc produces no monitor events (as libzmq)", T, async () => {
  const a = zmq.socket("pair");
  const b = zmq.socket("pair");
  try {
    const log = record(a, MONITOR_EVENTS);
    a.monitor();
    b.monitor();
    const ep = `inproc://compat-monitor-${process.pid}`;
    a.bindSync(ep);
    b.connect(ep);
    await send(b, "x");
    await nextMessage(a);
    assert.deepEqual(log, []);
  } finally {
    a.close();
    b.close();
  }
});
