// PUB/SUB and XPUB/XSUB: prefix matching, unsubscribe, invertMatching, subscriptions resent
// after the publisher restarts, XPUB verbosity / manual / welcomeMessage.
import assert from "node:assert/strict";
import {
  both,
  flush,
  nextEvent,
  publishUntilReceived,
  strs,
  type Bag,
  type Impl,
  type Sock,
  type Transport,
} from "./helpers.js";

/** A PUB and a connected SUB that already receives (warm-up message drained). */
async function pubSub(bag: Bag, impl: Impl, transport: Transport, topics: string[]): Promise<[Sock, Sock]> {
  const pub = bag.make(impl.lib.Publisher);
  const sub = bag.make(impl.lib.Subscriber);
  sub.connect(await bag.bind(pub, transport));
  sub.subscribe(...topics, "warm");
  await publishUntilReceived(pub, sub, "warm-up");
  await flush(pub, sub, "warm"); // the copies of "warm-up" still on their way
  sub.unsubscribe("warm");
  return [pub, sub];
}

/** Publishes each message, then an end marker, and returns what arrived before the marker. */
async function publishAndCollect(
  pub: Sock,
  sub: Sock,
  messages: Array<string | string[]>,
  end: string,
): Promise<string[][]> {
  const got: string[][] = [];
  const receiving = (async () => {
    for (;;) {
      const m = strs(await sub.receive());
      if (m[0] === end) return;
      got.push(m);
    }
  })();
  for (const m of messages) await pub.send(m);
  await pub.send(end);
  await receiving;
  return got;
}

both("SUB: prefix matching on the first frame only", async (impl, bag) => {
  const [pub, sub] = await pubSub(bag, impl, "tcp", ["ab", "x"]);
  const got = await publishAndCollect(
    pub,
    sub,
    ["a", "ab", "abc", "b", "ba", ["zz", "ab"], "xyz", "", ["x", "more", "frames"], "X"],
    "x-end",
  );
  assert.deepEqual(got, [["ab"], ["abc"], ["xyz"], ["x", "more", "frames"]]);
});

both("SUB: the empty subscription matches everything, including an empty message", async (impl, bag) => {
  const [pub, sub] = await pubSub(bag, impl, "ipc", [""]);
  const got = await publishAndCollect(pub, sub, ["a", "", ["", "x"], "\u00ff"], "end");
  assert.deepEqual(got, [["a"], [""], ["", "x"], ["\u00c3\u00bf"]]);
});

both("SUB: binary topics are matched as bytes", async (impl, bag) => {
  const pub = bag.make(impl.lib.Publisher);
  const sub = bag.make(impl.lib.Subscriber);
  sub.connect(await bag.bind(pub, "tcp"));
  sub.subscribe(Buffer.from([0, 1, 2]));
  const first = await publishUntilReceived(pub, sub, [Buffer.from([0, 1, 2, 3]), "payload"], {
    before: () => pub.send(Buffer.from([0, 1, 3])),
  });
  assert.deepEqual(
    first.map((b) => b.toString("hex")),
    ["00010203", Buffer.from("payload").toString("hex")],
  );
});

both("SUB: unsubscribe stops delivery of that topic only", async (impl, bag) => {
  const [pub, sub] = await pubSub(bag, impl, "tcp", ["a", "b"]);
  sub.unsubscribe("a");
  const got = await publishAndCollect(pub, sub, ["a1", "b1", "a2", "b2"], "b-end");
  assert.deepEqual(got, [["b1"], ["b2"]]);
  // Unsubscribing something never subscribed is harmless.
  sub.unsubscribe("never");
  sub.subscribe("a");
  const first = await publishUntilReceived(pub, sub, "a3");
  assert.deepEqual(strs(first), ["a3"]);
});

