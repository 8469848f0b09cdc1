// Watches every Buffer allocation while a fuzz target runs: a peer must never make us allocate
// more than what it actually sent allows (a size it merely claims must never reach an allocator).

import { BODY_ALLOCATION_FRACTION } from "../../src/wire/decoder.js";

type AllocFn = (size: number, ...rest: never[]) => Buffer;

let largest = 0;
let installed = false;
let paused = false;

function note(size: number): void {
  if (!paused && size > largest) largest = size;
}

/** Runs `fn` without recording: our own sending side (the encoder's slab) is not peer-driven. */
export function unguarded<T>(fn: () => T): T {
  paused = true;
  try {
    return fn();
  } finally {
    paused = false;
  }
}

/** Wraps Buffer.alloc / allocUnsafe / allocUnsafeSlow / concat once per process. */
export function installAllocGuard(): void {
  if (installed) return;
  installed = true;
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow"] as const) {
    const original = (Buffer[name] as unknown as AllocFn).bind(Buffer);
    (Buffer as unknown as Record<string, AllocFn>)[name] = function (size: number, ...rest: never[]) {
      note(size);
      return original(size, ...rest);
    };
  }
  const concat = Buffer.concat.bind(Buffer);
  (Buffer as unknown as Record<string, unknown>).concat = function (list: readonly Uint8Array[], totalLength?: number) {
    note(totalLength ?? list.reduce((n, b) => n + b.length, 0));
    return concat(list, totalLength);
  };
}

/** Runs `fn` with a fresh record of the largest allocation; returns it. */
export function largestAllocation(fn: () => void): number {
  largest = 0;
  fn();
  return largest;
}

/**
 * The allocation limit a target's input allows: proportional to its bytes, never to a claimed
 * length. A body spanning chunks gets its buffer once 1/BODY_ALLOCATION_FRACTION of it arrived
 * (1/FREED_BODY_ALLOCATION_FRACTION where read chunks are freed), so that many times the input is
 * what a peer can make us allocate.
 */
export function allowedAllocation(inputLength: number, fraction = BODY_ALLOCATION_FRACTION): number {
  return fraction * inputLength + 4096;
}
