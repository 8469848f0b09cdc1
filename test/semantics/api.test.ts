// The zeromq v6 API contract (reference §1.4): EBUSY for a second concurrent send/receive,
// EBADF after close, pending operations rejected with EAGAIN on close, async iteration ending
// on close, timeouts, the 512-streak event-loop yield, option defaults and raw accessors, and
// Router.connect(addr, {routingId}). Each runs on ours and on the native binding as control,
// except our own yield every MiB moved, which the binding (with an I/O thread) has no need of.
import assert from "node:assert/strict";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { settledNow } from "../support/waits.js";
import { both, nextEvent, rejectsCode, strs, throwsCode } from "./helpers.js";

both("EBUSY: a second send while one is pending throws synchronously", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer); // no peer: the first send waits
  const first = dealer.send("one");
  first.catch(() => {});
  let err: { code?: string; message?: string } | undefined;
  try {
    dealer.send("two").catch(() => {});
  } catch (e) {
    err = e as typeof err;
  }
  assert.equal(err?.code, "EBUSY");
  assert.equal(err?.message, "Socket is busy writing; only one send operation may be in progress at any time");
  dealer.close();
  assert.equal(await rejectsCode(first), "EAGAIN");
});

both("EBUSY: a second receive while one is pending throws synchronously", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const first = dealer.receive();
  first.catch(() => {});
  let err: { code?: string; message?: string } | undefined;
  try {
    dealer.receive().catch(() => {});
  } catch (e) {
    err = e as typeof err;
  }
  assert.equal(err?.code, "EBUSY");
  assert.equal(err?.message, "Socket is busy reading; only one receive operation may be in progress at any time");
  dealer.close();
  assert.equal(await rejectsCode(first), "EAGAIN");
});

both("EBADF: every operation on a closed socket throws synchronously", (impl, bag) => {
  const s = bag.make(impl.lib.Dealer);
  s.close();
  assert.equal(s.closed, true);
  s.close(); // idempotent
  const ops: Record<string, () => unknown> = {
    send: () => s.send("x"),
    receive: () => s.receive(),
    connect: () => s.connect("tcp://127.0.0.1:5555"),
    disconnect: () => s.disconnect("tcp://127.0.0.1:5555"),
    bind: () => s.bind("tcp://127.0.0.1:*"),
    unbind: () => s.unbind("tcp://127.0.0.1:5555"),
  };
  const codes: Record<string, string> = {};
  for (const [name, op] of Object.entries(ops)) codes[name] = throwsCode(op, name);
  assert.deepEqual(codes, {
    send: "EBADF",
    receive: "EBADF",
    connect: "EBADF",
    disconnect: "EBADF",
    bind: "EBADF",
    unbind: "EBADF",
  });
  assert.equal(
    throwsCode(() => s.events),
    "ENOTSOCK",
  );
});

both("EBUSY: while a bind is pending, other operations throw synchronously", async (impl, bag) => {
  const s = bag.make(impl.lib.Dealer);
  const binding = s.bind("tcp://127.0.0.1:*");
  const codes = {
    bind: throwsCode(() => s.bind("tcp://127.0.0.1:*"), "bind"),
    send: throwsCode(() => s.send("x"), "send"),
    connect: throwsCode(() => s.connect("tcp://127.0.0.1:5555"), "connect"),
  };
  await binding;
  assert.deepEqual(codes, { bind: "EBUSY", send: "EBUSY", connect: "EBUSY" });
});

both("close rejects a pending receive and a pending send with EAGAIN", async (impl, bag) => {
  const a = bag.make(impl.lib.Dealer);
  const r = a.receive();
  const b = bag.make(impl.lib.Dealer);
  const s = b.send("nobody to take this");
  a.close();
  b.close();
  const [rc, sc] = await Promise.all([rejectsCode(r), rejectsCode(s)]);
  assert.deepEqual([rc, sc], ["EAGAIN", "EAGAIN"]);
});

both("async iteration yields messages and ends when the socket is closed", async (impl, bag) => {
  const pull = bag.make(impl.lib.Pull);
  const push = bag.make(impl.lib.Push);
  push.connect(await bag.bind(pull, "inproc"));
  for (let i = 0; i < 3; i++) await push.send(["m", String(i)]);
  const got: string[][] = [];
  const iterating = (async () => {
    for await (const msg of pull as unknown as AsyncIterable<Buffer[]>) {
      got.push(strs(msg));
      if (got.length === 3) setImmediate(() => pull.close()); // close while the next receive waits
    }
    return "ended";
  })();
  assert.equal(await iterating, "ended");
  assert.deepEqual(got, [
    ["m", "0"],
    ["m", "1"],
    ["m", "2"],
  ]);
});

