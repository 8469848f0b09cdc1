/**
 * Frames of up to this many bytes are copied when a pipe keeps a message as the sender gave it,
 * so the sender may change or reuse its Buffer once its send resolves; larger frames are kept by
 * reference (the binding's rule: libzmq copies small messages and holds large ones until sent).
 * A message encoded as it is queued (queue.ts) is a copy already and needs none of this.
 */
export const OWN_LIMIT = 128;

/** `msg[from..]` as a new array whose frames of up to OWN_LIMIT bytes are copies. */
export function ownedParts(msg: readonly Buffer[], from: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = from; i < msg.length; i++) {
    const b = msg[i]!;
    if (b.length > OWN_LIMIT) {
      out.push(b);
    } else {
      // From Node's pool: as cheap as a pool of our own (measured), and no pool of ours to keep alive.
      const copy = Buffer.allocUnsafe(b.length);
      copy.set(b);
      out.push(copy);
    }
  }
  return out;
}
