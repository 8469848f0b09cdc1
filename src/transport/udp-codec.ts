/**
 * libzmq's UDP datagram layouts, sans I/O. RADIO/DISH: `[group length: u8][group][body]`, one
 * message per datagram. DGRAM: the payload alone, its peer carried as an `"ip:port\0"` frame.
 * Every length is checked here, so a datagram from anyone can only be delivered or dropped.
 */

/** libzmq's MAX_UDP_MSG: the largest datagram it sends or reads, in bytes. */
export const UDP_MAX_DATAGRAM = 8192;

/** The datagram of a RADIO message, or null when it cannot be one (group > 255 bytes, > 8192 bytes in all). */
export function encodeGroupDatagram(group: Buffer, body: Buffer): Buffer | null {
  const size = 1 + group.length + body.length;
  if (group.length > 255 || size > UDP_MAX_DATAGRAM) return null;
  const out = Buffer.allocUnsafe(size);
  out[0] = group.length;
  group.copy(out, 1);
  body.copy(out, 1 + group.length);
  return out;
}

/**
 * A received RADIO datagram as `[group, body]` (views into it), or null to drop it: empty,
 * larger than 8192 bytes, or a length byte (read unsigned) that overruns the datagram.
 */
export function decodeGroupDatagram(datagram: Buffer): [Buffer, Buffer] | null {
  if (datagram.length === 0 || datagram.length > UDP_MAX_DATAGRAM) return null;
  const n = datagram[0]!;
  if (1 + n > datagram.length) return null;
  return [datagram.subarray(1, 1 + n), datagram.subarray(1 + n)];
}

/** The address frame a DGRAM socket receives with each datagram: `"ip:port"` and a NUL, as libzmq. */
export function dgramAddressFrame(ip: string, port: number): Buffer {
  return Buffer.from(`${ip}:${port}\0`, "latin1");
}

/**
 * Where a DGRAM message goes, parsed as libzmq does: the last `:` splits host and port; the host
 * must be a dotted IPv4 address; the port is C `atoi` of the rest (so a trailing NUL or junk is
 * ignored) cut to 16 bits, and 0 is no port. Null when the message cannot be sent (libzmq drops
 * it silently).
 */
export function parseDgramAddress(frame: Buffer): { host: string; port: number } | null {
  const text = frame.toString("latin1");
  const colon = text.lastIndexOf(":");
  if (colon < 0) return null;
  const host = text.slice(0, colon);
  if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(host) || host.split(".").some((o) => Number(o) > 255)) {
    return null;
  }
  // At most 20 digits are read (atoi overflows before that anyway), so a huge frame costs no work.
  const digits = /^\s*([+-]?\d{1,20})/.exec(text.slice(colon + 1));
  if (!digits) return null;
  const port = Number(BigInt.asUintN(16, BigInt(digits[1]!)));
  return port === 0 ? null : { host, port };
}
