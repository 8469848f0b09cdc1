// High-water marks: PUSH/DEALER sends wait (EAGAIN on sendTimeout) once the pipe to the peer
// is full, and resume when the peer drains; PUB drops for a slow subscriber without ever
// blocking, unless noDrop, which makes it wait like PUSH.
import assert from "node:assert/strict";
import {
  both,
  flush,
  publishUntilReceived,
  receiveQueued,
  receiveUntilMarker,
  strs,
  type Bag,
  type Impl,
  type Sock,
  type Transport,
} from "./helpers.js";

const HWM = 5;

/** Sends numbered messages until one times out; returns how many were accepted. */
async function fillUntilEagain(sender: Sock, payload: Buffer, limit: number): Promise<number> {
  for (let n = 0; ; n++) {
    if (n > limit) assert.fail(`send never blocked (${n} messages accepted)`);
    try {
      await sender.send([String(n), payload]);
    } catch (err) {
      assert.equal((err as { code?: string }).code, "EAGAIN", "a full pipe makes send time out with EAGAIN");
      return n;
    }
  }
}

/** Receives `n` numbered messages and checks they are 0..n-1 in order. */
async function receiveInOrder(receiver: Sock, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const m = await receiver.receive();
    assert.equal(m[0]!.toString(), String(i), "messages arrive in order, none lost");
  }
}

type Pairing = { sender: "Push" | "Dealer"; receiver: "Pull" | "Dealer" };
const pairings: Pairing[] = [
  { sender: "Push", receiver: "Pull" },
  { sender: "Dealer", receiver: "Dealer" },
];

async function setup(bag: Bag, impl: Impl, p: Pairing, transport: Transport): Promise<[Sock, Sock]> {
  // (zeromq gives a Pull no send options and a Push no receive options.)
  const receiver = bag.make(impl.lib[p.receiver], { receiveHighWaterMark: HWM });
  const sender = bag.make(impl.lib[p.sender], { sendHighWaterMark: HWM, sendTimeout: 100 });
  sender.connect(await bag.bind(receiver, transport));
  return [sender, receiver];
}

for (const p of pairings) {
  const label = `${p.sender.toUpperCase()}→${p.receiver.toUpperCase()}`;

  both(
    `HWM ${label} inproc: exactly SNDHWM+RCVHWM messages fit, then send times out with EAGAIN`,
    async (impl, bag) => {
      const [sender, receiver] = await setup(bag, impl, p, "inproc");
      const accepted = await fillUntilEagain(sender, Buffer.from("x"), 1000);
      // An inproc pipe holds the sender's SNDHWM plus the receiver's RCVHWM.
      assert.equal(accepted, 2 * HWM);
      // A send that waits (no timeout) completes once the receiver drains the pipe.
      sender.sendTimeout = -1;
      let done = false;
      const waiting = sender.send([String(accepted), "late"]).then(() => (done = true));
      await receiveInOrder(receiver, 0, accepted);
      await waiting;
      assert.ok(done);
      await receiveInOrder(receiver, accepted, 1);
    },
  );

  both(`HWM ${label} tcp: send blocks once queues and socket buffers are full, resumes on drain`, async (impl, bag) => {
    const [sender, receiver] = await setup(bag, impl, p, "tcp");
    // Big messages, so the kernel's socket buffers hold only a bounded number of them.
    const payload = Buffer.alloc(64 * 1024, 7);
    // Make sure the connection is up first (before, messages would just sit in our pipe).
    await sender.send(["warm-up", payload]);
    assert.deepEqual(strs((await receiver.receive()).slice(0, 1)), ["warm-up"]);
    const accepted = await fillUntilEagain(sender, payload, 5000);
    assert.ok(accepted >= 2 * HWM, `at least both HWMs' worth fit (${accepted})`);
    sender.sendTimeout = -1;
    const waiting = sender.send([String(accepted), payload]);
    await receiveInOrder(receiver, 0, accepted + 1);
    await waiting;
  });
}

both("HWM PUB inproc: a slow subscriber loses messages, the publisher never blocks", async (impl, bag) => {
  const sub = bag.make(impl.lib.Subscriber, { receiveHighWaterMark: HWM });
  // sendTimeout 0: a send that would block fails at once with EAGAIN (and fails the test).
  const pub = bag.make(impl.lib.Publisher, { sendHighWaterMark: HWM, sendTimeout: 0 });
  sub.connect(await bag.bind(pub, "inproc"));
  sub.subscribe();
  await publishUntilReceived(pub, sub, "warm-up");
  await receiveQueued(sub); // copies of the warm-up
  const sent = 100;
  for (let i = 0; i < sent; i++) await pub.send(String(i));
  // inproc: everything the pipe took is there already.
  const got = (await receiveQueued(sub)).map((m) => Number(m[0]!.toString()));
  assert.ok(got.length > 0 && got.length <= 2 * HWM, `received ${got.length} of ${sent}: ${got.join(",")}`);
  // The oldest messages were kept; the newer ones found the pipe full and were dropped.
  assert.deepEqual(got, [...got.keys()], `received ${got.join(",")}`);
});

