/** ES2024's `ArrayBuffer.prototype.transfer` (Node 22+, Bun, Deno; not Node 20): the lib here is ES2022. */
type Transferable = ArrayBuffer & { transfer?: (newLength?: number) => ArrayBuffer };

/** Whether this runtime can give an ArrayBuffer's memory back at once, rather than at a garbage collection. */
export const CAN_FREE_BUFFERS = typeof (ArrayBuffer.prototype as Transferable).transfer === "function";

/**
 * Gives `buf`'s memory back now, when it spans its whole ArrayBuffer (a stream's read chunk does:
 * Node, Bun and Deno each read into an ArrayBuffer of its own); a view into a larger one, or a
 * runtime without `transfer`, is left to the garbage collector. Only for memory nothing else refers
 * to: afterwards every view of it is empty.
 */
export function freeBuffer(buf: Buffer): void {
  const ab = buf.buffer as Transferable;
  if (buf.byteOffset !== 0 || buf.byteLength !== ab.byteLength || typeof ab.transfer !== "function") return;
  ab.transfer(0);
}
