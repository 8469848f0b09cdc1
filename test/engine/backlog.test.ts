// A receiver that falls far behind over a real stream: its queue holds chunks as they arrived,
// then (a backlog) as copies in its receive ring (pipe/receive-ring.ts). Every message must come
// out whole and in order, whatever its size, multipart or not, and whichever chunks it spanned.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Pull, Push } from "../../src/index.js";
import { withBag, type Transport } from "../support/sockets.js";

const COUNT = 120_000;

/** Message `i`: its number, and for some a second and third part, of sizes that cross chunk ends at every offset. */
function messageAt(i: number): Buffer[] {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(i);
  const body = Buffer.alloc((i * 7919) % 301, i & 0xff);
  return i % 5 === 0 ? [head, body, Buffer.from("tail")] : [head, body];
}

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: ${COUNT} messages through a receiver holding a backlog come out whole, in order, and stay so`, async (t) => {
    await withBag(t, async (bag) => {
      // A fifth of them fit the receiver's queue: it stays a backlog as the reader drains it and
      // the engine reads more, so ring slabs are freed and written again throughout.
      const pull = bag.make(Pull, { receiveHighWaterMark: COUNT / 5 });
      const push = bag.make(Push, { sendHighWaterMark: COUNT });
      push.connect(await bag.bind(pull, transport));
      // Every send resolves once queued; the receiver's engine reads meanwhile, nobody takes what it queues.
      for (let i = 0; i < COUNT; i++) await push.send(messageAt(i));
      const same = (got: Buffer[], want: Buffer[]): boolean =>
        got.length === want.length && got.every((p, k) => p.equals(want[k]!));
      // Some are kept to the end: what was read must never change as the ring is written again.
      const kept: [number, Buffer[]][] = [];
      for (let i = 0; i < COUNT; i++) {
        const got = await pull.receive();
        if (!same(got, messageAt(i))) assert.deepEqual(got, messageAt(i), `message ${i}`);
        if (i % 97 === 0) kept.push([i, got]);
      }
      for (const [i, got] of kept)
        if (!same(got, messageAt(i))) assert.deepEqual(got, messageAt(i), `message ${i} kept`);
    });
  });
}
