// zmtp/z85: RFC 32's test vector, libzmq's input checks (EINVAL), zmq_curve_public against key
// pairs made by libzmq itself, and the subpath as packaged (ESM and CJS, with and without ".js").
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import * as zmq from "zeromq";
import { curveKeyPair, curvePublic, z85Decode, z85Encode } from "../../src/z85.js";

const VECTOR = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);

describe("zmtp/z85", () => {
  test("RFC 32's test vector both ways", () => {
    assert.equal(z85Encode(VECTOR), "HelloWorld");
    assert.deepEqual(z85Decode("HelloWorld"), VECTOR);
    assert.equal(z85Encode(new Uint8Array(0)), "");
  });

  test("round trip of random bytes of every multiple-of-4 length up to 64", () => {
    for (let n = 4; n <= 64; n += 4) {
      const b = Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff));
      assert.deepEqual(z85Decode(z85Encode(b)), b);
    }
  });

  test("libzmq's checks: EINVAL for a length not a multiple of 4 (encode) or 5 (decode), short text, foreign characters, groups above 2^32-1", () => {
    for (const bad of [new Uint8Array(3), new Uint8Array(5)]) assert.throws(() => z85Encode(bad), { code: "EINVAL" });
    for (const bad of ["", "Hell", "HelloWorl", "Hello Worl", 'Hello"orld', "Helloé0rld", "%nSc1", "#####"])
      assert.throws(() => z85Decode(bad), { code: "EINVAL" }, JSON.stringify(bad));
    // The largest group: 2^32-1 = "%nSc0".
    assert.deepEqual(z85Decode("%nSc0"), Buffer.from([0xff, 0xff, 0xff, 0xff]));
  });

  test("curvePublic derives libzmq's public key from libzmq's secret key, Z85 or 32 bytes; EINVAL otherwise", () => {
    for (let i = 0; i < 5; i++) {
      const kp = zmq.curveKeyPair();
      assert.equal(curvePublic(kp.secretKey), kp.publicKey);
      assert.equal(curvePublic(z85Decode(kp.secretKey)), kp.publicKey);
    }
    const ours = curveKeyPair();
    assert.equal(curvePublic(ours.secretKey), ours.publicKey);
    for (const bad of ["short", Buffer.alloc(31), "#".repeat(40)])
      assert.throws(() => curvePublic(bad), { code: "EINVAL" });
  });

  test("the subpath as packaged: zmtp/z85 and zmtp/z85.js, ESM and CommonJS", () => {
    const run = (args: string[]) =>
      execFileSync(process.execPath, args, { cwd: new URL("../../..", import.meta.url), encoding: "utf8" }).trim();
    const esm = run([
      "--input-type=module",
      "-e",
      "const a=await import('zmtp/z85');const b=await import('zmtp/z85.js');" +
        "console.log(a.z85Encode(Buffer.from('864fd26fb559f75b','hex')), a.curvePublic===b.curvePublic)",
    ]);
    assert.equal(esm, "HelloWorld true");
    const cjs = run([
      "-e",
      "const a=require('zmtp/z85');const b=require('zmtp/z85.js');" +
        "console.log(a.z85Decode('HelloWorld').toString('hex'), a.curveKeyPair===b.curveKeyPair)",
    ]);
    assert.equal(cjs, "864fd26fb559f75b true");
  });
});
