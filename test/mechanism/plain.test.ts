// PLAIN client and server from command bodies alone: every outcome of libzmq-facts §3.4's PLAIN table.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { constants as osc } from "node:os";
import {
  PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
  PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
  PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
} from "../../src/events/events.js";
import type { Mechanism } from "../../src/mechanism/mechanism.js";
import { PlainClient, PlainServer, parsePlainHello, plainHelloBody } from "../../src/mechanism/plain.js";
import { Host, NO_HANDLER, Zap, ascii, context, feed, hex, withProps, zapReply } from "./harness.js";

const UNEXPECTED = { protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND };
const WELCOME = ascii("\x07WELCOME");
const ROUTER_READY = withProps("READY", [
  ["Socket-Type", "ROUTER"],
  ["Identity", ""],
]);
const ROUTER_INITIATE = withProps("INITIATE", [
  ["Socket-Type", "ROUTER"],
  ["Identity", ""],
]);

function client(): { m: PlainClient; host: Host } {
  const m = new PlainClient(context(), ascii("admin"), ascii("secret"));
  const host = new Host();
  m.start(host);
  return { m, host };
}

/** A server whose HELLO has been accepted by ZAP (WELCOME sent). */
function welcomedServer(userId = "admin"): { m: PlainServer; host: Host; zap: Zap } {
  const zap = new Zap();
  const m = new PlainServer(context({ zapDomain: "d", zap: zap.connector }));
  const host = new Host();
  m.start();
  assert.equal(feed(m, plainHelloBody(ascii("admin"), ascii("secret")), host), null);
  zap.reply(zapReply(200, userId));
  return { m, host, zap };
}

describe("PLAIN: HELLO layout", () => {
  test("HELLO is 05 HELLO ulen username plen password; each cut to 255 bytes", () => {
    assert.deepEqual(plainHelloBody(ascii("admin"), ascii("secret")), ascii("\x05HELLO\x05admin\x06secret"));
    const long = plainHelloBody(Buffer.alloc(300, 0x61), Buffer.alloc(0));
    assert.equal(long.length, 6 + 1 + 255 + 1);
    assert.deepEqual(parsePlainHello(long.subarray(6)), {
      username: Buffer.alloc(255, 0x61),
      password: Buffer.alloc(0),
    });
  });
});

describe("PLAIN client", () => {
  test("HELLO at start; WELCOME → INITIATE with our properties; READY → ready with the server's", () => {
    const { m, host } = client();
    assert.deepEqual(host.sent, [ascii("\x05HELLO\x05admin\x06secret")]);
    assert.equal(feed(m, WELCOME, host), null);
    assert.deepEqual(
      host.sent[1],
      withProps("INITIATE", [
        ["Socket-Type", "DEALER"],
        ["Identity", ""],
      ]),
    );
    assert.equal(feed(m, ROUTER_READY, host), null);
    assert.equal(m.status, "ready");
    assert.equal(m.peerMetadata.get("Socket-Type")?.toString(), "ROUTER");
  });

  test("WELCOME of any other size than 8 bytes: MALFORMED_COMMAND_WELCOME", () => {
    const { m, host } = client();
    assert.deepEqual(feed(m, ascii("\x07WELCOMEx"), host), {
      protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
    });
  });

  test("WELCOME or READY out of turn, unknown commands: UNEXPECTED_COMMAND", () => {
    const cases: Array<[string, Buffer[]]> = [
      ["READY before WELCOME", [ROUTER_READY]],
      ["WELCOME twice", [WELCOME, WELCOME]],
      ["an unknown command", [ascii("\x03FOO")]],
      ["a structurally broken body", [hex("00")]],
      ["HELLO", [ascii("\x05HELLO\x00\x00")]],
      ["anything after READY", [WELCOME, ROUTER_READY, ROUTER_READY]],
    ];
    for (const [what, bodies] of cases) {
      const { m, host } = client();
      const results = bodies.map((b) => feed(m, b, host));
      assert.deepEqual(results.at(-1), UNEXPECTED, what);
      assert.ok(
        results.slice(0, -1).every((r) => r === null),
        what,
      );
    }
  });

  test("READY with invalid metadata or an incompatible Socket-Type: INVALID_METADATA", () => {
    for (const ready of [Buffer.concat([ROUTER_READY, hex("05")]), withProps("READY", [["Socket-Type", "SUB"]])]) {
      const { m, host } = client();
      feed(m, WELCOME, host);
      assert.deepEqual(feed(m, ready, host), { protocolError: PROTOCOL_ERROR_ZMTP_INVALID_METADATA });
    }
  });

  test("ERROR in the RFC spelling: 300/400/500 AUTH, other reasons silent, malformed MALFORMED_COMMAND_ERROR", () => {
    const cases: Array<[Buffer, object]> = [
      [ascii("\x05ERROR\x03400"), { authStatus: 400 }],
      [ascii("\x05ERROR\x03500"), { authStatus: 500 }],
      [ascii("\x05ERROR\x03300"), { authStatus: 300 }],
      [ascii("\x05ERROR\x03bye"), {}],
      [ascii("\x05ERROR"), { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR }],
      [ascii("\x05ERROR\x09400"), { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR }],
    ];
    for (const [body, expected] of cases) {
      for (const afterWelcome of [false, true]) {
        const { m, host } = client();
        if (afterWelcome) feed(m, WELCOME, host);
        assert.deepEqual(feed(m, body, host), expected, `${body.toString("latin1")} after WELCOME: ${afterWelcome}`);
        assert.equal(m.status, "error");
      }
    }
  });

  test("ERROR in libzmq PLAIN's spelling (5E RROR): read the same way, malformed MALFORMED_COMMAND_ERROR", () => {
    const cases: Array<[Buffer, object]> = [
      [hex("5E 52 52 4F 52 03 343030"), { authStatus: 400 }],
      [hex("5E 52 52 4F 52 03 353030"), { authStatus: 500 }],
      [hex("5E 52 52 4F 52 03 627965"), {}],
      [hex("5E 52 52 4F 52 00"), {}],
      [hex("5E 52 52 4F 52"), { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR }],
      [hex("5E 52 52 4F 52 04 343030"), { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR }],
    ];
    for (const [body, expected] of cases) {
      for (const afterWelcome of [false, true]) {
        const { m, host } = client();
        if (afterWelcome) feed(m, WELCOME, host);
        assert.deepEqual(feed(m, body, host), expected, `${body.toString("hex")} after WELCOME: ${afterWelcome}`);
        assert.equal(m.status, "error");
      }
    }
  });
});