both("receiveTimeout / sendTimeout: EAGAIN after the timeout; 0 tries once", async (impl, bag) => {
  const d = bag.make(impl.lib.Dealer, { receiveTimeout: 100, sendTimeout: 100 });
  let t0 = Date.now();
  assert.equal(await rejectsCode(d.receive()), "EAGAIN");
  assert.ok(Date.now() - t0 >= 90, `receive waited ${Date.now() - t0} ms`);
  t0 = Date.now();
  assert.equal(await rejectsCode(d.send("x")), "EAGAIN");
  assert.ok(Date.now() - t0 >= 90, `send waited ${Date.now() - t0} ms`);
  d.receiveTimeout = 0;
  d.sendTimeout = 0;
  // Tried once: answered within the same turn of the event loop, no timer involved.
  const code = (p: Promise<unknown>) =>
    settledNow(
      p.then(
        () => "resolved",
        (e: { code?: string }) => e.code,
      ),
    );
  assert.equal(await code(d.receive()), "EAGAIN");
  assert.equal(await code(d.send("x")), "EAGAIN");
  // The error carries the binding's message.
  try {
    await d.receive();
  } catch (err) {
    assert.equal((err as Error).message, "Operation was not possible or timed out");
  }
});

// The binding resolves at most 512 operations in a row synchronously, then defers the next
// one to the check phase (like setImmediate), so the event loop turns at least every 512
// operations. Counted with a setImmediate chain, which runs once per loop turn: a
// setInterval(0) also needs 1 ms to have elapsed, which fast sends do not always take (the
// binding itself sometimes gets only 2 interval ticks in 2500 sends).
both("a long run of sends and receives that complete at once still lets the event loop turn", async (impl, bag) => {
  for (const transport of ["inproc", "tcp"] as const) {
    const pull = bag.make(impl.lib.Pull, { receiveHighWaterMark: 0 });
    const push = bag.make(impl.lib.Push, { sendHighWaterMark: 0 });
    push.connect(await bag.bind(pull, transport));
    let turns = 0;
    let intervals = 0;
    let running = true;
    const chain = () => {
      turns++;
      if (running) setImmediate(chain);
    };
    const timer = setInterval(() => intervals++, 0);
    try {
      setImmediate(chain);
      for (let i = 0; i < 2500; i++) await push.send("x");
      assert.ok(
        turns >= 3,
        `${transport}: the event loop turned ${turns} times during 2500 sends (${intervals} interval ticks)`,
      );
      turns = 0;
      intervals = 0;
      for (let i = 0; i < 2500; i++) await pull.receive();
      assert.ok(
        turns >= 3,
        `${transport}: the event loop turned ${turns} times during 2500 receives (${intervals} interval ticks)`,
      );
    } finally {
      running = false;
      clearInterval(timer);
    }
  }
});

// Ours also yields once such a run has moved 1 MiB: one event loop writes every connection's
// output, and a run of 64 KiB sends otherwise queued 32 MiB before any of it went out. The
// binding has no such need (its I/O thread writes meanwhile), so no libzmq control: it turns
// once per 512 operations whatever their size.
both(
  "a run of large sends or receives that complete at once lets the event loop turn every MiB",
  async (impl, bag) => {
    const size = 256 * 1024;
    const count = 48; // 12 MiB: at least 11 turns at one per MiB, none at one per 512 operations
    for (const transport of ["inproc", "tcp"] as const) {
      const pull = bag.make(impl.lib.Pull, { receiveHighWaterMark: 0 });
      const push = bag.make(impl.lib.Push, { sendHighWaterMark: 0 });
      push.connect(await bag.bind(pull, transport));
      // A first message makes sure the connection is up, so no send below waits for a peer.
      await push.send("up");
      assert.deepEqual(strs(await pull.receive()), ["up"]);
      let turns = 0;
      let running = true;
      const chain = () => {
        turns++;
        if (running) setImmediate(chain);
      };
      try {
        setImmediate(chain);
        const body = Buffer.alloc(size, 7);
        for (let i = 0; i < count; i++) await push.send(body);
        assert.ok(turns >= 10, `${transport}: the event loop turned ${turns} times during ${count} sends of 256 KiB`);
        if (transport === "inproc") {
          // Every message is queued already: no receive below waits, so only the yield turns the loop.
          turns = 0;
          for (let i = 0; i < count; i++) assert.equal((await pull.receive())[0]!.length, size);
          assert.ok(turns >= 10, `inproc: the event loop turned ${turns} times during ${count} receives of 256 KiB`);
        } else {
          for (let i = 0; i < count; i++) await pull.receive();
        }
      } finally {
        running = false;
      }
    }
  },
  { control: false },
);

