import type { FairQueue } from "./fair-queue.js";

/**
 * The next single-frame message of a fair queue (its pipe is the queue's `lastPipe`). The draft
 * types SERVER, CLIENT, PEER, GATHER and CHANNEL drop a multipart message from a peer whole and
 * go on with the next, as libzmq does.
 */
export function singleFrame(fq: FairQueue): Buffer[] | undefined {
  let msg: Buffer[] | undefined;
  while ((msg = fq.recv()) !== undefined) if (msg.length === 1) return msg;
  return undefined;
}
