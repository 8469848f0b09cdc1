import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, randomBytes } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { hsalsa, xsalsa20poly1305 } from "@noble/ciphers/salsa.js";

/**
 * NaCl crypto_box for CurveZMQ: X25519 from node:crypto, HSalsa20 and XSalsa20-Poly1305 from
 * @noble/ciphers (docs/crypto.md says why). Boxes use libsodium's "easy" layout, MAC(16) then
 * ciphertext, which is what libzmq puts on the wire. Nothing here throws on bad input from the
 * network: a box that does not open, or a peer key that gives an all-zero shared point, is null.
 *
 * Secret keys live in KeyObjects (util.inspect shows no bytes). Generated keys are never exported
 * as JWK: on Node 20.20 that export can deadlock against the key-generation job's destructor
 * when a GC runs inside it (reproduced, see docs/crypto.md).
 */

export const KEY_BYTES = 32;
export const MAC_BYTES = 16;
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
/** "expand 32-byte k", the Salsa20 constant, as little-endian words. */
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

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

/** A 32-byte secret as a KeyObject, or null when it is not 32 bytes. Costs ~0.5 ms: do it once per key. */
export function importSecretKey(raw: Uint8Array): KeyObject | null {
  if (raw.length !== KEY_BYTES) return null;
  return createPrivateKey({ key: Buffer.concat([PKCS8_X25519_PREFIX, raw]), format: "der", type: "pkcs8" });
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

function hsalsaZero(shared: Uint8Array): Uint8Array {
  const k = new Uint32Array(8);
  for (let i = 0; i < 8; i++) {
    const o = 4 * i;
    k[i] = shared[o]! | (shared[o + 1]! << 8) | (shared[o + 2]! << 16) | (shared[o + 3]! << 24);
  }
  const words = new Uint32Array(8);
  hsalsa(SIGMA, k, new Uint32Array(4), words);
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

/** crypto_box_easy_afternm (= crypto_secretbox_easy with `key`): MAC || ciphertext. */
export function seal(key: SharedKey, nonce: Uint8Array, plaintext: Uint8Array): Buffer {
  const box = xsalsa20poly1305(key, nonce).encrypt(plaintext);
  return Buffer.from(box.buffer, box.byteOffset, box.length);
}

/** crypto_box_open_easy_afternm: the plaintext, or null when the box does not open. */
export function open(key: SharedKey, nonce: Uint8Array, box: Uint8Array): Buffer | null {
  if (box.length < MAC_BYTES) return null;
  try {
    const plain = xsalsa20poly1305(key, nonce).decrypt(box);
    return Buffer.from(plain.buffer, plain.byteOffset, plain.length);
  } catch {
    return null;
  }
}

/**
 * Seals `plaintext`, which must be `out[headerLen + MAC_BYTES ..]`, in place: afterwards `out` is
 * `header(headerLen) MAC ciphertext` with the header bytes left for the caller to write. Saves
 * two copies per MESSAGE; falls back to copying if the cipher put its output elsewhere.
 */
export function sealInPlace(key: SharedKey, nonce: Uint8Array, out: Buffer, headerLen: number): void {
  const plaintext = out.subarray(headerLen + MAC_BYTES);
  // The cipher wants an output of plaintext + 32 bytes and returns its last plaintext + 16.
  const scratchStart = headerLen + MAC_BYTES - 32;
  if (scratchStart >= 0) {
    const box = xsalsa20poly1305(key, nonce).encrypt(plaintext, out.subarray(scratchStart));
    if (box.buffer === out.buffer && box.byteOffset === out.byteOffset + headerLen) return;
    out.set(box, headerLen);
    return;
  }
  out.set(xsalsa20poly1305(key, nonce).encrypt(plaintext), headerLen);
}

/**
 * Opens the box at `body[headerLen..]` (MAC then ciphertext); returns the plaintext, or null
 * when the box does not open. The plaintext may be a view of `body`, whose bytes are then
 * overwritten: the caller gives them up.
 */
export function openInPlace(key: SharedKey, nonce: Uint8Array, body: Buffer, headerLen: number): Buffer | null {
  return open(key, nonce, body.subarray(headerLen));
}

/** Cryptographically random bytes (nonce suffixes, cookie keys). */
export function random(n: number): Buffer {
  return randomBytes(n);
}
