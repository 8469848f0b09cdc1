import { z85Decode } from "./z85.js";

/** Length of a CURVE key in Z85 text. */
export const CURVE_KEY_Z85_LENGTH = 40;
const KEY_BYTES = 32;

/**
 * A ZMQ_CURVE_PUBLICKEY / SECRETKEY / SERVERKEY value as 32 bytes, or null where libzmq's
 * setsockopt fails with EINVAL: 32 raw bytes, or 40 Z85 characters (41 with a trailing NUL, as
 * C callers pass it), as a string or as bytes.
 */
export function curveKeyBytes(value: string | Uint8Array): Buffer | null {
  if (typeof value !== "string") {
    if (value.length === KEY_BYTES) return Buffer.from(value);
    if (value.length !== CURVE_KEY_Z85_LENGTH && value.length !== CURVE_KEY_Z85_LENGTH + 1) return null;
    value = Buffer.from(value.buffer, value.byteOffset, value.length).toString("latin1");
  }
  if (value.length === CURVE_KEY_Z85_LENGTH + 1 && value.endsWith("\0")) value = value.slice(0, -1);
  if (value.length !== CURVE_KEY_Z85_LENGTH) return null;
  return z85Decode(value);
}
