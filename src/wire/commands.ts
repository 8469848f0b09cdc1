import { encodeMetadata } from "./metadata.js";

/**
 * ZMTP command bodies (RFC 23/37): `name-length(1) name data`. This file builds bodies and reads
 * them into typed commands; framing is the encoder's and decoder's job.
 */

/** Command names this implementation recognises on the wire (ZMTP 3.1, RFC 24/25 handshakes). */
export type CommandName =
  | "READY"
  | "ERROR"
  | "PING"
  | "PONG"
  | "SUBSCRIBE"
  | "CANCEL"
  | "JOIN"
  | "LEAVE"
  | "HELLO"
  | "WELCOME"
  | "INITIATE"
  | "MESSAGE";

/**
 * A received command, read from its body. Every field is a view into the body (or a number or a
 * short string the body actually holds): nothing is allocated for a length a peer merely claims.
 * Handshake commands whose layout depends on the mechanism (READY, HELLO, WELCOME, INITIATE,
 * MESSAGE) carry their raw `data` (everything after the name) for the mechanism to read.
 */
export type Command =
  /** `05 READY` + data: metadata for NULL and PLAIN, short nonce + box for CURVE. */
  | { readonly kind: "READY"; readonly data: Buffer }
  /** `05 ERROR` + reason-length(1) + reason; trailing bytes are ignored, as libzmq does. */
  | { readonly kind: "ERROR"; readonly reason: string }
  /** `04 PING` + TTL(2, deciseconds) + context; a body too short for the TTL reads as TTL 0. */
  | { readonly kind: "PING"; readonly ttl: number; readonly context: Buffer }
  | { readonly kind: "PONG"; readonly context: Buffer }
  | { readonly kind: "SUBSCRIBE" | "CANCEL"; readonly topic: Buffer }
  /** RADIO/DISH group membership (draft). */
  | { readonly kind: "JOIN" | "LEAVE"; readonly group: Buffer }
  | { readonly kind: "HELLO" | "WELCOME" | "INITIATE" | "MESSAGE"; readonly data: Buffer }
  /**
   * ERROR as libzmq's PLAIN writes and reads it: its name constant is the C string "\x05ERROR",
   * which C reads as 5E "RROR", so the body is `5E 52 52 4F 52` + reason-length(1) + reason.
   * Only PLAIN speaks it; `reason` is null when the reason is missing or overruns the body.
   */
  | { readonly kind: "LibzmqPlainError"; readonly reason: string | null }
  /** A well-formed command of a name we do not know. */
  | { readonly kind: "Unknown"; readonly name: string; readonly data: Buffer }
  /**
   * Not a command we can read: `command` null when the body fails libzmq's basic structure check
   * (at most 1 byte, or too short for the name it announces); otherwise the named command's
   * layout is broken (an ERROR whose reason is missing or overruns the body).
   */
  | { readonly kind: "Malformed"; readonly command: CommandName | null };

/** Largest PING context a PONG echoes (RFC 37). */
export const PING_CONTEXT_MAX = 16;

/** Reads a command body; never throws, whatever the bytes. */
export function parseCommand(body: Buffer): Command {
  if (isLibzmqPlainError(body)) {
    const r = LIBZMQ_PLAIN_ERROR.length;
    if (body.length <= r || body[r]! > body.length - r - 1) return { kind: "LibzmqPlainError", reason: null };
    return { kind: "LibzmqPlainError", reason: body.toString("latin1", r + 1, r + 1 + body[r]!) };
  }
  const n = body.length > 0 ? body[0]! : 0;
  // libzmq's check_basic_command_structure: a name-length byte, and a name that fits.
  if (body.length <= 1 || body.length <= n) return MALFORMED;
  const data = body.subarray(1 + n);
  switch (n) {
    case 4:
      if (nameIs(body, "PING")) {
        if (body.length < 7) return { kind: "PING", ttl: 0, context: data.subarray(0, 0) };
        return { kind: "PING", ttl: body.readUInt16BE(5), context: body.subarray(7, 7 + PING_CONTEXT_MAX) };
      }
      if (nameIs(body, "PONG")) return { kind: "PONG", context: data };
      if (nameIs(body, "JOIN")) return { kind: "JOIN", group: data };
      break;
    case 5:
      if (nameIs(body, "READY")) return { kind: "READY", data };
      if (nameIs(body, "ERROR")) {
        if (data.length < 1 || 1 + data[0]! > data.length) return MALFORMED_ERROR;
        return { kind: "ERROR", reason: data.toString("latin1", 1, 1 + data[0]!) };
      }
      if (nameIs(body, "HELLO")) return { kind: "HELLO", data };
      if (nameIs(body, "LEAVE")) return { kind: "LEAVE", group: data };
      break;
    case 6:
      if (nameIs(body, "CANCEL")) return { kind: "CANCEL", topic: data };
      break;
    case 7:
      if (nameIs(body, "WELCOME")) return { kind: "WELCOME", data };
      if (nameIs(body, "MESSAGE")) return { kind: "MESSAGE", data };
      break;
    case 8:
      if (nameIs(body, "INITIATE")) return { kind: "INITIATE", data };
      break;
    case 9:
      if (nameIs(body, "SUBSCRIBE")) return { kind: "SUBSCRIBE", topic: data };
      break;
  }
  return { kind: "Unknown", name: body.toString("latin1", 1, 1 + n), data };
}

