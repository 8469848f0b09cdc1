// The MESSAGE transform after a handshake: libzmq's checks in libzmq's order, nonce rules,
// direction-bound nonce prefixes, and inner flags.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC as CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE as INVALID_SEQUENCE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE as MALFORMED_MESSAGE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED as MALFORMED_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND as UNEXPECTED,
} from "../../src/events/events.js";
import { CurveMessageCodec, MESSAGE_MIN } from "../../src/mechanism/curve/message.js";
import { random } from "../../src/mechanism/curve/crypto.js";
import { Pair, corrupt } from "./helpers.js";

const ascii = (s: string) => Buffer.from(s, "latin1");

function ready(): { client: CurveMessageCodec; server: CurveMessageCodec } {
  const p = new Pair();
  p.ready();
  return { client: p.client.codec!, server: p.server.codec! };
}

describe("CURVE MESSAGE codec", () => {
  test("MESSAGE_MIN is 33 and a 32-byte MESSAGE → MALFORMED_COMMAND_MESSAGE", () => {
    assert.equal(MESSAGE_MIN, 33);
    const { client, server } = ready();
    const m = client.encode(Buffer.alloc(0), 0);
    assert.deepEqual(server.decode(m.subarray(0, 32)), { ok: false, code: MALFORMED_MESSAGE });
  });

  test("no room for the name (07 'MESS') → MALFORMED_COMMAND_UNSPECIFIED", () => {
    assert.deepEqual(ready().server.decode(ascii("\x07MESS")), { ok: false, code: MALFORMED_UNSPECIFIED });
    assert.deepEqual(ready().server.decode(Buffer.from([7])), { ok: false, code: MALFORMED_UNSPECIFIED });
  });

  test("another name → UNEXPECTED_COMMAND (checked before the size)", () => {
    const { client, server } = ready();
    const m = Buffer.from(client.encode(Buffer.from("x"), 0));
    m[7] = 0x58; // "MESSAGX"
    assert.deepEqual(server.decode(m), { ok: false, code: UNEXPECTED });
    assert.deepEqual(server.decode(ascii("\x05READY+++")), { ok: false, code: UNEXPECTED });
  });

  test("a replayed MESSAGE → INVALID_SEQUENCE", () => {
    const { client, server } = ready();
    const m = client.encode(Buffer.from("once"), 0);
    assert.equal(server.decode(m).ok, true);
    assert.deepEqual(server.decode(m), { ok: false, code: INVALID_SEQUENCE });
  });

  test("nonces must exceed the last accepted one (reordering fails), gaps are fine", () => {
    const { client, server } = ready();
    const first = client.encode(Buffer.from("1"), 0);
    client.encode(Buffer.from("2"), 0); // never delivered: a gap
    const third = client.encode(Buffer.from("3"), 0);
    assert.equal(server.decode(third).ok, true);
    assert.deepEqual(server.decode(first), { ok: false, code: INVALID_SEQUENCE });
  });

  test("the server's first MESSAGE must be above INITIATE's nonce (2): nonce 2 → INVALID_SEQUENCE", () => {
    const p = new Pair();
    p.ready();
    const key = random(32);
    // A well-formed MESSAGE whose nonce equals INITIATE's: rejected on the nonce before the box is tried.
    const stale = new CurveMessageCodec(key, "client", 2n, 0n).encode(Buffer.from("x"), 0);
    assert.deepEqual(p.server.codec!.decode(stale), { ok: false, code: INVALID_SEQUENCE });
  });

  test("a corrupted box, a wrong key or the wrong direction → CRYPTOGRAPHIC", () => {
    const { client, server } = ready();
    assert.deepEqual(server.decode(corrupt(client.encode(Buffer.from("abc"), 0), 34)), {
      ok: false,
      code: CRYPTOGRAPHIC,
    });
    const foreign = new CurveMessageCodec(random(32), "client", 100n, 0n).encode(Buffer.from("abc"), 0);
    assert.deepEqual(server.decode(foreign), { ok: false, code: CRYPTOGRAPHIC });
    // The client cannot open its own MESSAGE: the nonce prefix names the direction ("…C" vs "…S").
    const own = client.encode(Buffer.from("abc"), 0);
    assert.deepEqual(ready().client.decode(own), { ok: false, code: CRYPTOGRAPHIC });
  });

  test("inner flag bits beyond MORE|COMMAND are dropped on both ends", () => {
    const { client, server } = ready();
    const r = server.decode(client.encode(Buffer.from("f"), 0xff));
    assert.deepEqual(r, { ok: true, frame: Buffer.from("f"), flags: 3 });
  });

  test("never throws on arbitrary bytes", () => {
    const { server } = ready();
    for (let n = 0; n < 80; n++) {
      const body = random(n);
      if (n > 8) body.write("\x07MESSAGE", 0, "latin1");
      const r = server.decode(body);
      assert.equal(r.ok, false);
    }
  });
});
