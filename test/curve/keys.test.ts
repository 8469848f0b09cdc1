// Z85 (RFC 32) with libzmq's input checks, CURVE key options, zmq_curve_keypair/zmq_curve_public,
// known-answer vectors for the crypto, and byte compatibility with libzmq's own key pairs.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { createPublicKey, diffieHellman } from "node:crypto";
import { z85Decode, z85Encode } from "../../src/wire/z85.js";
import {
  curveClientKeys,
  curveKeyBytes,
  curveKeyPair,
  curvePublic,
  curveServerKeys,
} from "../../src/mechanism/curve/keys.js";
import {
  exportSecretKey,
  generateKeyPairWithSecret,
  importSecretKey,
  open,
  precompute,
  publicKeyOf,
  seal,
} from "../../src/mechanism/curve/crypto.js";

const hex = (s: string) => Buffer.from(s, "hex");

describe("Z85 (RFC 32) as libzmq checks it", () => {
  test("the RFC 32 test vector: 86 4F D2 6F B5 59 F7 5B <=> HelloWorld", () => {
    assert.equal(z85Encode(hex("864FD26FB559F75B")), "HelloWorld");
    assert.deepEqual(z85Decode("HelloWorld"), hex("864FD26FB559F75B"));
  });

  test("decode rejects: length not a multiple of 5, under 5, characters outside the table, groups over 0xFFFFFFFF", () => {
    for (const bad of ["", "Hell", "HelloWorl", "Hello~orld", "Hello\x1forld", "Helloérld", "Hello orld", "%nSc1"]) {
      assert.equal(z85Decode(bad), null, JSON.stringify(bad));
    }
    assert.deepEqual(z85Decode("%nSc0"), hex("ffffffff"), "0xFFFFFFFF is the largest group");
  });

  test("encode wants a multiple of 4 bytes (libzmq returns NULL, we throw RangeError)", () => {
    assert.throws(() => z85Encode(Buffer.alloc(3)), RangeError);
    assert.equal(z85Encode(Buffer.alloc(0)), "");
  });
});

describe("CURVE key values", () => {
  test("32 raw bytes, 40 Z85 characters, 41 with a trailing NUL, or the Z85 text as bytes", () => {
    const { publicKey } = curveKeyPair();
    const raw = z85Decode(publicKey)!;
    assert.equal(raw.length, 32);
    assert.deepEqual(curveKeyBytes(publicKey), raw);
    assert.deepEqual(curveKeyBytes(publicKey + "\0"), raw);
    assert.deepEqual(curveKeyBytes(raw), raw);
    assert.deepEqual(curveKeyBytes(Buffer.from(publicKey)), raw);
    assert.deepEqual(curveKeyBytes(Buffer.from(publicKey + "\0")), raw);
  });

  test("anything else is EINVAL (null): 123 bytes (invalid_keysize), 39/41 characters, a bad character", () => {
    const { publicKey } = curveKeyPair();
    for (const bad of [
      Buffer.alloc(123),
      Buffer.alloc(31),
      publicKey.slice(1),
      publicKey + "x",
      "~" + publicKey.slice(1),
    ]) {
      assert.equal(curveKeyBytes(bad), null);
    }
    assert.equal(curveClientKeys(publicKey, null, publicKey), null);
    assert.equal(curveServerKeys("short"), null);
  });

  test("curveKeyPair gives 40-character Z85 keys that belong together (zmq_curve_public)", () => {
    const a = curveKeyPair();
    const b = curveKeyPair();
    assert.equal(a.publicKey.length, 40);
    assert.equal(a.secretKey.length, 40);
    assert.notEqual(a.secretKey, b.secretKey);
    assert.equal(curvePublic(a.secretKey), a.publicKey);
    assert.equal(curvePublic(z85Decode(a.secretKey)!), a.publicKey);
    assert.equal(curvePublic("not a key"), null);
  });

  test("a fresh key pair's secret bytes are the secret of its KeyObject, and its public key is X25519(secret, 9)", () => {
    const { pair, secret } = generateKeyPairWithSecret();
    assert.equal(secret.length, 32);
    assert.deepEqual(exportSecretKey(pair.secretKey), secret);
    const base = Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]);
    const x25519 = diffieHellman({
      privateKey: pair.secretKey,
      publicKey: createPublicKey({ key: { kty: "OKP", crv: "X25519", x: base.toString("base64url") }, format: "jwk" }),
    });
    assert.deepEqual(pair.publicKey, x25519);
    assert.notDeepEqual(generateKeyPairWithSecret().secret, secret);
  });

  test("a secret key imported and exported comes back unchanged", () => {
    const raw = z85Decode(curveKeyPair().secretKey)!;
    assert.deepEqual(exportSecretKey(importSecretKey(raw)!), raw);
    assert.equal(importSecretKey(Buffer.alloc(31)), null);
  });
});

describe("crypto known answers", () => {
  // RFC 7748 §6.1 (X25519); HSalsa20 of the shared point is NaCl's crypto_box_beforenm "firstkey".
  const aliceSecret = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const alicePublic = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  const bobSecret = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  const bobPublic = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  const beforenm = hex("1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389");
  const nonce = hex("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37");

  test("public-from-secret and crypto_box_beforenm match the published values, from both ends", () => {
    assert.deepEqual(publicKeyOf(importSecretKey(aliceSecret)!), alicePublic);
    assert.deepEqual(Buffer.from(precompute(bobPublic, importSecretKey(aliceSecret)!)!), beforenm);
    assert.deepEqual(Buffer.from(precompute(alicePublic, importSecretKey(bobSecret)!)!), beforenm);
  });

  test("crypto_box_easy_afternm output equals libsodium's (vector made with libsodium 1.0.x)", () => {
    const m = Buffer.from("CurveZMQ known-answer test: libsodium crypto_box_easy_afternm", "latin1");
    const expected = hex(
      "314f4c4fad68d314006da0ed5d9799a073eb162c11b3adf72de92dc3ae7957d474689ce8280f29157f7d067e39ec35e54a5712a6c641fe132e10acaaed46c723426b9f7dc1f88f704ede71183f",
    );
    assert.deepEqual(seal(beforenm, nonce, m), expected);
    assert.deepEqual(open(beforenm, nonce, expected), m);
    assert.deepEqual(seal(beforenm, nonce, Buffer.alloc(0)), hex("2539121d8e234e652d651fa4c8cff880"));
  });

  test("an all-zero (low-order) peer key gives no shared key, as libsodium refuses it", () => {
    assert.equal(precompute(Buffer.alloc(32), importSecretKey(aliceSecret)!), null);
    assert.equal(precompute(Buffer.alloc(31), importSecretKey(aliceSecret)!), null);
  });
});

describe("byte compatibility with libzmq's keys (the zeromq binding)", () => {
  test("libzmq's zmq_curve_keypair output decodes with our Z85 and our public-from-secret matches it", () => {
    const require = createRequire(import.meta.url);
    const zmq = require("zeromq") as { curveKeyPair(): { publicKey: string; secretKey: string } };
    for (let i = 0; i < 20; i++) {
      const pair = zmq.curveKeyPair();
      const pub = z85Decode(pair.publicKey);
      const sec = z85Decode(pair.secretKey);
      assert.ok(pub && sec && pub.length === 32 && sec.length === 32);
      assert.equal(z85Encode(pub), pair.publicKey);
      assert.equal(curvePublic(pair.secretKey), pair.publicKey);
    }
  });
});
