// Messages written as wire-form spans (src/wire/frames.ts) into one buffer, as a stream's chunk
// or a queue's slab would hold them: for the queue tests.
import { spanSize, writeSpan } from "../../src/wire/frames.js";

/** `msgs` as data frames back to back in one new buffer, with each message's [start, end). */
export function encoded(msgs: Buffer[][]): { buf: Buffer; spans: [number, number][] } {
  const buf = Buffer.alloc(msgs.reduce((n, m) => n + spanSize(m, 0, Infinity), 0));
  const spans: [number, number][] = [];
  let at = 0;
  for (const m of msgs) {
    const end = writeSpan(buf, at, m, 0);
    spans.push([at, end]);
    at = end;
  }
  return { buf, spans };
}
