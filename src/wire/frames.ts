import { FLAG_LONG, FLAG_MORE, SHORT_FRAME_MAX } from "./constants.js";

/**
 * Whole messages kept in their wire form: a span `[start, end)` of a buffer holding a message's
 * ZMTP data frames back to back (flags, length, body; every frame but the last with MORE). Pipes
 * queue messages this way (received bytes are queued as they arrived, sent ones as they will
 * leave), so a queued message is two integers rather than an array and a Buffer per frame, and
 * the frames are built only when the message is read. Spans are only ever made from frames that
 * were checked (by the decoder) or written here, so reading one trusts its headers.
 */

/** Node's own Buffer class (a Uint8Array with Buffer.prototype): a view built directly, without subarray's checks. */
const FastBuffer = directViewClass();

function directViewClass(): new (ab: ArrayBufferLike, offset: number, length: number) => Buffer {
  const Species = (Buffer as unknown as { [Symbol.species]?: unknown })[Symbol.species];
  if (typeof Species === "function") {
    const C = Species as new (ab: ArrayBufferLike, offset: number, length: number) => Buffer;
    const probe = new C(new ArrayBuffer(2), 1, 1);
    if (Object.getPrototypeOf(probe) === Buffer.prototype && probe.length === 1) return C;
  }
  // Not Node's layout: subarray gives the same view, only slower.
  return function View(ab: ArrayBufferLike, offset: number, length: number): Buffer {
    return Buffer.from(ab, offset, length);
  } as unknown as new (ab: ArrayBufferLike, offset: number, length: number) => Buffer;
}

/** `buf[start, start + length)` as a Buffer sharing its memory (what subarray returns, at a third of the cost). */
export function view(buf: Buffer, start: number, length: number): Buffer {
  return new FastBuffer(buf.buffer, buf.byteOffset + start, length);
}

/** `[first, ...rest]`: a two-element literal for the usual one-part message, `joined` otherwise. */
export function prepended(first: Buffer, rest: readonly Buffer[]): Buffer[] {
  return rest.length === 1 ? [first, rest[0]!] : joined([first], rest);
}

/**
 * `head` then `tail` in one new array, pushed by hand: `Array.prototype.concat` took 165-177 ns
 * for two one-element arrays (Node 20), this loop 28-29. Pushed rather than preallocated, so the
 * array stays packed, as every other message array is (the encoder's loops see one kind).
 */
export function joined(head: readonly Buffer[], tail: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < head.length; i++) out.push(head[i]!);
  for (let i = 0; i < tail.length; i++) out.push(tail[i]!);
  return out;
}

/**
 * The frames of the message in `buf[start, end)`, as views of `buf`; `prefix`, when given,
 * becomes the first part (ROUTER's routing id) without a second array.
 */
export function readSpan(buf: Buffer, start: number, end: number, prefix: Buffer | null = null): Buffer[] {
  const ab = buf.buffer;
  const base = buf.byteOffset;
  let p = start;
  let flags = buf[p]!;
  let size = flags & FLAG_LONG ? buf.readUInt32BE(p + 5) : buf[p + 1]!;
  p += flags & FLAG_LONG ? 9 : 2;
  // One frame, the common case: an array of its final length at once.
  if (p + size === end) {
    const only = new FastBuffer(ab, base + p, size);
    return prefix === null ? [only] : [prefix, only];
  }
  const out: Buffer[] = prefix === null ? [] : [prefix];
  for (;;) {
    out.push(new FastBuffer(ab, base + p, size));
    p += size;
    if (p >= end) return out;
    flags = buf[p]!;
    if (flags & FLAG_LONG) {
      size = buf.readUInt32BE(p + 1) * 0x100000000 + buf.readUInt32BE(p + 5);
      p += 9;
    } else {
      size = buf[p + 1]!;
      p += 2;
    }
  }
}

/** Bytes `parts[from..]` take as data frames; -1 when some part is longer than `copyLimit` (kept by reference instead). */
export function spanSize(parts: readonly Buffer[], from: number, copyLimit: number): number {
  let n = 0;
  for (let i = from; i < parts.length; i++) {
    const len = parts[i]!.length;
    if (len > copyLimit) return -1;
    n += (len > SHORT_FRAME_MAX ? 9 : 2) + len;
  }
  return n;
}

/** Writes `parts[from..]` as data frames at `buf[at]` (room checked by the caller with spanSize); returns the end. */
export function writeSpan(buf: Buffer, at: number, parts: readonly Buffer[], from: number): number {
  const last = parts.length - 1;
  let p = at;
  for (let i = from; i <= last; i++) {
    const body = parts[i]!;
    const size = body.length;
    const more = i < last ? FLAG_MORE : 0;
    if (size > SHORT_FRAME_MAX) {
      buf[p] = more | FLAG_LONG;
      // 64-bit big-endian length; a copied body is far below 2^32.
      buf.writeUInt32BE(0, p + 1);
      buf.writeUInt32BE(size, p + 5);
      p += 9;
    } else {
      buf[p] = more;
      buf[p + 1] = size;
      p += 2;
    }
    // TypedArray#set: a memmove, cheaper than Buffer#copy's argument handling at these sizes.
    buf.set(body, p);
    p += size;
  }
  return p;
}
