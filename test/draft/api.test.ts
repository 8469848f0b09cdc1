// The draft classes' API behaviour, run against both implementations wherever the binding has
// the class, so every expectation is libzmq's: argument checks (thrown) and routing errors
// (rejected) of send, join/leave, options, transports and udp addresses.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmtpDraft from "../../src/draft.js";
import { withBag } from "../support/sockets.js";
import { draftClass, freeUdpPort, make, type DraftClass, type ImplName } from "./helpers.js";

const IMPLS: readonly ImplName[] = ["zmtp", "libzmq"];
const BINDING_CLASSES: readonly DraftClass[] = ["Server", "Client", "Radio", "Dish", "Gather", "Scatter", "Datagram"];
const TYPES: Record<DraftClass, number> = {
  Server: 12,
  Client: 13,
  Radio: 14,
  Dish: 15,
  Gather: 16,
  Scatter: 17,
  Datagram: 18,
  Peer: 19,
  Channel: 20,
};

const EINVAL = { code: "EINVAL", errno: 22, message: "Invalid argument" };
const ENOCOMPATPROTO = { code: "ENOCOMPATPROTO", message: "The protocol is not compatible with the socket type" };

for (const impl of IMPLS) {
  const classes = impl === "zmtp" ? (Object.keys(TYPES) as DraftClass[]) : BINDING_CLASSES;

  test(`${impl}: type numbers, threadSafe (all but Datagram), Dish linger 0 by default`, (t) =>
    withBag(t, (bag) => {
      for (const cls of classes) {
        const Cls = draftClass(impl, cls);
        const s = bag.add(new Cls());
        assert.equal(s.type, TYPES[cls], `${cls} type`);
        assert.equal(s.threadSafe, cls !== "Datagram", `${cls} threadSafe`);
        assert.equal(s.linger, cls === "Dish" ? 0 : -1, `${cls} linger`);
        s.linger = 0;
      }
      return Promise.resolve();
    }));

  test(`${impl}: Server.send checks its options like the binding`, (t) =>
    withBag(t, async (bag) => {
      const server = make(bag, impl, "Server", { sendTimeout: 0 });
      const send = (m: unknown, o?: unknown) => server.send(m, o as object);
      assert.throws(() => send("x"), { name: "TypeError", message: "Options must be an object" });
      assert.throws(() => send("x", null), { name: "TypeError", message: "Options must be an object" });
      assert.throws(() => send("x", {}), EINVAL);
      assert.throws(() => send("x", { routingId: 0 }), EINVAL);
      assert.throws(() => send("x", { routingId: NaN }), EINVAL);
      assert.throws(() => send("x", { routingId: "5" }), { name: "TypeError", message: "A number was expected" });
      await assert.rejects(send("x", { routingId: -1 }), {
        code: "EHOSTUNREACH",
        errno: 113,
        message: "Host unreachable",
      });
      await assert.rejects(send("x", { routingId: 2 ** 32 + 7 }), { code: "EHOSTUNREACH" });
      await assert.rejects(send(["a", "b"], { routingId: 5 }), EINVAL);
    }));

  test(`${impl}: Radio.send checks its options; a group nobody joined is dropped`, (t) =>
    withBag(t, async (bag) => {
      const radio = make(bag, impl, "Radio");
      const send = (m: unknown, o?: unknown) => radio.send(m, o as object);
      assert.throws(() => send("x"), { name: "TypeError", message: "Options must be an object" });
      assert.throws(() => send("x", {}), EINVAL);
      assert.throws(() => send("x", { group: 5 }), { name: "TypeError", message: "Value must be a string or buffer" });
      assert.throws(() => send("x", { group: null }), { name: "TypeError" });
      await send("nobody listens", { group: "g" });
      await send("long groups are cut", { group: "g".repeat(300) });
      await send("bytes", { group: new Uint8Array([65, 0, 66]) });
      await assert.rejects(send(["a", "b"], { group: "g" }), EINVAL);
    }));

  test(`${impl}: single-frame types reject multipart sends with EINVAL; no peer is EAGAIN`, (t) =>
    withBag(t, async (bag) => {
      for (const cls of ["Client", "Scatter", ...(impl === "zmtp" ? ["Channel"] : [])] as DraftClass[]) {
        const s = make(bag, impl, cls, { sendTimeout: 0 });
        await assert.rejects(s.send(["a", "b"]), EINVAL, `${cls} multipart`);
        await assert.rejects(s.send("a"), { code: "EAGAIN" }, `${cls} without a peer`);
      }
      const dgram = make(bag, impl, "Datagram", { sendTimeout: 0 });
      await assert.rejects(dgram.send(["127.0.0.1:9", "x"]), { code: "EAGAIN" }, "Datagram with nothing bound");
    }));

  test(`${impl}: Datagram sends exactly [address, body] pairs`, (t) =>
    withBag(t, async (bag) => {
      // libzmq's DGRAM keeps a half-sent message after a refused one; each check gets a fresh socket.
      for (const msg of [["single"], ["a", "b", "c"]]) {
        const dgram = make(bag, impl, "Datagram", { sendTimeout: 0 });
        await dgram.bind(`udp://127.0.0.1:${await freeUdpPort()}`);
        await assert.rejects(dgram.send(msg), EINVAL, JSON.stringify(msg));
      }
    }));

  test(`${impl}: Dish join/leave: group rules, each argument tried, TypeError stops at once`, (t) =>
    withBag(t, (bag) => {
      const dish = make(bag, impl, "Dish");
      dish.join();
      dish.join("x".repeat(255));
      assert.throws(() => dish.join("y".repeat(256)), EINVAL);
      assert.throws(() => dish.leave("y".repeat(256)), EINVAL);
      dish.join("a");
      // Every group is tried; the refusal is thrown after.
      assert.throws(() => dish.join("b", "a", "c"), EINVAL);
      dish.leave("b", "c");
      assert.throws(() => dish.leave("b"), EINVAL, "not joined");
      // A TypeError stops there: "q" is joined, "r" never is.
      assert.throws(() => dish.join("q", 5, "r"), { name: "TypeError", message: "Value must be a string or buffer" });
      dish.leave("q");
      assert.throws(() => dish.leave("r"), EINVAL);
      // Cut at the first NUL.
      dish.join("n\0ignored");
      dish.leave("n");
      dish.join(Buffer.from("buf"), new Uint8Array([117, 56]));
      dish.leave("buf", "u8");
      dish.close();
      assert.throws(() => dish.join("k"), { code: "EBADF" });
      return Promise.resolve();
    }));

  test(`${impl}: option presence and the raw options libzmq accepts or refuses`, (t) =>
    withBag(t, (bag) => {
      const server = make(bag, impl, "Server");
      assert.equal("routingId" in server, false, "no routingId property");
      server.setStringOption(5, "abc");
      assert.equal(server.getStringOption(5), "abc", "ZMQ_ROUTING_ID is accepted (and unused)");
      const radio = make(bag, impl, "Radio");
      radio.setBoolOption(69, true);
      assert.equal("multicastHops" in radio, true);
      assert.equal("noDrop" in radio, false);
      const dish = make(bag, impl, "Dish");
      assert.throws(() => dish.setStringOption(6, "x"), EINVAL, "ZMQ_SUBSCRIBE");
      assert.throws(() => server.setBoolOption(33, true), EINVAL, "ZMQ_ROUTER_MANDATORY");
      assert.throws(() => make(bag, impl, "Client").setBoolOption(69, true), EINVAL, "ZMQ_XPUB_NODROP off RADIO");
      const gather = make(bag, impl, "Gather");
      gather.conflate = true;
      make(bag, impl, "Scatter").conflate = true;
      assert.equal("conflate" in server, false);
      return Promise.resolve();
    }));

  test(`${impl}: udp:// only where libzmq takes it (ENOCOMPATPROTO elsewhere)`, (t) =>
    withBag(t, async (bag) => {
      const ep = `udp://127.0.0.1:${await freeUdpPort()}`;
      for (const cls of classes) {
        const s = make(bag, impl, cls);
        if (cls !== "Dish" && cls !== "Datagram") await assert.rejects(s.bind(ep), ENOCOMPATPROTO, `${cls} bind`);
        if (cls !== "Radio") assert.throws(() => s.connect(ep), ENOCOMPATPROTO, `${cls} connect`);
      }
    }));

  test(`${impl}: udp:// on the stable types is ENOCOMPATPROTO too`, (t) =>
    withBag(t, async (bag) => {
      const lib = impl === "zmtp" ? await import("../../src/index.js") : await import("zeromq");
      const ep = `udp://127.0.0.1:${await freeUdpPort()}`;
      for (const Cls of [lib.Dealer, lib.Publisher, lib.Subscriber, lib.Pair]) {
        const s = bag.make(Cls);
        await assert.rejects(s.bind(ep), ENOCOMPATPROTO, `${Cls.name} bind`);
        assert.throws(() => s.connect(ep), ENOCOMPATPROTO, `${Cls.name} connect`);
      }
    }));

  test(`${impl}: udp address errors`, (t) =>
    withBag(t, async (bag) => {
      const port = await freeUdpPort();
      const dish = () => make(bag, impl, "Dish");
      await assert.rejects(dish().bind("udp://127.0.0.1"), EINVAL, "no port");
      await assert.rejects(dish().bind(`udp://lo;127.0.0.1:${port}`), EINVAL, "interface with a unicast address");
      await assert.rejects(dish().bind(`udp://239.0.0.1;239.0.0.2:${port}`), EINVAL, "multicast source");
      await assert.rejects(dish().bind(`udp://nosuchif;239.0.0.1:${port}`), { code: "ENODEV" });
      await assert.rejects(dish().bind(`udp://[::1]:${port}`), { code: "ENODEV" }, "IPv6 without ipv6");
      assert.throws(() => make(bag, impl, "Radio").connect(`udp://*:${port}`), EINVAL, "* on connect");
      const last = dish();
      await last.bind(`udp://*:${port}`);
      assert.equal(last.lastEndpoint, `*:${port}`);
    }));
}

