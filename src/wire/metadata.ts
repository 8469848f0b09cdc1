/**
 * ZMTP metadata (READY/INITIATE properties): `name-length(1) name value-length(4, BE) value`.
 * Names are kept exactly as sent: libzmq matches them case-sensitively.
 */
export type Metadata = Map<string, Buffer>;

export function encodeMetadata(props: ReadonlyArray<readonly [string, Buffer | string]>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of props) {
    const n = Buffer.from(name, "latin1");
    const v = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    const head = Buffer.allocUnsafe(1 + n.length + 4);
    head[0] = n.length;
    n.copy(head, 1);
    head.writeUInt32BE(v.length, 1 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

/**
 * Parses properties from `buf[offset..]`. Returns null when the bytes do not form whole
 * properties (libzmq: EPROTO). On duplicate names the first occurrence is kept, but every
 * occurrence is reported to `each` (libzmq checks each Socket-Type it sees). With `keep`, only
 * those names are kept: a peer's thousands of properties then cost nothing once checked.
 */
export function parseMetadata(
  buf: Buffer,
  offset: number,
  each?: (name: string, value: Buffer) => boolean,
  keep?: ReadonlySet<string>,
): Metadata | null {
  const props: Metadata = new Map();
  let p = offset;
  while (p < buf.length) {
    const nameLen = buf[p]!;
    p += 1;
    if (p + nameLen + 4 > buf.length) return null;
    const name = buf.toString("latin1", p, p + nameLen);
    p += nameLen;
    const valueLen = buf.readUInt32BE(p);
    p += 4;
    if (valueLen > buf.length - p) return null;
    const value = buf.subarray(p, p + valueLen);
    p += valueLen;
    if (each && !each(name, value)) return null;
    if ((keep === undefined || keep.has(name)) && !props.has(name)) props.set(name, value);
  }
  return props;
}
