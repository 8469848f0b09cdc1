// Every PROTOCOL_ERROR (and AUTH outcome) the CURVE client reports, each from its exact input,
// with the codes libzmq's curve_client gives.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../src/wire/commands.js";
import type { SocketTypeName } from "../../src/mechanism/socket-types.js";
import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC as CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_INVALID_METADATA as INVALID_METADATA,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR as MALFORMED_ERROR,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY as MALFORMED_READY,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND as UNEXPECTED,
} from "../../src/events/events.js";
import { CurveClient } from "../../src/mechanism/curve/client.js";
import { curveClientKeys } from "../../src/mechanism/curve/keys.js";
import { errorBody } from "../../src/wire/commands.js";
import { encodeMetadata } from "../../src/wire/metadata.js";
import { Pair, RecordingHost, context, corrupt, keySet } from "./helpers.js";
import { ManualServer } from "./manual.js";

const ascii = (s: string) => Buffer.from(s, "latin1");

/** A client that sent HELLO and got `mutate(WELCOME)`. */
function welcomeFailure(mutate: (w: Buffer) => Buffer): unknown {
  const p = new Pair();
  const f = p.client.process(parseCommand(mutate(p.welcome())), p.clientHost);
  assert.equal(p.client.status, "error");
  return f;
}

/** A client past INITIATE fed `mutate(READY)`. */
function readyFailure(mutate: (r: Buffer) => Buffer): unknown {
  const p = new Pair();
  assert.equal(p.server.process(parseCommand(p.initiate()), p.serverHost), null);
  const f = p.client.process(parseCommand(mutate(p.serverHost.last())), p.clientHost);
  assert.equal(p.client.status, "error");
  return f;
}

/** A real client against a hand-built server that seals `metadata` into READY. */
function readyWithMetadata(metadata: Buffer, socketType: SocketTypeName = "DEALER"): unknown {
  const keys = keySet();
  const client = new CurveClient(context({ socketType }), keys.clientKeys);
  const host = new RecordingHost();
  const server = new ManualServer(keys.serverKeys.secretKey);
  client.start(host);
  assert.equal(client.process(parseCommand(server.welcome(host.last())), host), null);
  return client.process(parseCommand(server.ready(metadata)), host);
}

describe("CURVE client: WELCOME", () => {
  test("167 or 169 bytes → CRYPTOGRAPHIC (libzmq does not use MALFORMED_COMMAND_WELCOME here)", () => {
    assert.deepEqual(
      welcomeFailure((w) => w.subarray(0, 167)),
      { protocolError: CRYPTOGRAPHIC },
    );
    assert.deepEqual(
      welcomeFailure((w) => Buffer.concat([w, Buffer.alloc(1)])),
      { protocolError: CRYPTOGRAPHIC },
    );
    assert.deepEqual(
      welcomeFailure(() => ascii("\x07WELCOME")),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("box or nonce corrupted → CRYPTOGRAPHIC", () => {
    assert.deepEqual(
      welcomeFailure((w) => corrupt(w, 100)),
      { protocolError: CRYPTOGRAPHIC },
    );
    assert.deepEqual(
      welcomeFailure((w) => corrupt(w, 10)),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("a second WELCOME → UNEXPECTED_COMMAND", () => {
    const p = new Pair();
    const welcome = p.welcome();
    p.initiate();
    assert.deepEqual(p.client.process(parseCommand(welcome), p.clientHost), { protocolError: UNEXPECTED });
  });
});

describe("CURVE client: READY", () => {
  test("29 bytes → MALFORMED_COMMAND_READY", () => {
    assert.deepEqual(
      readyFailure((r) => r.subarray(0, 29)),
      { protocolError: MALFORMED_READY },
    );
    assert.deepEqual(
      readyFailure(() => ascii("\x05READY")),
      { protocolError: MALFORMED_READY },
    );
  });

  test("box corrupted → CRYPTOGRAPHIC", () => {
    assert.deepEqual(
      readyFailure((r) => corrupt(r, 20)),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("a READY before WELCOME → CRYPTOGRAPHIC (libzmq opens it with its zeroed key)", () => {
    const p = new Pair();
    p.hello();
    const fake = Buffer.concat([ascii("\x05READY"), Buffer.alloc(8 + 16)]);
    assert.deepEqual(p.client.process(parseCommand(fake), p.clientHost), { protocolError: CRYPTOGRAPHIC });
  });

  test("metadata that does not parse → INVALID_METADATA", () => {
    const bad = Buffer.from([11, ...ascii("Socket-Type"), 0, 0, 0, 99]);
    assert.deepEqual(readyWithMetadata(bad), { protocolError: INVALID_METADATA });
  });

  test("an incompatible Socket-Type → INVALID_METADATA", () => {
    assert.deepEqual(readyWithMetadata(encodeMetadata([["Socket-Type", "PUB"]])), { protocolError: INVALID_METADATA });
  });

  test("a hand-built READY with good metadata is accepted (the two above differ only in it)", () => {
    assert.equal(readyWithMetadata(encodeMetadata([["Socket-Type", "ROUTER"]])), null);
  });
});

describe("CURVE client: other commands", () => {
  test("an unknown name, or a MESSAGE during the handshake → UNEXPECTED_COMMAND", () => {
    for (const body of [ascii("\x04PING\x00\x00"), ascii("\x07MESSAGE" + "x".repeat(30)), ascii("\x07WELCOM")]) {
      const p = new Pair();
      p.hello();
      assert.deepEqual(p.client.process(parseCommand(body), p.clientHost), { protocolError: UNEXPECTED });
    }
  });

  test("ERROR shorter than 7 bytes or with an overlong reason → MALFORMED_COMMAND_ERROR", () => {
    for (const body of [ascii("\x05ERROR"), ascii("\x05ERROR\x05400")]) {
      const p = new Pair();
      p.hello();
      assert.deepEqual(p.client.process(parseCommand(body), p.clientHost), { protocolError: MALFORMED_ERROR });
    }
  });

  test("ERROR 300/400/500 → AUTH with that status, in either state; another reason → no event", () => {
    for (const status of ["300", "400", "500"]) {
      const p = new Pair();
      p.hello();
      assert.deepEqual(p.client.process(parseCommand(errorBody(status)), p.clientHost), { authStatus: Number(status) });
      const q = new Pair();
      q.initiate();
      assert.deepEqual(q.client.process(parseCommand(errorBody(status)), q.clientHost), { authStatus: Number(status) });
    }
    const p = new Pair();
    p.hello();
    assert.deepEqual(p.client.process(parseCommand(errorBody("go away")), p.clientHost), {});
  });

  test("a server key that yields no shared secret: CRYPTOGRAPHIC at start, no HELLO, then a stall", () => {
    const keys = keySet();
    const zero = "0".repeat(40); // Z85 of 32 zero bytes: libzmq's null_server_key test
    const clientKeys = curveClientKeys(keys.client.publicKey, keys.client.secretKey, zero)!;
    const client = new CurveClient(context(), clientKeys);
    const host = new RecordingHost();
    client.start(host);
    assert.deepEqual(host.sent, []);
    assert.deepEqual(host.progress, [{ protocolError: CRYPTOGRAPHIC, keepOpen: true }]);
    assert.equal(client.status, "handshaking", "libzmq waits for the handshake timer");
    assert.equal(client.process(parseCommand(ascii("\x07WELCOME")), host), null);
  });
});
