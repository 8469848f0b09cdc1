// Every compatible socket-type pair, across implementations and transports:
//   pattern × transport × (which role binds) × (which implementation plays which role)
// zmtp↔libzmq over tcp and ipc (both implementations in both roles, each role binding),
// zmtp↔zmtp over tcp, ipc and inproc, and libzmq↔libzmq as a control for the test itself.
// Each cell moves a multipart message (or request/reply round trips) in the pattern's
// direction(s). Test names read e.g. "REQ↔ROUTER tcp: REQ=zmtp(connect) ROUTER=libzmq(bind)".
//
// Plus: incompatible socket types are refused (no message delivered; our socket.events shows
// the connection dropped, as libzmq's does).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { nextTurn } from "../support/waits.js";
import { withBag, type Bag, type Sock, type Transport } from "../support/sockets.js";
import {
  assertMsg,
  eventsBeforeSentinel,
  nextEvent,
  publishUntilReceived,
  receiveUntilMarker,
  strs,
} from "../semantics/helpers.js";

const TIMEOUT = 20_000;

type ImplName = "zmtp" | "libzmq";
const libs = { zmtp, libzmq: zmq } as const;

type TypeName = "PUB" | "SUB" | "XPUB" | "XSUB" | "REQ" | "REP" | "DEALER" | "ROUTER" | "PUSH" | "PULL" | "PAIR";

const CLASS: Record<TypeName, string> = {
  PUB: "Publisher",
  SUB: "Subscriber",
  XPUB: "XPublisher",
  XSUB: "XSubscriber",
  REQ: "Request",
  REP: "Reply",
  DEALER: "Dealer",
  ROUTER: "Router",
  PUSH: "Push",
  PULL: "Pull",
  PAIR: "Pair",
};

function make(bag: Bag, impl: ImplName, type: TypeName, options: Record<string, unknown> = {}): Sock {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Ctor = (libs[impl] as any)[CLASS[type]] as new (o?: object) => unknown;
  return bag.make(Ctor, options);
}

/** A scenario: sockets a and b already connected (either may be the binder). */
interface Pattern {
  readonly a: TypeName;
  readonly b: TypeName;
  /** Symmetric patterns need only one bind direction. */
  readonly symmetric?: boolean;
  readonly arrow: "→" | "↔";
  readonly aOptions?: Record<string, unknown>;
  readonly bOptions?: Record<string, unknown>;
  run(a: Sock, b: Sock): Promise<void>;
}

/** PUB/XPUB → SUB/XSUB: subscribe to "A", publish a non-matching and a matching message. */
async function pubSub(pub: Sock, sub: Sock, pubIsX: boolean, subIsX: boolean): Promise<void> {
  if (subIsX) await sub.send(Buffer.from("\x01A", "latin1"));
  else sub.subscribe("A");
  const matching = ["A-topic", "part 2", Buffer.alloc(0), "part 4"];
  if (pubIsX) {
    // XPUB hands the subscription up; once it has it, one publish reaches the subscriber.
    // The subscriber's receive is pending meanwhile: a bound libzmq SUB only attaches the new
    // pipe (and sends its subscriptions into it) when it is called into.
    const receiving = sub.receive();
    const subscription = await pub.receive();
    assertMsg(subscription, [Buffer.from("\x01A", "latin1")], "subscription seen by XPUB");
    await pub.send(["B-not-subscribed", "x"]);
    await pub.send(matching);
    assertMsg(await receiving, matching, "first message at subscriber");
    return;
  }
  // Slow joiner: publish (both topics) until the subscriber gets something; it must be "A".
  const first = await publishUntilReceived(pub, sub, matching, {
    before: () => pub.send(["B-not-subscribed", "x"]),
  });
  assertMsg(first, matching, "first message at subscriber");
  // Everything else still on its way must also be "A" (filtered at the publisher and/or here).
  for (const m of await receiveUntilMarker(pub, sub, "A")) assertMsg(m, matching, "later message at subscriber");
}

