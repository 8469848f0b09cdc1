import { endianness } from "node:os";
import { EVENT_NAMES } from "../events/events.js";

/** libzmq writes event frames with memcpy of native integers: host byte order. */
const LE = endianness() === "LE";

/** Version 1: [event(u16) value(u32)] (6 bytes, MORE) then the endpoint string. */
export function encodeV1(event: number, value: number, endpoint: string): Buffer[] {
  const head = Buffer.allocUnsafe(6);
  if (LE) {
    head.writeUInt16LE(event & 0xffff, 0);
    head.writeUInt32LE(value >>> 0, 2);
  } else {
    head.writeUInt16BE(event & 0xffff, 0);
    head.writeUInt32BE(value >>> 0, 2);
  }
  return [head, Buffer.from(endpoint, "utf8")];
}

function u64(n: number | bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  const v = BigInt.asUintN(64, BigInt(n));
  if (LE) b.writeBigUInt64LE(v, 0);
  else b.writeBigUInt64BE(v, 0);
  return b;
}

function readU64(b: Buffer): bigint {
  return LE ? b.readBigUInt64LE(0) : b.readBigUInt64BE(0);
}

/** Version 2 (DRAFT): event(u64), count(u64), count × value(u64), local endpoint, remote endpoint. */
export function encodeV2(event: number, values: readonly (number | bigint)[], local: string, remote: string): Buffer[] {
  const frames = [u64(event), u64(values.length)];
  for (const v of values) frames.push(u64(v));
  frames.push(Buffer.from(local, "utf8"), Buffer.from(remote, "utf8"));
  return frames;
}

/** A monitor message decoded from either wire version. */
export interface DecodedMonitorEvent {
  /** 1 or 2. */
  readonly version: 1 | 2;
  /** ZMQ_EVENT_* number. */
  readonly event: number;
  /** libzmq's name without prefix, e.g. "CONNECTED" ("UNKNOWN" otherwise). */
  readonly name: string;
  /** The (first) value. */
  readonly value: number;
  /** All values (v1: one; v2: as sent, e.g. two for PIPES_STATS). */
  readonly values: readonly bigint[];
  /** The v1 endpoint string; for v2, remote if non-empty, else local (libzmq's identifier()). */
  readonly endpoint: string;
  /** v2 only: local endpoint ("" for v1). */
  readonly local: string;
  /** v2 only: remote endpoint ("" for v1). */
  readonly remote: string;
}

/**
 * Decodes the frames of one monitor message (v1: 2 frames; v2: 4 + N frames). Throws a
 * TypeError when the frames are not a monitor message.
 */
export function decodeMonitorEvent(frames: readonly Buffer[]): DecodedMonitorEvent {
  if (frames.length === 2 && frames[0]!.length === 6) {
    const h = frames[0]!;
    const event = LE ? h.readUInt16LE(0) : h.readUInt16BE(0);
    const value = LE ? h.readUInt32LE(2) : h.readUInt32BE(2);
    const endpoint = frames[1]!.toString("utf8");
    return {
      version: 1,
      event,
      name: EVENT_NAMES[event] ?? "UNKNOWN",
      value,
      values: [BigInt(value)],
      endpoint,
      local: "",
      remote: "",
    };
  }
  if (frames.length >= 4 && frames[0]!.length === 8 && frames[1]!.length === 8) {
    const event = Number(readU64(frames[0]!));
    const count = Number(readU64(frames[1]!));
    if (frames.length === 4 + count && frames.slice(2, 2 + count).every((f) => f.length === 8)) {
      const values = frames.slice(2, 2 + count).map(readU64);
      const local = frames[2 + count]!.toString("utf8");
      const remote = frames[3 + count]!.toString("utf8");
      return {
        version: 2,
        event,
        name: EVENT_NAMES[event] ?? "UNKNOWN",
        value: values.length ? Number(values[0]) : 0,
        values,
        endpoint: remote !== "" ? remote : local,
        local,
        remote,
      };
    }
  }
  throw new TypeError("Not a monitor event message");
}
