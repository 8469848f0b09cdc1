import { freeBuffer } from "../util/free-buffer.js";

/** Slabs the ring copies into; a region larger than this gets a slab of its own, never reused. */
export const RING_SLAB_SIZE = 256 * 1024;

/** One slab of the ring: regions are copied in at `used`; `refs` counts the queue's runs in it. */
export class RingSlab {
  used = 0;
  refs = 0;
  constructor(readonly buf: Buffer) {}
}

/**
 * Memory of a queue's own for received bytes that wait in a backlog (queue.ts). Node reads into
 * a new buffer for every chunk; a chunk a deep queue holds for long outlives the young
 * generation and, once read, is garbage only a major collection frees, which V8 starts after
 * some 64 MiB of such garbage: RSS rose by that much. Copied here, the chunk dies young, and a
 * slab whose regions were all read is written again. No view of a slab ever leaves the queue
 * (it copies a region out before it builds frames from it), so reusing one is safe. Free slabs
 * are kept while the backlog lasts (at most what its high-water mark holds); the queue drops the
 * ring once it is empty, so an idle connection keeps none of it. Having lasted the backlog, slabs
 * are old when let go: where the runtime can, their memory is given back at once (free-buffer.ts)
 * rather than at the next major collection.
 */
export class ReceiveRing {
  private current: RingSlab | null = null;
  private readonly free: RingSlab[] = [];
  /** Where the last `store` put its bytes in its slab. */
  at = 0;

  /** Copies `buf[start, end)` into a slab, counted as one reference to it; returns the slab (offset: `at`). */
  store(buf: Buffer, start: number, end: number): RingSlab {
    const n = end - start;
    let slab = this.current;
    if (slab === null || slab.buf.length - slab.used < n) {
      if (slab !== null) {
        this.current = null;
        if (slab.refs === 0) this.recycle(slab);
      }
      slab = n > RING_SLAB_SIZE ? new RingSlab(Buffer.allocUnsafeSlow(n)) : this.take();
      this.current = slab;
    }
    this.at = slab.used;
    buf.copy(slab.buf, slab.used, start, end);
    slab.used += n;
    slab.refs++;
    return slab;
  }

  /** One reference to `slab` is gone (its region was copied out, read, or dropped). */
  release(slab: RingSlab): void {
    if (--slab.refs > 0) return;
    if (slab === this.current) slab.used = 0;
    else this.recycle(slab);
  }

  private take(): RingSlab {
    return this.free.pop() ?? new RingSlab(Buffer.allocUnsafeSlow(RING_SLAB_SIZE));
  }

  /** Gives back every slab's memory: the queue is empty, so no region is referred to. */
  dispose(): void {
    for (const slab of this.free) freeBuffer(slab.buf);
    this.free.length = 0;
    if (this.current !== null) freeBuffer(this.current.buf);
    this.current = null;
  }

  private recycle(slab: RingSlab): void {
    slab.used = 0;
    if (slab.buf.length === RING_SLAB_SIZE) this.free.push(slab);
    else freeBuffer(slab.buf);
  }
}
