import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../events/events.js";
import { isCommand } from "../../wire/commands.js";
import { KEY_BYTES, MAC_BYTES } from "./crypto.js";
import { LONG_NONCE_BYTES, SHORT_NONCE_BYTES } from "./nonce.js";

/**
 * CurveZMQ handshake command layouts (RFC 26 grammar, libzmq's sizes and checks). Builders take
 * the already-sealed boxes; parsers check sizes and names only, never throw, and name the
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

// Offsets.
const HELLO_VERSION = 6;
const HELLO_CLIENT_KEY = HELLO_VERSION + 2 + HELLO_PADDING; // 80
const HELLO_NONCE = HELLO_CLIENT_KEY + KEY_BYTES; // 112
const HELLO_BOX = HELLO_NONCE + SHORT_NONCE_BYTES; // 120
const WELCOME_NONCE = 8;
const WELCOME_BOX = WELCOME_NONCE + LONG_NONCE_BYTES; // 24
const INITIATE_COOKIE = 9;
const INITIATE_NONCE = INITIATE_COOKIE + COOKIE_SIZE; // 105
const INITIATE_BOX = INITIATE_NONCE + SHORT_NONCE_BYTES; // 113
const READY_NONCE = 6;
const READY_BOX = READY_NONCE + SHORT_NONCE_BYTES; // 14

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

/** The server's checks, in libzmq's order. */
export function parseHello(body: Buffer): Parsed<Hello> {
  if (!basicStructureOk(body)) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED);
  if (!isCommand(body, "HELLO")) return reject(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);
  if (body.length !== HELLO_SIZE) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO);
  if (body[HELLO_VERSION] !== 1 || body[HELLO_VERSION + 1] !== 0)
    return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO);
  return {
    ok: true,
    clientTransientKey: body.subarray(HELLO_CLIENT_KEY, HELLO_NONCE),
    nonce: body.readBigUInt64BE(HELLO_NONCE),
    nonceBytes: body.subarray(HELLO_NONCE, HELLO_BOX),
    signatureBox: body.subarray(HELLO_BOX),
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

/** Name already matched. libzmq reports a wrongly sized WELCOME as CRYPTOGRAPHIC. */
export function parseWelcome(body: Buffer): Parsed<Welcome> {
  if (body.length !== WELCOME_SIZE) return reject(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
  return { ok: true, nonceSuffix: body.subarray(WELCOME_NONCE, WELCOME_BOX), box: body.subarray(WELCOME_BOX) };
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

/** The server's checks, in libzmq's order. */
export function parseInitiate(body: Buffer): Parsed<Initiate> {
  if (!basicStructureOk(body)) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED);
  if (!isCommand(body, "INITIATE")) return reject(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);
  if (body.length < INITIATE_MIN) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_INITIATE);
  return {
    ok: true,
    cookieNonceSuffix: body.subarray(INITIATE_COOKIE, INITIATE_COOKIE + LONG_NONCE_BYTES),
    cookieBox: body.subarray(INITIATE_COOKIE + LONG_NONCE_BYTES, INITIATE_NONCE),
    nonce: body.readBigUInt64BE(INITIATE_NONCE),
    nonceBytes: body.subarray(INITIATE_NONCE, INITIATE_BOX),
    box: body.subarray(INITIATE_BOX),
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

/** Name already matched. */
export function parseReady(body: Buffer): Parsed<Ready> {
  if (body.length < READY_MIN) return reject(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_READY);
  return {
    ok: true,
    nonce: body.readBigUInt64BE(READY_NONCE),
    nonceBytes: body.subarray(READY_NONCE, READY_BOX),
    box: body.subarray(READY_BOX),
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