describe("PLAIN server", () => {
  function server(zap = new Zap()): { m: PlainServer; host: Host; zap: Zap } {
    const m = new PlainServer(context({ zapDomain: "d", zap: zap.connector, ownRoutingId: ascii("srv") }));
    const host = new Host();
    m.start();
    return { m, host, zap };
  }

  test("silent at start; HELLO → ZAP (PLAIN, username, password) → WELCOME; INITIATE → READY, User-Id", () => {
    const { m, host, zap } = server();
    assert.deepEqual(host.sent, []);
    assert.equal(feed(m, plainHelloBody(ascii("admin"), ascii("secret")), host), null);
    assert.deepEqual(zap.requests, [
      {
        domain: "d",
        address: "127.0.0.1",
        identity: ascii("srv"),
        mechanism: "PLAIN",
        credentials: [ascii("admin"), ascii("secret")],
      },
    ]);
    assert.deepEqual(host.sent, []);
    zap.reply(zapReply(200, "admin-id"));
    assert.deepEqual(host.progress, [null]);
    assert.deepEqual(host.sent, [WELCOME]);
    assert.equal(feed(m, ROUTER_INITIATE, host), null);
    assert.deepEqual(
      host.sent[1],
      withProps("READY", [
        ["Socket-Type", "DEALER"],
        ["Identity", ""],
      ]),
    );
    assert.equal(m.status, "ready");
    assert.equal(m.peerMetadata.get("User-Id")?.toString(), "admin-id");
  });

  test("first body of at most 1 byte, or a name longer than the body: MALFORMED_COMMAND_UNSPECIFIED", () => {
    for (const body of [Buffer.alloc(0), hex("00"), hex("05"), ascii("\x05HELL"), ascii("\x08INITIATE".slice(0, 6))]) {
      const { m, host } = server();
      assert.deepEqual(
        feed(m, body, host),
        { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED },
        body.toString("hex"),
      );
    }
  });

  test("expected HELLO, got another name: UNEXPECTED_COMMAND", () => {
    for (const body of [ROUTER_INITIATE, ROUTER_READY, ascii("\x05ERROR\x03400"), ascii("\x05ERROR"), hex("00 41")]) {
      const { m, host } = server();
      assert.deepEqual(feed(m, body, host), UNEXPECTED, body.toString("hex"));
    }
  });

  test("HELLO without username length, truncated username, no password length, wrong password length: MALFORMED_COMMAND_HELLO", () => {
    const bodies = [
      "\x05HELLO",
      "\x05HELLO\x05adm",
      "\x05HELLO\x05admin",
      "\x05HELLO\x05admin\x07secret",
      "\x05HELLO\x05admin\x05secret",
    ];
    for (const body of bodies) {
      const { m, host, zap } = server();
      assert.deepEqual(
        feed(m, ascii(body), host),
        { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO },
        JSON.stringify(body),
      );
      assert.equal(zap.requests.length, 0);
    }
    // Empty username and password are well-formed.
    assert.deepEqual(parsePlainHello(hex("00 00")), { username: Buffer.alloc(0), password: Buffer.alloc(0) });
  });

  test("no ZAP handler: NO_DETAIL(EFAULT), and the connection is dropped", () => {
    const m = new PlainServer(context({ zapDomain: "d", zap: NO_HANDLER }));
    const host = new Host();
    assert.deepEqual(feed(m, plainHelloBody(ascii("a"), ascii("b")), host), { noDetailErrno: osc.errno.EFAULT });
    assert.equal(m.status, "error");
  });

  test("a command while ZAP is deciding: UNSPECIFIED", () => {
    const { m, host } = server();
    feed(m, plainHelloBody(ascii("a"), ascii("b")), host);
    assert.deepEqual(feed(m, ROUTER_INITIATE, host), { protocolError: PROTOCOL_ERROR_ZMTP_UNSPECIFIED });
  });

  test("expected INITIATE, got another name (no structure check here): UNEXPECTED_COMMAND", () => {
    for (const body of [ROUTER_READY, plainHelloBody(ascii("a"), ascii("b")), hex("00")]) {
      const { m, host } = welcomedServer();
      assert.deepEqual(feed(m, body, host), UNEXPECTED, body.toString("hex"));
    }
  });

  test("INITIATE with invalid metadata or an incompatible Socket-Type: dropped with no event", () => {
    for (const body of [
      Buffer.concat([ROUTER_INITIATE, hex("03 41")]),
      withProps("INITIATE", [["Socket-Type", "PUSH"]]),
    ]) {
      const { m, host } = welcomedServer();
      assert.deepEqual(feed(m, body, host), {}, body.toString("hex"));
      assert.equal(m.status, "error");
    }
  });

  test("anything after READY: UNEXPECTED_COMMAND", () => {
    const { m, host } = welcomedServer();
    feed(m, ROUTER_INITIATE, host);
    assert.deepEqual(feed(m, ROUTER_INITIATE, host), UNEXPECTED);
  });

  test("ZAP 400/500: ERROR with the status in libzmq PLAIN's spelling (5E RROR), AUTH, kept open; 300: no ERROR", () => {
    for (const status of [300, 400, 500]) {
      const { m, host, zap } = server();
      feed(m, plainHelloBody(ascii("a"), ascii("b")), host);
      zap.reply(zapReply(status));
      assert.deepEqual(
        host.sent,
        status === 300 ? [] : [Buffer.concat([hex("5E 52 52 4F 52 03"), ascii(`${status}`)])],
      );
      assert.deepEqual(host.progress, [{ authStatus: status, keepOpen: true }]);
      assert.equal(m.status, "error");
    }
  });

  test("a malformed ZAP reply: HANDSHAKE_FAILED_PROTOCOL with its ZAP code; dispose cancels a pending request", () => {
    const a = server();
    feed(a.m, plainHelloBody(ascii("a"), ascii("b")), a.host);
    a.zap.reply({ kind: "protocol", code: PROTOCOL_ERROR_ZAP_MALFORMED_REPLY });
    assert.deepEqual(a.host.progress, [{ protocolError: PROTOCOL_ERROR_ZAP_MALFORMED_REPLY }]);
    const b = server();
    feed(b.m, plainHelloBody(ascii("a"), ascii("b")), b.host);
    b.m.dispose();
    assert.equal(b.zap.cancelled, 1);
  });
});

