import { NONCE_BYTES } from "./crypto.js";

/**
 * CurveZMQ nonces (RFC 26, as libzmq builds them): a 16-byte ASCII prefix + an 8-byte short
 * nonce (a big-endian counter), or an 8-byte prefix + 16 random bytes (a long nonce).
 */
export const SHORT_PREFIX = {
  hello: "CurveZMQHELLO---",
  initiate: "CurveZMQINITIATE",
  ready: "CurveZMQREADY---",
  /** Client → server MESSAGE. */
  messageFromClient: "CurveZMQMESSAGEC",
  /** Server → client MESSAGE. */
  messageFromServer: "CurveZMQMESSAGES",
} as const;

export const LONG_PREFIX = {
  welcome: "WELCOME-",
  cookie: "COOKIE--",
  vouch: "VOUCH---",
} as const;

export const SHORT_NONCE_BYTES = 8;
export const LONG_NONCE_BYTES = 16;

/** Both sides number their short nonces from 1 (libzmq: HELLO = 1 on the client, READY = 1 on the server). */
export const FIRST_SHORT_NONCE = 1n;

/** Prefix (16 chars) + `counter` as uint64 BE. */
export function shortNonce(prefix: string, counter: bigint): Buffer {
  const n = Buffer.allocUnsafe(NONCE_BYTES);
  n.write(prefix, 0, 16, "latin1");
  n.writeBigUInt64BE(BigInt.asUintN(64, counter), 16);
  return n;
}

/** Prefix (16 chars) + the 8 nonce bytes as they came off the wire. */
export function shortNonceFrom(prefix: string, wire: Uint8Array): Buffer {
  const n = Buffer.allocUnsafe(NONCE_BYTES);
  n.write(prefix, 0, 16, "latin1");
  n.set(wire.subarray(0, SHORT_NONCE_BYTES), 16);
  return n;
}

/** Prefix (8 chars) + a 16-byte suffix (random when sending, from the wire when receiving). */
export function longNonce(prefix: string, suffix: Uint8Array): Buffer {
  const n = Buffer.allocUnsafe(NONCE_BYTES);
  n.write(prefix, 0, 8, "latin1");
  n.set(suffix.subarray(0, LONG_NONCE_BYTES), 8);
  return n;
}
