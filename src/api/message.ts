/** What `send` accepts for one frame (as the zeromq binding). */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | boolean | null | Buffer;

/**
 * Frames of up to this many bytes are copied when sent, so the caller may change or reuse its
 * buffer as soon as `send` returns; larger ones are sent by reference (the binding's rule: libzmq
 * copies small messages and holds large ones until sent).
 */
export const COPY_LIMIT = 128;

/** Bytes of the caller's memory as a frame: copied when small (into Node's pooled slab: the cheapest copy measured), else shared. */
function ownBytes(b: Buffer): Buffer {
  if (b.length > COPY_LIMIT) return b;
  const copy = Buffer.allocUnsafe(b.length);
  copy.set(b);
  return copy;
}

/**
 * Converts one frame the way the binding does: a Buffer or typed array as its bytes (a DataView
 * is refused with a plain Error "Invalid argument"), an ArrayBuffer as its bytes, a string as
 * UTF-8, null as an empty frame, and anything else as its string (`undefined` as "undefined", a
 * SharedArrayBuffer as "[object SharedArrayBuffer]"; a Symbol throws TypeError).
 */
export function toFrame(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return ownBytes(v);
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) throw new Error("Invalid argument");
    return ownBytes(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  }
  if (v instanceof ArrayBuffer) return ownBytes(Buffer.from(v));
  if (v === null) return Buffer.alloc(0);
  // A template literal converts as the binding does (ToString), throwing for a Symbol where String() would not.
  return Buffer.from(`${v as string}`, "utf8");
}

export function toMessage(msg: unknown): Buffer[] {
  if (Array.isArray(msg)) return msg.map(toFrame);
  return [toFrame(msg)];
}