// ---- options ---------------------------------------------------------------------------

/** Option properties every socket has, with libzmq 4.3.5's defaults (reference §1.6). */
const COMMON_DEFAULTS: Record<string, unknown> = {
  affinity: 0,
  linger: -1,
  reconnectInterval: 100,
  backlog: 100,
  reconnectMaxInterval: 0,
  maxMessageSize: -1,
  tcpKeepalive: -1,
  tcpKeepaliveCount: -1,
  tcpKeepaliveIdle: -1,
  tcpKeepaliveInterval: -1,
  immediate: false,
  ipv6: false,
  securityMechanism: null,
  zapDomain: null,
  typeOfService: 0,
  handshakeInterval: 30000,
  heartbeatInterval: 0,
  heartbeatTimeToLive: 0,
  heartbeatTimeout: -1,
  connectTimeout: 0,
  lastEndpoint: null,
};
const READ_DEFAULTS = { receiveHighWaterMark: 1000, receiveTimeout: -1, receiveBufferSize: -1 };
const WRITE_DEFAULTS = { sendHighWaterMark: 1000, sendTimeout: -1, sendBufferSize: -1 };

const CLASSES = {
  Pair: "rw",
  Publisher: "w",
  Subscriber: "r",
  Request: "rw",
  Reply: "rw",
  Dealer: "rw",
  Router: "rw",
  Pull: "r",
  Push: "w",
  XPublisher: "rw",
  XSubscriber: "rw",
} as const;
const TYPE_NUMBER = {
  Pair: 0,
  Publisher: 1,
  Subscriber: 2,
  Request: 3,
  Reply: 4,
  Dealer: 5,
  Router: 6,
  Pull: 7,
  Push: 8,
  XPublisher: 9,
  XSubscriber: 10,
} as const;

both("option defaults are libzmq's, on every socket class", (impl, bag) => {
  for (const [cls, dir] of Object.entries(CLASSES)) {
    const s = bag.make(impl.lib[cls as keyof typeof CLASSES], {});
    s.linger = -1; // (the Bag sets 0)
    const want: Record<string, unknown> = {
      ...COMMON_DEFAULTS,
      ...(dir.includes("r") ? READ_DEFAULTS : {}),
      ...(dir.includes("w") ? WRITE_DEFAULTS : {}),
    };
    const got: Record<string, unknown> = {};
    for (const k of Object.keys(want)) got[k] = s[k];
    assert.deepEqual(got, want, cls);
    assert.equal(s.type, TYPE_NUMBER[cls as keyof typeof CLASSES], `${cls}.type`);
    s.linger = 0;
  }
});

both("send options exist only on sockets that send, receive options only on sockets that receive", (impl, bag) => {
  const present = (cls: keyof typeof CLASSES) => {
    const s = bag.make(impl.lib[cls]);
    return {
      send: ["sendHighWaterMark", "sendTimeout", "sendBufferSize"].filter((k) => k in s),
      receive: ["receiveHighWaterMark", "receiveTimeout", "receiveBufferSize"].filter((k) => k in s),
    };
  };
  assert.deepEqual(present("Pull"), {
    send: [],
    receive: ["receiveHighWaterMark", "receiveTimeout", "receiveBufferSize"],
  });
  assert.deepEqual(present("Subscriber").send, []);
  assert.deepEqual(present("Push"), { send: ["sendHighWaterMark", "sendTimeout", "sendBufferSize"], receive: [] });
  assert.deepEqual(present("Publisher").receive, []);
  // So setting one fails like any unknown option (the socket is sealed; the constructor
  // would throw the same, after creating the socket).
  const pull = bag.make(impl.lib.Pull);
  assert.throws(() => {
    (pull as Record<string, unknown>).sendHighWaterMark = 5;
  }, TypeError);
});

