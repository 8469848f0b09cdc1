import { view } from "../wire/frames.js";

/**
 * Copies cut one after another from shared slabs, so a copy costs a copy rather than an
 * allocation (`Buffer.allocUnsafe`'s checks and pool bookkeeping cost more than copying 64 bytes).
 * A slab lives as long as any copy cut from it (a message the application holds), so a slab's
 * size is what one kept copy may pin.
 */
export class CopySlab {
  private slab = Buffer.alloc(0);
  private used = 0;

  /** @param size bytes per slab; a longer copy gets a slab of its own size */
  constructor(private readonly size: number) {}

  /** `bytes`, copied into memory of their own. */
  copyOf(bytes: Uint8Array): Buffer {
    const n = bytes.length;
    // An empty copy (an envelope's delimiter) gets a buffer of its own, as from allocUnsafe(0): a
    // view would keep the slab alive for no bytes.
    if (n === 0) return Buffer.alloc(0);
    if (this.used + n > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(this.size, n));
      this.used = 0;
    }
    this.slab.set(bytes, this.used);
    const copy = view(this.slab, this.used, n);
    // Copies start 8-byte aligned, as Node's pool aligns its slices.
    this.used = (this.used + n + 7) & ~7;
    return copy;
  }
}
