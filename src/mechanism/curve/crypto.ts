import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { SecretBox, TAG_BYTES } from "./secretbox.js";
import { hsalsa20, keyWords } from "./salsa20.js";

/**
 * NaCl crypto_box for CurveZMQ: X25519 from node:crypto, HSalsa20 and XSalsa20-Poly1305 of our
 * own (salsa20.ts, poly1305.ts, secretbox.ts; docs/crypto.md says why). Boxes use libsodium's "easy" layout, MAC(16) then
 * ciphertext, which is what libzmq puts on the wire. Nothing here throws on bad input from the
 * network: a box that does not open, or a peer key that gives an all-zero shared point, is null.
 *
 * Secret keys live in KeyObjects (util.inspect shows no bytes). Generated keys are never exported
 * as JWK: on Node 20.20 that export can deadlock against the key-generation job's destructor
 * when a GC runs inside it (reproduced, see docs/crypto.md).
 */

export const KEY_BYTES = 32;
export const MAC_BYTES = TAG_BYTES;
export const NONCE_BYTES = 24;

/** A key pair: the public key as bytes, the secret kept in a KeyObject. */
export interface CurveKeyPair {
  readonly publicKey: Buffer;
  readonly secretKey: KeyObject;
}

/** The 32-byte key crypto_box_beforenm derives; used for every box between one pair of keys. */
export type SharedKey = Uint8Array;

const PKCS8_X25519_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
/** RFC 7748 §6.1: a public key is X25519(secret, 9). Made on first use: importing stays cheap. */
let basePoint: KeyObject | null = null;

function importPublicKey(raw: Uint8Array): KeyObject {
  // JWK imports ~15x faster than SPKI DER; any 32 bytes are a valid X25519 public key.
  return createPublicKey({
    key: { kty: "OKP", crv: "X25519", x: Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString("base64url") },
    format: "jwk",
  });
}

/** A fresh key pair (crypto_box_keypair). */
export function generateKeyPair(): CurveKeyPair {
  const { privateKey } = generateKeyPairSync("x25519");
  return { publicKey: publicKeyOf(privateKey), secretKey: privateKey };
}

const ZERO_X = Buffer.alloc(KEY_BYTES).toString("base64url");

/**
 * A 32-byte secret as a KeyObject, or null when it is not 32 bytes. As a JWK (~0.06 ms; the `x`
 * member is required but unused: X25519 needs only the scalar, and every public key here is
 * computed from it), falling back to PKCS#8 DER (~0.5 ms) for a runtime that refuses that.
 */
export function importSecretKey(raw: Uint8Array): KeyObject | null {
  if (raw.length !== KEY_BYTES) return null;
  const d = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString("base64url");
  try {
    return createPrivateKey({ key: { kty: "OKP", crv: "X25519", d, x: ZERO_X }, format: "jwk" });
  } catch {
    return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: "der", type: "pkcs8" });
  }
}

/** The raw 32 secret bytes (the server's cookie and zmq_curve_keypair need them). */
export function exportSecretKey(secret: KeyObject): Buffer {
  return secret.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_X25519_PREFIX.length);
}

/** zmq_curve_public: the public key that belongs to a secret. */
export function publicKeyOf(secret: KeyObject): Buffer {
  basePoint ??= importPublicKey(Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]));
  return diffieHellman({ privateKey: secret, publicKey: basePoint });
}

/**
 * crypto_box_beforenm: HSalsa20(X25519(secret, peer), 0). Null when the shared point is all
 * zero (a low-order peer key), which libsodium refuses too.
 */
export function precompute(peerPublic: Uint8Array, secret: KeyObject): SharedKey | null {
  if (peerPublic.length !== KEY_BYTES) return null;
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: secret, publicKey: importPublicKey(peerPublic) });
  } catch {
    return null; // OpenSSL refuses an all-zero result
  }
  let any = 0;
  for (const b of shared) any |= b;
  if (any === 0) return null; // in case a runtime does not refuse it
  const out = hsalsaZero(shared);
  shared.fill(0);
  return out;
}

/** crypto_box_beforenm's last step: HSalsa20 of the shared point with a zero input. */
function hsalsaZero(shared: Uint8Array): Uint8Array {
  const k = new Uint32Array(8);
  keyWords(shared, k);
  const words = new Uint32Array(8);
  hsalsa20(k, ZERO_16, words);
  k.fill(0);
  const out = new Uint8Array(KEY_BYTES);
  for (let i = 0; i < 8; i++) {
    const w = words[i]!;
    out[4 * i] = w & 0xff;
    out[4 * i + 1] = (w >>> 8) & 0xff;
    out[4 * i + 2] = (w >>> 16) & 0xff;
    out[4 * i + 3] = w >>> 24;
  }
  words.fill(0);
  return out;
}
const ZERO_16 = new Uint8Array(16);

/** crypto_box_easy_afternm (= crypto_secretbox_easy with `key`): MAC || ciphertext. */
export function seal(key: SharedKey, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(MAC_BYTES + plaintext.length);
  out.set(plaintext, MAC_BYTES);
  const box = new SecretBox(key);
  box.seal(nonce, out, 0, MAC_BYTES, out.length);
  box.destroy();
  return out;
}

/** crypto_box_open_easy_afternm: the plaintext (a fresh buffer), or null when the box does not open. */
export function open(key: SharedKey, nonce: Uint8Array, box: Uint8Array): Buffer | null {
  if (box.length < MAC_BYTES) return null;
  const copy = Buffer.from(box);
  const b = new SecretBox(key);
  const ok = b.open(nonce, copy, 0, MAC_BYTES, copy.length);
  b.destroy();
  return ok ? copy.subarray(MAC_BYTES) : null;
}

/** Cryptographically random bytes (nonce suffixes, cookie keys). */
export function random(n: number): Buffer {
  return randomBytes(n);
}
