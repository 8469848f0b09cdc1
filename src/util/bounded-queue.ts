/** What a full BoundedQueue does with one more item; either way the loss is counted in `dropped`. */
export type Overflow = "drop-oldest" | "drop-newest";

/** Slots allocated at first; the ring doubles from here up to `limit`, so a quiet queue stays small. */
const INITIAL_CAPACITY = 8;

/**
 * A FIFO that never holds more than `limit` items: a ring buffer with O(1) push and shift.
 * When full, `drop-oldest` evicts the head to make room (a reader who fell behind sees the
 * newest events) and `drop-newest` refuses the new item (a backlog keeps its order); both count
 * what was lost in `dropped`.
 */
export class BoundedQueue<T> {
  #ring: Array<T | undefined> = [];
  #head = 0;
  #size = 0;
  /** Items lost because the queue was full. */
  dropped = 0;

  /** @param limit the most items kept, an integer >= 1 (RangeError otherwise) */
  constructor(
    readonly limit: number,
    readonly overflow: Overflow = "drop-oldest",
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`queue limit must be an integer >= 1, got ${limit}`);
  }

  get length(): number {
    return this.#size;
  }

  /** Appends `item`; false when it was refused (full, `drop-newest`). */
  push(item: T): boolean {
    if (this.#size === this.limit) {
      this.dropped++;
      if (this.overflow === "drop-newest") return false;
      this.shift();
    }
    if (this.#size === this.#ring.length) this.#grow();
    this.#ring[(this.#head + this.#size) % this.#ring.length] = item;
    this.#size++;
    return true;
  }

  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#ring.length;
    this.#size--;
    return item;
  }

  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#ring[this.#head];
  }

  clear(): void {
    this.#ring = [];
    this.#head = 0;
    this.#size = 0;
  }

  /** Re-lays the ring out from index 0 with room for more (never beyond `limit`). */
  #grow(): void {
    const capacity = Math.min(this.limit, Math.max(INITIAL_CAPACITY, this.#ring.length * 2));
    const next = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.#size; i++) next[i] = this.#ring[(this.#head + i) % this.#ring.length];
    this.#ring = next;
    this.#head = 0;
  }
}
