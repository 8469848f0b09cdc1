import { CopySlab } from "./copy-slab.js";

/**
 * Frames of up to this many bytes are copied when a pipe keeps a message as the sender gave it,
 * so the sender may change or reuse its Buffer once its send resolves; larger frames are kept by
 * reference (the binding's rule: libzmq copies small messages and holds large ones until sent).
 * A message encoded as it is queued (queue.ts) is a copy already and needs none of this.
 */
export const OWN_LIMIT = 128;

/**
 * Small frames' copies: slabs of Node's pool size, so a copy the receiver keeps pins no more
 * memory than one from `Buffer.allocUnsafe` would.
 */
const copies = new CopySlab(8 * 1024);

/** `msg[from..]` as a new array whose frames of up to OWN_LIMIT bytes are copies. */
export function ownedParts(msg: readonly Buffer[], from: number): Buffer[] {
  if (msg.length - from === 1) {
    const only = msg[from]!;
    return [only.length <= OWN_LIMIT ? copies.copyOf(only) : only];
  }
  // An array of its final size at once: one grown by push starts with room for 16 (176 B, where a
  // one-frame message needs 56).
  const out = msg.slice(from);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b.length <= OWN_LIMIT) out[i] = copies.copyOf(b);
  }
  return out;
}