const patterns: Pattern[] = [
  { a: "PUB", b: "SUB", arrow: "→", run: (a, b) => pubSub(a, b, false, false) },
  { a: "PUB", b: "XSUB", arrow: "→", run: (a, b) => pubSub(a, b, false, true) },
  { a: "XPUB", b: "SUB", arrow: "→", run: (a, b) => pubSub(a, b, true, false) },
  { a: "XPUB", b: "XSUB", arrow: "→", run: (a, b) => pubSub(a, b, true, true) },
  {
    a: "REQ",
    b: "REP",
    arrow: "↔",
    async run(req, rep) {
      for (let i = 0; i < 3; i++) {
        const [, request] = await Promise.all([req.send([`req ${i}`, "part 2", Buffer.alloc(0)]), rep.receive()]);
        assertMsg(request, [`req ${i}`, "part 2", Buffer.alloc(0)], `request ${i} at REP`);
        const [, reply] = await Promise.all([rep.send([`rep ${i}`, "x"]), req.receive()]);
        assertMsg(reply, [`rep ${i}`, "x"], `reply ${i} at REQ`);
      }
    },
  },
  {
    a: "REQ",
    b: "ROUTER",
    arrow: "↔",
    aOptions: { routingId: "the-req" },
    async run(req, router) {
      for (let i = 0; i < 3; i++) {
        const [, request] = await Promise.all([req.send([`req ${i}`, "part 2"]), router.receive()]);
        assertMsg(request, ["the-req", Buffer.alloc(0), `req ${i}`, "part 2"], `request ${i} at ROUTER`);
        const [, reply] = await Promise.all([
          router.send(["the-req", Buffer.alloc(0), `rep ${i}`, "y"]),
          req.receive(),
        ]);
        assertMsg(reply, [`rep ${i}`, "y"], `reply ${i} at REQ`);
      }
    },
  },
  {
    a: "DEALER",
    b: "REP",
    arrow: "↔",
    async run(dealer, rep) {
      for (let i = 0; i < 3; i++) {
        const [, request] = await Promise.all([dealer.send([Buffer.alloc(0), `req ${i}`, "p2"]), rep.receive()]);
        assertMsg(request, [`req ${i}`, "p2"], `request ${i} at REP`);
        const [, reply] = await Promise.all([rep.send([`rep ${i}`, "z"]), dealer.receive()]);
        assertMsg(reply, [Buffer.alloc(0), `rep ${i}`, "z"], `reply ${i} at DEALER`);
      }
    },
  },
  {
    a: "DEALER",
    b: "ROUTER",
    arrow: "↔",
    async run(dealer, router) {
      const [, first] = await Promise.all([dealer.send(["hello", "there"]), router.receive()]);
      assert.equal(first.length, 3, `ROUTER got ${JSON.stringify(strs(first))}`);
      const id = first[0]!;
      // No Identity set: the ROUTER makes up a 5-byte id starting with a zero byte (libzmq's form).
      assert.equal(id.length, 5, "generated routing id length");
      assert.equal(id[0], 0, "generated routing id starts with 0");
      assertMsg(first.slice(1), ["hello", "there"], "DEALER→ROUTER");
      const [, back] = await Promise.all([router.send([id, "back", Buffer.alloc(0)]), dealer.receive()]);
      assertMsg(back, ["back", Buffer.alloc(0)], "ROUTER→DEALER");
    },
  },
  {
    a: "DEALER",
    b: "DEALER",
    arrow: "↔",
    symmetric: true,
    async run(a, b) {
      const [, m1] = await Promise.all([a.send(["one", "two", "three"]), b.receive()]);
      assertMsg(m1, ["one", "two", "three"], "binder→connecter");
      const [, m2] = await Promise.all([b.send(["four", Buffer.alloc(0)]), a.receive()]);
      assertMsg(m2, ["four", Buffer.alloc(0)], "connecter→binder");
    },
  },
  {
    a: "ROUTER",
    b: "ROUTER",
    arrow: "↔",
    symmetric: true,
    aOptions: { routingId: "router-a", mandatory: true },
    bOptions: { routingId: "router-b", mandatory: true },
    async run(a, b) {
      // b knows a's id only once the handshake is done: until then a mandatory ROUTER
      // refuses the send with EHOSTUNREACH, so retry (bounded by the test timeout).
      for (;;) {
        try {
          await b.send(["router-a", "from b", "p2"]);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== "EHOSTUNREACH") throw err;
          await nextTurn();
        }
      }
      assertMsg(await a.receive(), ["router-b", "from b", "p2"], "b→a at ROUTER a");
      const [, back] = await Promise.all([a.send(["router-b", "from a"]), b.receive()]);
      assertMsg(back, ["router-a", "from a"], "a→b at ROUTER b");
    },
  },
  {
    a: "PUSH",
    b: "PULL",
    arrow: "→",
    async run(push, pull) {
      for (let i = 0; i < 3; i++) {
        const msg = [`m${i}`, Buffer.alloc(0), "x".repeat(300)];
        const [, got] = await Promise.all([push.send(msg), pull.receive()]);
        assertMsg(got, msg, `message ${i}`);
      }
    },
  },
  {
    a: "PAIR",
    b: "PAIR",
    arrow: "↔",
    symmetric: true,
    async run(a, b) {
      const [, m1] = await Promise.all([a.send(["p", "a", "i", "r"]), b.receive()]);
      assertMsg(m1, ["p", "a", "i", "r"], "binder→connecter");
      const [, m2] = await Promise.all([b.send(["back"]), a.receive()]);
      assertMsg(m2, ["back"], "connecter→binder");
    },
  },
];

interface Cell {
  pattern: Pattern;
  transport: Transport;
  aImpl: ImplName;
  bImpl: ImplName;
  aBinds: boolean;
}

