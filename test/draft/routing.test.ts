// Draft routing behaviour over real connections, each on zmtp and, where the binding has the
// classes, again on libzmq as the control: SERVER routing ids across reconnects and departures,
// SERVER waiting at HWM, RADIO lossy and NODROP, groups after a RADIO restart, GATHER/SCATTER's
// immediate and (ignored) conflate, CHANNEL's one peer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextEvent } from "../semantics/helpers.js";
import { withBag } from "../support/sockets.js";
import { turnsUntil } from "../support/waits.js";
import { make, untilJoined, type ImplName } from "./helpers.js";

const TIMEOUT = { timeout: 20_000 };
const IMPLS: readonly ImplName[] = ["zmtp", "libzmq"];
type Routed = [Buffer, { routingId: number }];

for (const impl of IMPLS) {
  test(
    `${impl}: a connecting SERVER keeps a peer's routing id across a reconnect; sends to it queue meanwhile`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const client1 = make(bag, impl, "Client", { receiveTimeout: 10_000 });
        const endpoint = await bag.bind(client1, "tcp");
        const server = make(bag, impl, "Server", { receiveTimeout: 10_000, reconnectInterval: 10 });
        server.connect(endpoint);
        await client1.send("first");
        const [, { routingId }] = (await server.receive()) as unknown as Routed;
        const away = nextEvent(server as never, "disconnect");
        client1.close();
        await away;
        await server.send("queued while away", { routingId });
        const client2 = make(bag, impl, "Client", { receiveTimeout: 10_000 });
        await client2.bind(endpoint);
        assert.deepEqual((await client2.receive()).map(String), ["queued while away"]);
        await client2.send("second");
        const [body, meta] = (await server.receive()) as unknown as Routed;
        assert.deepEqual([body.toString(), meta.routingId], ["second", routingId]);
      }),
  );

  test(`${impl}: CLIENT round-robins over its servers; SERVER fair-queues its clients`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const servers = [0, 1].map(() => make(bag, impl, "Server", { receiveTimeout: 10_000 }));
      const client = make(bag, impl, "Client", { receiveTimeout: 10_000 });
      for (const s of servers) client.connect(await bag.bind(s, "inproc"));
      for (let i = 0; i < 4; i++) await client.send(`c${i}`);
      const got = await Promise.all(servers.map(async (s) => [await s.receive(), await s.receive()]));
      assert.deepEqual(
        got
          .flat()
          .map((m) => String(m[0]))
          .sort(),
        ["c0", "c1", "c2", "c3"],
        "two each",
      );
      const server = servers[0]!;
      const clients = [0, 1].map(() => make(bag, impl, "Client"));
      const endpoint = await bag.bind(server, "inproc");
      for (const c of clients) c.connect(endpoint);
      for (const [i, c] of clients.entries()) for (let k = 0; k < 3; k++) await c.send(`from ${i}`);
      const order: string[] = [];
      for (let k = 0; k < 6; k++) order.push(String((await server.receive())[0]));
      assert.deepEqual(order.slice(0, 4).sort(), ["from 0", "from 0", "from 1", "from 1"], order.join(", "));
    }),
  );

  test(
    `${impl}: SERVER at a peer's HWM: the send waits (EAGAIN with sendTimeout 0), nothing is dropped`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const server = make(bag, impl, "Server", { sendHighWaterMark: 1, sendTimeout: 0 });
        const client = make(bag, impl, "Client", { receiveHighWaterMark: 1, receiveTimeout: 10_000 });
        client.connect(await bag.bind(server, "inproc"));
        await client.send("hi");
        const [, { routingId }] = (await server.receive()) as unknown as Routed;
        await server.send("1", { routingId });
        await server.send("2", { routingId });
        await assert.rejects(server.send("3", { routingId }), { code: "EAGAIN" });
        assert.deepEqual((await client.receive()).map(String), ["1"]);
        assert.deepEqual((await client.receive()).map(String), ["2"]);
      }),
  );

  test(`${impl}: RADIO drops for a full DISH: every send succeeds, SNDHWM + RCVHWM arrive`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const radio = make(bag, impl, "Radio", { sendHighWaterMark: 2, sendTimeout: 0 });
      const dish = make(bag, impl, "Dish", { receiveHighWaterMark: 2, receiveTimeout: 10_000 });
      const endpoint = await bag.bind(radio, "inproc");
      dish.join("g");
      dish.connect(endpoint);
      // libzmq applies the JOIN when the RADIO is next used; asking for its events is a use.
      assert.equal(radio.writable, true);
      for (let i = 0; i < 50; i++) await radio.send(String(i), { group: "g" });
      const got: string[] = [];
      while (dish.readable) got.push(String((await dish.receive())[0]));
      assert.deepEqual(got, ["0", "1", "2", "3"]);
    }),
  );

  test(`${impl}: GATHER/SCATTER: conflate is accepted and ignored, immediate as PUSH`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const gather = make(bag, impl, "Gather", { conflate: true, receiveTimeout: 10_000 });
      const scatter = make(bag, impl, "Scatter", { conflate: true });
      scatter.connect(await bag.bind(gather, "inproc"));
      const sent = ["1", "2", "3", "4", "5"];
      for (const m of sent) await scatter.send(m);
      const got: string[] = [];
      for (let i = 0; i < sent.length; i++) got.push(String((await gather.receive())[0]));
      assert.deepEqual(got, sent);
      // Nobody listens there: without immediate the message is queued, with it there is no pipe.
      const nowhere = `tcp://127.0.0.1:${1 + (process.pid % 1000)}`;
      const queued = make(bag, impl, "Scatter", { sendTimeout: 0 });
      queued.connect(nowhere);
      await queued.send("queued");
      const refused = make(bag, impl, "Scatter", { sendTimeout: 0, immediate: true });
      refused.connect(nowhere);
      await assert.rejects(refused.send("refused"), { code: "EAGAIN" });
    }),
  );
}

