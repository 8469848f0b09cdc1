// Heartbeat timers (RFC 37 as libzmq runs them) under node:test mock timers, no sockets.
import { describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Heartbeat, type HeartbeatHost } from "../../src/engine/heartbeat.js";

class Host implements HeartbeatHost {
  readonly pings: number[] = [];
  expired = 0;
  sendPing(ttl: number): void {
    this.pings.push(ttl);
  }
  heartbeatExpired(): void {
    this.expired++;
  }
}

function setup(
  t: TestContext,
  options: { heartbeatInterval: number; heartbeatTimeout?: number; heartbeatTtlDs?: number },
): { hb: Heartbeat; host: Host; tick: (ms: number) => void } {
  t.mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  const host = new Host();
  const hb = new Heartbeat({ heartbeatTimeout: -1, heartbeatTtlDs: 0, ...options }, host);
  t.after(() => hb.stop());
  return { hb, host, tick: (ms) => t.mock.timers.tick(ms) };
}

describe("heartbeat: our PINGs and ZMQ_HEARTBEAT_TIMEOUT", () => {
  test("ZMQ_HEARTBEAT_IVL 0: no PINGs, nothing expires", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 0 });
    hb.start();
    tick(100_000);
    assert.deepEqual(host.pings, []);
    assert.equal(host.expired, 0);
  });

  test("a PING every interval carrying ZMQ_HEARTBEAT_TTL; silence until the timeout (default: the interval) expires", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 100, heartbeatTtlDs: 7 });
    hb.start();
    tick(99);
    assert.deepEqual(host.pings, []);
    tick(1);
    assert.deepEqual(host.pings, [7]);
    tick(99);
    assert.equal(host.expired, 0);
    tick(1);
    assert.equal(host.expired, 1);
  });

  test("an explicit ZMQ_HEARTBEAT_TIMEOUT is measured from the first unanswered PING", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 100, heartbeatTimeout: 250 });
    hb.start();
    tick(100); // PING, timeout armed for t=350
    tick(200); // two more PINGs do not re-arm it
    assert.equal(host.pings.length, 3);
    assert.equal(host.expired, 0);
    tick(49);
    assert.equal(host.expired, 0);
    tick(1);
    assert.equal(host.expired, 1);
  });

  test("any traffic disarms the timeout; the next PING arms it again", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 100, heartbeatTimeout: 50 });
    hb.start();
    tick(100); // PING, timeout for t=150
    tick(40);
    hb.traffic();
    tick(59); // t=199: the disarmed timeout did not fire
    assert.equal(host.expired, 0);
    tick(1); // t=200: PING, timeout for t=250
    tick(49);
    assert.equal(host.expired, 0);
    tick(1);
    assert.equal(host.expired, 1);
  });

  test("stop: no more PINGs, no expiry", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 100 });
    hb.start();
    tick(100);
    hb.stop();
    tick(10_000);
    assert.equal(host.pings.length, 1);
    assert.equal(host.expired, 0);
  });
});

describe("heartbeat: the peer's TTL", () => {
  test("a PING with TTL n deciseconds expires the connection n×100 ms later without traffic", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 0 });
    hb.pinged(5);
    tick(499);
    assert.equal(host.expired, 0);
    tick(1);
    assert.equal(host.expired, 1);
  });

  test("TTL 0 arms nothing; a TTL beyond libzmq's 16-bit product is honoured in full", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 0 });
    hb.pinged(0);
    tick(1_000_000);
    assert.equal(host.expired, 0);
    hb.pinged(656); // libzmq would wrap this to 64 ms
    tick(65_599);
    assert.equal(host.expired, 0);
    tick(1);
    assert.equal(host.expired, 1);
  });

  test("a running TTL timer is not re-armed by another PING, but traffic first restarts it (the engine's order)", (t) => {
    const { hb, host, tick } = setup(t, { heartbeatInterval: 0 });
    hb.pinged(2); // expires at t=200
    tick(150);
    hb.pinged(2); // ignored: already armed
    tick(50);
    assert.equal(host.expired, 1);

    hb.traffic();
    hb.pinged(2); // t=200 → 400
    tick(150);
    hb.traffic(); // a PING is traffic first...
    hb.pinged(2); // ...then re-arms: t=350 → 550
    tick(199);
    assert.equal(host.expired, 1);
    tick(1);
    assert.equal(host.expired, 2);
  });
});
