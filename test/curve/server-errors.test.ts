// Every PROTOCOL_ERROR the CURVE server reports, each from the exact malformed input that
// libzmq's curve_server (and tests/test_security_curve.cpp) uses for it.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../src/wire/commands.js";
import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC as CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE as KEY_EXCHANGE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO as MALFORMED_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE as MALFORMED_INITIATE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED as MALFORMED_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND as UNEXPECTED,
  PROTOCOL_ERROR_ZMTP_UNSPECIFIED as UNSPECIFIED,
} from "../../src/events/events.js";
import { CurveServer } from "../../src/mechanism/curve/server.js";
import { curveClientKeys, curveKeyPair } from "../../src/mechanism/curve/keys.js";
import { encodeMetadata } from "../../src/wire/metadata.js";
import { FakeZap, Pair, RecordingHost, context, corrupt, keySet } from "./helpers.js";
import { ManualClient } from "./manual.js";

const ascii = (s: string) => Buffer.from(s, "latin1");

/** A fresh server fed `body` as its first command. */
function helloFailure(body: Buffer): unknown {
  const keys = keySet();
  const server = new CurveServer(context(), keys.serverKeys);
  const f = server.process(parseCommand(body), new RecordingHost());
  assert.equal(server.status, "error");
  return f;
}

/** A server past HELLO (WELCOME sent) fed `mutate(INITIATE)`. */
function initiateFailure(mutate: (initiate: Buffer) => Buffer): unknown {
  const p = new Pair();
  const f = p.server.process(parseCommand(mutate(p.initiate())), p.serverHost);
  assert.equal(p.server.status, "error");
  return f;
}

describe("CURVE server: HELLO", () => {
  test("no name-length room (1 byte; 05 'HEL') → MALFORMED_COMMAND_UNSPECIFIED", () => {
    assert.deepEqual(helloFailure(Buffer.from([5])), { protocolError: MALFORMED_UNSPECIFIED });
    assert.deepEqual(helloFailure(ascii("\x05HEL")), { protocolError: MALFORMED_UNSPECIFIED });
  });

  test("04 06 05 'HELLO' (invalid_hello_wrong_length) and 201 bytes → MALFORMED_COMMAND_HELLO", () => {
    assert.deepEqual(helloFailure(ascii("\x05HELLO")), { protocolError: MALFORMED_HELLO });
    const p = new Pair();
    assert.deepEqual(helloFailure(Buffer.concat([p.hello(), Buffer.alloc(1)])), { protocolError: MALFORMED_HELLO });
  });

  test("valid HELLO with byte 5 = 'X' (invalid_hello_command_name) → UNEXPECTED_COMMAND", () => {
    const hello = Buffer.from(new Pair().hello());
    hello[5] = 0x58;
    assert.deepEqual(helloFailure(hello), { protocolError: UNEXPECTED });
  });

  test("a READY where HELLO is expected → UNEXPECTED_COMMAND", () => {
    assert.deepEqual(helloFailure(ascii("\x05READY")), { protocolError: UNEXPECTED });
  });

  test("version 2.0 (invalid_hello_version) or 1.1 → MALFORMED_COMMAND_HELLO", () => {
    for (const [at, value] of [
      [6, 2],
      [7, 1],
    ] as const) {
      const hello = Buffer.from(new Pair().hello());
      hello[at] = value;
      assert.deepEqual(helloFailure(hello), { protocolError: MALFORMED_HELLO });
    }
  });

  test("HELLO from a client using the wrong server key, or a corrupted signature → CRYPTOGRAPHIC", () => {
    const p = new Pair();
    const other = curveKeyPair();
    const wrong = curveClientKeys(p.keys.client.publicKey, p.keys.client.secretKey, other.publicKey)!;
    const client = new Pair({ ...p.keys, clientKeys: wrong });
    assert.deepEqual(p.server.process(parseCommand(client.hello()), p.serverHost), { protocolError: CRYPTOGRAPHIC });
    assert.deepEqual(helloFailure(corrupt(new Pair().hello(), 150)), { protocolError: CRYPTOGRAPHIC });
  });

  test("a low-order client transient key (all zero) → CRYPTOGRAPHIC", () => {
    const hello = Buffer.from(new Pair().hello());
    hello.fill(0, 80, 112);
    assert.deepEqual(helloFailure(hello), { protocolError: CRYPTOGRAPHIC });
  });
});

