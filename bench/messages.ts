// What the benchmark sends and how the receiver knows it arrived whole and in order.
//
// Every frame is a fresh buffer (as libzmq's remote_thr builds a fresh zmq_msg_t per message): an optional
// topic prefix, then the message's sequence number (little-endian, as many of its 4 bytes as fit), then
// filler, and a last byte that names the frame's index. In `full` mode (the quick smoke test) the filler is a
// pattern derived from the sequence number and the receiver checks every byte; otherwise it checks the
// length, the sequence number and the last byte, which is enough to see loss, reordering, truncation and
// frames merged or split, at a cost independent of the size.

export interface MessageShape {
  size: number;
  parts: number;
  /** Bytes every frame 0 starts with (a PUB topic); empty otherwise. */
  prefix: Buffer;
  full: boolean;
}

const TRAILER = 0xa5;

function seqBytes(shape: MessageShape, frame: number): number {
  const room = shape.size - (frame === 0 ? shape.prefix.length : 0);
  return Math.max(0, Math.min(4, room));
}

/** The filler of message `seq` at byte `j` repeats every 256 bytes, so it is written and checked in blocks. */
function fillByte(seq: number, j: number): number {
  return (seq * 31 + j * 7) & 0xff;
}

function fillBlock(seq: number, start: number): Buffer {
  const block = Buffer.allocUnsafe(256);
  for (let i = 0; i < 256; i++) block[i] = fillByte(seq, start + i);
  return block;
}

const CHECK_CHUNK = 64 * 1024; // a multiple of the filler's period, so every chunk starts the same

/** Whether bytes [start, end) of `b` hold the filler of message `seq` (compared chunk by chunk). */
function fillerIntact(b: Buffer, seq: number, start: number, end: number): boolean {
  if (end <= start) return true;
  const expected = Buffer.allocUnsafe(Math.min(CHECK_CHUNK, end - start)).fill(fillBlock(seq, start));
  for (let at = start; at < end; at += CHECK_CHUNK) {
    const n = Math.min(CHECK_CHUNK, end - at);
    if (!b.subarray(at, at + n).equals(expected.subarray(0, n))) return false;
  }
  return true;
}

export function buildMessage(shape: MessageShape, seq: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let f = 0; f < shape.parts; f++) {
    const b = Buffer.allocUnsafe(shape.size);
    let at = 0;
    if (f === 0) at = shape.prefix.copy(b, 0);
    const n = seqBytes(shape, f);
    for (let k = 0; k < n; k++) b[at + k] = (seq >>> (8 * k)) & 0xff;
    const start = at + n;
    if (shape.full && b.length > start) b.fill(fillBlock(seq, start), start);
    if (b.length > start) b[b.length - 1] = TRAILER ^ f;
    frames.push(b);
  }
  return frames;
}

/**
 * Null when `frames` from index `from` on (a ROUTER's message after its routing id) is message `seq`
 * of `shape`, else what is wrong with it. An offset rather than a slice: the routed cases would
 * otherwise time an array the bench allocates per message.
 */
export function checkMessage(shape: MessageShape, frames: Buffer[], seq: number, from = 0): string | null {
  const parts = frames.length - from;
  if (parts !== shape.parts) return `message ${seq}: ${parts} frame(s), expected ${shape.parts}`;
  for (let f = 0; f < parts; f++) {
    const b = frames[from + f]!;
    if (b.length !== shape.size) return `message ${seq} frame ${f}: ${b.length} B, expected ${shape.size} B`;
    let at = 0;
    if (f === 0 && shape.prefix.length > 0) {
      if (b.compare(shape.prefix, 0, shape.prefix.length, 0, shape.prefix.length) !== 0)
        return `message ${seq}: wrong topic`;
      at = shape.prefix.length;
    }
    const n = seqBytes(shape, f);
    for (let k = 0; k < n; k++)
      if (b[at + k] !== ((seq >>> (8 * k)) & 0xff)) return `message ${seq} frame ${f}: wrong sequence number`;
    const start = at + n;
    if (b.length > start && b[b.length - 1] !== (TRAILER ^ f)) return `message ${seq} frame ${f}: wrong last byte`;
    if (shape.full && !fillerIntact(b, seq, start, b.length - 1)) return `message ${seq} frame ${f}: filler corrupted`;
  }
  return null;
}

/** Topic of subscriber `i` of `k` (all the same length, so no topic is a prefix of another). */
export function topic(i: number, k: number): Buffer {
  return Buffer.from(`t${String(i).padStart(String(k - 1).length, "0")}`);
}