/** libzmq PLAIN's ERROR name, as its compiler reads "\x05ERROR" (see the LibzmqPlainError command). */
const LIBZMQ_PLAIN_ERROR = Buffer.from([0x5e, 0x52, 0x52, 0x4f, 0x52]);

function isLibzmqPlainError(body: Buffer): boolean {
  // Byte by byte: every handshake command passes here, and Buffer#compare's native call costs more than five bytes.
  const p = LIBZMQ_PLAIN_ERROR;
  if (body.length < p.length) return false;
  for (let i = 0; i < p.length; i++) if (body[i] !== p[i]) return false;
  return true;
}

const MALFORMED: Command = { kind: "Malformed", command: null };
const MALFORMED_ERROR: Command = { kind: "Malformed", command: "ERROR" };

/** Byte-exact, case-sensitive name match (the caller has checked the length byte). */
function nameIs(body: Buffer, name: string): boolean {
  for (let i = 0; i < name.length; i++) if (body[1 + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** A command body from its name and data. */
export function commandBody(name: CommandName, data?: Buffer): Buffer {
  const dataLen = data ? data.length : 0;
  const b = Buffer.allocUnsafe(1 + name.length + dataLen);
  b[0] = name.length;
  b.write(name, 1, "latin1");
  if (data) data.copy(b, 1 + name.length);
  return b;
}

export function readyBody(props: ReadonlyArray<readonly [string, Buffer | string]>): Buffer {
  return commandBody("READY", encodeMetadata(props));
}

/** ERROR with a reason cut to the 255 bytes its length byte can announce. */
export function errorBody(reason: string): Buffer {
  const r = Buffer.from(reason, "latin1").subarray(0, 255);
  const data = Buffer.allocUnsafe(1 + r.length);
  data[0] = r.length;
  r.copy(data, 1);
  return commandBody("ERROR", data);
}

/** ERROR in libzmq PLAIN's spelling (5E "RROR", see LibzmqPlainError): the only one its PLAIN clients understand. */
export function libzmqPlainErrorBody(reason: string): Buffer {
  const r = Buffer.from(reason, "latin1").subarray(0, 255);
  return Buffer.concat([LIBZMQ_PLAIN_ERROR, Buffer.from([r.length]), r]);
}

/** PING with TTL in deciseconds and an optional context (at most 16 bytes are meaningful). */
export function pingBody(ttlDeciseconds: number, context?: Buffer): Buffer {
  const data = Buffer.alloc(2 + (context ? context.length : 0));
  data.writeUInt16BE(ttlDeciseconds & 0xffff, 0);
  if (context) context.copy(data, 2);
  return commandBody("PING", data);
}

export function pongBody(context: Buffer): Buffer {
  return commandBody("PONG", context.subarray(0, PING_CONTEXT_MAX));
}

/** ZMTP 3.1 SUBSCRIBE / CANCEL command bodies. */
export function subscribeBody(topic: Buffer): Buffer {
  return commandBody("SUBSCRIBE", topic);
}
export function cancelBody(topic: Buffer): Buffer {
  return commandBody("CANCEL", topic);
}
