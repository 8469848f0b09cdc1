/** v5-compat over the other socket types: req/rep, router/dealer, xpub/xsub, stream, proxy. */
import assert from "node:assert/strict";
import { connect as netConnect } from "node:net";
import { test } from "node:test";
import * as zmq from "../../src/v5-compat.js";
import { address, bind, missingClasses, next, nextMessage } from "./helpers.js";

const T = { timeout: 10000 };

for (const transport of ["tcp", "inproc"] as const) {
  test(`${transport}: req/rep, three request/reply rounds`, T, async (t) => {
    const skip = missingClasses("Request", "Reply");
    if (skip) return t.skip(skip);
    const rep = zmq.socket("rep");
    const req = zmq.socket("req");
    try {
      rep.on("message", (msg) => rep.send(`world:${String(msg)}`));
      const ep = await bind(rep, address(transport, "reqrep"));
      req.connect(ep);
      for (let i = 0; i < 3; i++) {
        const got = nextMessage(req);
        req.send(`hello${i}`);
        assert.deepEqual(await got, [`world:hello${i}`]);
      }
    } finally {
      rep.close();
      req.close();
    }
  });
}

test("router/dealer: identity routes replies; ZMQ_ROUTER_MANDATORY fails the send callback", T, async (t) => {
  const skip = missingClasses("Router", "Dealer");
  if (skip) return t.skip(skip);
  const router = zmq.socket("router");
  const dealer = zmq.socket("dealer", { identity: "D1" });
  try {
    const ep = await bind(router, "tcp://127.0.0.1:*");
    dealer.connect(ep);
    const got = nextMessage(router);
    dealer.send("hi");
    assert.deepEqual(await got, ["D1", "hi"]);
    const back = nextMessage(dealer);
    router.send(["D1", "back"]);
    assert.deepEqual(await back, ["back"]);
    router.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1);
    const err = await new Promise<Error | undefined>((resolve) => router.send(["nobody", "x"], null, resolve));
    assert.equal((err as Error & { code?: string }).code, "EHOSTUNREACH");
  } finally {
    router.close();
    dealer.close();
  }
});

test("xpub/xsub: subscription messages reach xpub, data reaches xsub", T, async (t) => {
  const skip = missingClasses("XPublisher", "XSubscriber");
  if (skip) return t.skip(skip);
  const xpub = zmq.socket("xpub");
  const xsub = zmq.socket("xsub");
  try {
    const ep = await bind(xpub, "tcp://127.0.0.1:*");
    xsub.connect(ep);
    const sub = next(xpub, "message");
    xsub.send(Buffer.from("\x01topic"));
    assert.deepEqual((await sub).map(String), ["\x01topic"]);
    const data = nextMessage(xsub);
    xpub.send(["other", "dropped"]);
    xpub.send(["topic", "data"]);
    assert.deepEqual(await data, ["topic", "data"]);
  } finally {
    xpub.close();
    xsub.close();
  }
});

test("stream: a raw TCP client's connect notification and data arrive as [id, data]", T, async (t) => {
  const skip = missingClasses("Stream");
  if (skip) return t.skip(skip);
  const stream = zmq.socket("stream");
  const ep = await bind(stream, "tcp://127.0.0.1:*");
  const client = netConnect(Number(ep.split(":").pop()), "127.0.0.1");
  try {
    const [id, empty] = await next(stream, "message");
    assert.ok(id && id.length > 0);
    assert.equal(empty?.length, 0);
    const data = next(stream, "message");
    client.write("GET /");
    const [id2, payload] = await data;
    assert.deepEqual(id2, id);
    assert.equal(String(payload), "GET /");
    const reply = new Promise<string>((resolve) => client.once("data", (d) => resolve(String(d))));
    stream.send([id, "HTTP/1.0 200 OK\r\n"]);
    assert.equal(await reply, "HTTP/1.0 200 OK\r\n");
  } finally {
    client.destroy();
    stream.close();
  }
});

test(
  "proxy push/pull with capture: what the backend receives is forwarded and copied to the capture socket",
  T,
  async (t) => {
    const skip = missingClasses("Push", "Pull");
    if (skip) return t.skip(skip);
    // As zeromq's v5 proxy: only backend → frontend traffic is captured (here the backend pulls).
    const frontend = zmq.socket("push");
    const backend = zmq.socket("pull");
    const capture = zmq.socket("push");
    const producer = zmq.socket("push");
    const worker = zmq.socket("pull");
    const collector = zmq.socket("pull");
    try {
      const fe = await bind(frontend, address("inproc", "proxy-fe"));
      const be = await bind(backend, address("inproc", "proxy-be"));
      const ce = await bind(collector, address("inproc", "proxy-cap"));
      capture.connect(ce);
      zmq.proxy(frontend, backend, capture);
      producer.connect(be);
      worker.connect(fe);
      const work = nextMessage(worker);
      const copy = nextMessage(collector);
      producer.send(["job", "1"]);
      assert.deepEqual(await work, ["job", "1"]);
      assert.deepEqual(await copy, ["job", "1"]);
    } finally {
      for (const s of [frontend, backend, capture, producer, worker, collector]) s.close();
    }
  },
);

test("proxy router/dealer (xrep/xreq): req ↔ proxy ↔ rep round trip, capture sees the replies", T, async (t) => {
  const skip = missingClasses("Router", "Dealer", "Request", "Reply", "Pull");
  if (skip) return t.skip(skip);
  const frontend = zmq.socket("xrep");
  const backend = zmq.socket("xreq");
  const capture = zmq.socket("push");
  const collector = zmq.socket("pull");
  const req = zmq.socket("req");
  const rep = zmq.socket("rep");
  try {
    const fe = await bind(frontend, "tcp://127.0.0.1:*");
    const be = await bind(backend, "tcp://127.0.0.1:*");
    const ce = await bind(collector, address("inproc", "proxy-cap2"));
    capture.connect(ce);
    zmq.proxy(frontend, backend, capture);
    rep.on("message", (m) => rep.send(`re:${String(m)}`));
    rep.connect(be);
    req.connect(fe);
    const copy = nextMessage(collector);
    const reply = nextMessage(req);
    req.send("ping");
    assert.deepEqual(await reply, ["re:ping"]);
    // The reply without its routing envelope; requests are not captured.
    assert.deepEqual(await copy, ["re:ping"]);
  } finally {
    for (const s of [frontend, backend, capture, collector, req, rep]) s.close();
  }
});

test("proxy refuses unsupported type orders", () => {
  const a = zmq.socket("dealer");
  const b = zmq.socket("router");
  try {
    assert.throws(() => zmq.proxy(a, b), /This socket type order is not supported in compatibility mode/);
  } finally {
    a.close();
    b.close();
  }
});
