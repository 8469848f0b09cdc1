/** What `send` accepts for one frame (as the zeromq binding). */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | boolean | null | Buffer;

/** Converts one frame the way the binding does: bytes as bytes, strings as UTF-8, null as empty, else String(v). */
export function toFrame(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (typeof SharedArrayBuffer !== "undefined" && v instanceof SharedArrayBuffer) return Buffer.from(v);
  if (v === null || v === undefined) return Buffer.alloc(0);
  // The binding stringifies anything else, objects included.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return Buffer.from(String(v), "utf8");
}

export function toMessage(msg: unknown): Buffer[] {
  if (Array.isArray(msg)) return msg.map(toFrame);
  return [toFrame(msg)];
}
