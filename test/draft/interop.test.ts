// Interop with libzmq (through the binding's `zeromq/draft`) for every pair the binding has:
//   pair × transport × (which role binds) × (which implementation plays which role)
// SERVER↔CLIENT, RADIO↔DISH and SCATTER→GATHER over tcp and ipc; RADIO→DISH over udp (unicast
// and multicast) and DGRAM↔DGRAM over udp, each implementation on each side. Test names read
// e.g. "SERVER↔CLIENT tcp: Server=zmtp(bind) Client=libzmq(connect)".
import assert from "node:assert/strict";
import { test } from "node:test";
import { withBag, type Transport } from "../support/sockets.js";
import { EXCHANGES, receiving } from "./exchanges.js";
import { freeUdpPort, make, untilJoined, type DraftClass, type ImplName } from "./helpers.js";

const TIMEOUT = { timeout: 20_000 };

const IMPL_ORDERS: ReadonlyArray<readonly [ImplName, ImplName]> = [
  ["zmtp", "libzmq"],
  ["libzmq", "zmtp"],
];

for (const ex of EXCHANGES) {
  for (const transport of ["tcp", "ipc"] as const satisfies readonly Transport[]) {
    for (const aBinds of [true, false]) {
      for (const [aImpl, bImpl] of IMPL_ORDERS) {
        const role = (cls: DraftClass, impl: ImplName, binds: boolean) =>
          `${cls}=${impl}(${binds ? "bind" : "connect"})`;
        const name = `${ex.name} ${transport}: ${role(ex.a, aImpl, aBinds)} ${role(ex.b, bImpl, !aBinds)}`;
        test(name, TIMEOUT, (t) =>
          withBag(t, async (bag) => {
            const a = make(bag, aImpl, ex.a, receiving(ex.a));
            const b = make(bag, bImpl, ex.b, receiving(ex.b));
            const [binder, connecter] = aBinds ? [a, b] : [b, a];
            const returned: unknown = connecter.connect(await bag.bind(binder, transport));
            await ex.run(a, b, { by: aBinds ? "b" : "a", returned });
          }),
        );
      }
    }
  }
}

// ---- udp ----

for (const [radioImpl, dishImpl] of IMPL_ORDERS) {
  for (const multicast of [false, true]) {
    const host = multicast ? "239.0.0.91" : "127.0.0.1";
    test(
      `RADIO→DISH udp ${multicast ? "multicast" : "unicast"}: Radio=${radioImpl}(connect) Dish=${dishImpl}(bind)`,
      TIMEOUT,
      (t) =>
        withBag(t, async (bag) => {
          const endpoint = `udp://${host}:${await freeUdpPort()}`;
          const dish = make(bag, dishImpl, "Dish", { receiveTimeout: 10_000 });
          await dish.bind(endpoint);
          assert.equal(dish.lastEndpoint, endpoint.slice("udp://".length), "lastEndpoint as given, without udp://");
          dish.join("g");
          const radio = make(bag, radioImpl, "Radio");
          radio.connect(endpoint);
          await untilJoined(radio, dish, "g");
          // A udp RADIO sends every group; the DISH filters.
          await radio.send("other group", { group: "x" });
          await radio.send("", { group: "g" });
          await radio.send("body", { group: "g" });
          const got = [await dish.receive(), await dish.receive()] as unknown as Array<[Buffer, { group: Buffer }]>;
          assert.deepEqual(
            got.map(([b, m]) => [b.toString(), m.group.toString()]),
            [
              ["", "g"],
              ["body", "g"],
            ],
          );
        }),
    );
  }
}

for (const [aImpl, bImpl] of IMPL_ORDERS) {
  test(`DGRAM↔DGRAM udp: ${aImpl}(bind) sends first to ${bImpl}(bind)`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const [pa, pb] = [await freeUdpPort(), await freeUdpPort()];
      const a = make(bag, aImpl, "Datagram", { receiveTimeout: 10_000 });
      const b = make(bag, bImpl, "Datagram", { receiveTimeout: 10_000 });
      await a.bind(`udp://127.0.0.1:${pa}`);
      await b.bind(`udp://127.0.0.1:${pb}`);
      // libzmq opens its udp socket after bind() returns: repeat until the first datagram lands.
      let arrived = false;
      const first = b.receive().then((m) => {
        arrived = true;
        return m;
      });
      while (!arrived) {
        await a.send([`127.0.0.1:${pb}`, "ping"]);
        await new Promise((r) => setImmediate(r));
      }
      const [from, body] = await first;
      assert.equal(String(from), `127.0.0.1:${pa}\0`, "sender address with libzmq's trailing NUL");
      assert.equal(String(body), "ping");
      // Reply to the address frame as received (NUL included), as libzmq programs do.
      await b.send([from, "pong"]);
      let reply: unknown[];
      do reply = await a.receive();
      while (String(reply[1]) === "ping");
      assert.deepEqual(reply.map(String), [`127.0.0.1:${pb}\0`, "pong"]);
    }),
  );
}