both(
  "SUB: subscriptions are reference-counted (subscribe twice, unsubscribe once → still subscribed)",
  async (impl, bag) => {
    const [pub, sub] = await pubSub(bag, impl, "tcp", ["t", "t"]);
    sub.unsubscribe("t");
    const got = await publishAndCollect(pub, sub, ["t1"], "t-end");
    assert.deepEqual(got, [["t1"]]);
  },
);

both(
  "XSUB unsubscribe: the publisher stops sending the cancelled topic (publisher-side filtering)",
  async (impl, bag) => {
    const pub = bag.make(impl.lib.Publisher);
    const xsub = bag.make(impl.lib.XSubscriber);
    xsub.connect(await bag.bind(pub, "tcp"));
    await xsub.send(Buffer.from("\x01a"));
    await xsub.send(Buffer.from("\x01b"));
    await publishUntilReceived(pub, xsub, "a-warm");
    await xsub.send(Buffer.from("\x00a"));
    // XSUB does not filter: once the PUB has processed the cancel, no "a" arrives any more.
    for (let round = 0; ; round++) {
      assert.ok(round < 1000, "the publisher never processed the cancel");
      await pub.send(`a-${round}`);
      await pub.send(`b-${round}`);
      let sawA = false;
      for (;;) {
        const [m] = strs(await xsub.receive());
        if (m === `b-${round}`) break;
        if (m!.startsWith("a-")) sawA = true;
      }
      if (!sawA) break;
    }
    for (let i = 0; i < 5; i++) {
      await pub.send(`a-late-${i}`);
      await pub.send(`b-late-${i}`);
      assert.deepEqual(strs(await xsub.receive()), [`b-late-${i}`]);
    }
  },
);

both("invertMatching: PUB and SUB both inverted deliver what does NOT match", async (impl, bag) => {
  const pub = bag.make(impl.lib.Publisher, { invertMatching: true });
  const sub = bag.make(impl.lib.Subscriber, { invertMatching: true });
  assert.equal(sub.invertMatching, true);
  sub.connect(await bag.bind(pub, "tcp"));
  sub.subscribe("A");
  const first = await publishUntilReceived(pub, sub, "B-warm", { before: () => pub.send("A-never") });
  assert.deepEqual(strs(first), ["B-warm"]);
  await flush(pub, sub); // an inverted "A" subscription lets the marker through
  const got = await publishAndCollect(pub, sub, ["A1", "B1", "AB", "C"], "end");
  assert.deepEqual(got, [["B1"], ["C"]]);
});

both("invertMatching on the SUB only filters locally: matching messages are dropped there", async (impl, bag) => {
  // An XPUB in manual mode sends everything to a peer the application subscribed to "", so
  // the inverted SUB's own filter is all that stands between "A…" messages and the reader.
  const xpub = bag.make(impl.lib.XPublisher, { manual: true });
  const sub = bag.make(impl.lib.Subscriber, { invertMatching: true });
  sub.connect(await bag.bind(xpub, "tcp"));
  const receiving = sub.receive();
  sub.subscribe("A");
  assert.deepEqual(strs(await xpub.receive()), ["\x01A"]);
  xpub.setStringOption(6, ""); // ZMQ_SUBSCRIBE "" for the last peer heard from
  await xpub.send("A1");
  await xpub.send("B1");
  // One connection keeps order: "A1" went first, so the SUB dropped it.
  assert.deepEqual(strs(await receiving), ["B1"]);
});

