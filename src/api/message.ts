/** What `send` accepts for one frame (as the zeromq binding). */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | boolean | null | Buffer;

/**
 * Converts one frame the way the binding does: a Buffer or typed array as its bytes (a DataView
 * is refused with a plain Error "Invalid argument"), an ArrayBuffer as its bytes, a string as
 * UTF-8, null as an empty frame, and anything else as its string (`undefined` as "undefined", a
 * SharedArrayBuffer as "[object SharedArrayBuffer]"; a Symbol throws TypeError).
 *
 * Bytes are not copied here: the pipe copies frames of up to 128 bytes when it keeps a message
 * as given, or encodes the message as it queues it (pipe/owned.ts), so the caller may reuse such
 * a Buffer once `send` resolves. A copy here as well would copy twice.
 */
export function toFrame(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) throw new Error("Invalid argument");
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (v === null) return Buffer.alloc(0);
  // A template literal converts as the binding does (ToString), throwing for a Symbol where String() would not.
  return Buffer.from(`${v as string}`, "utf8");
}

export function toMessage(msg: unknown): Buffer[] {
  if (Array.isArray(msg)) return msg.map(toFrame);
  return [toFrame(msg)];
}

/** The bytes of a message's frames together. */
export function bytesOf(msg: readonly Buffer[]): number {
  let n = 0;
  for (let i = 0; i < msg.length; i++) n += msg[i]!.length;
  return n;
}
