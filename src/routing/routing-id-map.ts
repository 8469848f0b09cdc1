/**
 * Routing ids (ROUTER, STREAM) to their values, looked up without turning the id into a string:
 * the ids ROUTER makes itself (a zero byte and a 32-bit number, 5 bytes: most peers have one)
 * are keyed by that number, and only other ids (a peer's own Identity, a connect routing id) by
 * their bytes as a latin1 string. Ids are compared as bytes either way.
 */
export class RoutingIdMap<V> {
  private readonly byNumber = new Map<number, V>();
  private readonly byString = new Map<string, V>();

  get size(): number {
    return this.byNumber.size + this.byString.size;
  }

  get(id: Buffer): V | undefined {
    return isGenerated(id) ? this.byNumber.get(id.readUInt32BE(1)) : this.byString.get(id.toString("latin1"));
  }

  set(id: Buffer, value: V): void {
    if (isGenerated(id)) this.byNumber.set(id.readUInt32BE(1), value);
    else this.byString.set(id.toString("latin1"), value);
  }

  delete(id: Buffer): boolean {
    return isGenerated(id) ? this.byNumber.delete(id.readUInt32BE(1)) : this.byString.delete(id.toString("latin1"));
  }

  /** Every value (a value under two ids comes twice). */
  *values(): IterableIterator<V> {
    yield* this.byNumber.values();
    yield* this.byString.values();
  }

  /** Forgets every id that maps to `value`. */
  deleteValue(value: V): void {
    for (const [k, v] of this.byNumber) if (v === value) this.byNumber.delete(k);
    for (const [k, v] of this.byString) if (v === value) this.byString.delete(k);
  }
}

/** The shape of the ids ROUTER generates (libzmq's too): 0x00, then a 32-bit number. */
function isGenerated(id: Buffer): boolean {
  return id.length === 5 && id[0] === 0;
}
