// The CURVE options as the binding takes them, side by side with zeromq 6.8.0: keys in as Z85 or
// 32 bytes, the binding's errors for wrong lengths and invalid Z85, libzmq's mechanism selection
// (the last setter wins), the v5 names; keys read back as Z85 where the binding throws EINVAL.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as zmq from "zeromq";
import * as ours from "../../src/index.js";
import * as oursV5 from "../../src/v5-compat.js";
import { z85Decode } from "../../src/z85.js";

type Bag = Record<string, unknown>;
const KP = zmq.curveKeyPair();
const ZEROS = "0".repeat(40);

/** What a write does: "ok", or the error's class and code. */
function attempt(s: object, key: string, value: unknown): string {
  try {
    (s as Bag)[key] = value;
    return "ok";
  } catch (e) {
    const err = e as Error & { code?: string };
    return `${err.constructor.name}:${err.code ?? ""}`;
  }
}

describe("CURVE options: inputs and errors as the binding", () => {
  const inputs: Array<[string, unknown]> = [
    ["40 Z85 characters", KP.publicKey],
    ["41 with a trailing NUL", `${KP.publicKey}\0`],
    ["32 bytes", Buffer.alloc(32, 7)],
    ["32 bytes as Uint8Array", new Uint8Array(32)],
    ["40 Z85 characters as bytes", Buffer.from(KP.publicKey)],
    ["41 bytes with a NUL", Buffer.from(`${KP.publicKey}\0`)],
    ["31 bytes", Buffer.alloc(31)],
    ["33 bytes", Buffer.alloc(33)],
    ["39 characters", KP.publicKey.slice(1)],
    ["41 characters without NUL", `${KP.publicKey}x`],
    ["a character outside Z85", `${KP.publicKey.slice(1)}"`],
    ["a group above 2^32-1", "#".repeat(40)],
    ["empty string", ""],
    ["null", null],
    ["a number", 5],
  ];
  for (const key of ["curvePublicKey", "curveSecretKey", "curveServerKey"])
    for (const [what, value] of inputs)
      test(`${key} = ${what}`, () => {
        const a = new ours.Dealer();
        const b = new zmq.Dealer();
        try {
          const mine = attempt(a, key, value);
          assert.equal(mine, attempt(b, key, value));
          if (mine === "ok") {
            assert.equal(a.securityMechanism, "curve");
            assert.equal(b.securityMechanism, "curve");
          }
        } finally {
          a.close();
          b.close();
        }
      });

  test("curveServer takes booleans only (TypeError otherwise), as the binding", () => {
    const a = new ours.Dealer();
    const b = new zmq.Dealer();
    try {
      for (const v of [true, false, 1, "yes"]) assert.equal(attempt(a, "curveServer", v), attempt(b, "curveServer", v));
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("CURVE options: read back", () => {
  test("keys read back as their 40 Z85 characters (the binding throws EINVAL here: a documented difference)", () => {
    const s = new ours.Dealer();
    const b = new zmq.Dealer();
    try {
      assert.equal(s.curveServerKey, ZEROS, "unset: libzmq's answer for 32 zero bytes");
      (s as unknown as Bag).curveServerKey = z85Decode(KP.publicKey);
      assert.equal(s.curveServerKey, KP.publicKey);
      s.curveSecretKey = KP.secretKey;
      assert.equal(s.curveSecretKey, KP.secretKey);
      b.curveServerKey = KP.publicKey;
      assert.throws(() => b.curveServerKey, { code: "EINVAL" });
    } finally {
      s.close();
      b.close();
    }
  });
});

describe("mechanism selection: libzmq's options, the last setter wins", () => {
  const steps: Array<[string, unknown]> = [
    ["curveServer", true],
    ["curveServerKey", KP.publicKey],
    ["plainServer", true],
    ["curvePublicKey", KP.publicKey],
    ["plainUsername", "u"],
    ["curveSecretKey", KP.secretKey],
    ["curveServer", false],
    ["plainPassword", "p"],
    ["plainServer", false],
    ["curveServer", true],
    ["plainUsername", null],
  ];
  test("after each step of a sequence that crosses PLAIN and CURVE: securityMechanism, curveServer, plainServer", () => {
    const a = new ours.Dealer();
    const b = new zmq.Dealer();
    try {
      for (const [key, value] of steps) {
        assert.equal(attempt(a, key, value), attempt(b, key, value), `${key} = ${String(value)}`);
        const read = (s: object) => [
          String((s as Bag).securityMechanism),
          (s as Bag).curveServer,
          (s as Bag).plainServer,
        ];
        assert.deepEqual(read(a), read(b), `after ${key} = ${String(value)}`);
      }
    } finally {
      a.close();
      b.close();
    }
  });
});

describe("CURVE in the v5 API and the capability flags", () => {
  test("curve_server / curve_publickey / curve_secretkey / curve_serverkey by name; ZMQ_MECHANISM reads 2", () => {
    // (zeromq's own v5-compat answers the same, checked by hand: its reference cases run in a child process.)
    const a = oursV5.socket("dealer");
    try {
      a.setsockopt("curve_serverkey", KP.publicKey);
      a.setsockopt(oursV5.ZMQ_CURVE_PUBLICKEY, KP.publicKey);
      a.setsockopt("curve_secretkey", KP.secretKey);
      assert.equal(a.getsockopt("mechanism"), 2);
      assert.equal(a.getsockopt("curve_server"), 0);
      assert.throws(() => a.setsockopt("curve_serverkey", "abc"), { code: "EINVAL" });
      a.setsockopt("curve_server", 1);
      assert.equal(a.getsockopt("curve_server"), 1);
      assert.equal(a.getsockopt("curve_publickey"), KP.publicKey, "zmtp reads keys back as Z85");
    } finally {
      a.close();
    }
  });

  test("capability.curve is true and curveKeyPair gives 40-character Z85 keys, as the binding", () => {
    assert.equal(ours.capability.curve, zmq.capability.curve);
    const kp = ours.curveKeyPair();
    for (const k of [kp.publicKey, kp.secretKey]) assert.match(k, /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
    assert.notEqual(kp.publicKey, ours.curveKeyPair().publicKey);
    const v5 = oursV5.curveKeypair();
    assert.equal(v5.public.length, 40);
    assert.equal(v5.secret.length, 40);
  });
});
