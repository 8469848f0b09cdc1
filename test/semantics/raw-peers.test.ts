// Raw net.Socket peers speaking exact ZMTP bytes: ZMTP 3.0 peers (legacy subscription
// messages instead of SUBSCRIBE/CANCEL commands), unknown commands after the handshake, and
// heartbeat timeouts. Each scenario also runs against libzmq as the reference.
import assert from "node:assert/strict";
import { nextTurn } from "../support/waits.js";
import { both, eventsBeforeSentinel, nextEvent, strs, type Sock } from "./helpers.js";
import { ascii, command, frame, RawConn, rawServer } from "./raw.js";

const hex = (b: Buffer) => b.toString("hex");

/** Publishes `msg` until the raw subscriber reads a message frame; returns it. */
async function publishUntilRawReceives(pub: Sock, raw: RawConn, msg: unknown, also?: unknown) {
  let done = false;
  const reading = raw.readMessageFrame().finally(() => (done = true));
  while (!done) {
    if (also !== undefined) await pub.send(also);
    await pub.send(msg);
    await Promise.race([reading, nextTurn()]);
  }
  return reading;
}

for (const minor of [0, 1]) {
  const version = `3.${minor}`;
  const subscribe =
    minor === 0
      ? frame(0x00, ascii("\x01A")) // ZMTP 3.0: a message 00 02 01 'A'
      : command("SUBSCRIBE", ascii("A")); // ZMTP 3.1: 04 0a 09 "SUBSCRIBE" 'A'

  both(
    `a ZMTP ${version} subscriber's ${minor === 0 ? "legacy message" : "SUBSCRIBE command"} subscribes it at our PUB`,
    async (impl, bag) => {
      const pub = bag.make(impl.lib.Publisher);
      const raw = await RawConn.connect(await bag.bind(pub, "tcp"));
      try {
        await raw.handshake("SUB", minor);
        await raw.write(subscribe);
        const { frame: f } = await publishUntilRawReceives(pub, raw, "A-data", "B-not-subscribed");
        assert.equal(f.flags, 0x00, "a single-frame message");
        assert.equal(f.body.toString(), "A-data");
        // Multipart keeps its MORE flags.
        await pub.send(["A-multi", "part 2"]);
        let g = (await raw.readMessageFrame()).frame;
        while (g.body.toString() !== "A-multi") g = (await raw.readMessageFrame()).frame;
        assert.equal(g.flags, 0x01);
        const h = (await raw.readMessageFrame()).frame;
        assert.deepEqual([h.flags, h.body.toString()], [0x00, "part 2"]);
      } finally {
        raw.destroy();
      }
    },
  );

  both(
    `our SUB sends a ZMTP ${version} publisher its subscriptions as ${minor === 0 ? "legacy messages" : "SUBSCRIBE/CANCEL commands"}`,
    async (impl, bag) => {
      const server = await rawServer();
      try {
        const sub = bag.make(impl.lib.Subscriber);
        sub.subscribe("A");
        sub.connect(server.endpoint);
        const raw = await server.accepted();
        const receiving = sub.receive(); // keeps a libzmq SUB processing its pipes
        await raw.handshake("PUB", minor);
        const first = await raw.readFrame();
        const expected = (sub: boolean, topic: string) =>
          minor === 0
            ? { flags: 0x00, body: hex(Buffer.concat([Buffer.from([sub ? 1 : 0]), ascii(topic)])) }
            : {
                flags: 0x04,
                body: hex(
                  Buffer.concat([Buffer.from([sub ? 9 : 6]), ascii(sub ? "SUBSCRIBE" : "CANCEL"), ascii(topic)]),
                ),
              };
        assert.deepEqual({ flags: first.flags, body: hex(first.body) }, expected(true, "A"));
        // Later subscriptions and cancels on the live connection, in the same form.
        sub.subscribe("B");
        const second = await raw.readFrame();
        assert.deepEqual({ flags: second.flags, body: hex(second.body) }, expected(true, "B"));
        sub.unsubscribe("B");
        const third = await raw.readFrame();
        assert.deepEqual({ flags: third.flags, body: hex(third.body) }, expected(false, "B"));
        // And the publisher's data reaches the SUB.
        await raw.write(frame(0x00, ascii("A-hello")));
        assert.deepEqual(strs(await receiving), ["A-hello"]);
      } finally {
        server.close();
      }
    },
  );
}

// libzmq 4.3.5 marks only a SUB's own (setsockopt) subscriptions as subscribe/cancel
// messages, which its 3.1 encoder turns into commands; what an XSUB application sends
// (`\x01topic`) is recorded and forwarded as is, i.e. as a data frame even to a 3.1 peer.
both("an XSUB's own subscription messages are forwarded as data frames, as libzmq does", async (impl, bag) => {
  const server = await rawServer();
  try {
    const xsub = bag.make(impl.lib.XSubscriber);
    xsub.connect(server.endpoint);
    const raw = await server.accepted();
    await raw.handshake("PUB", 1);
    await xsub.send(Buffer.from("\x01T"));
    const f = await raw.readFrame();
    assert.deepEqual([f.flags, f.body.toString("latin1")], [0x00, "\x01T"]);
    await xsub.send(Buffer.from("\x00T"));
    const c = await raw.readFrame();
    assert.deepEqual([c.flags, c.body.toString("latin1")], [0x00, "\x00T"]);
    // Anything else an XSUB sends is passed on as data.
    await xsub.send(["\x02other", "x"]);
    const g = await raw.readFrame();
    assert.deepEqual([g.flags, g.body.toString("latin1")], [0x01, "\x02other"]);
  } finally {
    server.close();
  }
});