both("raw accessors read and write the same options as the properties", async (impl, bag) => {
  const d = bag.make(impl.lib.Dealer);
  assert.equal(d.getInt32Option(17), d.linger);
  assert.equal(d.getInt32Option(17), 0);
  d.setInt32Option(17, 250);
  assert.equal(d.linger, 250);
  d.linger = 0;
  assert.equal(d.getInt32Option(23), 1000); // ZMQ_SNDHWM
  d.setInt32Option(24, 7); // ZMQ_RCVHWM
  assert.equal(d.receiveHighWaterMark, 7);
  assert.equal(d.getInt32Option(16), 5); // ZMQ_TYPE
  assert.equal(d.getInt32Option(19), 100); // ZMQ_BACKLOG
  assert.equal(d.getInt64Option(22), -1); // ZMQ_MAXMSGSIZE
  d.setInt64Option(22, 4096);
  assert.equal(d.maxMessageSize, 4096);
  assert.equal(d.getBoolOption(39), false); // ZMQ_IMMEDIATE
  d.setBoolOption(39, true);
  assert.equal(d.immediate, true);
  assert.equal(d.getStringOption(5), null); // ZMQ_ROUTING_ID
  d.setStringOption(5, "my-id");
  assert.equal(d.routingId, "my-id");
  assert.equal(d.getStringOption(5), "my-id");
  assert.equal(d.getStringOption(32), null); // ZMQ_LAST_ENDPOINT
  const ep = await bag.bind(d, "tcp");
  assert.equal(d.getStringOption(32), ep);
  assert.equal(d.lastEndpoint, ep);
});

both("option setters validate their values", (impl, bag) => {
  const d = bag.make(impl.lib.Dealer);
  assert.throws(() => (d.linger = "100" as unknown as number), {
    name: "TypeError",
    message: "Option value must be a number",
  });
  assert.throws(() => (d.immediate = 1 as unknown as boolean), {
    name: "TypeError",
    message: "Option value must be a boolean",
  });
  assert.throws(
    () => (d.linger = -2),
    (err: { code?: string }) => err.code === "EINVAL",
  );
  assert.throws(() => ((d as unknown as Record<string, unknown>).noSuchOption = 1), TypeError);
  assert.throws(() => ((d as unknown as { securityMechanism: unknown }).securityMechanism = "plain"), TypeError);
});

both("Router.connect(addr, {routingId}): the peer is addressable by that id at once", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const address = await bag.bind(dealer, "tcp");
  const router = bag.make(impl.lib.Router);
  router.connect(address, { routingId: "d-1" });
  // Queued for the peer before the connection is even up (the id is known locally).
  await router.send(["d-1", "hello"]);
  assert.deepEqual(strs(await dealer.receive()), ["hello"]);
  await dealer.send("back");
  assert.deepEqual(strs(await router.receive()), ["d-1", "back"]);
});

both("Router.connect(addr, {routingId}) with mandatory: no EHOSTUNREACH right after connect", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const address = await bag.bind(dealer, "ipc");
  const router = bag.make(impl.lib.Router, { mandatory: true });
  router.connect(address, { routingId: "d-2" });
  await router.send(["d-2", "hello"]);
  assert.deepEqual(strs(await dealer.receive()), ["hello"]);
});

both("Router.connect(addr, {routingId}): the id applies to that connect only", async (impl, bag) => {
  const a = bag.make(impl.lib.Router, { routingId: "A" });
  const b = bag.make(impl.lib.Router, { routingId: "B" });
  const router = bag.make(impl.lib.Router, { routingId: "me" });
  const events = router.events; // libzmq records only from the first access
  router.connect(await bag.bind(a, "tcp"), { routingId: "first" });
  router.connect(await bag.bind(b, "tcp")); // the id is the peer's own: "B"
  await router.send(["first", "to a"]);
  assert.deepEqual(strs(await a.receive()), ["me", "to a"]);
  // "B" becomes known only with the handshake.
  await nextEvent({ events }, "handshake");
  await nextEvent({ events }, "handshake");
  router.mandatory = true;
  await router.send(["B", "to b"]);
  assert.deepEqual(strs(await b.receive()), ["me", "to b"]);
});

both("outgoing values are converted like the binding does", async (impl, bag) => {
  const pull = bag.make(impl.lib.Pull);
  const push = bag.make(impl.lib.Push);
  push.connect(await bag.bind(pull, "inproc"));
  await push.send([null, 16.19, true, "ü", new Uint8Array([1, 2]), new Uint16Array([0x0102]).buffer] as unknown[]);
  const m = await pull.receive();
  assert.deepEqual(
    m.map((b) => b.toString("hex")),
    ["", Buffer.from("16.19").toString("hex"), Buffer.from("true").toString("hex"), "c3bc", "0102", "0201"],
  );
  for (const f of m) assert.ok(Buffer.isBuffer(f));
});

// Sanity: the two libraries export the same socket classes.
both(
  "the root module exports the binding's socket classes",
  () => {
    for (const cls of Object.keys(CLASSES)) {
      assert.equal(typeof (zmtp as Record<string, unknown>)[cls], "function", cls);
      assert.equal(typeof (zmq as Record<string, unknown>)[cls], "function", cls);
    }
  },
  { control: false },
);
