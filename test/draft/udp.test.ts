// udp:// from the outside: raw datagrams at a DISH and a DGRAM socket (every malformed or
// oversized one is dropped and the socket goes on; libzmq 4.3.5 aborts on a length byte >= 0x80
// and delivers oversized datagrams truncated), and what a RADIO and a DGRAM socket refuse to
// send (libzmq overruns its 8192-byte buffer). Ordering checks stand in for absence checks: on
// loopback, datagrams from one socket arrive in order.
import assert from "node:assert/strict";
import { createSocket, type Socket as DgramSocket } from "node:dgram";
import { test } from "node:test";
import { withBag } from "../support/sockets.js";
import { Datagram, Dish } from "../../src/draft.js";
import { freeUdpPort, make, untilJoined } from "./helpers.js";

const TIMEOUT = { timeout: 15_000 };

async function rawUdp(): Promise<DgramSocket & { close(): void }> {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  return s;
}

function sendTo(s: DgramSocket, port: number, datagram: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    s.send(datagram, port, "127.0.0.1", (err) => (err ? reject(err) : resolve())),
  );
}

const groupDatagram = (group: Buffer, body: string) =>
  Buffer.concat([Buffer.from([group.length]), group, Buffer.from(body)]);

test("DISH on udp: bad datagrams are dropped; a 255-byte group (length byte 0xff) is read unsigned", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const port = await freeUdpPort();
    const dish = bag.add(new Dish({ linger: 0, receiveTimeout: 10_000 }));
    await dish.bind(`udp://127.0.0.1:${port}`);
    const longest = Buffer.alloc(255, 0x6c);
    dish.join("g", longest);
    const raw = bag.add(await rawUdp());
    for (const bad of [
      Buffer.alloc(0), // empty
      Buffer.from([0x80]), // libzmq 4.3.5 aborts here (signed length byte)
      Buffer.from([0xc8, 0x61]), // length overruns the datagram
      Buffer.from([0x05, 0x61, 0x62]),
      groupDatagram(Buffer.from("g"), "x".repeat(8191)), // 8193 bytes: over libzmq's 8192
      groupDatagram(Buffer.from("not joined"), "skipped"),
    ]) {
      await sendTo(raw, port, bad);
    }
    await sendTo(raw, port, groupDatagram(longest, "long group"));
    await sendTo(raw, port, groupDatagram(Buffer.from("g"), "x".repeat(8190)));
    await sendTo(raw, port, Buffer.from([0x01, 0x67]));
    const [b1, m1] = await dish.receive();
    assert.deepEqual([b1.toString(), m1.group.length], ["long group", 255]);
    const [b2] = await dish.receive();
    assert.equal(b2.length, 8190, "8192 bytes in all is the largest datagram");
    const [b3, m3] = await dish.receive();
    assert.deepEqual([b3.length, m3.group.toString()], [0, "g"]);
  }),
);

test(
  "DGRAM on udp: datagrams over 8192 bytes are dropped both ways; bad addresses are dropped; a second bind is unused",
  TIMEOUT,
  (t) =>
    withBag(t, async (bag) => {
      const [port, second] = [await freeUdpPort(), await freeUdpPort()];
      const dgram = bag.add(new Datagram({ linger: 0, receiveTimeout: 10_000 }));
      await dgram.bind(`udp://127.0.0.1:${port}`);
      await dgram.bind(`udp://127.0.0.1:${second}`);
      const raw = bag.add(await rawUdp());
      const rawPort = raw.address().port;
      const received: Buffer[] = [];
      raw.on("message", (m: Buffer) => received.push(m));
      await sendTo(raw, second, Buffer.from("to the second endpoint"));
      await sendTo(raw, port, Buffer.alloc(8193, 0x61));
      await sendTo(raw, port, Buffer.alloc(8192, 0x62));
      const [from, body] = await dgram.receive();
      assert.deepEqual([String(from), body.length, body[0]], [`127.0.0.1:${rawPort}\0`, 8192, 0x62]);
      // Sends libzmq drops (and one it would overrun its buffer with) resolve and go nowhere.
      for (const address of ["localhost:" + rawPort, `127.0.0.1:0`, `127.0.0.1`, `[::1]:${rawPort}`, "1.2.3:4"]) {
        await dgram.send([address, "dropped"]);
      }
      await dgram.send([`127.0.0.1:${rawPort}`, Buffer.alloc(8193)]);
      // libzmq's port parsing: C atoi, so junk after the digits is ignored and 16 bits are kept.
      await dgram.send([`127.0.0.1:${rawPort + 65536}junk`, "first"]);
      await dgram.send([from, "second"]);
      const arrived = await new Promise<string[]>((resolve) => {
        const check = () => (received.length >= 2 ? resolve(received.map(String)) : setImmediate(check));
        check();
      });
      assert.deepEqual(arrived, ["first", "second"]);
    }),
);

test("RADIO: a message too big for a datagram skips the udp pipe, tcp DISHes still get it", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const port = await freeUdpPort();
    const udpDish = make(bag, "zmtp", "Dish", { receiveTimeout: 10_000 });
    await udpDish.bind(`udp://127.0.0.1:${port}`);
    udpDish.join("g", "u");
    const tcpDish = make(bag, "zmtp", "Dish", { receiveTimeout: 10_000 });
    const endpoint = await bag.bind(tcpDish, "tcp");
    tcpDish.join("g", "t");
    const radio = make(bag, "zmtp", "Radio");
    radio.connect(`udp://127.0.0.1:${port}`);
    radio.connect(endpoint);
    // Each DISH is synchronised on a group only it joined, so no probe is left for the other.
    await untilJoined(radio, udpDish, "u");
    await untilJoined(radio, tcpDish, "t");
    await radio.send("x".repeat(8191), { group: "g" }); // 1 + 1 + 8191 > 8192
    await radio.send("fits", { group: "g" });
    assert.equal((await tcpDish.receive())[0]!.length, 8191);
    assert.equal(String((await tcpDish.receive())[0]), "fits");
    assert.equal(String((await udpDish.receive())[0]), "fits");
  }),
);

test("udp endpoints: unbind and disconnect stop them; close releases the port", TIMEOUT, (t) =>
  withBag(t, async (bag) => {
    const port = await freeUdpPort();
    const endpoint = `udp://127.0.0.1:${port}`;
    const dish = make(bag, "zmtp", "Dish", { receiveTimeout: 10_000 });
    await dish.bind(endpoint);
    dish.join("g");
    const radio = make(bag, "zmtp", "Radio");
    radio.connect(endpoint);
    await untilJoined(radio, dish, "g");
    radio.disconnect(endpoint);
    await dish.unbind(endpoint);
    await assert.rejects(dish.unbind(endpoint), { code: "ENOENT" });
    // The port is free again: a plain socket can bind it without SO_REUSEADDR.
    const probe = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.bind(port, "127.0.0.1", resolve);
    });
    probe.close();
    dish.close();
  }),
);
