/**
 * Output buffers lent for one write and taken back once the stream has written them, for bodies
 * an engine makes itself (CURVE seals each frame into one). A fresh buffer per frame costs a page
 * fault per 4 KiB on its first write: a CURVE sender of 64 KiB messages spent a fifth of its CPU
 * there, and as much again on allocation and collection. Only buffers from `borrowBuffer` come
 * back, each once, from a write callback: a buffer is never in the pool and in use at once.
 *
 * Bounded: at most MAX_POOLED_BYTES kept in all, bodies over MAX_POOLED_BUFFER never kept, and the
 * lot dropped once IDLE_MS pass without a borrow, so a process that sent a burst keeps no memory.
 */

/** Bodies larger than this are allocated and left to the garbage collector, as before. */
export const MAX_POOLED_BUFFER = 1 << 20;
/** Bytes the pool holds at most: four flushes' worth (an engine writes at most 1 MiB per flush), for a few busy connections. */
export const MAX_POOLED_BYTES = 4 << 20;
/** A pool not borrowed from for this long is emptied. */
export const IDLE_MS = 1000;
/** Capacities are whole pages, so bodies of nearby sizes share buffers. */
const PAGE = 4096;

const pool: ArrayBuffer[] = [];
let pooledBytes = 0;
let borrowedSinceCheck = false;
let idleTimer: NodeJS.Timeout | null = null;

/** `size` bytes (uninitialised) to write a body into; give it back with `giveBack` once written. */
export function borrowBuffer(size: number): Buffer {
  borrowedSinceCheck = true;
  if (size <= MAX_POOLED_BUFFER) {
    // Newest first: it is the likeliest still in the cache. A capacity up to twice the size is taken.
    for (let i = pool.length - 1; i >= 0; i--) {
      const ab = pool[i]!;
      if (ab.byteLength >= size && ab.byteLength <= 2 * size) {
        pool[i] = pool[pool.length - 1]!;
        pool.pop();
        pooledBytes -= ab.byteLength;
        return Buffer.from(ab, 0, size);
      }
    }
    const capacity = Math.ceil(size / PAGE) * PAGE;
    return Buffer.from(Buffer.allocUnsafeSlow(capacity).buffer, 0, size);
  }
  return Buffer.allocUnsafeSlow(size);
}

/** Takes back buffers `borrowBuffer` lent, once nothing refers to them any more (their write is done). */
export function giveBack(bufs: readonly Buffer[]): void {
  for (const b of bufs) {
    const ab = b.buffer;
    if (b.byteOffset !== 0 || ab.byteLength > MAX_POOLED_BUFFER || !(ab instanceof ArrayBuffer)) continue;
    if (pooledBytes + ab.byteLength > MAX_POOLED_BYTES) break;
    pool.push(ab);
    pooledBytes += ab.byteLength;
  }
  if (idleTimer === null && pool.length > 0) armIdleCheck();
}

/** Drops every buffer held (tests; a process that wants the memory back before IDLE_MS pass). */
export function emptyPool(): void {
  pool.length = 0;
  pooledBytes = 0;
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = null;
}

/** Bytes held now (for tests and diagnostics). */
export function pooledByteCount(): number {
  return pooledBytes;
}

function armIdleCheck(): void {
  borrowedSinceCheck = false;
  idleTimer = setTimeout(idleCheck, IDLE_MS);
  idleTimer.unref();
}

function idleCheck(): void {
  idleTimer = null;
  if (!borrowedSinceCheck) emptyPool();
  else if (pool.length > 0) armIdleCheck();
}
