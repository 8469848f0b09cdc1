import { encodeMetadata } from "./metadata.js";

/**
 * Command bodies (RFC 23/37): `name-length(1) name data`. These build and read bodies only;
 * framing is the encoder's job.
 */
export function commandBody(name: string, data?: Buffer): Buffer {
  const dataLen = data ? data.length : 0;
  const b = Buffer.allocUnsafe(1 + name.length + dataLen);
  b[0] = name.length;
  b.write(name, 1, "latin1");
  if (data) data.copy(b, 1 + name.length);
  return b;
}

/** The command's name, or null when the body is too short to hold the name it announces. */
export function commandName(body: Buffer): string | null {
  if (body.length < 1) return null;
  const n = body[0]!;
  if (body.length < 1 + n) return null;
  return body.toString("latin1", 1, 1 + n);
}

/** True when `body` starts with the given name-length-prefixed command name. */
export function isCommand(body: Buffer, name: string): boolean {
  if (body.length < 1 + name.length || body[0] !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (body[1 + i] !== name.charCodeAt(i)) return false;
  return true;
}

export function readyBody(props: ReadonlyArray<readonly [string, Buffer | string]>): Buffer {
  return commandBody("READY", encodeMetadata(props));
}

export function errorBody(reason: string): Buffer {
  const r = Buffer.from(reason, "latin1").subarray(0, 255);
  const data = Buffer.allocUnsafe(1 + r.length);
  data[0] = r.length;
  r.copy(data, 1);
  return commandBody("ERROR", data);
}

/** The reason of an ERROR body, or null if malformed (shorter than 7 bytes or reason overruns). */
export function errorReason(body: Buffer): string | null {
  if (body.length < 7) return null;
  const len = body[6]!;
  if (7 + len > body.length) return null;
  return body.toString("latin1", 7, 7 + len);
}

/** PING with TTL in deciseconds and an optional context (at most 16 bytes are meaningful). */
export function pingBody(ttlDeciseconds: number, context?: Buffer): Buffer {
  const data = Buffer.alloc(2 + (context ? context.length : 0));
  data.writeUInt16BE(ttlDeciseconds & 0xffff, 0);
  if (context) context.copy(data, 2);
  return commandBody("PING", data);
}

/**
 * Reads a PING body. A body too short to hold the TTL is read as TTL 0 with no context
 * (libzmq reads past such a body; we do not).
 */
export function parsePing(body: Buffer): { ttl: number; context: Buffer } {
  if (body.length < 7) return { ttl: 0, context: Buffer.alloc(0) };
  return { ttl: body.readUInt16BE(5), context: body.subarray(7, 7 + 16) };
}

export function pongBody(context: Buffer): Buffer {
  return commandBody("PONG", context.subarray(0, 16));
}

/** ZMTP 3.1 SUBSCRIBE / CANCEL command bodies. */
export function subscribeBody(topic: Buffer): Buffer {
  return commandBody("SUBSCRIBE", topic);
}
export function cancelBody(topic: Buffer): Buffer {
  return commandBody("CANCEL", topic);
}
