import assert from "node:assert/strict";
import { test } from "node:test";
import { Dealer, type Event, type EventOfType } from "../../src/index.js";

test(
  "socket.events keeps events from before its first access (the binding loses them)",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    await s.bind("tcp://127.0.0.1:*");
    const ep = s.lastEndpoint!;
    s.close();
    const seen: Event[] = [];
    // The observer was never touched before close; accessing it now is ENOTSOCK, as the binding...
    assert.throws(() => s.events, { code: "ENOTSOCK" });
    // ...so take it while open:
    const t = new Dealer({ linger: 0 });
    await t.bind("tcp://127.0.0.1:*");
    const ep2 = t.lastEndpoint!;
    const obs = t.events; // first access after bind: the bind event is still there
    t.close();
    for await (const ev of obs) seen.push(ev);
    assert.deepEqual(seen, [{ type: "bind", address: ep2 }, { type: "close", address: ep2 }, { type: "end" }]);
    assert.notEqual(ep, ep2);
    assert.equal(obs.closed, true);
  },
);

test(
  "closing the observer ends a running for-await cleanly; a pending receive rejects EAGAIN",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    try {
      const obs = s.events;
      const loop = (async () => {
        const got: string[] = [];
        for await (const ev of obs) got.push(ev.type);
        return got;
      })();
      await s.bind("tcp://127.0.0.1:*");
      await new Promise((r) => setImmediate(r));
      obs.close();
      assert.deepEqual(await loop, ["bind"]);
      assert.equal(obs.closed, true);
    } finally {
      s.close();
    }
  },
);

test("emitter mode: on() delivers typed payloads; receive() then throws", { timeout: 10000 }, async () => {
  const server = new Dealer({ linger: 0 });
  const client = new Dealer({ linger: 0 });
  try {
    const retried = new Promise<EventOfType<"connect:retry">>((resolve) => client.events.on("connect:retry", resolve));
    const closed = new Promise<EventOfType<"bind">>((resolve) => server.events.on("bind", resolve));
    await server.bind("tcp://127.0.0.1:*");
    const ep = server.lastEndpoint!;
    assert.deepEqual(await closed, { type: "bind", address: ep });
    client.reconnectInterval = 20;
    client.connect("tcp://127.0.0.1:9");
    const ev = await retried;
    // Narrowed by the type parameter: `interval` exists at compile time.
    const interval: number = ev.interval;
    assert.ok(interval >= 20 && interval < 40);
    assert.throws(() => client.events.receive(), /event emitter mode/);
  } finally {
    server.close();
    client.close();
  }
});

/** Compile-time check: the union narrows on `type` (this function only has to type-check). */
export function narrow(ev: Event): number | string | undefined {
  switch (ev.type) {
    case "connect:retry":
      return ev.interval;
    case "bind:error":
      return ev.error.code;
    case "handshake:error:auth":
      return ev.error.status;
    case "handshake:error:protocol":
      return ev.error.code;
    case "end":
      // @ts-expect-error `end` has no address
      return ev.address;
    default:
      return undefined;
  }
}
