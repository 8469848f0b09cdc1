// The receive ring (pipe/receive-ring.ts) and a backlog of received chunks in MessageQueue: a
// chunk that waits in a deep queue is copied into the ring so Node's buffer dies young, and a
// slab is written again only once nothing read from it can still see it.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { BACKLOG_RUNS, MessageQueue } from "../../src/pipe/queue.js";
import { RING_SLAB_SIZE, ReceiveRing } from "../../src/pipe/receive-ring.js";
import { CAN_FREE_BUFFERS } from "../../src/util/free-buffer.js";
import { encoded } from "../support/spans.js";

/** `msgs` as the chunk a stream delivered them in, with each message's [start, end). */
function chunkOf(msgs: Buffer[][]): { chunk: Buffer; spans: [number, number][] } {
  const { buf, spans } = encoded(msgs);
  return { chunk: buf, spans };
}

/** Message `i`: a part carrying `i` and a second part whose length and bytes follow from `i`. */
const msgAt = (i: number): Buffer[] => [Buffer.from(String(i)), Buffer.alloc((i * 37) % 300, i & 0xff)];

test("ring: a slab is written again only once every region in it was released and it is no longer the one filling", () => {
  const ring = new ReceiveRing();
  const src = Buffer.alloc(RING_SLAB_SIZE / 2, 1);
  const first = ring.store(src, 0, src.length);
  assert.equal(ring.at, 0);
  const same = ring.store(src, 0, src.length);
  assert.equal(same, first, "both halves fit one slab");
  assert.equal(ring.at, RING_SLAB_SIZE / 2);
  const second = ring.store(src, 0, 10);
  assert.notEqual(second, first, "a full slab: the next one");
  ring.release(first);
  assert.notEqual(ring.store(src, 0, RING_SLAB_SIZE), first, "one region of the first is still referenced");
  ring.release(first);
  // Fills the third slab's remaining room and moves on: the free first slab is the one taken.
  const reused = ring.store(src, 0, RING_SLAB_SIZE);
  assert.equal(reused, first, "all regions released: reused");
  assert.equal(ring.at, 0, "from its start");
});

test("ring: a region larger than a slab gets a slab of its own that is never reused", () => {
  const ring = new ReceiveRing();
  const big = Buffer.alloc(RING_SLAB_SIZE + 1, 7);
  const own = ring.store(big, 0, big.length);
  assert.equal(own.buf.length, RING_SLAB_SIZE + 1);
  assert.ok(own.buf.equals(big));
  ring.store(big, 0, 1); // another slab is filling now
  ring.release(own);
  const next = ring.store(big, 0, RING_SLAB_SIZE);
  assert.notEqual(next, own);
  assert.equal(next.buf.length, RING_SLAB_SIZE);
});

test("ring: dispose gives back every slab where the runtime can free memory; a large region's slab goes when released", () => {
  const ring = new ReceiveRing();
  const src = Buffer.alloc(RING_SLAB_SIZE, 5);
  const a = ring.store(src, 0, RING_SLAB_SIZE);
  const b = ring.store(src, 0, 100);
  ring.release(a); // a is full and no longer filling: kept for reuse
  ring.release(b); // b is the one filling
  const big = ring.store(Buffer.alloc(RING_SLAB_SIZE + 1), 0, RING_SLAB_SIZE + 1);
  ring.store(src, 0, 1); // another slab fills now
  ring.release(big);
  ring.dispose();
  for (const [name, slab, size] of [
    ["the free slab", a, RING_SLAB_SIZE],
    ["the filling slab", b, RING_SLAB_SIZE],
    ["the large region's slab", big, RING_SLAB_SIZE + 1],
  ] as const)
    assert.equal(
      slab.buf.length,
      CAN_FREE_BUFFERS ? 0 : size,
      `${name} (freeing ${CAN_FREE_BUFFERS ? "available" : "not available"})`,
    );
});

