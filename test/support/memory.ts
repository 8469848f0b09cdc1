import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// Exposes V8's gc() in this process without a command-line flag, so a plain `node --test` run
// can measure memory: the flag is read when a new context is created.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

/** Bytes held by JS objects and Buffers after a full collection. */
export function heldBytes(): number {
  collect();
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Resident set size after a full collection. */
export function rssAfterGc(): number {
  collect();
  collect();
  return process.memoryUsage().rss;
}
