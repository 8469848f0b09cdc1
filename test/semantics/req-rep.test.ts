// REQ/REP state machines (EFSM out of turn), REQ `relaxed` and `correlate`, and REP
// routing replies back along the request's envelope.
import assert from "node:assert/strict";
import { PENDING, settledNow } from "../support/waits.js";
import { both, nextEvent, rejectsCode, strs, type Sock } from "./helpers.js";

/** A send/receive that breaks the state machine: EFSM either thrown or as a rejection. */
async function efsm(op: () => Promise<unknown>): Promise<string> {
  try {
    return await rejectsCode(op());
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

both("REQ: a second send before the reply is refused with EFSM", async (impl, bag) => {
  const rep = bag.make(impl.lib.Reply);
  const req = bag.make(impl.lib.Request, { sendTimeout: 200 });
  req.connect(await bag.bind(rep, "tcp"));
  await req.send("first");
  assert.equal(await efsm(() => req.send("second")), "EFSM");
  assert.deepEqual(strs(await rep.receive()), ["first"]);
  await rep.send("reply");
  assert.deepEqual(strs(await req.receive()), ["reply"]);
  // Back in the sending state.
  await req.send("third");
  assert.deepEqual(strs(await rep.receive()), ["third"]);
});

both("REQ: receive before any send is refused with EFSM", async (impl, bag) => {
  // (The binding waits for readability first, so it reports EFSM when receiveTimeout ends.)
  const req = bag.make(impl.lib.Request, { receiveTimeout: 200 });
  const rep = bag.make(impl.lib.Reply);
  req.connect(await bag.bind(rep, "tcp"));
  assert.equal(await efsm(() => req.receive()), "EFSM");
});

both("REP: send before receive, and a second receive before replying, are refused with EFSM", async (impl, bag) => {
  const rep = bag.make(impl.lib.Reply, { sendTimeout: 200, receiveTimeout: 200 });
  const req = bag.make(impl.lib.Request);
  req.connect(await bag.bind(rep, "tcp"));
  assert.equal(await efsm(() => rep.send("unasked")), "EFSM");
  await req.send("q");
  assert.deepEqual(strs(await rep.receive()), ["q"]);
  assert.equal(await efsm(() => rep.receive()), "EFSM");
  await rep.send("a");
  assert.deepEqual(strs(await req.receive()), ["a"]);
});

both("REP: replies go back to the requester that asked (two REQs, interleaved)", async (impl, bag) => {
  const rep = bag.make(impl.lib.Reply);
  const address = await bag.bind(rep, "ipc");
  const reqs = [0, 1].map(() => bag.make(impl.lib.Request));
  for (const r of reqs) r.connect(address);
  await Promise.all(reqs.map((r, i) => r.send(`from ${i}`)));
  for (let k = 0; k < 2; k++) {
    const [q] = strs(await rep.receive());
    await rep.send(`re: ${q}`);
  }
  for (const [i, r] of reqs.entries()) assert.deepEqual(strs(await r.receive()), [`re: from ${i}`]);
});

both(
  "REQ: requests round-robin over two REPs; each reply comes from the REP asked",
  async (impl, bag) => {
    const reps = [0, 1].map(() => bag.make(impl.lib.Reply));
    const req = bag.make(impl.lib.Request);
    for (const r of reps) req.connect(await bag.bind(r, "tcp"));
    const answered: number[] = [];
    // One receive pending per REP at all times (a second one would be EBUSY).
    const pending = reps.map((r: Sock, i) => r.receive().then((m) => ({ i, m })));
    for (const p of pending) p.catch(() => undefined);
    for (let k = 0; k < 4; k++) {
      await req.send(`q${k}`);
      // Whichever REP got it answers.
      const which = await Promise.race(pending);
      assert.deepEqual(strs(which.m), [`q${k}`]);
      await reps[which.i]!.send(`a${k}`);
      pending[which.i] = reps[which.i]!.receive().then((m) => ({ i: which.i, m }));
      pending[which.i]!.catch(() => undefined);
      assert.deepEqual(strs(await req.receive()), [`a${k}`]);
      answered.push(which.i);
    }
    // The receives still pending reject (EAGAIN) when the sockets close: expected, not a failure.
    for (const p of pending) p.catch(() => undefined);
    assert.deepEqual(answered.slice(0, 2).sort(), [0, 1], `alternation: ${answered.join(",")}`);
    assert.equal(answered[2], answered[0]);
    assert.equal(answered[3], answered[1]);
  },
  { timeout: 20_000 },
);

both("REQ relaxed: may send again without a reply; the first reply that arrives is taken", async (impl, bag) => {
  const router = bag.make(impl.lib.Router);
  const req = bag.make(impl.lib.Request, { relaxed: true, routingId: "q", receiveTimeout: 1500 });
  req.connect(await bag.bind(router, "tcp"));
  await req.send("one");
  assert.deepEqual(strs(await router.receive()), ["q", "", "one"]);
  await req.send("two"); // no EFSM
  assert.deepEqual(strs(await router.receive()), ["q", "", "two"]);
  await router.send(["q", "", "reply one"]);
  await router.send(["q", "", "reply two"]);
  // Without correlate the REQ cannot tell replies apart: it takes the first...
  assert.deepEqual(strs(await req.receive()), ["reply one"]);
  // ...and then expects a send again.
  assert.equal(await efsm(() => req.receive()), "EFSM");
});

both(
  "REQ correlate: requests carry an incrementing 4-byte id; a reply with another id is dropped",
  async (impl, bag) => {
    const router = bag.make(impl.lib.Router);
    const req = bag.make(impl.lib.Request, { correlate: true, routingId: "c" });
    req.connect(await bag.bind(router, "tcp"));
    await req.send("x");
    const m1 = await router.receive();
    assert.equal(m1.length, 4, `envelope: ${m1.map((b) => b.toString("hex")).join(" ")}`);
    assert.equal(m1[0]!.toString(), "c");
    assert.equal(m1[1]!.length, 4, "request id frame");
    assert.equal(m1[2]!.length, 0, "delimiter");
    const bad = Buffer.from(m1[1]!);
    bad[0]! ^= 0xff;
    await router.send(["c", bad, "", "wrong id"]);
    await router.send(["c", m1[1]!, "", "right id"]);
    assert.deepEqual(strs(await receiveAfterDrop(req)), ["right id"]);
    await req.send("y");
    const m2 = await router.receive();
    // libzmq increments the id by one per request (host byte order, little-endian here).
    assert.equal(m2[1]!.readUInt32LE(), (m1[1]!.readUInt32LE() + 1) >>> 0, "next request id");
  },
);

both(
  "REQ relaxed + correlate: a late reply to an earlier request is dropped",
  async (impl, bag) => {
    const router = bag.make(impl.lib.Router);
    const req = bag.make(impl.lib.Request, { relaxed: true, correlate: true, routingId: "rc", receiveTimeout: 1500 });
    req.connect(await bag.bind(router, "tcp"));
    await req.send("one");
    const m1 = await router.receive();
    await req.send("two");
    const m2 = await router.receive();
    assert.deepEqual(strs(m2.slice(2)), ["", "two"]);
    await router.send([m1[0]!, m1[1]!, m1[2]!, "reply one"]);
    await router.send([m2[0]!, m2[1]!, m2[2]!, "reply two"]);
    assert.deepEqual(strs(await req.receive()), ["reply two"]);
    assert.equal(await efsm(() => req.receive()), "EFSM");
    // No libzmq control: with libzmq, whether "reply two" reaches a relaxed, correlating REQ
    // depended on timing here (it timed out in about one full-suite run out of three, never alone).
  },
  { control: false },
);

// libzmq validates replies in the REQ's session (req_session_t): a reply that does not start
// with the empty delimiter is a protocol error that drops the connection (no reconnect).
both("REQ: a malformed reply (no empty delimiter) is not delivered and drops the connection", async (impl, bag) => {
  const router = bag.make(impl.lib.Router);
  const req = bag.make(impl.lib.Request, { routingId: "m" });
  const events = req.events;
  req.connect(await bag.bind(router, "tcp"));
  await req.send("q");
  assert.deepEqual(strs(await router.receive()), ["m", "", "q"]);
  const receiving = req.receive();
  receiving.catch(() => {}); // rejected when the test closes the socket
  await router.send(["m", "no delimiter"]);
  const seen: string[] = [];
  await nextEvent({ events }, "disconnect", seen);
  assert.ok(seen.includes("handshake"), seen.join(", "));
  // The reply arrived before the connection was dropped for it; it did not reach the reader.
  assert.equal(await settledNow(receiving), PENDING, "the malformed reply is not delivered");
});

/**
 * A receive on a socket that drops what it reads (a REQ's wrong-id reply). The binding wakes on
 * ZMQ_EVENTS, which counts the reply libzmq then drops, and rejects with EAGAIN when the right
 * reply has not arrived yet; a second receive waits for it. zmtp never does this, and the race
 * is the binding's, not the behaviour under test.
 */
async function receiveAfterDrop(socket: Sock): Promise<Buffer[]> {
  try {
    return await socket.receive();
  } catch (err) {
    if ((err as { code?: string }).code !== "EAGAIN") throw err;
    return await socket.receive();
  }
}
