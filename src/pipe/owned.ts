/**
 * Frames of up to this many bytes are copied when a pipe keeps a message as the sender gave it,
 * so the sender may change or reuse its Buffer once its send resolves; larger frames are kept by
 * reference (the binding's rule: libzmq copies small messages and holds large ones until sent).
 * A message encoded as it is queued (queue.ts) is a copy already and needs none of this.
 */
export const OWN_LIMIT = 128;

/** `msg[from..]` as a new array whose frames of up to OWN_LIMIT bytes are copies. */
export function ownedParts(msg: readonly Buffer[], from: number): Buffer[] {
  // An array of its final size at once: one grown by push starts with room for 16 (176 B, where a
  // one-frame message needs 56).
  const out = msg.slice(from);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]!;
    if (b.length <= OWN_LIMIT) {
      // From Node's pool: as cheap as a pool of our own (measured), and no pool of ours to keep alive.
      const copy = Buffer.allocUnsafe(b.length);
      copy.set(b);
      out[i] = copy;
    }
  }
  return out;
}
