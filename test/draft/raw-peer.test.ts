// Raw ZMTP peers writing exact bytes at zmtp's draft sockets: the JOIN/LEAVE commands (their
// bytes, the RADIO's multimap, re-JOIN after a reconnect), the RADIO→DISH frames, what a DISH
// refuses, oversized groups (libzmq 4.3.5 aborts the process on them; zmtp drops that
// connection with DISCONNECTED and serves the others), ZMTP 3.0 greetings, and the single-frame
// rule of SERVER. Facts: docs/draft-facts.md §6, §10.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Dish, Radio, Server } from "../../src/draft.js";
import { eventsBeforeSentinel, nextEvent } from "../semantics/helpers.js";
import { RawConn, ascii, command, frame, greeting, rawServer, ready } from "../semantics/raw.js";
import { withBag, type Sock } from "../support/sockets.js";
import { nextTurn } from "../support/waits.js";

const TIMEOUT = { timeout: 15_000 };
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const join = (g: string | Buffer) => command("JOIN", typeof g === "string" ? ascii(g) : g);
const leave = (g: string | Buffer) => command("LEAVE", typeof g === "string" ? ascii(g) : g);

/** READY as libzmq's draft sockets send it: Socket-Type only, never an Identity. */
function readyOf(type: string): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(type.length);
  return Buffer.concat([hex("05"), ascii("READY"), hex("0b"), ascii("Socket-Type"), len, ascii(type)]);
}

/** The wire form of a RADIO message: group frame with MORE, then the body. */
const radioMessage = (group: string, body: string) =>
  Buffer.concat([frame(0x01, ascii(group)), frame(0x00, ascii(body))]);

let fences = 0;

/**
 * Sends probes to `group` until the raw DISH sees one, then a fence, and reads past it: from
 * then on the RADIO has applied every command the raw peer wrote before.
 */
async function rawJoined(radio: Radio, raw: RawConn, group: string): Promise<void> {
  while (raw.unread === 0) {
    await radio.send("probe", { group });
    await nextTurn();
  }
  const fence = `fence-${++fences}`;
  await radio.send(fence, { group });
  for (;;) {
    const g = await raw.readFrame();
    const body = await raw.readFrame();
    assert.deepEqual([g.more, body.more], [true, false], "group frame with MORE, then the body");
    if (body.body.toString() === fence) return;
  }
}

for (const minor of [1, 0]) {
  test(
    `RADIO ← raw DISH (ZMTP 3.${minor}): READY, exact frames, JOIN twice needs LEAVE twice, LEAVE of nothing ignored`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const radio = bag.add(new Radio({ linger: 0 }));
        radio.setStringOption(5, "ignored id");
        const raw = await RawConn.connect(await bag.bind(radio as unknown as Sock, "tcp"));
        bag.add({ close: () => raw.destroy() });
        assert.deepEqual(await raw.handshake("DISH", minor), readyOf("RADIO"));
        await raw.write(Buffer.concat([join("g"), join("g"), leave("never joined")]));
        await rawJoined(radio, raw, "g");
        await radio.send("hello", { group: "g" });
        assert.deepEqual(await raw.read(10), hex("01 01 67 00 05 68656c6c6f"));
        // One LEAVE of two JOINs: still a member (and the message comes once).
        await raw.write(Buffer.concat([leave("g"), join("h")]));
        await rawJoined(radio, raw, "h");
        await radio.send("still", { group: "g" });
        await radio.send("h", { group: "h" });
        assert.deepEqual(await raw.read(radioMessage("g", "still").length), radioMessage("g", "still"));
        assert.deepEqual(await raw.read(radioMessage("h", "h").length), radioMessage("h", "h"));
        // The second LEAVE ends it; data frames from a DISH are ignored.
        await raw.write(Buffer.concat([leave("g"), frame(0, ascii("data from a dish")), join("i")]));
        await rawJoined(radio, raw, "i");
        await radio.send("gone", { group: "g" });
        await radio.send("i", { group: "i" });
        assert.deepEqual(await raw.read(radioMessage("i", "i").length), radioMessage("i", "i"));
      }),
  );
}

for (const name of ["JOIN", "LEAVE"] as const) {
  test(
    `RADIO: a ${name} with a group over 255 bytes drops that connection (DISCONNECTED), others are served`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const radio = bag.add(new Radio({ linger: 0 }));
        const endpoint = await bag.bind(radio, "tcp");
        const bystander = await RawConn.connect(endpoint);
        const bad = await RawConn.connect(endpoint);
        for (const r of [bystander, bad]) bag.add({ close: () => r.destroy() });
        await bystander.handshake("DISH");
        await bad.handshake("DISH");
        // 255 bytes is the limit (a long command frame), and fine.
        const longest = "x".repeat(255);
        await bystander.write(Buffer.concat([join(longest), join("g")]));
        await rawJoined(radio, bystander, "g");
        const seen: string[] = [];
        const dropped = nextEvent(radio, "disconnect", seen);
        await bad.write(name === "JOIN" ? join("y".repeat(256)) : leave("y".repeat(256)));
        await bad.closed;
        await dropped;
        await radio.send("for the longest group", { group: longest });
        const g = await bystander.readFrame();
        const body = await bystander.readFrame();
        assert.deepEqual([g.body.length, body.body.toString()], [255, "for the longest group"]);
      }),
  );
}