test("zmtp: a direction the type lacks waits as the binding's poll does, and is ENOTSUP on close; DGRAM refuses tcp", (t) =>
  withBag(t, async (bag) => {
    const ENOTSUP = { code: "ENOTSUP" };
    // The binding's poller never sees such a socket readable/writable; close makes the final attempt.
    const onClose = async (socket: { close(): void }, op: Promise<unknown>) => {
      socket.close();
      await assert.rejects(op, ENOTSUP);
    };
    for (const cls of ["Radio", "Scatter"] as const) {
      const s = make(bag, "zmtp", cls);
      await onClose(s, s.receive());
    }
    for (const cls of ["Gather", "Dish"] as const) {
      const s = make(bag, "zmtp", cls);
      await onClose(s, s.send("x"));
    }
    // DGRAM is udp-only: libzmq binds tcp:// and speaks raw TCP there; zmtp refuses.
    const dgram = make(bag, "zmtp", "Datagram");
    await assert.rejects(dgram.bind("tcp://127.0.0.1:*"), ENOCOMPATPROTO);
    assert.throws(() => dgram.bindSync("inproc://dgram"), ENOCOMPATPROTO);
  }));

test("zmtp: Peer.connect returns the routing id (EFAULT with immediate); a repeated connect returns the same", (t) =>
  withBag(t, async (bag) => {
    const server = bag.add(new zmtpDraft.Peer({ linger: 0 }));
    const endpoint = await bag.bind(server, "tcp");
    const peer = bag.add(new zmtpDraft.Peer({ linger: 0 }));
    const id = peer.connect(endpoint);
    assert.ok(id > 0);
    assert.equal(peer.connect(endpoint), id);
    const other = bag.add(new zmtpDraft.Peer({ linger: 0 }));
    assert.equal(other.connect(endpoint), other.connect(endpoint));
    const immediate = bag.add(new zmtpDraft.Peer({ linger: 0, immediate: true }));
    assert.throws(() => immediate.connect(endpoint), { code: "EFAULT" });
    assert.throws(() => peer.connect(`udp://127.0.0.1:9`), ENOCOMPATPROTO);
  }));