for (const [how, transport] of [
  ["closed and a new PUB bound", "tcp"],
  ["closed and a new PUB bound", "ipc"],
  ["unbound and bound again", "tcp"],
  ["unbound and bound again", "ipc"],
] as const) {
  both(
    `SUB resends its subscriptions after the publisher is ${how} (${transport})`,
    async (impl, bag) => {
      let pub = bag.make(impl.lib.Publisher);
      const events = pub.events; // libzmq records only from the first access
      const sub = bag.make(impl.lib.Subscriber);
      const address = await bag.bind(pub, transport);
      sub.connect(address);
      sub.subscribe("T");
      assert.deepEqual(strs(await publishUntilReceived(pub, sub, "T-before")), ["T-before"]);
      await flush(pub, sub, "T"); // no stale copy may answer for the new publisher below
      if (how === "closed and a new PUB bound") {
        pub.close();
        pub = bag.make(impl.lib.Publisher);
      } else {
        await pub.unbind(address);
      }
      // libzmq closes the listener in its I/O thread: the address is free once it reports CLOSED.
      await nextEvent({ events }, "close");
      await pub.bind(address);
      // The new (or rebound) publisher only learns "T" from the SUB's resent subscription.
      const first = await publishUntilReceived(pub, sub, "T-after", { before: () => pub.send("U-never") });
      assert.deepEqual(strs(first), ["T-after"]);
    },
    { timeout: 20_000 },
  );
}

// ---- XPUB --------------------------------------------------------------------------------

/** An XPUB with two SUBs, each proven connected (their first subscription seen by the XPUB). */
async function xpubWithTwoSubs(bag: Bag, impl: Impl, verbosity: null | "allSubs" | "allSubsUnsubs") {
  const xpub = bag.make(impl.lib.XPublisher);
  xpub.verbosity = verbosity;
  const address = await bag.bind(xpub, "tcp");
  const subs = [0, 1].map(() => bag.make(impl.lib.Subscriber));
  for (const [i, s] of subs.entries()) {
    s.connect(address);
    // Keep a receive pending: libzmq processes the SUB's pipe only when called into.
    s.receive().catch(() => {});
    s.subscribe(`hello${i}`);
    assert.deepEqual(strs(await xpub.receive()), [`\x01hello${i}`]);
  }
  return { xpub, subs };
}

const sub = (t: string) => `\x01${t}`;
const unsub = (t: string) => `\x00${t}`;

/**
 * Runs: sub0 +A, sub1 +A, sub1 +marker1, sub1 -A, sub1 -marker1, sub0 -A, sub0 +marker2
 * and returns what the XPUB receives (in order) until marker2.
 */
async function verbosityScenario(bag: Bag, impl: Impl, verbosity: null | "allSubs" | "allSubsUnsubs") {
  const { xpub, subs } = await xpubWithTwoSubs(bag, impl, verbosity);
  const [s0, s1] = subs as [Sock, Sock];
  s0.subscribe("A");
  assert.deepEqual(strs(await xpub.receive()), [sub("A")]);
  s1.subscribe("A");
  s1.subscribe("m1");
  s1.unsubscribe("A");
  s1.unsubscribe("m1");
  // Everything from s1 has been seen once its last message has (one pipe keeps order)...
  const got: string[] = [];
  for (;;) {
    const [m] = strs(await xpub.receive());
    got.push(m!);
    if (m === unsub("m1")) break;
  }
  s0.unsubscribe("A");
  s0.subscribe("m2");
  for (;;) {
    const [m] = strs(await xpub.receive());
    got.push(m!);
    if (m === sub("m2")) break;
  }
  return got;
}

both(
  "XPUB verbosity null: only the first subscription and the last unsubscription are passed up",
  async (impl, bag) => {
    assert.deepEqual(await verbosityScenario(bag, impl, null), [sub("m1"), unsub("m1"), unsub("A"), sub("m2")]);
  },
);

both(
  "XPUB verbosity allSubs: duplicate subscriptions passed up too, unsubscriptions only the last",
  async (impl, bag) => {
    assert.deepEqual(await verbosityScenario(bag, impl, "allSubs"), [
      sub("A"),
      sub("m1"),
      unsub("m1"),
      unsub("A"),
      sub("m2"),
    ]);
  },
);

both("XPUB verbosity allSubsUnsubs: every subscription and unsubscription is passed up", async (impl, bag) => {
  assert.deepEqual(await verbosityScenario(bag, impl, "allSubsUnsubs"), [
    sub("A"),
    sub("m1"),
    unsub("A"),
    unsub("m1"),
    unsub("A"),
    sub("m2"),
  ]);
});