test("a backlog read to the end gives its ring back; the next backlog gets a new one and every message keeps its bytes", () => {
  const q = new MessageQueue();
  for (let round = 0; round < 3; round++) {
    const read: Buffer[][] = [];
    let n = 0;
    for (let c = 0; c < BACKLOG_RUNS + 10; c++) {
      const { chunk, spans } = chunkOf(Array.from({ length: 20 }, () => msgAt(n++)));
      for (const s of spans) q.pushReceived(chunk, ...s);
    }
    while (q.length > 0) read.push(q.shift()!);
    assert.equal(read.length, n);
    read.forEach((m, i) => assert.deepEqual(m, msgAt(i), `round ${round}, message ${i}, after the queue emptied`));
  }
});

test("a backlog's chunks are copied out of the buffers they arrived in; messages read are views of no chunk and never change", () => {
  const q = new MessageQueue();
  const chunks: Buffer[] = [];
  let n = 0;
  const CHUNKS = BACKLOG_RUNS + 40;
  for (let c = 0; c < CHUNKS; c++) {
    const msgs = Array.from({ length: 50 }, () => msgAt(n++));
    const { chunk, spans } = chunkOf(msgs);
    chunks.push(chunk);
    for (const s of spans) q.pushReceived(chunk, ...s);
  }
  assert.equal(q.length, n);
  // Every chunk but the first BACKLOG_RUNS (no backlog yet) and the last (still filling) now lies in the ring:
  // Node may reuse or drop them.
  for (let c = BACKLOG_RUNS; c < CHUNKS - 1; c++) chunks[c]!.fill(0xee);
  const read: Buffer[][] = [];
  for (let i = 0; i < n; i++) {
    const m = q.shift()!;
    assert.deepEqual(m, msgAt(i), `message ${i}`);
    const c = Math.floor(i / 50);
    if (c >= BACKLOG_RUNS && c < CHUNKS - 1) assert.notEqual(m[0]!.buffer, chunks[c]!.buffer);
    read.push(m);
  }
  assert.equal(q.shift(), undefined);
  read.forEach((m, i) => assert.deepEqual(m, msgAt(i), `message ${i} unchanged after the queue emptied`));
});

test("each chunk of a backlog moves into the ring as the next one starts, across messages that spanned chunks, reads, and a growing queue", () => {
  const q = new MessageQueue();
  // A message that spanned two chunks comes as an object between them; here one before each
  // chunk, so the queue also grows while it adds an object (a chunk then waits to be moved).
  // Every fourth round the oldest round is read: the queue's head is not its first slot when it grows.
  let n = 0;
  let runs = 0;
  const rounds: { first: number; chunk: Buffer; moved: boolean }[] = [];
  const readRound = (): void => {
    const r = rounds.shift()!;
    for (let i = r.first; i < r.first + 11; i++) {
      const m = q.shift()!;
      assert.deepEqual(m, msgAt(i));
      if (r.moved && i > r.first)
        assert.notEqual(m[0]!.buffer, r.chunk.buffer, `message ${i} was moved out of its chunk`);
    }
    runs -= 2;
  };
  for (let c = 0; c < 4 * BACKLOG_RUNS; c++) {
    const first = n;
    q.pushObject(msgAt(n++));
    runs++;
    const { chunk, spans } = chunkOf(Array.from({ length: 10 }, (_, k) => msgAt(n + k)));
    // The chunk received before this one moves now if the queue is a backlog.
    const last = rounds[rounds.length - 1];
    if (last !== undefined && runs >= BACKLOG_RUNS) last.moved = true;
    for (const s of spans) q.pushReceived(chunk, ...s);
    runs++;
    n += 10;
    rounds.push({ first, chunk, moved: false });
    if (c % 4 === 3) readRound();
  }
  assert.ok(rounds.filter((r) => r.moved).length > BACKLOG_RUNS, "the test built a backlog");
  while (rounds.length > 0) readRound();
  assert.equal(q.length, 0);
});

test("the last chunk read before its run was taken is not moved later: what follows is queued as it should be", () => {
  const q = new MessageQueue();
  const a = chunkOf([msgAt(1), msgAt(2)]);
  for (const s of a.spans) q.pushReceived(a.chunk, ...s);
  for (let i = 3; i < 3 + BACKLOG_RUNS; i++) q.pushObject(msgAt(i));
  assert.deepEqual(q.shift(), msgAt(1));
  assert.deepEqual(q.shift(), msgAt(2));
  // The chunk's run is gone; a backlog of objects remains, and a new chunk arrives.
  const b = chunkOf([msgAt(3 + BACKLOG_RUNS)]);
  q.pushReceived(b.chunk, ...b.spans[0]!);
  for (let i = 3; i <= 3 + BACKLOG_RUNS; i++) assert.deepEqual(q.shift(), msgAt(i));
  assert.equal(q.length, 0);
});

