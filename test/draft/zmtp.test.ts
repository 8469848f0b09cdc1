// zmtp↔zmtp for all nine draft types on every transport each can use:
//   pair × transport (tcp, ipc, inproc; udp for RADIO/DISH and DGRAM) × (which role binds)
// with the same exchanges as the libzmq interop matrix, plus PEER and CHANNEL, which the
// binding lacks, and PEERs connecting to each other.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withBag, type Transport } from "../support/sockets.js";
import { EXCHANGES, ZMTP_ONLY_EXCHANGES, receiving } from "./exchanges.js";
import { freeUdpPort, make, untilJoined } from "./helpers.js";

const TIMEOUT = { timeout: 20_000 };

for (const ex of [...EXCHANGES, ...ZMTP_ONLY_EXCHANGES]) {
  for (const transport of ["tcp", "ipc", "inproc"] as const satisfies readonly Transport[]) {
    for (const aBinds of [true, false]) {
      const role = (binds: boolean) => (binds ? "bind" : "connect");
      test(`${ex.name} ${transport}: ${ex.a}(${role(aBinds)}) ${ex.b}(${role(!aBinds)})`, TIMEOUT, (t) =>
        withBag(t, async (bag) => {
          const a = make(bag, "zmtp", ex.a, receiving(ex.a));
          const b = make(bag, "zmtp", ex.b, receiving(ex.b));
          const [binder, connecter] = aBinds ? [a, b] : [b, a];
          const returned: unknown = connecter.connect(await bag.bind(binder, transport));
          await ex.run(a, b, { by: aBinds ? "b" : "a", returned });
        }),
      );
      // inproc lets the connect come first.
      if (transport === "inproc" && !aBinds) {
        test(`${ex.name} inproc, connect before bind`, TIMEOUT, (t) =>
          withBag(t, async (bag) => {
            const a = make(bag, "zmtp", ex.a, receiving(ex.a));
            const b = make(bag, "zmtp", ex.b, receiving(ex.b));
            const endpoint = bag.endpoint("inproc");
            const returned: unknown = a.connect(endpoint);
            await b.bind(endpoint);
            await ex.run(a, b, { by: "a", returned });
          }),
        );
      }
    }
  }
}

for (const multicast of [false, true]) {
  test(`RADIO→DISH udp ${multicast ? "multicast" : "unicast"}`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const endpoint = `udp://${multicast ? "239.0.0.92" : "127.0.0.1"}:${await freeUdpPort()}`;
      const dish = make(bag, "zmtp", "Dish", { receiveTimeout: 10_000 });
      await dish.bind(endpoint);
      dish.join("g", "");
      const radio = make(bag, "zmtp", "Radio");
      radio.connect(endpoint);
      assert.equal(radio.lastEndpoint, endpoint.slice("udp://".length));
      await untilJoined(radio, dish, "g");
      await radio.send("skipped", { group: "h" });
      await radio.send("empty group", { group: "" });
      const [body, meta] = (await dish.receive()) as unknown as [Buffer, { group: Buffer }];
      assert.deepEqual([body.toString(), meta.group.length], ["empty group", 0]);
    }),
  );
}

test("DGRAM↔DGRAM udp", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const [pa, pb] = [await freeUdpPort(), await freeUdpPort()];
    const a = make(bag, "zmtp", "Datagram", { receiveTimeout: 10_000 });
    const b = make(bag, "zmtp", "Datagram", { receiveTimeout: 10_000 });
    await a.bind(`udp://127.0.0.1:${pa}`);
    await b.bind(`udp://127.0.0.1:${pb}`);
    // zmtp's bind resolves once the udp socket is bound: the first datagram is not lost.
    await a.send([`127.0.0.1:${pb}`, "ping"]);
    const [from, body] = await b.receive();
    assert.deepEqual([String(from), String(body)], [`127.0.0.1:${pa}\0`, "ping"]);
    await b.send([from, "pong"]);
    assert.deepEqual((await a.receive()).map(String), [`127.0.0.1:${pb}\0`, "pong"]);
  }),
);

for (const transport of ["tcp", "ipc", "inproc"] as const) {
  test(
    `PEER↔PEER ${transport}: both bind and connect to each other, each addressing the other by its connect id`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const a = make(bag, "zmtp", "Peer", { receiveTimeout: 10_000 });
        const b = make(bag, "zmtp", "Peer", { receiveTimeout: 10_000 });
        const aEndpoint = await bag.bind(a, transport);
        const bEndpoint = await bag.bind(b, transport);
        const aToB: unknown = a.connect(bEndpoint);
        const bToA: unknown = b.connect(aEndpoint);
        assert.ok(typeof aToB === "number" && aToB > 0 && typeof bToA === "number" && bToA > 0, "connect returns ids");
        await a.send("from a", { routingId: aToB });
        await b.send("from b", { routingId: bToA });
        const [atB, metaAtB] = (await b.receive()) as unknown as [Buffer, { routingId: number }];
        const [atA] = (await a.receive()) as unknown as [Buffer, { routingId: number }];
        assert.deepEqual([atB.toString(), atA.toString()], ["from a", "from b"]);
        // Each arrived on the connection the other side made, which has its own id here.
        assert.notEqual(metaAtB.routingId, bToA);
        await b.send("reply", { routingId: metaAtB.routingId });
        const [reply, replyMeta] = (await a.receive()) as unknown as [Buffer, { routingId: number }];
        assert.deepEqual([reply.toString(), replyMeta.routingId], ["reply", aToB]);
      }),
  );
}
