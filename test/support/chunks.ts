// Read chunks as a stream hands them out, and freeing them as the engine may (util/free-buffer.ts).

/** A copy of `bytes` in an ArrayBuffer of its own, as a stream's read chunk is. */
export function ownMemory(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(out);
  return out;
}

/**
 * Detaches `chunk`'s ArrayBuffer, as freeing it does, on any Node (structuredClone transfer, not
 * ES2024's `transfer`): every view of that memory reads as empty from then on.
 */
export function detach(chunk: Buffer): void {
  structuredClone(chunk.buffer, { transfer: [chunk.buffer as ArrayBuffer] });
}