both("XPUB: a subscriber that goes away has its subscriptions cancelled", async (impl, bag) => {
  const { xpub, subs } = await xpubWithTwoSubs(bag, impl, null);
  subs[1]!.close();
  assert.deepEqual(strs(await xpub.receive()), [unsub("hello1")]);
});

both("XPUB manual: subscriptions take effect only when the application subscribes for the peer", async (impl, bag) => {
  const xpub = bag.make(impl.lib.XPublisher, { manual: true });
  const s = bag.make(impl.lib.Subscriber);
  s.connect(await bag.bind(xpub, "tcp"));
  const receiving = s.receive();
  s.subscribe(""); // the SUB itself accepts everything
  assert.deepEqual(strs(await xpub.receive()), [sub("")]);
  // Not applied automatically: nothing is published to this peer yet.
  await xpub.send("A-not-yet");
  // The application maps the request to "A" for the last peer it heard from (ZMQ_SUBSCRIBE).
  xpub.setStringOption(6, "A");
  await xpub.send("B-not-subscribed");
  await xpub.send("A-now");
  // One connection keeps order: the two earlier messages were not sent to this peer.
  assert.deepEqual(strs(await receiving), ["A-now"]);
  // ZMQ_UNSUBSCRIBE likewise ("Z" stays subscribed, to show what does arrive).
  xpub.setStringOption(6, "Z");
  xpub.setStringOption(7, "A");
  await xpub.send("A-after-unsubscribe");
  await xpub.send("Z-after");
  assert.deepEqual(strs(await s.receive()), ["Z-after"]);
});

both("XPUB manual: duplicate subscriptions and unsubscriptions are all passed up", async (impl, bag) => {
  const xpub = bag.make(impl.lib.XPublisher, { manual: true });
  const address = await bag.bind(xpub, "tcp");
  const subs = [0, 1].map(() => bag.make(impl.lib.Subscriber));
  for (const s of subs) {
    s.connect(address);
    s.receive().catch(() => {});
    s.subscribe("A");
    assert.deepEqual(strs(await xpub.receive()), [sub("A")]);
  }
  subs[1]!.unsubscribe("A");
  assert.deepEqual(strs(await xpub.receive()), [unsub("A")]);
});

both("XPUB welcomeMessage: a new subscriber receives it first", async (impl, bag) => {
  const xpub = bag.make(impl.lib.XPublisher, { welcomeMessage: "WELCOME" });
  const s = bag.make(impl.lib.Subscriber);
  s.connect(await bag.bind(xpub, "tcp"));
  s.subscribe("WELCOME"); // the SUB's own filter applies to the welcome message too
  s.subscribe("data");
  // (A receive pending on the XPUB: libzmq attaches the new pipe, and sends the welcome
  // message into it, only when the XPUB is called into.)
  const firstSub = xpub.receive();
  assert.deepEqual(strs(await s.receive()), ["WELCOME"]);
  // The XPUB sees the subscriptions as usual.
  const subs = [strs(await firstSub)[0], strs(await xpub.receive())[0]].sort();
  assert.deepEqual(subs, [sub("WELCOME"), sub("data")]);
  await xpub.send("data 1");
  assert.deepEqual(strs(await s.receive()), ["data 1"]);
});

both("XSUB→XPUB: non-subscription messages from an XSUB are passed up by the XPUB", async (impl, bag) => {
  const xpub = bag.make(impl.lib.XPublisher);
  const xsub = bag.make(impl.lib.XSubscriber);
  xsub.connect(await bag.bind(xpub, "tcp"));
  await xsub.send(Buffer.from("\x01t"));
  assert.deepEqual(strs(await xpub.receive()), [sub("t")]);
  await xsub.send(["\x02upstream", "data"]);
  assert.deepEqual(strs(await xpub.receive()), ["\x02upstream", "data"]);
});
