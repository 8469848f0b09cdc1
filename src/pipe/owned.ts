import { view } from "../wire/frames.js";

/**
 * Frames of up to this many bytes are copied when a pipe keeps a message as the sender gave it,
 * so the sender may change or reuse its Buffer once its send resolves; larger frames are kept by
 * reference (the binding's rule: libzmq copies small messages and holds large ones until sent).
 * A message encoded as it is queued (queue.ts) is a copy already and needs none of this.
 */
export const OWN_LIMIT = 128;

/**
 * The size of the slabs small copies are cut from: Node's pool size, so a copy the receiver keeps
 * pins no more memory than one from `Buffer.allocUnsafe` would.
 */
const COPY_SLAB = 8 * 1024;

let slab = Buffer.alloc(0);
let used = 0;

/**
 * `b` (at most OWN_LIMIT bytes) copied into the current slab. Cut by hand rather than with
 * `Buffer.allocUnsafe`: its checks and pool bookkeeping cost more than the 64-byte copy itself.
 */
function ownedCopy(b: Buffer): Buffer {
  const n = b.length;
  // An empty frame (an envelope's delimiter) gets a buffer of its own, as from allocUnsafe(0): a
  // view would keep the slab alive for no bytes.
  if (n === 0) return Buffer.alloc(0);
  if (used + n > slab.length) {
    slab = Buffer.allocUnsafeSlow(COPY_SLAB);
    used = 0;
  }
  slab.set(b, used);
  const copy = view(slab, used, n);
  // Copies start 8-byte aligned, as Node's pool aligns its slices.
  used = (used + n + 7) & ~7;
  return copy;
}

/** `msg[from..]` as a new array whose frames of up to OWN_LIMIT bytes are copies. */
export function ownedParts(msg: readonly Buffer[], from: number): Buffer[] {
  if (msg.length - from === 1) {
    const only = msg[from]!;
    return [only.length <= OWN_LIMIT ? ownedCopy(only) : only];
  }
  // An array of its final size at once: one grown by push starts with room for 16 (176 B, where a
  // one-frame message needs 56).
  const out = msg.slice(from);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b.length <= OWN_LIMIT) out[i] = ownedCopy(b);
  }
  return out;
}
