import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
} from "../../events/events.js";
import { KEY_BYTES, MAC_BYTES } from "./crypto.js";
import { LONG_NONCE_BYTES, SHORT_NONCE_BYTES } from "./nonce.js";

/**
 * CurveZMQ handshake command layouts (RFC 26 grammar, libzmq's sizes and checks). Builders take
 * the already-sealed boxes and return whole command bodies; parsers take a command's data (what
 * follows its name, as wire/commands.ts reads it), check sizes only, never throw, and name the
 * PROTOCOL_ERROR_* libzmq reports for each defect. The boxes are opened by client.ts/server.ts.
 */

/** Result of a parser: the fields, or the protocol error code to report. */
export type Parsed<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly code: number };

const reject = (code: number): { readonly ok: false; readonly code: number } => ({ ok: false, code });

// Sizes (the RFC grammar; libzmq uses 72 padding bytes where RFC prose says 70).
export const HELLO_SIZE = 200;
export const HELLO_PADDING = 72;
export const HELLO_SIGNATURE_PLAIN = 64;
export const WELCOME_SIZE = 168;
export const COOKIE_SIZE = LONG_NONCE_BYTES + MAC_BYTES + 2 * KEY_BYTES; // 96
export const VOUCH_SIZE = LONG_NONCE_BYTES + MAC_BYTES + 2 * KEY_BYTES; // 96
export const INITIATE_MIN = 257;
export const READY_MIN = 30;

// Offsets in whole bodies (builders) and in command data after the name (parsers).
const HELLO_VERSION = 6;
const HELLO_CLIENT_KEY = HELLO_VERSION + 2 + HELLO_PADDING; // 80
const HELLO_NONCE = HELLO_CLIENT_KEY + KEY_BYTES; // 112
const HELLO_BOX = HELLO_NONCE + SHORT_NONCE_BYTES; // 120
const HELLO_NAME = 6; // 05 "HELLO"
const WELCOME_NONCE = 8;
const WELCOME_BOX = WELCOME_NONCE + LONG_NONCE_BYTES; // 24
const WELCOME_NAME = 8; // 07 "WELCOME"
const INITIATE_COOKIE = 9;
const INITIATE_NONCE = INITIATE_COOKIE + COOKIE_SIZE; // 105
const INITIATE_BOX = INITIATE_NONCE + SHORT_NONCE_BYTES; // 113
const INITIATE_NAME = 9; // 08 "INITIATE"
const READY_NONCE = 6;
const READY_BOX = READY_NONCE + SHORT_NONCE_BYTES; // 14
const READY_NAME = 6; // 05 "READY"

/** libzmq's check_basic_command_structure: a name-length byte and a body longer than it. */
export function basicStructureOk(body: Buffer): boolean {
  return body.length > 1 && body.length > body[0]!;
}

function header(name: string, size: number): Buffer {
  const b = Buffer.alloc(size);
  b[0] = name.length;
  b.write(name, 1, "latin1");
  return b;
}

// ---- HELLO (C → S): name, version 1.0, 72 zero bytes, C', short nonce, Box[64 zeros](C' → S)

export interface Hello {
  readonly clientTransientKey: Buffer;
  readonly nonce: bigint;
  readonly nonceBytes: Buffer;
  readonly signatureBox: Buffer;
}

export function buildHello(clientTransientKey: Uint8Array, nonceBytes: Uint8Array, signatureBox: Uint8Array): Buffer {
  const b = header("HELLO", HELLO_SIZE);
  b[HELLO_VERSION] = 1;
  b[HELLO_VERSION + 1] = 0;
  b.set(clientTransientKey, HELLO_CLIENT_KEY);
  b.set(nonceBytes.subarray(0, SHORT_NONCE_BYTES), HELLO_NONCE);
  b.set(signatureBox, HELLO_BOX);
  return b;
}

/** HELLO's data (after `05 "HELLO"`): size and version, as libzmq's curve_server checks them. */
export function parseHello(data: Buffer): Parsed<Hello> {
  const at = (bodyOffset: number): number => bodyOffset - HELLO_NAME;
  if (data.length !== HELLO_SIZE - HELLO_NAME) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO);
  if (data[at(HELLO_VERSION)] !== 1 || data[at(HELLO_VERSION) + 1] !== 0)
    return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO);
  return {
    ok: true,
    clientTransientKey: data.subarray(at(HELLO_CLIENT_KEY), at(HELLO_NONCE)),
    nonce: data.readBigUInt64BE(at(HELLO_NONCE)),
    nonceBytes: data.subarray(at(HELLO_NONCE), at(HELLO_BOX)),
    signatureBox: data.subarray(at(HELLO_BOX)),
  };
}

// ---- WELCOME (S → C): name, 16-byte nonce suffix, Box[S' + cookie](S → C')

export interface Welcome {
  readonly nonceSuffix: Buffer;
  readonly box: Buffer;
}