describe("PLAIN client ↔ server, sans I/O", () => {
  test("both become ready, each with the other's properties", () => {
    const zap = new Zap();
    const c = new PlainClient(context({ socketType: "REQ" }), ascii("u"), ascii("p"));
    const s = new PlainServer(context({ socketType: "REP", identity: null, zapDomain: "d", zap: zap.connector }));
    const ch = new Host();
    const sh = new Host();
    c.start(ch);
    s.start();
    /** Delivers everything each side sent to the other until both are quiet. */
    const pump = () => {
      for (let moved = true; moved;) {
        moved = false;
        for (const [from, to, m] of [
          [ch, sh, s],
          [sh, ch, c],
        ] as Array<[Host, Host, Mechanism]>) {
          while (from.sent.length > 0) {
            assert.equal(feed(m, from.sent.shift()!, to), null);
            moved = true;
          }
        }
      }
    };
    pump();
    zap.reply(zapReply(200));
    pump();
    assert.equal(c.status, "ready");
    assert.equal(s.status, "ready");
    assert.equal(c.peerMetadata.get("Socket-Type")?.toString(), "REP");
    assert.equal(s.peerMetadata.get("Socket-Type")?.toString(), "REQ");
    assert.equal(s.peerMetadata.has("User-Id"), false, "an empty ZAP user id is not a property");
  });
});