for (const [radioImpl, dishImpl] of [
  ["zmtp", "zmtp"],
  ["libzmq", "zmtp"],
  ["zmtp", "libzmq"],
] as const) {
  test(
    `Radio=${radioImpl} Dish=${dishImpl}: groups joined and left while the RADIO was gone apply after the reconnect`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const radio1 = make(bag, radioImpl, "Radio");
        const endpoint = await bag.bind(radio1, "tcp");
        const dish = make(bag, dishImpl, "Dish", { receiveTimeout: 10_000, reconnectInterval: 10 });
        dish.connect(endpoint);
        dish.join("a", "b");
        await untilJoined(radio1, dish, "b");
        // libzmq closes a listener on its I/O thread after close() returns: rebinding at once
        // was EADDRINUSE under load. Unbind and wait for the listener's CLOSED first.
        const listenerClosed = nextEvent(radio1 as never, "close");
        await radio1.unbind(endpoint);
        await listenerClosed;
        radio1.close();
        dish.leave("b");
        dish.join("c");
        const radio2 = make(bag, radioImpl, "Radio");
        await radio2.bind(endpoint);
        await untilJoined(radio2, dish, "c");
        await radio2.send("to b", { group: "b" });
        await radio2.send("to a", { group: "a" });
        const [body, meta] = (await dish.receive()) as unknown as [Buffer, { group: Buffer }];
        assert.deepEqual([body.toString(), meta.group.toString()], ["to a", "a"]);
      }),
  );
}

test("zmtp: RADIO with ZMQ_XPUB_NODROP: a send waits (EAGAIN) while a joined DISH is full", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const radio = make(bag, "zmtp", "Radio", { sendHighWaterMark: 2, sendTimeout: 0 });
    radio.setBoolOption(69, true);
    const dish = make(bag, "zmtp", "Dish", { receiveHighWaterMark: 2 });
    const endpoint = await bag.bind(radio, "inproc");
    dish.join("g");
    dish.connect(endpoint);
    for (let i = 0; i < 4; i++) await radio.send(String(i), { group: "g" });
    await assert.rejects(radio.send("full", { group: "g" }), { code: "EAGAIN" });
    await radio.send("nobody joined this group", { group: "other" });
    await dish.receive();
    await dish.receive();
    await radio.send("room again", { group: "g" });
  }),
);

test("zmtp: a bound SERVER: a departed peer's id is EHOSTUNREACH, its last messages still carry it", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const server = make(bag, "zmtp", "Server", { receiveTimeout: 10_000 });
    const client = make(bag, "zmtp", "Client");
    client.connect(await bag.bind(server, "tcp"));
    await client.send("hello");
    const [, { routingId }] = (await server.receive()) as unknown as Routed;
    const gone = nextEvent(server as never, "disconnect");
    await client.send("last words");
    await turnsUntil(() => server.readable);
    client.close();
    await gone;
    await assert.rejects(server.send("too late", { routingId }), { code: "EHOSTUNREACH" });
    const [body, lastMeta] = (await server.receive()) as unknown as Routed;
    assert.deepEqual([body.toString(), lastMeta.routingId], ["last words", routingId]);
    // A reconnecting client is a new peer with a new id.
    const again = make(bag, "zmtp", "Client");
    again.connect(server.lastEndpoint!);
    await again.send("new");
    const [, meta] = (await server.receive()) as unknown as Routed;
    assert.notEqual(meta.routingId, routingId);
  }),
);

test("zmtp: CHANNEL takes one peer; a second completes its handshake and is ignored, as libzmq", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const a = make(bag, "zmtp", "Channel", { receiveTimeout: 10_000 });
    const endpoint = await bag.bind(a, "tcp");
    const b = make(bag, "zmtp", "Channel", { receiveTimeout: 10_000 });
    b.connect(endpoint);
    await b.send("from b");
    assert.deepEqual((await a.receive()).map(String), ["from b"]);
    const c = make(bag, "zmtp", "Channel", { sendTimeout: 0 });
    const shaken = nextEvent(c as never, "handshake");
    c.connect(endpoint);
    await shaken;
    await c.send("from c, dropped");
    await b.send("from b again");
    assert.deepEqual((await a.receive()).map(String), ["from b again"]);
    await a.send("to b");
    assert.deepEqual((await b.receive()).map(String), ["to b"]);
    assert.equal(c.readable, false);
  }),
);
