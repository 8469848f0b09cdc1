/**
 * `zmtp/z85`: Z85 (RFC 32) and CURVE key helpers with libzmq's input rules — zmq_z85_encode,
 * zmq_z85_decode, zmq_curve_keypair and zmq_curve_public. Invalid input throws the binding's
 * EINVAL error (where libzmq returns NULL with errno EINVAL).
 */
import { zmqError } from "./errors.js";
import { curveKeyPair as newKeyPair, curvePublic as publicOf } from "./mechanism/curve/keys.js";
import { z85Decode as decode, z85Encode as encode } from "./wire/z85.js";

/** zmq_z85_encode: bytes (a multiple of 4 long) as Z85 text, 5 characters per 4 bytes. EINVAL otherwise. */
export function z85Encode(data: Uint8Array): string {
  if (!(data instanceof Uint8Array) || data.length % 4 !== 0) throw zmqError("EINVAL");
  return encode(data);
}

/**
 * zmq_z85_decode: Z85 text back to bytes. EINVAL unless the text is at least 5 characters, a
 * multiple of 5 long, all from the Z85 alphabet, and each 5-character group is at most 2^32 - 1.
 */
export function z85Decode(text: string): Buffer {
  const bytes = typeof text === "string" ? decode(text) : null;
  if (bytes === null) throw zmqError("EINVAL");
  return bytes;
}

/** zmq_curve_keypair: a new CURVE (X25519) key pair as 40-character Z85 strings. */
export function curveKeyPair(): { publicKey: string; secretKey: string } {
  return newKeyPair();
}

/**
 * zmq_curve_public: the public key (40 Z85 characters) that belongs to a secret key given as 40
 * Z85 characters or 32 bytes. EINVAL for anything else.
 */
export function curvePublic(secretKey: string | Uint8Array): string {
  const pub = typeof secretKey === "string" || secretKey instanceof Uint8Array ? publicOf(secretKey) : null;
  if (pub === null) throw zmqError("EINVAL");
  return pub;
}
