// The NULL mechanism from command bodies alone: every outcome of libzmq-facts §3.4's NULL table.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { constants as osc } from "node:os";
import {
  PROTOCOL_ERROR_ZAP_BAD_VERSION,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../src/events/events.js";
import { NullMechanism } from "../../src/mechanism/null.js";
import { readyBody } from "../../src/wire/commands.js";
import { parseCommand } from "../../src/wire/commands.js";
import { Host, NO_HANDLER, Zap, ascii, context, feed, hex, withProps, zapReply } from "./harness.js";

const UNEXPECTED = { protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND };
const MALFORMED_ERROR = { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR };
const ROUTER_READY = withProps("READY", [
  ["Socket-Type", "ROUTER"],
  ["Identity", ""],
]);

function started(over: Parameters<typeof context>[0] = {}): { m: NullMechanism; host: Host } {
  const m = new NullMechanism(context(over));
  const host = new Host();
  m.start(host);
  return { m, host };
}

describe("NULL: success", () => {
  test("sends READY at start (the RFC's DEALER READY), ready on the peer's READY", () => {
    const { m, host } = started();
    assert.deepEqual(host.sent, [
      readyBody([
        ["Socket-Type", "DEALER"],
        ["Identity", ""],
      ]),
    ]);
    assert.equal(m.status, "handshaking");
    assert.equal(feed(m, ROUTER_READY, host), null);
    assert.equal(m.status, "ready");
    assert.equal(m.peerMetadata.get("Socket-Type")?.toString(), "ROUTER");
    assert.deepEqual(m.peerMetadata.get("Identity"), Buffer.alloc(0));
  });

  test("each connection announces its own socket's routing id (READY bodies are shared only without one)", () => {
    for (const id of ["A", "", "B", "A"]) {
      const { host } = started({ identity: ascii(id) });
      assert.deepEqual(host.sent, [
        readyBody([
          ["Socket-Type", "DEALER"],
          ["Identity", ascii(id)],
        ]),
      ]);
    }
    assert.deepEqual(started({ socketType: "ROUTER" }).host.sent, [
      readyBody([
        ["Socket-Type", "ROUTER"],
        ["Identity", ""],
      ]),
    ]);
  });

  test("a type that sends no Identity announces Socket-Type only", () => {
    const { host } = started({ socketType: "PUSH", identity: null });
    assert.deepEqual(host.sent, [readyBody([["Socket-Type", "PUSH"]])]);
  });

  test("a READY with no Socket-Type at all is accepted (libzmq checks it only when present)", () => {
    const { m, host } = started();
    assert.equal(feed(m, ascii("\x05READY"), host), null);
    assert.equal(m.status, "ready");
  });

  test("Socket-Type is compared byte-exact: another letter case is incompatible", () => {
    const { m, host } = started();
    assert.deepEqual(feed(m, withProps("READY", [["Socket-Type", "router"]]), host), {});
  });
});

describe("NULL: failures (libzmq's null_mechanism)", () => {
  const unexpected: Array<[string, Buffer]> = [
    ["HELLO", ascii("\x05HELLO\x00\x00")],
    ["PING", ascii("\x04PING\x00\x00")],
    ["unknown name", ascii("\x03FOO")],
    ["a body that fails the structure check", hex("00")],
    ["an empty body", Buffer.alloc(0)],
    ["READY with the wrong case", ascii("\x05ready")],
    // libzmq's NULL spells ERROR correctly and reads only that spelling.
    ["ERROR in libzmq PLAIN's spelling (5E RROR)", hex("5E 52 52 4F 52 03 343030")],
  ];
  for (const [what, body] of unexpected) {
    test(`${what}: UNEXPECTED_COMMAND`, () => {
      const { m, host } = started();
      assert.deepEqual(feed(m, body, host), UNEXPECTED);
      assert.equal(m.status, "error");
    });
  }

  test("any command after READY was received: UNEXPECTED_COMMAND", () => {
    const { m, host } = started({ zapDomain: "d", zap: new Zap().connector });
    // ZAP still pending: we have not sent READY, so the peer's READY does not finish the handshake.
    assert.equal(feed(m, ROUTER_READY, host), null);
    assert.equal(m.status, "handshaking");
    assert.deepEqual(feed(m, ROUTER_READY, host), UNEXPECTED);
  });

  test("any command after the handshake or after an ERROR: UNEXPECTED_COMMAND", () => {
    const a = started();
    feed(a.m, ROUTER_READY, a.host);
    assert.deepEqual(feed(a.m, ROUTER_READY, a.host), UNEXPECTED);
    const b = started();
    assert.deepEqual(feed(b.m, ascii("\x05ERROR\x03bye"), b.host), {});
    assert.deepEqual(feed(b.m, ROUTER_READY, b.host), UNEXPECTED);
  });

  test("ERROR shorter than 7 bytes or with a reason past its end: MALFORMED_COMMAND_ERROR", () => {
    for (const body of [ascii("\x05ERROR"), ascii("\x05ERROR\x04400"), ascii("\x05ERROR\xff")]) {
      const { m, host } = started();
      assert.deepEqual(feed(m, body, host), MALFORMED_ERROR, body.toString("hex"));
    }
  });

  test('ERROR "300"/"400"/"500": AUTH with that status', () => {
    for (const status of [300, 400, 500]) {
      const { m, host } = started();
      assert.deepEqual(feed(m, ascii(`\x05ERROR\x03${status}`), host), { authStatus: status });
      assert.equal(m.status, "error");
    }
  });

  test("ERROR with any other reason (or the empty reason): no handshake event", () => {
    for (const reason of ["", "bye", "200", "4000"]) {
      const { m, host } = started();
      const body = Buffer.concat([ascii("\x05ERROR"), Buffer.from([reason.length]), ascii(reason)]);
      assert.deepEqual(feed(m, body, host), {}, reason);
    }
  });

  test("READY with malformed metadata or an incompatible Socket-Type: dropped with no event", () => {
    const bodies = [
      Buffer.concat([ROUTER_READY, hex("01")]), // a property name length with nothing after
      ROUTER_READY.subarray(0, ROUTER_READY.length - 1), // value shorter than announced
      withProps("READY", [["Socket-Type", "PUB"]]),
      // Every Socket-Type occurrence is checked, not only the first.
      withProps("READY", [
        ["Socket-Type", "ROUTER"],
        ["Socket-Type", "PUB"],
      ]),
    ];
    for (const body of bodies) {
      const { m, host } = started();
      assert.deepEqual(feed(m, body, host), {}, body.toString("hex"));
      assert.equal(m.status, "error");
    }
  });
});

describe("NULL with ZAP (a ZMQ_ZAP_DOMAIN is set)", () => {
  test("asks ZAP first: mechanism NULL, no credentials, our own routing id; READY after 200", () => {
    const zap = new Zap();
    const { m, host } = started({ zapDomain: "dom", ownRoutingId: ascii("me"), zap: zap.connector });
    assert.deepEqual(host.sent, []);
    assert.deepEqual(zap.requests, [
      { domain: "dom", address: "127.0.0.1", identity: ascii("me"), mechanism: "NULL", credentials: [] },
    ]);
    assert.equal(feed(m, ROUTER_READY, host), null);
    zap.reply(zapReply(200, "alice"));
    assert.deepEqual(host.progress, [null]);
    assert.equal(host.sent.length, 1);
    assert.equal(m.status, "ready");
    assert.equal(m.peerMetadata.get("User-Id")?.toString(), "alice");
  });

  test("ZAP's User-Id is in the peer's metadata whichever comes first, and wins over a peer's own", () => {
    const zap = new Zap();
    const { m, host } = started({ zapDomain: "dom", zap: zap.connector });
    zap.reply(zapReply(200, "alice"));
    assert.equal(m.status, "handshaking");
    const spoofing = withProps("READY", [
      ["Socket-Type", "ROUTER"],
      ["User-Id", "mallory"],
    ]);
    assert.equal(feed(m, spoofing, host), null);
    assert.equal(m.status, "ready");
    assert.equal(m.peerMetadata.get("User-Id")?.toString(), "alice");
  });

  test("no ZMQ_ZAP_DOMAIN: ZAP is not consulted", () => {
    const zap = new Zap();
    const { host } = started({ zap: zap.connector });
    assert.equal(zap.requests.length, 0);
    assert.equal(host.sent.length, 1);
  });

  test("no handler, ZAP_ENFORCE_DOMAIN: NO_DETAIL(EFAULT) and the handshake stalls", () => {
    const { m, host } = started({ zapDomain: "d", zapEnforceDomain: true, zap: NO_HANDLER });
    assert.deepEqual(host.progress, [{ noDetailErrno: osc.errno.EFAULT, stall: true }]);
    assert.deepEqual(host.sent, []);
    assert.equal(m.status, "handshaking");
  });

  test("no handler, not enforced: proceeds unauthenticated", () => {
    const { host } = started({ zapDomain: "d", zap: NO_HANDLER });
    assert.deepEqual(host.progress, []);
    assert.equal(host.sent.length, 1);
  });

  test("400 and 500: ERROR with the status (RFC spelling), AUTH, connection kept for the peer to close", () => {
    for (const status of [400, 500]) {
      const zap = new Zap();
      const { m, host } = started({ zapDomain: "d", zap: zap.connector });
      zap.reply(zapReply(status));
      assert.deepEqual(host.sent, [ascii(`\x05ERROR\x03${status}`)]);
      assert.deepEqual(host.progress, [{ authStatus: status, keepOpen: true }]);
      assert.equal(m.status, "error");
    }
  });

  test("after the refusal (ERROR sent, or 300's silence), a peer's frame ends the connection as libzmq's", () => {
    const cases: Array<[string, Buffer[], object[]]> = [
      ["READY (no event), then anything UNEXPECTED", [ROUTER_READY, ROUTER_READY], [{}, UNEXPECTED]],
      ["READY with bad metadata: no event", [withProps("READY", [["Socket-Type", "PUB"]])], [{}]],
      ['ERROR "400": AUTH', [ascii("\x05ERROR\x03400")], [{ authStatus: 400 }]],
      ["a malformed ERROR", [ascii("\x05ERROR")], [MALFORMED_ERROR]],
      ["an unknown command", [ascii("\x04FAKE")], [UNEXPECTED]],
    ];
    for (const status of [400, 300]) {
      for (const [what, frames, expected] of cases) {
        const zap = new Zap();
        const { m } = started({ zapDomain: "d", zap: zap.connector });
        zap.reply(zapReply(status));
        assert.deepEqual(
          frames.map((f) => m.afterRefusal(parseCommand(f))),
          expected,
          `${status}: ${what}`,
        );
      }
    }
    // A READY that came before the refusal: anything after it is UNEXPECTED.
    const zap = new Zap();
    const { m, host } = started({ zapDomain: "d", zap: zap.connector });
    feed(m, ROUTER_READY, host);
    zap.reply(zapReply(400));
    assert.deepEqual(m.afterRefusal(parseCommand(ROUTER_READY)), UNEXPECTED);
  });

  test("300: AUTH with no ERROR sent (temporary failure: silence, RFC 26)", () => {
    const zap = new Zap();
    const { host } = started({ zapDomain: "d", zap: zap.connector });
    zap.reply(zapReply(300));
    assert.deepEqual(host.sent, []);
    assert.deepEqual(host.progress, [{ authStatus: 300, keepOpen: true }]);
  });

  test("a malformed reply is HANDSHAKE_FAILED_PROTOCOL with its ZAP code", () => {
    const zap = new Zap();
    const { m, host } = started({ zapDomain: "d", zap: zap.connector });
    zap.reply({ kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_VERSION });
    assert.deepEqual(host.progress, [{ protocolError: PROTOCOL_ERROR_ZAP_BAD_VERSION }]);
    assert.equal(m.status, "error");
  });

  test("a handler that goes away: the handshake stalls (the timer or the peer ends it)", () => {
    const zap = new Zap();
    const { m, host } = started({ zapDomain: "d", zap: zap.connector });
    zap.reply({ kind: "gone" });
    assert.deepEqual(host.progress, [null]);
    assert.deepEqual(host.sent, []);
    assert.equal(m.status, "handshaking");
  });

  test("dispose abandons a pending request", () => {
    const zap = new Zap();
    const { m } = started({ zapDomain: "d", zap: zap.connector });
    m.dispose();
    assert.equal(zap.cancelled, 1);
    assert.equal(zap.pending, false);
  });
});