both("HWM PUB tcp: a slow subscriber loses messages, the publisher never blocks", async (impl, bag) => {
  const sub = bag.make(impl.lib.Subscriber, { receiveHighWaterMark: HWM });
  const pub = bag.make(impl.lib.Publisher, { sendHighWaterMark: HWM, sendTimeout: 0 });
  sub.connect(await bag.bind(pub, "tcp"));
  sub.subscribe();
  await publishUntilReceived(pub, sub, "warm-up");
  await flush(pub, sub, "", { repeat: true }); // the pipe (HWM 5) may be full of warm-up copies
  const sent = 2000;
  const payload = Buffer.alloc(8 * 1024, 1);
  for (let i = 0; i < sent; i++) await pub.send([String(i), payload]);
  // Everything that made it is ahead of a marker (resent until the drained pipe takes it).
  const got = (await receiveUntilMarker(pub, sub, "", { repeat: true })).map((m) => Number(m[0]!.toString()));
  assert.ok(got.length > 0 && got.length < sent, `received ${got.length} of ${sent}`);
  for (let i = 1; i < got.length; i++) assert.ok(got[i]! > got[i - 1]!, "what arrives is in order");
});

both("HWM PUB noDrop inproc: a full subscriber makes send fail with EAGAIN instead of dropping", async (impl, bag) => {
  const sub = bag.make(impl.lib.Subscriber, { receiveHighWaterMark: HWM });
  const pub = bag.make(impl.lib.Publisher, { sendHighWaterMark: HWM, noDrop: true, sendTimeout: 100 });
  sub.connect(await bag.bind(pub, "inproc"));
  sub.subscribe();
  await publishUntilReceived(pub, sub, "warm-up");
  await receiveQueued(sub); // copies of the warm-up
  const accepted = await fillUntilEagain(pub, Buffer.from("x"), 1000);
  assert.ok(accepted >= HWM && accepted <= 2 * HWM, `accepted ${accepted}`);
  // Nothing was dropped: every accepted message arrives, and nothing else before the next one.
  await receiveInOrder(sub, 0, accepted);
  // Drained: sending works again.
  await pub.send(["again", "x"]);
  assert.deepEqual(strs(await sub.receive()), ["again", "x"]);
});

// libzmq cannot wait here (ZMQ_EVENTS always reports PUB writable, so the binding rejects a
// noDrop send on a full pipe with EAGAIN at once, whatever sendTimeout says); ours waits, as
// the option is documented, and must then resume once the subscriber drains.
both(
  "HWM PUB noDrop inproc: a send waiting on a full subscriber completes once it drains",
  async (impl, bag) => {
    const sub = bag.make(impl.lib.Subscriber, { receiveHighWaterMark: HWM });
    const pub = bag.make(impl.lib.Publisher, { sendHighWaterMark: HWM, noDrop: true, sendTimeout: 100 });
    sub.connect(await bag.bind(pub, "inproc"));
    sub.subscribe();
    await publishUntilReceived(pub, sub, "warm-up");
    await receiveQueued(sub); // copies of the warm-up
    const accepted = await fillUntilEagain(pub, Buffer.from("x"), 1000);
    pub.sendTimeout = -1;
    const waiting = pub.send([String(accepted), "x"]);
    await receiveInOrder(sub, 0, accepted);
    await waiting; // EAGAIN here: the waiting send was never woken up
    await receiveInOrder(sub, accepted, 1);
  },
  { control: false },
);

both("HWM XPUB noDrop tcp: a full subscriber makes send fail with EAGAIN; nothing is lost", async (impl, bag) => {
  const sub = bag.make(impl.lib.Subscriber, { receiveHighWaterMark: HWM });
  const pub = bag.make(impl.lib.XPublisher, { sendHighWaterMark: HWM, noDrop: true, sendTimeout: 200 });
  sub.connect(await bag.bind(pub, "tcp"));
  const receiving = sub.receive();
  sub.subscribe();
  assert.deepEqual(strs(await pub.receive()), ["\x01"]);
  const payload = Buffer.alloc(64 * 1024, 3);
  await pub.send(["first", payload]);
  assert.equal((await receiving)[0]!.toString(), "first");
  const accepted = await fillUntilEagain(pub, payload, 5000);
  assert.ok(accepted > 0, `accepted ${accepted}`);
  await receiveInOrder(sub, 0, accepted);
  // Nothing else came before the next message.
  await pub.send(["again", "x"]);
  assert.deepEqual(strs(await sub.receive()), ["again", "x"]);
});
