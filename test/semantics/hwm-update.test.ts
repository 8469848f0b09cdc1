// High-water marks set after connect/bind apply to the existing pipes, as in libzmq >= 4.2
// (socket_base_t::update_pipe_options; issue 9, item 6). An inproc pipe holds the sender's
// SNDHWM plus the receiver's RCVHWM; when either socket changes a mark later, libzmq adds the new
// value to the boost each pipe end kept from connect time, quirks included (the peer's send
// limit becomes this socket's new RCVHWM plus its RCVHWM at connect).
//
// libzmq applies a change to the pipes the socket has attached; a binder attaches an inproc pipe
// when it next processes its commands (any call into the socket: reading `readable` here), and
// a peer applies the change it is told of the same way. zmtp attaches and applies at once.
import assert from "node:assert/strict";
import { freePort } from "../monitor/differential-harness.js";
import { both, type Sock } from "./helpers.js";

/** Sends until a send would block (sendTimeout 0); how many were taken (at most `limit`). */
async function fill(sender: Sock, limit = 3000): Promise<number> {
  sender.sendTimeout = 0;
  for (let n = 0; n < limit; n++) {
    try {
      await sender.send("x");
    } catch (err) {
      assert.equal((err as { code?: string }).code, "EAGAIN");
      return n;
    }
  }
  return limit;
}

/** Lets libzmq's sockets process pending commands (attach pipes, take HWM updates); a no-op for zmtp. */
function settle(...socks: Sock[]): void {
  for (const s of socks) void s.readable;
}

interface Case {
  name: string;
  /** Receiver A (RCVHWM 4) and sender B (SNDHWM 3); which one binds, what changes when. */
  run: (a: Sock, b: Sock, endpoint: string) => Promise<void> | void;
  expected: number;
}

const cases: Case[] = [
  { name: "no change: SNDHWM + RCVHWM", run: connectBtoA(() => {}), expected: 7 },
  {
    name: "sender (connector) raises SNDHWM to 10",
    run: connectBtoA((_a, b) => (b.sendHighWaterMark = 10)),
    expected: 14,
  },
  {
    name: "sender (connector) sets SNDHWM 0: unlimited",
    run: connectBtoA((_a, b) => (b.sendHighWaterMark = 0)),
    expected: 3000,
  },
  {
    name: "receiver (binder) raises RCVHWM to 10",
    run: connectBtoA((a) => (a.receiveHighWaterMark = 10)),
    expected: 14,
  },
  {
    name: "receiver (binder) sets RCVHWM 0: unlimited",
    run: connectBtoA((a) => (a.receiveHighWaterMark = 0)),
    expected: 3000,
  },
  {
    name: "receiver (binder) sets its SNDHWM: the sender's limit becomes RCVHWM now + RCVHWM at connect",
    run: connectBtoA((a) => (a.sendHighWaterMark = 7)),
    expected: 8,
  },
  {
    name: "sender (binder) raises SNDHWM to 10",
    run: connectAtoB((_a, b) => (b.sendHighWaterMark = 10)),
    expected: 14,
  },
  {
    name: "receiver (connector) raises RCVHWM to 10",
    run: connectAtoB((a) => (a.receiveHighWaterMark = 10)),
    expected: 14,
  },
  {
    name: "sender (connect before bind) raises SNDHWM after the bind",
    run: async (a, b, ep) => {
      b.connect(ep);
      await a.bind(ep);
      settle(a, b);
      b.sendHighWaterMark = 10;
    },
    expected: 14,
  },
  {
    name: "sender raises SNDHWM between its connect and the bind: the bind sizes the pipe from connect-time HWMs",
    run: async (a, b, ep) => {
      b.connect(ep);
      b.sendHighWaterMark = 10;
      await a.bind(ep);
    },
    expected: 7,
  },
  { name: "sender connected, nobody bound: its SNDHWM", run: (_a, b, ep) => b.connect(ep), expected: 3 },
  {
    name: "sender connected, nobody bound, raises SNDHWM to 10: plus the default RCVHWM of the missing peer",
    run: (_a, b, ep) => {
      b.connect(ep);
      b.sendHighWaterMark = 10;
    },
    expected: 1010,
  },
];

/** A binds, B connects, both settle, then `change`. */
function connectBtoA(change: (a: Sock, b: Sock) => void): Case["run"] {
  return async (a, b, ep) => {
    await a.bind(ep);
    b.connect(ep);
    settle(a, b);
    change(a, b);
  };
}

/** B binds, A connects, both settle, then `change`. */
function connectAtoB(change: (a: Sock, b: Sock) => void): Case["run"] {
  return async (a, b, ep) => {
    await b.bind(ep);
    a.connect(ep);
    settle(a, b);
    change(a, b);
  };
}

for (const c of cases) {
  both(`inproc HWM set after connect/bind: ${c.name} → ${c.expected} messages fit`, async (impl, bag) => {
    const a = bag.make(impl.lib.Dealer, { receiveHighWaterMark: 4 });
    const b = bag.make(impl.lib.Dealer, { sendHighWaterMark: 3 });
    await c.run(a, b, bag.endpoint("inproc"));
    settle(a, b);
    assert.equal(await fill(b), c.expected);
  });
}

both(
  "inproc: raising SNDHWM does not revive a send that found the pipe full; the reader's drain does",
  async (impl, bag) => {
    const a = bag.make(impl.lib.Dealer, { receiveHighWaterMark: 4 });
    const b = bag.make(impl.lib.Dealer, { sendHighWaterMark: 3 });
    const ep = bag.endpoint("inproc");
    await a.bind(ep);
    b.connect(ep);
    settle(a, b);
    assert.equal(await fill(b), 7);
    b.sendHighWaterMark = 10;
    settle(a, b);
    assert.equal(await fill(b), 0, "the pipe stays out of the rotation until the reader drains it");
    for (let i = 0; i < 7; i++) await a.receive();
    settle(a, b);
    assert.equal(await fill(b), 14);
  },
);

both(
  "inproc: a sender blocked at the old HWM is not the end: with SNDHWM raised, sends beyond it complete",
  async (impl, bag) => {
    const a = bag.make(impl.lib.Dealer, { receiveHighWaterMark: 1 });
    const b = bag.make(impl.lib.Dealer, { sendHighWaterMark: 1 });
    const ep = bag.endpoint("inproc");
    await a.bind(ep);
    b.connect(ep);
    settle(a, b);
    b.sendHighWaterMark = 100;
    settle(a, b);
    // No reader: with the old size (2) the third send would wait forever.
    for (let i = 0; i < 50; i++) await b.send(String(i));
    assert.equal((await a.receive()).toString(), "0");
  },
);

for (const [hwm, expected] of [
  [10, 10],
  [0, 3000],
] as const) {
  both(
    `tcp, peer not reached yet: SNDHWM set to ${hwm} after connect → ${expected} messages queue`,
    async (impl, bag) => {
      const b = bag.make(impl.lib.Dealer, { sendHighWaterMark: 3 });
      b.connect(`tcp://127.0.0.1:${await freePort()}`);
      b.sendHighWaterMark = hwm;
      settle(b);
      assert.equal(await fill(b), expected);
    },
  );
}