test("slabs are reused across many backlogs while every message read keeps its bytes", () => {
  const q = new MessageQueue();
  const read: Buffer[][] = [];
  let sent = 0;
  // About 6 MiB through the queue, never more than ~1 MiB queued: slabs must be recycled.
  while (sent < 40_000) {
    for (let c = 0; c < 12; c++) {
      const { chunk, spans } = chunkOf(Array.from({ length: 64 }, () => msgAt(sent++)));
      for (const s of spans) q.pushReceived(chunk, ...s);
    }
    // A backlog stays: BACKLOG_RUNS + 8 chunks of 64 messages remain queued after each round.
    for (let k = q.length - (BACKLOG_RUNS + 8) * 64; k > 0; k--) read.push(q.shift()!);
  }
  while (q.length > 0) read.push(q.shift()!);
  assert.equal(read.length, sent);
  read.forEach((m, i) => assert.deepEqual(m, msgAt(i), `message ${i}`));
});

/** Operations on a queue, checked against an array of the messages it should hold. */
type Op =
  | { op: "chunk"; sizes: number[]; times: number }
  | { op: "object" }
  | { op: "shift"; n: number }
  | { op: "peek" }
  | { op: "run"; max: number }
  | { op: "clear" };

const ops = fc.array(
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant("chunk" as const),
        sizes: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 30 }),
        // Enough bytes over a run for slabs to fill and be reused.
        times: fc.integer({ min: 1, max: 2 * BACKLOG_RUNS }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("object" as const) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant("shift" as const), n: fc.integer({ min: 1, max: 3000 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("peek" as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("run" as const), max: fc.integer({ min: 1, max: 5000 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
  ),
  { maxLength: 120 },
);

test("property: with chunks moving into the ring, the queue is a FIFO, and nothing read is ever overwritten", () => {
  fc.assert(
    fc.property(ops, (script: Op[]) => {
      const q = new MessageQueue();
      const model: Buffer[][] = [];
      const kept: { got: Buffer[] | Buffer; want: Buffer[] | Buffer }[] = [];
      let serial = 0;
      const make = (size: number): Buffer[] => {
        const i = serial++;
        return size % 3 === 0 ? [Buffer.from(String(i)), Buffer.alloc(size, i & 0xff)] : [Buffer.alloc(size, i & 0xff)];
      };
      for (const step of script) {
        switch (step.op) {
          case "chunk":
            for (let t = 0; t < step.times; t++) {
              const msgs = step.sizes.map(make);
              const { chunk, spans } = chunkOf(msgs);
              for (const s of spans) q.pushReceived(chunk, ...s);
              model.push(...msgs);
            }
            break;
          case "object": {
            const m = make(5);
            q.pushObject(m);
            model.push(m);
            break;
          }
          case "shift":
            for (let k = 0; k < step.n && model.length > 0; k++) {
              const want = model.shift()!;
              const got = q.shift()!;
              assert.deepEqual(got, want);
              kept.push({ got, want });
            }
            break;
          case "peek":
            assert.deepEqual(q.peek(), model[0]);
            if (model.length > 0) kept.push({ got: q.peek()!, want: model[0]! });
            break;
          case "run": {
            const run = q.takeRun(step.max);
            if (run === null) break;
            const taken = model.splice(0, q.runCount);
            const { chunk } = chunkOf(taken);
            assert.ok(run.equals(chunk), "a run is the messages' wire bytes");
            kept.push({ got: run, want: chunk });
            break;
          }
          case "clear":
            q.clear();
            model.length = 0;
            break;
        }
        assert.equal(q.length, model.length);
      }
      for (const { got, want } of kept) assert.deepEqual(got, want, "still as read");
    }),
    { numRuns: 150 },
  );
});
