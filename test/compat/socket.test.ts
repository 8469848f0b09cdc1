/** v5-compat module surface, socket options, and close semantics. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "../../src/v5-compat.js";
import { address, bind, missingClasses, nextMessage } from "./helpers.js";

const T = { timeout: 10000 };

const TYPES: Array<[zmq.SocketType, number, string]> = [
  ["pair", zmq.ZMQ_PAIR, "Pair"],
  ["req", zmq.ZMQ_REQ, "Request"],
  ["rep", zmq.ZMQ_REP, "Reply"],
  ["pub", zmq.ZMQ_PUB, "Publisher"],
  ["sub", zmq.ZMQ_SUB, "Subscriber"],
  ["dealer", zmq.ZMQ_DEALER, "Dealer"],
  ["xreq", zmq.ZMQ_XREQ, "Dealer"],
  ["router", zmq.ZMQ_ROUTER, "Router"],
  ["xrep", zmq.ZMQ_XREP, "Router"],
  ["pull", zmq.ZMQ_PULL, "Pull"],
  ["push", zmq.ZMQ_PUSH, "Push"],
  ["xpub", zmq.ZMQ_XPUB, "XPublisher"],
  ["xsub", zmq.ZMQ_XSUB, "XSubscriber"],
  ["stream", zmq.ZMQ_STREAM, "Stream"],
];

for (const [type, id, cls] of TYPES) {
  test(`socket("${type}") is a ${cls}: type name, ZMQ_TYPE ${id}`, T, (t) => {
    const skip = missingClasses(cls);
    if (skip) {
      assert.throws(() => zmq.socket(type), new RegExp(`not available: zmtp has no ${cls}`));
      return t.skip(skip);
    }
    const s = zmq.socket(type);
    try {
      assert.ok(s instanceof zmq.Socket);
      assert.equal(s.type, type);
      assert.equal(s.getsockopt(zmq.ZMQ_TYPE), id);
      assert.equal(s.getsockopt("ZMQ_TYPE"), id);
    } finally {
      s.close();
    }
  });
}

test("module surface: aliases, version, curveKeypair, Context, read()", () => {
  assert.equal(zmq.socket, zmq.createSocket);
  assert.equal(zmq.version, "4.3.5");
  const kp = zmq.curveKeypair();
  assert.deepEqual(Object.keys(kp), ["public", "secret"]);
  assert.equal(kp.public.length, 40);
  assert.equal(kp.secret.length, 40);
  assert.throws(() => new zmq.Context(), /Context cannot be instantiated in compatibility mode/);
  const threads = zmq.Context.getMaxThreads();
  zmq.Context.setMaxThreads(2);
  assert.equal(zmq.Context.getMaxThreads(), 2);
  zmq.Context.setMaxThreads(threads);
  const max = zmq.Context.getMaxSockets();
  zmq.Context.setMaxSockets(max + 1);
  assert.equal(zmq.Context.getMaxSockets(), max + 1);
  zmq.Context.setMaxSockets(max);
  assert.throws(() => zmq.socket("bogus" as zmq.SocketType), /Invalid socket type: bogus/);
  const s = zmq.socket("dealer");
  try {
    assert.throws(() => s.read(), /read\(\) has been removed/);
    assert.throws(() => s.subscribe("x"), /Subscriber socket required/);
    assert.throws(() => s.unsubscribe("x"), /Subscriber socket required/);
  } finally {
    s.close();
  }
});

test("constants have libzmq's values", () => {
  assert.equal(zmq.ZMQ_SNDMORE, 2);
  assert.deepEqual([zmq.ZMQ_POLLIN, zmq.ZMQ_POLLOUT, zmq.ZMQ_POLLERR], [1, 2, 4]);
  assert.deepEqual([zmq.STATE_READY, zmq.STATE_BUSY, zmq.STATE_CLOSED], [0, 1, 2]);
  assert.equal(zmq.ZMQ_LINGER, 17);
  assert.equal(zmq.ZMQ_LAST_ENDPOINT, 32);
  assert.equal(zmq.ZMQ_CONNECT_TIMEOUT, 79);
  assert.equal(zmq.options.identity, zmq.ZMQ_IDENTITY);
  assert.equal(zmq.options._ioevents, zmq.ZMQ_EVENTS);
  assert.equal(Object.keys(zmq.options).length, 28);
});

test("setsockopt/getsockopt by id, libzmq name, short name; property sugar; chaining", () => {
  const s = zmq.socket("dealer");
  try {
    assert.equal(s.getsockopt(zmq.ZMQ_BACKLOG), 100);
    assert.equal(s.setsockopt(zmq.ZMQ_BACKLOG, 75), s);
    assert.equal(s.getsockopt("backlog"), 75);
    s.backlog = 50;
    assert.equal(s.backlog, 50);
    assert.equal(s.getsockopt("ZMQ_BACKLOG"), 50);
    s.setsockopt("ZMQ_SNDHWM", 10).setsockopt("rcvhwm", 20);
    assert.equal(s.sndhwm, 10);
    assert.equal(s.getsockopt(zmq.ZMQ_RCVHWM), 20);
    // Booleans read as 0/1 and accept numbers.
    assert.equal(s.getsockopt(zmq.ZMQ_IPV6), 0);
    s.setsockopt(zmq.ZMQ_IPV6, 1);
    assert.equal(s.ipv6, 1);
    // As zeromq's v5-compat: ZMQ_IPV4ONLY reads as a boolean.
    assert.equal(s.getsockopt(zmq.ZMQ_IPV4ONLY), false);
    s.ipv4only = true;
    assert.equal(s.getsockopt("ipv6"), 0);
    s.setsockopt(zmq.ZMQ_DELAY_ATTACH_ON_CONNECT, 1);
    assert.equal(s.immediate, 1);
    // Strings: identity takes strings or Buffers, reads back as a string.
    assert.equal(s.identity, null);
    s.identity = "peer-1";
    assert.equal(s.getsockopt(zmq.ZMQ_IDENTITY), "peer-1");
    s.setsockopt("identity", Buffer.from("peer-2"));
    assert.equal(s.routing_id, "peer-2");
    assert.equal(s.last_endpoint, null);
    assert.equal(s.mechanism, 0);
    assert.equal(s._ioevents, 0);
    // Errors.
    assert.throws(() => s.getsockopt(12345), /^Error: Unknown option$/);
    assert.throws(() => s.setsockopt("no_such_option", 1), /^Error: Unknown option$/);
    assert.throws(() => s.getsockopt(zmq.ZMQ_FD), /ZMQ_FD is not supported in compatibility mode/);
    assert.throws(() => s.getsockopt("_receiveMore"), /ZMQ_RCVMORE is not supported in compatibility mode/);
    assert.throws(() => s.setsockopt(zmq.ZMQ_ROUTER_RAW, 1), /ZMQ_ROUTER_RAW is not supported/);
    // Cases zeromq's v5 setsockopt has no case for, and what its v6 socket says.
    assert.throws(() => s.setsockopt(zmq.ZMQ_LAST_ENDPOINT, "x"), /^Error: Unknown option$/);
    assert.throws(() => s.setsockopt(zmq.ZMQ_SUBSCRIBE, "x"), /this._socket.subscribe is not a function/);
    assert.throws(() => s.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1), /Cannot add property mandatory/);
    assert.throws(() => s.setsockopt(zmq.ZMQ_LINGER, "x"), TypeError);
  } finally {
    s.close();
  }
});

test("createSocket(type, options) applies options through setsockopt", () => {
  const s = zmq.socket("dealer", { linger: 0, identity: "me", sndhwm: 5, custom: 3 });
  try {
    assert.equal(s.linger, 0);
    assert.equal(s.identity, "me");
    assert.equal(s.getsockopt(zmq.ZMQ_SNDHWM), 5);
    assert.equal((s as unknown as { custom: number }).custom, 3);
  } finally {
    s.close();
  }
  assert.throws(() => zmq.socket("dealer", { linger: "soon" }), TypeError);
  assert.throws(() => zmq.socket("dealer", { close: 1 }), /"close" is not a socket option/);
});

test("sub: subscribe/unsubscribe methods and ZMQ_SUBSCRIBE", T, async (t) => {
  const skip = missingClasses("Publisher", "Subscriber");
  if (skip) return t.skip(skip);
  const pub = zmq.socket("pub");
  const sub = zmq.socket("sub");
  try {
    const ep = await bind(pub, address("inproc", "sub"));
    assert.equal(sub.subscribe("b"), sub);
    sub.setsockopt(zmq.ZMQ_SUBSCRIBE, "a");
    sub.unsubscribe("b");
    sub.connect(ep);
    const got = nextMessage(sub);
    pub.send(["b", "dropped"]);
    pub.send(["a", "kept"]);
    assert.deepEqual(await got, ["a", "kept"]);
  } finally {
    pub.close();
    sub.close();
  }
});

test("close: idempotent, closed flag, later calls throw EBADF, send callbacks get EBADF", T, async () => {
  const s = zmq.socket("dealer");
  assert.equal(s.closed, false);
  assert.equal(s.close(), s);
  assert.equal(s.closed, true);
  s.close();
  assert.throws(() => s.bind("tcp://127.0.0.1:*"), { code: "EBADF", message: "Socket is closed" });
  assert.throws(() => s.bindSync("inproc://x"), { code: "EBADF" });
  assert.throws(() => s.connect("tcp://127.0.0.1:1"), { code: "EBADF" });
  assert.throws(() => s.disconnect("tcp://127.0.0.1:1"), { code: "EBADF" });
  assert.throws(() => s.unbind("tcp://127.0.0.1:1"), { code: "EBADF" });
  const err = await new Promise<Error | undefined>((resolve) => s.send("x", 0, resolve));
  assert.equal((err as Error & { code?: string }).code, "EBADF");
  s.send("no callback: silently dropped");
});

test("close with messages still queued: their callbacks get an error, no 'error' event", T, async () => {
  const s = zmq.socket("dealer", { linger: 0 });
  const errors: Error[] = [];
  s.on("error", (e) => errors.push(e));
  s.connect("tcp://127.0.0.1:1");
  s.pause();
  const results: Array<string | undefined> = [];
  const done = new Promise<void>((resolve) => {
    const cb = (e?: Error & { code?: string }) => {
      results.push(e?.code);
      if (results.length === 2) resolve();
    };
    s.send("a", 0, cb);
    s.send("b", 0, cb);
  });
  s.send("c");
  s.close();
  await done;
  assert.deepEqual(results, ["EBADF", "EBADF"]);
  assert.deepEqual(errors, []);
});

test("close while a tcp bind is pending: the bind settles, the socket ends closed", T, async () => {
  const s = zmq.socket("dealer");
  const bound = new Promise<Error | undefined>((resolve) => s.bind("tcp://127.0.0.1:*", resolve));
  s.close();
  assert.equal(s.closed, true);
  await bound;
  assert.equal(s.closed, true);
});

test("unbindSync really unbinds (inproc), ENOENT for an unknown endpoint", T, async () => {
  const a = zmq.socket("pair");
  try {
    const ep = address("inproc", "unbind");
    a.bindSync(ep);
    assert.equal(a.unbindSync(ep), undefined);
    assert.throws(() => a.unbindSync(ep), { code: "ENOENT" });
    const err = await new Promise<Error | undefined>((resolve) => a.unbind(ep, resolve));
    assert.equal((err as Error & { code?: string }).code, "ENOENT");
    a.bindSync(ep);
  } finally {
    a.close();
  }
});

test("errors thrown by connect are synchronous", () => {
  const s = zmq.socket("dealer");
  try {
    assert.throws(() => s.connect("bogus://x"), { code: "EPROTONOSUPPORT" });
    assert.throws(() => s.connect("tcp://"), { code: "EINVAL" });
    assert.throws(() => s.disconnect("tcp://127.0.0.1:5"), { code: "ENOENT" });
  } finally {
    s.close();
  }
});