describe("CURVE server: INITIATE", () => {
  test("08 'INITIATE' alone (invalid_initiate_wrong_length) and 256 bytes → MALFORMED_COMMAND_INITIATE", () => {
    assert.deepEqual(
      initiateFailure(() => ascii("\x08INITIATE")),
      { protocolError: MALFORMED_INITIATE },
    );
    assert.deepEqual(
      initiateFailure((i) => i.subarray(0, 256)),
      { protocolError: MALFORMED_INITIATE },
    );
  });

  test("name byte 5 = 'X' (invalid_initiate_command_name) → UNEXPECTED_COMMAND", () => {
    assert.deepEqual(
      initiateFailure((i) => {
        const b = Buffer.from(i);
        b[5] = 0x58;
        return b;
      }),
      { protocolError: UNEXPECTED },
    );
  });

  test("no room for its name (08 'INI') → MALFORMED_COMMAND_UNSPECIFIED", () => {
    assert.deepEqual(
      initiateFailure(() => ascii("\x08INI")),
      { protocolError: MALFORMED_UNSPECIFIED },
    );
  });

  test("byte 30 corrupted, inside the cookie (invalid_initiate_command_encrypted_cookie) → CRYPTOGRAPHIC", () => {
    assert.deepEqual(
      initiateFailure((i) => corrupt(i, 30)),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("byte 150 corrupted, inside the box (invalid_initiate_command_encrypted_content) → CRYPTOGRAPHIC", () => {
    assert.deepEqual(
      initiateFailure((i) => corrupt(i, 150)),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("the short nonce changed (box no longer opens) → CRYPTOGRAPHIC", () => {
    assert.deepEqual(
      initiateFailure((i) => corrupt(i, 112)),
      { protocolError: CRYPTOGRAPHIC },
    );
  });

  test("a vouch signed by another long-term key than the C it names → CRYPTOGRAPHIC", () => {
    const keys = keySet();
    const server = new CurveServer(context(), keys.serverKeys);
    const host = new RecordingHost();
    const client = new ManualClient(keys.clientKeys.serverKey);
    assert.equal(server.process(parseCommand(client.hello()), host), null);
    client.welcome(host.last());
    const stranger = keySet().clientKeys;
    const initiate = client.initiate({ clientKey: keys.clientKeys.publicKey, vouchSigner: stranger.secretKey });
    assert.deepEqual(server.process(parseCommand(initiate), host), { protocolError: CRYPTOGRAPHIC });
  });

  test("a vouch for another transient key C' → KEY_EXCHANGE", () => {
    const keys = keySet();
    const server = new CurveServer(context(), keys.serverKeys);
    const host = new RecordingHost();
    const client = new ManualClient(keys.clientKeys.serverKey);
    assert.equal(server.process(parseCommand(client.hello()), host), null);
    client.welcome(host.last());
    const initiate = client.initiate({
      clientKey: keys.clientKeys.publicKey,
      vouchSigner: keys.clientKeys.secretKey,
      vouchedTransient: new ManualClient(keys.clientKeys.serverKey).transient.publicKey,
    });
    assert.deepEqual(server.process(parseCommand(initiate), host), { protocolError: KEY_EXCHANGE });
  });

  test("an honest hand-built INITIATE passes (the two above differ from it in one field only)", () => {
    const keys = keySet();
    const server = new CurveServer(context(), keys.serverKeys);
    const host = new RecordingHost();
    const client = new ManualClient(keys.clientKeys.serverKey);
    assert.equal(server.process(parseCommand(client.hello()), host), null);
    client.welcome(host.last());
    const metadata = encodeMetadata([["Socket-Type", "DEALER"]]);
    const initiate = client.initiate({
      clientKey: keys.clientKeys.publicKey,
      vouchSigner: keys.clientKeys.secretKey,
      metadata,
    });
    assert.equal(server.process(parseCommand(initiate), host), null);
    assert.equal(server.status, "ready");
  });

  test("metadata that does not parse → dropped with no event", () => {
    const keys = keySet();
    const server = new CurveServer(context(), keys.serverKeys);
    const host = new RecordingHost();
    const client = new ManualClient(keys.clientKeys.serverKey);
    assert.equal(server.process(parseCommand(client.hello()), host), null);
    client.welcome(host.last());
    const metadata = Buffer.from([11, ...ascii("Socket-Type"), 0, 0, 0, 99]); // value overruns
    const initiate = client.initiate({
      clientKey: keys.clientKeys.publicKey,
      vouchSigner: keys.clientKeys.secretKey,
      metadata,
    });
    assert.deepEqual(server.process(parseCommand(initiate), host), {});
  });

  test("any command while ZAP is deciding → ZMTP_UNSPECIFIED", () => {
    const zap = new FakeZap();
    const p = new Pair(undefined, context(), context({ zap: zap.connector }));
    const initiate = p.initiate();
    assert.equal(p.server.process(parseCommand(initiate), p.serverHost), null);
    assert.deepEqual(p.server.process(parseCommand(initiate), p.serverHost), { protocolError: UNSPECIFIED });
  });

  test("a second HELLO where INITIATE is expected → UNEXPECTED_COMMAND", () => {
    const p = new Pair();
    const hello = p.hello();
    p.welcome();
    assert.deepEqual(p.server.process(parseCommand(hello), p.serverHost), { protocolError: UNEXPECTED });
  });
});

describe("CURVE mechanisms never throw on bad input", () => {
  test("random bodies, bare and behind each command name, in every state of both sides", () => {
    const names = ["", "\x05HELLO", "\x07WELCOME", "\x08INITIATE", "\x05READY", "\x05ERROR", "\x07MESSAGE"];
    for (let round = 0; round < 40; round++) {
      for (const name of names) {
        const body = Buffer.concat([
          ascii(name),
          Buffer.from(Array.from({ length: round * 7 }, (_, i) => (i * 131 + round) & 0xff)),
        ]);
        for (let step = 0; step < 3; step++) {
          const p = new Pair();
          p.hello();
          if (step >= 1) p.welcome();
          if (step >= 2) p.initiate();
          const s = p.server.process(parseCommand(body), p.serverHost);
          const c = p.client.process(parseCommand(body), p.clientHost);
          for (const r of [s, c]) assert.ok(r === null || typeof r === "object");
        }
      }
    }
  });
});
