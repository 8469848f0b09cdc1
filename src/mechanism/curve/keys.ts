import type { KeyObject } from "node:crypto";
import { curveKeyBytes } from "../../wire/curve-key.js";
import { z85Encode } from "../../wire/z85.js";
import { generateKeyPairWithSecret, importSecretKey, publicKeyOf } from "./crypto.js";

/**
 * CURVE keys as applications give them (libzmq's option and zmq_curve_* rules) and as the
 * mechanisms take them: public keys as 32 bytes, secret keys imported once into KeyObjects.
 */

export { CURVE_KEY_Z85_LENGTH, curveKeyBytes } from "../../wire/curve-key.js";

/** zmq_curve_keypair: a new X25519 key pair as 40-character Z85 strings. */
export function curveKeyPair(): { publicKey: string; secretKey: string } {
  const { pair, secret } = generateKeyPairWithSecret();
  const keys = { publicKey: z85Encode(pair.publicKey), secretKey: z85Encode(secret) };
  secret.fill(0);
  return keys;
}

/** zmq_curve_public: the Z85 public key of a Z85 (or raw) secret key; null where libzmq fails (EINVAL). */
export function curvePublic(secretKey: string | Uint8Array): string | null {
  const raw = curveKeyBytes(secretKey);
  const secret = raw && importSecretKey(raw);
  raw?.fill(0);
  return secret ? z85Encode(publicKeyOf(secret)) : null;
}

/** What a CURVE client needs: its long-term pair (C, c) and the server's long-term public key S. */
export interface CurveClientKeys {
  readonly publicKey: Buffer;
  readonly secretKey: KeyObject;
  readonly serverKey: Buffer;
}

/** What a CURVE server needs: its long-term secret key s (S is not used by libzmq's server). */
export interface CurveServerKeys {
  readonly secretKey: KeyObject;
}

/**
 * Client keys from option values, prepared once per socket (the secret import is the slow
 * step); null when one is missing or malformed.
 */
export function curveClientKeys(
  publicKey: string | Uint8Array | null,
  secretKey: string | Uint8Array | null,
  serverKey: string | Uint8Array | null,
): CurveClientKeys | null {
  const pub = publicKey === null ? null : curveKeyBytes(publicKey);
  const server = serverKey === null ? null : curveKeyBytes(serverKey);
  const secret = secretKey === null ? null : importedSecret(secretKey);
  if (!pub || !server || !secret) return null;
  return { publicKey: pub, secretKey: secret, serverKey: server };
}

/** Server keys from the ZMQ_CURVE_SECRETKEY value; null when missing or malformed. */
export function curveServerKeys(secretKey: string | Uint8Array | null): CurveServerKeys | null {
  const secret = secretKey === null ? null : importedSecret(secretKey);
  return secret ? { secretKey: secret } : null;
}

/**
 * Secret keys already imported, by the option value they came from: a socket's sessions share
 * one import (~0.5 ms each), and a replaced option value takes its entry with it.
 */
const imported = new WeakMap<object, KeyObject>();

function importedSecret(value: string | Uint8Array): KeyObject | null {
  const cached = typeof value === "string" ? undefined : imported.get(value);
  if (cached) return cached;
  const raw = curveKeyBytes(value);
  if (!raw) return null;
  const key = importSecretKey(raw);
  raw.fill(0);
  if (key && typeof value !== "string") imported.set(value, key);
  return key;
}