both("unknown commands after the handshake are ignored; the connection carries on", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const events = dealer.events;
  const raw = await RawConn.connect(await bag.bind(dealer, "tcp"));
  try {
    await raw.handshake("DEALER");
    await raw.write(command("FOOBAR", ascii("whatever")));
    await raw.write(frame(0x06, Buffer.concat([Buffer.from([7]), ascii("UNKNOWN"), Buffer.alloc(300, 1)]))); // long form
    await raw.write(command("READY")); // a second READY after the handshake is dropped too
    await raw.write(frame(0x01, ascii("hello")));
    await raw.write(frame(0x00, ascii("world")));
    assert.deepEqual(strs(await dealer.receive()), ["hello", "world"]);
    await dealer.send("reply");
    const f = (await raw.readMessageFrame()).frame;
    assert.equal(f.body.toString(), "reply");
    await nextEvent({ events }, "handshake");
    assert.deepEqual(await eventsBeforeSentinel(dealer), [], "no further events");
    assert.equal(raw.isClosed, false);
  } finally {
    raw.destroy();
  }
});

both("a PING from the peer is answered with a PONG echoing its context", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const raw = await RawConn.connect(await bag.bind(dealer, "tcp"));
  try {
    await raw.handshake("DEALER");
    const receiving = dealer.receive(); // (libzmq: keep the socket busy; PONGs come from its I/O thread anyway)
    await raw.write(command("PING", Buffer.concat([Buffer.from([0, 0]), ascii("ctx-123")])));
    const f = await raw.readFrame();
    assert.ok(f.command);
    assert.equal(f.body.toString("latin1"), "\x04PONGctx-123");
    await raw.write(frame(0x00, ascii("done")));
    assert.deepEqual(strs(await receiving), ["done"]);
  } finally {
    raw.destroy();
  }
});

both("heartbeat timeout: a peer that never answers PINGs is dropped (disconnect event)", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer, { heartbeatInterval: 100, heartbeatTimeout: 300 });
  const events = dealer.events;
  const raw = await RawConn.connect(await bag.bind(dealer, "tcp"));
  try {
    await raw.handshake("DEALER");
    const handshakeAt = Date.now();
    // The peer reads (and collects) what we send but never answers.
    const pings: Buffer[] = [];
    const reading = (async () => {
      try {
        for (;;) {
          const f = await raw.readFrame();
          if (f.command) pings.push(f.body);
        }
      } catch {
        // connection closed by our side
      }
    })();
    const seen: string[] = [];
    await nextEvent({ events }, "disconnect", seen);
    const after = Date.now() - handshakeAt;
    assert.ok(after >= 250, `dropped ${after} ms after the handshake (timeout is 300 ms after the first PING)`);
    assert.ok(seen.includes("handshake"), seen.join(", "));
    await raw.closed;
    await reading;
    assert.ok(pings.length >= 1, "at least one PING was sent");
    // libzmq's PING: 04 "PING" + TTL (2 bytes, 0 here) and no context.
    assert.equal(
      pings[0]!.toString("hex"),
      Buffer.concat([Buffer.from([4]), ascii("PING"), Buffer.from([0, 0])]).toString("hex"),
    );
  } finally {
    raw.destroy();
  }
});

both("heartbeats: a peer that answers PINGs stays connected", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer, { heartbeatInterval: 50, heartbeatTimeout: 150 });
  const events = dealer.events;
  const raw = await RawConn.connect(await bag.bind(dealer, "tcp"));
  try {
    await raw.handshake("DEALER");
    // The clock is the socket's own PINGs, one per interval: six answered PINGs span twice the
    // heartbeat timeout, which a peer that did not answer would not have survived.
    let pongs = 0;
    let enough!: () => void;
    const answeredEnough = new Promise<void>((resolve) => (enough = resolve));
    const answering = (async () => {
      try {
        for (;;) {
          const f = await raw.readFrame();
          if (f.command && f.body.toString("latin1", 1, 5) === "PING") {
            await raw.write(command("PONG"));
            if (++pongs === 6) enough();
          }
        }
      } catch {
        // closed at the end of the test
      }
    })();
    await answeredEnough;
    await nextEvent({ events }, "handshake");
    assert.deepEqual(await eventsBeforeSentinel(dealer), [], "no disconnect");
    assert.equal(dealer.readable, false, "PINGs and PONGs never surface as messages");
    assert.equal(raw.isClosed, false);
    raw.destroy();
    await answering;
  } finally {
    raw.destroy();
  }
});

both("heartbeat TTL: a peer's PING with TTL makes us drop it when it falls silent", async (impl, bag) => {
  const dealer = bag.make(impl.lib.Dealer);
  const events = dealer.events;
  const raw = await RawConn.connect(await bag.bind(dealer, "tcp"));
  try {
    await raw.handshake("DEALER");
    // TTL 3 deciseconds: silence for 300 ms afterwards ends the connection.
    const sentAt = Date.now();
    await raw.write(command("PING", Buffer.from([0, 3])));
    await nextEvent({ events }, "disconnect");
    assert.ok(Date.now() - sentAt >= 250, `dropped after ${Date.now() - sentAt} ms`);
  } finally {
    raw.destroy();
  }
});