test("RADIO: a JOIN too short for its name is ignored; the connection stays", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const radio = bag.add(new Radio({ linger: 0 }));
    const raw = await RawConn.connect(await bag.bind(radio as unknown as Sock, "tcp"));
    bag.add({ close: () => raw.destroy() });
    await raw.handshake("DISH");
    // name-length 4 but only "JOI" follows; then an empty-group JOIN (valid).
    await raw.write(Buffer.concat([frame(0x04, Buffer.concat([hex("04"), ascii("JOI")])), join("")]));
    await rawJoined(radio, raw, "");
    assert.equal(raw.isClosed, false);
  }),
);

for (const minor of [1, 0]) {
  test(
    `DISH → raw RADIO (ZMTP 3.${minor}): READY, JOINs in byte order, join/leave bytes, the full set again after a reconnect`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const srv = await rawServer();
        bag.add(srv);
        const dish = bag.add(new Dish({ linger: 0, reconnectInterval: 10 }));
        dish.join("b", "a");
        dish.connect(srv.endpoint);
        const c1 = await srv.accepted();
        assert.deepEqual(await c1.handshake("RADIO", minor), readyOf("DISH"));
        // JOINs are commands whatever the peer's version (libzmq has no 3.0 form for them).
        assert.deepEqual(await c1.read(16), Buffer.concat([join("a"), join("b")]));
        dish.join("later");
        assert.deepEqual(await c1.read(12), hex("04 0a 04 4a 4f 49 4e 6c 61 74 65 72"));
        dish.leave("b");
        assert.deepEqual(await c1.read(9), hex("04 07 05 4c 45 41 56 45 62"));
        // Messages: only joined groups are delivered.
        await c1.write(Buffer.concat([radioMessage("b", "left"), radioMessage("a", "kept")]));
        const [body, meta] = await dish.receive();
        assert.deepEqual([body.toString(), meta.group.toString()], ["kept", "a"]);
        // Reconnect: calls made meanwhile are not replayed, the whole set is sent again.
        const disconnected = nextEvent(dish, "disconnect");
        c1.destroy();
        await disconnected;
        dish.leave("a");
        dish.join("c");
        const c2 = await srv.accepted();
        await c2.handshake("RADIO", minor);
        assert.deepEqual(await c2.read(20), Buffer.concat([join("c"), join("later")]));
        dish.join("z");
        assert.deepEqual(await c2.read(8), join("z"), "nothing else came before");
      }),
  );
}

test("DISH: PING is answered; a frame that is not group+body drops the connection (DISCONNECTED)", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const srv = await rawServer();
    bag.add(srv);
    const dish = bag.add(new Dish({ linger: 0 }));
    dish.join("g");
    dish.connect(srv.endpoint);
    const raw = await srv.accepted();
    await raw.handshake("RADIO");
    assert.deepEqual(await raw.read(8), join("g"));
    // libzmq's DISH drops the connection on any command, PING included; zmtp answers it.
    await raw.write(command("PING", hex("0000 6374")));
    const pong = await raw.readFrame();
    assert.deepEqual([pong.command, pong.body], [true, Buffer.concat([hex("04"), ascii("PONG"), ascii("ct")])]);
    const dropped = nextEvent(dish, "disconnect");
    await raw.write(frame(0x00, ascii("g")));
    await raw.closed;
    await dropped;
  }),
);

for (const [what, bytes] of [
  ["a group over 255 bytes", Buffer.concat([frame(0x01, Buffer.alloc(256, 0x61)), frame(0, ascii("x"))])],
  ["three frames", Buffer.concat([frame(0x01, ascii("g")), frame(0x01, ascii("x")), frame(0, ascii("y"))])],
] as const) {
  test(`DISH: ${what} drops the connection`, TIMEOUT, (t) =>
    withBag(t, async (bag) => {
      const srv = await rawServer();
      bag.add(srv);
      const dish = bag.add(new Dish({ linger: 0 }));
      dish.connect(srv.endpoint);
      const raw = await srv.accepted();
      await raw.handshake("RADIO");
      const dropped = nextEvent(dish, "disconnect");
      await raw.write(bytes);
      await raw.closed;
      await dropped;
      assert.equal(dish.readable, false);
    }),
  );
}

for (const minor of [1, 0]) {
  test(
    `SERVER ← raw CLIENT (ZMTP 3.${minor}): READY has no Identity; a multipart message is dropped whole`,
    TIMEOUT,
    (t) =>
      withBag(t, async (bag) => {
        const server = bag.add(new Server({ linger: 0, receiveTimeout: 5000 }));
        server.setStringOption(5, "not sent");
        const raw = await RawConn.connect(await bag.bind(server as unknown as Sock, "tcp"));
        bag.add({ close: () => raw.destroy() });
        assert.deepEqual(await raw.handshake("CLIENT", minor), readyOf("SERVER"));
        await raw.write(
          Buffer.concat([frame(0x01, ascii("part 1")), frame(0, ascii("part 2")), frame(0, ascii("single"))]),
        );
        const [body, { routingId }] = await server.receive();
        assert.equal(body.toString(), "single");
        await server.send("reply", { routingId });
        assert.deepEqual(await raw.read(7), Buffer.concat([frame(0, ascii("reply"))]));
      }),
  );
}

test("SERVER: a peer announcing another type is refused without a handshake event", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const server = bag.add(new Server({ linger: 0 }));
    const raw = await RawConn.connect(await bag.bind(server as unknown as Sock, "tcp"));
    bag.add({ close: () => raw.destroy() });
    const seen: string[] = [];
    const dropped = nextEvent(server, "disconnect", seen);
    await raw.write(greeting());
    await raw.readGreeting();
    await raw.write(ready("DEALER"));
    await dropped;
    assert.ok(!seen.includes("handshake"), seen.join(", "));
    assert.deepEqual(await eventsBeforeSentinel(server as unknown as Sock), []);
  }),
);
