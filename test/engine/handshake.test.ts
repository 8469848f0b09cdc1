// The ZMTP handshake driver without sockets: greeting exchange, mechanism driving, the monitor
// events it ends with, and ZMQ_HANDSHAKE_IVL under node:test mock timers.
import { describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { constants as osc } from "node:os";
import { Handshake, type HandshakeHost } from "../../src/engine/handshake.js";
import type { EnginePlace } from "../../src/engine/host.js";
import {
  EVENT_HANDSHAKE_FAILED_AUTH,
  EVENT_HANDSHAKE_FAILED_NO_DETAIL,
  EVENT_HANDSHAKE_FAILED_PROTOCOL,
  EVENT_HANDSHAKE_SUCCEEDED,
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../src/events/events.js";
import type { EventDetail, EventSink } from "../../src/events/sink.js";
import { NullMechanism } from "../../src/mechanism/null.js";
import { decodeGreeting, encodeGreeting, type PeerGreeting } from "../../src/wire/greeting.js";
import { Zap, ascii, context, withProps, zapReply } from "../mechanism/harness.js";

interface Recorded {
  event: number;
  value: number;
  detail?: EventDetail;
}

class Host implements HandshakeHost, EventSink {
  readonly place: EnginePlace = { local: "tcp://127.0.0.1:1", remote: "tcp://127.0.0.1:2", bindSide: true, fd: 9 };
  readonly recorded: Recorded[] = [];
  readonly greeting: Buffer[] = [];
  readonly commands: Buffer[] = [];
  readonly failures: Array<[string, number]> = [];
  flushes = 0;
  succeeded = 0;
  /** What the session answers when the handshake succeeds. */
  accept = true;
  get events(): EventSink {
    return this;
  }
  event(event: number, value: number, _l: string, _r: string, _b: boolean, detail?: EventDetail): void {
    this.recorded.push(detail ? { event, value, detail } : { event, value });
  }
  sendGreeting(bytes: Buffer): void {
    this.greeting.push(Buffer.from(bytes));
  }
  sendCommand(body: Buffer): void {
    this.commands.push(Buffer.from(body));
  }
  scheduleFlush(): void {
    this.flushes++;
  }
  handshakeSucceeded(): boolean {
    this.succeeded++;
    return this.accept;
  }
  handshakeFailed(reason: string, errno: number): void {
    this.failures.push([reason, errno]);
  }
}

function peerGreeting(mechanism: string, minor = 1): PeerGreeting {
  const g = encodeGreeting(mechanism);
  g[11] = minor;
  const r = decodeGreeting(g);
  assert.ok(r.kind === "ok");
  return r.greeting;
}

const ROUTER_READY = withProps("READY", [
  ["Socket-Type", "ROUTER"],
  ["Identity", "peer"],
]);

function setup(over: Parameters<typeof context>[0] = {}): { hs: Handshake; host: Host; mechanism: NullMechanism } {
  const host = new Host();
  const mechanism = new NullMechanism(context(over));
  const hs = new Handshake(mechanism, host);
  return { hs, host, mechanism };
}

/** Through the greeting exchange with a NULL peer. */
function greeted(over: Parameters<typeof context>[0] = {}, minor = 1): ReturnType<typeof setup> {
  const s = setup(over);
  s.hs.start(0);
  s.hs.signatureReceived();
  s.hs.greetingReceived(peerGreeting("NULL", minor));
  return s;
}

describe("handshake: greeting exchange", () => {
  test("signature and version first, the rest once the peer's signature is in, once", () => {
    const { hs, host } = setup();
    hs.start(0);
    assert.equal(host.greeting.length, 1);
    assert.equal(host.greeting[0]!.length, 11);
    hs.signatureReceived();
    hs.signatureReceived();
    assert.equal(host.greeting.length, 2);
    assert.deepEqual(Buffer.concat(host.greeting), encodeGreeting("NULL"));
  });

  test("another mechanism in the peer's greeting: PROTOCOL(MECHANISM_MISMATCH), dropped, mechanism never started", () => {
    const { hs, host } = setup();
    hs.start(0);
    hs.signatureReceived();
    hs.greetingReceived(peerGreeting("PLAIN"));
    assert.deepEqual(host.recorded, [
      { event: EVENT_HANDSHAKE_FAILED_PROTOCOL, value: PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH },
    ]);
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
    assert.deepEqual(host.commands, []);
  });
});

describe("handshake: success", () => {
  test("READY both ways: the session takes the pipe, then HANDSHAKE_SUCCEEDED with what the peer said", () => {
    const { hs, host } = greeted();
    assert.equal(host.commands.length, 1, "our READY");
    hs.frameReceived(ROUTER_READY);
    assert.equal(host.succeeded, 1);
    assert.deepEqual(host.recorded, [
      {
        event: EVENT_HANDSHAKE_SUCCEEDED,
        value: 0,
        detail: {
          peerSocketType: "ROUTER",
          peerRoutingId: ascii("peer"),
          mechanism: "NULL",
          zmtpMinor: 1,
          properties: new Map([
            ["Socket-Type", ascii("ROUTER")],
            ["Identity", ascii("peer")],
          ]),
        },
      },
    ]);
    assert.deepEqual(host.failures, []);
  });

  test("a ZMTP 3.0 peer: minor 0 is remembered and reported", () => {
    const { hs, host } = greeted({}, 0);
    assert.equal(hs.peerMinor, 0);
    hs.frameReceived(ROUTER_READY);
    assert.equal(host.recorded[0]!.detail?.zmtpMinor, 0);
  });

  test("the session refuses the pipe: no HANDSHAKE_SUCCEEDED", () => {
    const { hs, host } = greeted();
    host.accept = false;
    hs.frameReceived(ROUTER_READY);
    assert.equal(host.succeeded, 1);
    assert.deepEqual(host.recorded, []);
  });

  test("a ZAP reply that completes the handshake later succeeds once", () => {
    const zap = new Zap();
    const { hs, host } = greeted({ zapDomain: "d", zap: zap.connector });
    hs.frameReceived(ROUTER_READY);
    assert.equal(host.succeeded, 0);
    zap.reply(zapReply(200));
    assert.equal(host.succeeded, 1);
    assert.equal(host.recorded[0]!.event, EVENT_HANDSHAKE_SUCCEEDED);
  });
});

describe("handshake: each failure shape gives libzmq's event", () => {
  test('ERROR "400": AUTH(400), then dropped', () => {
    const { hs, host } = greeted();
    hs.frameReceived(ascii("\x05ERROR\x03400"));
    assert.deepEqual(host.recorded, [{ event: EVENT_HANDSHAKE_FAILED_AUTH, value: 400 }]);
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
  });

  test("an unexpected command: PROTOCOL(UNEXPECTED_COMMAND), then dropped", () => {
    const { hs, host } = greeted();
    hs.frameReceived(ascii("\x04PING\x00\x00"));
    assert.deepEqual(host.recorded, [
      { event: EVENT_HANDSHAKE_FAILED_PROTOCOL, value: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND },
    ]);
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
  });

  test("an incompatible Socket-Type: dropped with no handshake event", () => {
    const { hs, host } = greeted();
    hs.frameReceived(withProps("READY", [["Socket-Type", "PUB"]]));
    assert.deepEqual(host.recorded, []);
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
  });

  test("ZAP 400 on our side: AUTH(400), the connection kept open for the peer to leave", () => {
    const zap = new Zap();
    const { host } = greeted({ zapDomain: "d", zap: zap.connector });
    const flushes = host.flushes;
    zap.reply(zapReply(400));
    assert.deepEqual(host.recorded, [{ event: EVENT_HANDSHAKE_FAILED_AUTH, value: 400 }]);
    assert.deepEqual(host.failures, []);
    assert.deepEqual(host.commands, [ascii("\x05ERROR\x03400")]);
    assert.ok(host.flushes > flushes, "the ERROR is flushed");
  });

  test("no ZAP handler with ZAP_ENFORCE_DOMAIN: NO_DETAIL(EFAULT), and the handshake stalls", () => {
    const { host } = greeted({ zapDomain: "d", zapEnforceDomain: true, zap: () => null });
    assert.deepEqual(host.recorded, [{ event: EVENT_HANDSHAKE_FAILED_NO_DETAIL, value: osc.errno.EFAULT }]);
    assert.deepEqual(host.failures, []);
  });

  test("NO_DETAIL without stall (a PLAIN server without a handler): NO_DETAIL, then dropped", () => {
    const { hs, host } = greeted();
    hs.reportFailure({ noDetailErrno: osc.errno.EFAULT });
    assert.deepEqual(host.recorded, [{ event: EVENT_HANDSHAKE_FAILED_NO_DETAIL, value: osc.errno.EFAULT }]);
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
  });

  test("a post-handshake transform failure is reported the same way (CURVE's MESSAGE errors)", () => {
    const { hs, host } = greeted();
    hs.frameReceived(ROUTER_READY);
    hs.reportFailure({ protocolError: PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC });
    assert.deepEqual(host.recorded.at(-1), {
      event: EVENT_HANDSHAKE_FAILED_PROTOCOL,
      value: PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
    });
    assert.deepEqual(host.failures, [["protocol", osc.errno.EPROTO]]);
  });
});

describe("handshake: ZMQ_HANDSHAKE_IVL (mock timers)", () => {
  const mockTimers = (t: TestContext) => t.mock.timers.enable({ apis: ["setTimeout"] });

  test("expires with EAGAIN when the handshake is not done in time", (t) => {
    mockTimers(t);
    const { hs, host } = setup();
    hs.start(100);
    t.mock.timers.tick(99);
    assert.deepEqual(host.failures, []);
    t.mock.timers.tick(1);
    assert.deepEqual(host.failures, [["timeout", osc.errno.EAGAIN]]);
  });

  test("no limit with 0; no expiry once the handshake succeeded", (t) => {
    mockTimers(t);
    const a = setup();
    a.hs.start(0);
    t.mock.timers.tick(1_000_000);
    assert.deepEqual(a.host.failures, []);
    const b = setup();
    b.hs.start(100);
    b.hs.signatureReceived();
    b.hs.greetingReceived(peerGreeting("NULL"));
    b.hs.frameReceived(ROUTER_READY);
    t.mock.timers.tick(1000);
    assert.deepEqual(b.host.failures, []);
  });

  test("a mechanism already refused by ZAP still times out (the engine then adds no NO_DETAIL)", (t) => {
    mockTimers(t);
    const zap = new Zap();
    const { hs, host, mechanism } = setup({ zapDomain: "d", zap: zap.connector });
    hs.start(100);
    hs.signatureReceived();
    hs.greetingReceived(peerGreeting("NULL"));
    zap.reply(zapReply(300));
    assert.equal(mechanism.status, "error");
    t.mock.timers.tick(100);
    assert.deepEqual(host.failures, [["timeout", osc.errno.EAGAIN]]);
  });

  test("stop: the timer is cleared, a pending ZAP request abandoned, late progress ignored", (t) => {
    mockTimers(t);
    const zap = new Zap();
    const { hs, host } = setup({ zapDomain: "d", zap: zap.connector });
    hs.start(100);
    hs.signatureReceived();
    hs.greetingReceived(peerGreeting("NULL"));
    hs.stop();
    assert.equal(zap.cancelled, 1);
    hs.mechanismProgress({ authStatus: 400 });
    t.mock.timers.tick(1000);
    assert.deepEqual(host.failures, []);
    assert.deepEqual(host.recorded, []);
  });
});
