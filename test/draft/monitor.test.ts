// Monitor events of the draft types: the usual connection events over tcp and ipc on
// socket.events, watch() (which also names the peer's socket type) and connectionStats();
// none over inproc, and none at all over udp, as libzmq.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Datagram } from "../../src/draft.js";
import { connectionStats, watch } from "../../src/monitor.js";
import { until } from "../monitor/helpers.js";
import { eventsBeforeSentinel, nextEvent } from "../semantics/helpers.js";
import { withBag } from "../support/sockets.js";
import { EXCHANGES, ZMTP_ONLY_EXCHANGES, receiving } from "./exchanges.js";
import { freeUdpPort, make, untilJoined } from "./helpers.js";

const TIMEOUT = { timeout: 15_000 };
const WIRE_NAMES: Record<string, string> = {
  Server: "SERVER",
  Client: "CLIENT",
  Radio: "RADIO",
  Dish: "DISH",
  Scatter: "SCATTER",
  Gather: "GATHER",
  Peer: "PEER",
  Channel: "CHANNEL",
};

for (const ex of [...EXCHANGES, ...ZMTP_ONLY_EXCHANGES]) {
  for (const transport of ["tcp", "ipc"] as const) {
    test(`${ex.name} ${transport}: socket.events, watch() and connectionStats()`, TIMEOUT, (t) =>
      withBag(t, async (bag) => {
        const a = make(bag, "zmtp", ex.a, receiving(ex.a));
        const b = make(bag, "zmtp", ex.b, receiving(ex.b));
        const watcher = watch(a as never);
        const aSeen: string[] = [];
        const bSeen: string[] = [];
        const aShaken = nextEvent(a as never, "handshake", aSeen);
        const bShaken = nextEvent(b as never, "handshake", bSeen);
        const endpoint = await bag.bind(a, transport);
        const returned: unknown = b.connect(endpoint);
        await Promise.all([aShaken, bShaken]);
        assert.deepEqual(aSeen, ["bind", "accept", "handshake"]);
        assert.deepEqual(
          bSeen.filter((e) => e !== "connect:delay"),
          ["connect", "handshake"],
        );
        const shaken = (await until(watcher, "HANDSHAKE_SUCCEEDED")).at(-1)!;
        assert.equal(shaken.type === "HANDSHAKE_SUCCEEDED" && shaken.peerSocketType, WIRE_NAMES[ex.b]);
        const stats = connectionStats(a as never);
        assert.equal(stats.length, 1);
        assert.equal(stats[0]!.local.startsWith(`${transport}://`), true, JSON.stringify(stats));
        await ex.run(a, b, { by: "b", returned });
        const gone = nextEvent(a as never, "disconnect");
        b.close();
        await gone;
      }),
    );
  }
}

test("inproc: no events on either side", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const server = make(bag, "zmtp", "Server", { receiveTimeout: 10_000 });
    const client = make(bag, "zmtp", "Client");
    client.connect(await bag.bind(server, "inproc"));
    await client.send("x");
    await server.receive();
    assert.deepEqual(await eventsBeforeSentinel(server), []);
    assert.deepEqual(await eventsBeforeSentinel(client), []);
    assert.equal(connectionStats(server as never).length, 1);
  }),
);

test("udp: no monitor events at all (RADIO connect, DISH bind, DGRAM), as libzmq", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const endpoint = `udp://127.0.0.1:${await freeUdpPort()}`;
    const dish = make(bag, "zmtp", "Dish", { receiveTimeout: 10_000 });
    const dishWatch = watch(dish as never);
    await dish.bind(endpoint);
    dish.join("g");
    const radio = make(bag, "zmtp", "Radio");
    radio.connect(endpoint);
    await untilJoined(radio, dish, "g");
    assert.deepEqual(await eventsBeforeSentinel(dish), []);
    assert.deepEqual(await eventsBeforeSentinel(radio), []);
    assert.equal((await dishWatch.next())?.type, "LISTENING", "the sentinel's bind is the first event");
    assert.deepEqual(
      connectionStats(dish as never).map((s) => [s.local, s.remote]),
      [["", ""]],
      "a udp endpoint is one pipe without a connection",
    );
    const dgram = bag.add(new Datagram({ linger: 0 }));
    const dgramWatch = watch(dgram);
    await dgram.bind(`udp://127.0.0.1:${await freeUdpPort()}`);
    await dgram.send([`127.0.0.1:9`, "x"]);
    dgram.close();
    assert.deepEqual(
      (await until(dgramWatch, "MONITOR_STOPPED")).map((e) => e.type),
      ["MONITOR_STOPPED"],
    );
  }),
);