const cells: Cell[] = [];
const add = (transports: Transport[], impls: Array<[ImplName, ImplName]>) => {
  for (const pattern of patterns) {
    for (const transport of transports) {
      for (const [aImpl, bImpl] of impls) {
        for (const aBinds of pattern.symmetric ? [true] : [true, false]) {
          cells.push({ pattern, transport, aImpl, bImpl, aBinds });
        }
      }
    }
  }
};
// zmtp↔libzmq: both implementations in both roles, each role binding.
add(
  ["tcp", "ipc"],
  [
    ["zmtp", "libzmq"],
    ["libzmq", "zmtp"],
  ],
);
// zmtp↔zmtp over every transport.
add(["tcp", "ipc", "inproc"], [["zmtp", "zmtp"]]);
// libzmq↔libzmq: control for the test scenarios themselves.
add(["tcp", "ipc", "inproc"], [["libzmq", "libzmq"]]);

const count = (f: (c: Cell) => boolean) => cells.filter(f).length;
const interopCells = count((c) => c.aImpl !== c.bImpl);
const zmtpCells = count((c) => c.aImpl === "zmtp" && c.bImpl === "zmtp");
const controlCells = count((c) => c.aImpl === "libzmq" && c.bImpl === "libzmq");
console.log(
  `all-types table: ${cells.length} cells = ${interopCells} zmtp↔libzmq + ${zmtpCells} zmtp↔zmtp + ${controlCells} libzmq↔libzmq control`,
);

test(`all-types table size: ${cells.length} cells (${interopCells} zmtp↔libzmq, ${zmtpCells} zmtp↔zmtp, ${controlCells} libzmq control)`, () => {
  assert.equal(patterns.length, 12);
});

for (const cell of cells) {
  const { pattern: p, transport, aImpl, bImpl, aBinds } = cell;
  const role = (t: TypeName, impl: ImplName, binds: boolean) => `${t}=${impl}(${binds ? "bind" : "connect"})`;
  const name = `${p.a}${p.arrow}${p.b} ${transport}: ${role(p.a, aImpl, aBinds)} ${role(p.b, bImpl, !aBinds)}`;
  test(name, { timeout: TIMEOUT }, (t) =>
    withBag(t, async (bag) => {
      const a = make(bag, aImpl, p.a, p.aOptions);
      const b = make(bag, bImpl, p.b, p.bOptions);
      const [binder, connecter] = aBinds ? [a, b] : [b, a];
      connecter.connect(await bag.bind(binder, transport));
      await p.run(a, b);
    }),
  );
}

// ---- incompatible socket types are refused ------------------------------------------------

/** [our type, their type, which side sends]: the other side must receive nothing. */
const incompatible: Array<[TypeName, TypeName, "ours" | "theirs"]> = [
  ["PUB", "PULL", "ours"],
  ["PULL", "PUB", "theirs"],
  ["PUSH", "SUB", "ours"],
  ["DEALER", "PUSH", "theirs"],
  ["PAIR", "DEALER", "ours"],
  ["REQ", "PULL", "ours"],
];

for (const transport of ["tcp", "ipc"] as const) {
  for (const [ours, theirs, from] of incompatible) {
    for (const oursBinds of [true, false]) {
      const name = `incompatible ${ours}=zmtp(${oursBinds ? "bind" : "connect"}) vs ${theirs}=libzmq(${oursBinds ? "connect" : "bind"}) ${transport}: refused`;
      test(name, { timeout: TIMEOUT }, (t) =>
        withBag(t, async (bag) => {
          const our = make(bag, "zmtp", ours);
          const their = make(bag, "libzmq", theirs);
          if (theirs === "SUB") their.subscribe();
          const [sender, receiver] = from === "ours" ? [our, their] : [their, our];
          sender.sendTimeout = 0;
          const seen: string[] = [];
          const dropped = nextEvent(our as never, "disconnect", seen);
          if (oursBinds) their.connect(await bag.bind(our, transport));
          else our.connect(await bag.bind(their, transport));
          // libzmq closes on a Socket-Type mismatch without any handshake event; so must we.
          await dropped;
          assert.ok(!seen.includes("handshake"), `our events: ${seen.join(", ")}`);
          // Nothing gets through: a send either finds no peer or goes nowhere.
          for (let i = 0; i < 3; i++) {
            try {
              await sender.send(["must not arrive", String(i)]);
            } catch (err) {
              // EAGAIN: no peer; EFSM: a REQ whose first request was queued before the drop.
              assert.ok(["EAGAIN", "EFSM"].includes((err as { code?: string }).code!), String(err));
            }
          }
          // No attempt (a reconnect may follow when the peer hung up first) ever completes a
          // handshake, up to a sentinel event after the sends: nothing was, or can be, delivered.
          const after = await eventsBeforeSentinel(our);
          assert.ok(!after.includes("handshake"), `our events after the drop: ${after.join(", ")}`);
          assert.equal(receiver.readable, false, "nothing was delivered");
        }),
      );
    }
  }
}