export function buildWelcome(nonceSuffix: Uint8Array, box: Uint8Array): Buffer {
  const b = header("WELCOME", WELCOME_SIZE);
  b.set(nonceSuffix, WELCOME_NONCE);
  b.set(box, WELCOME_BOX);
  return b;
}

/** WELCOME's data. libzmq reports a wrongly sized WELCOME as CRYPTOGRAPHIC. */
export function parseWelcome(data: Buffer): Parsed<Welcome> {
  if (data.length !== WELCOME_SIZE - WELCOME_NAME) return reject(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
  const box = WELCOME_BOX - WELCOME_NAME;
  return { ok: true, nonceSuffix: data.subarray(WELCOME_NONCE - WELCOME_NAME, box), box: data.subarray(box) };
}

// ---- INITIATE (C → S): name, cookie, short nonce, Box[C + vouch + metadata](C' → S')

export interface Initiate {
  readonly cookieNonceSuffix: Buffer;
  readonly cookieBox: Buffer;
  readonly nonce: bigint;
  readonly nonceBytes: Buffer;
  readonly box: Buffer;
}

export function buildInitiate(cookie: Uint8Array, nonceBytes: Uint8Array, box: Uint8Array): Buffer {
  const b = header("INITIATE", INITIATE_BOX + box.length);
  b.set(cookie, INITIATE_COOKIE);
  b.set(nonceBytes.subarray(0, SHORT_NONCE_BYTES), INITIATE_NONCE);
  b.set(box, INITIATE_BOX);
  return b;
}

/** INITIATE's data: at least 257 bytes in all, as libzmq's curve_server checks. */
export function parseInitiate(data: Buffer): Parsed<Initiate> {
  const at = (bodyOffset: number): number => bodyOffset - INITIATE_NAME;
  if (data.length < INITIATE_MIN - INITIATE_NAME) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE);
  return {
    ok: true,
    cookieNonceSuffix: data.subarray(at(INITIATE_COOKIE), at(INITIATE_COOKIE + LONG_NONCE_BYTES)),
    cookieBox: data.subarray(at(INITIATE_COOKIE + LONG_NONCE_BYTES), at(INITIATE_NONCE)),
    nonce: data.readBigUInt64BE(at(INITIATE_NONCE)),
    nonceBytes: data.subarray(at(INITIATE_NONCE), at(INITIATE_BOX)),
    box: data.subarray(at(INITIATE_BOX)),
  };
}

// ---- READY (S → C): name, short nonce, Box[metadata](S' → C')

export interface Ready {
  readonly nonce: bigint;
  readonly nonceBytes: Buffer;
  readonly box: Buffer;
}

export function buildReady(nonceBytes: Uint8Array, box: Uint8Array): Buffer {
  const b = header("READY", READY_BOX + box.length);
  b.set(nonceBytes.subarray(0, SHORT_NONCE_BYTES), READY_NONCE);
  b.set(box, READY_BOX);
  return b;
}

/** READY's data: at least 30 bytes in all, as libzmq's curve_client checks. */
export function parseReady(data: Buffer): Parsed<Ready> {
  const at = (bodyOffset: number): number => bodyOffset - READY_NAME;
  if (data.length < READY_MIN - READY_NAME) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY);
  return {
    ok: true,
    nonce: data.readBigUInt64BE(at(READY_NONCE)),
    nonceBytes: data.subarray(at(READY_NONCE), at(READY_BOX)),
    box: data.subarray(at(READY_BOX)),
  };
}

// ---- Inner plaintexts

/** cookie = nonce suffix(16) + secretbox[C' + s'] (80). */
export function splitCookie(cookie: Uint8Array): { readonly nonceSuffix: Uint8Array; readonly box: Uint8Array } {
  return { nonceSuffix: cookie.subarray(0, LONG_NONCE_BYTES), box: cookie.subarray(LONG_NONCE_BYTES, COOKIE_SIZE) };
}

/** WELCOME plaintext = S'(32) + cookie(96). */
export function splitWelcomePlain(plain: Uint8Array): {
  readonly serverTransientKey: Uint8Array;
  readonly cookie: Uint8Array;
} {
  return {
    serverTransientKey: plain.subarray(0, KEY_BYTES),
    cookie: plain.subarray(KEY_BYTES, KEY_BYTES + COOKIE_SIZE),
  };
}

/** INITIATE plaintext = C(32) + vouch nonce suffix(16) + vouch box(80) + metadata. */
export function splitInitiatePlain(plain: Uint8Array): {
  readonly clientKey: Uint8Array;
  readonly vouchNonceSuffix: Uint8Array;
  readonly vouchBox: Uint8Array;
  readonly metadataOffset: number;
} {
  const v = KEY_BYTES;
  return {
    clientKey: plain.subarray(0, KEY_BYTES),
    vouchNonceSuffix: plain.subarray(v, v + LONG_NONCE_BYTES),
    vouchBox: plain.subarray(v + LONG_NONCE_BYTES, v + VOUCH_SIZE),
    metadataOffset: v + VOUCH_SIZE,
  };
}
