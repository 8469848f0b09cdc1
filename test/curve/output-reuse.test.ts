// A CURVE sender seals each large frame into a buffer it borrows (src/util/buffer-pool.ts) and takes
// back once the stream has written it. Connection A's receiver reads nothing, so A's last write
// stays pending in its stream; then connection B, in the same process, seals frames of the same
// size. Had A's pending buffers been given back early, B would seal into one of them and A's peer
// would get altered bytes, fail the MAC and drop the connection. Every frame of A and of B must
// arrive intact, at a zmtp and at a libzmq receiver.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pooledByteCount } from "../../src/util/buffer-pool.js";
import { turnsUntil } from "../support/waits.js";
import { writingStreams } from "../support/write-spy.js";
import {
  Recorder,
  clientOptions,
  endpointFor,
  keysFor,
  lib,
  serverOptions,
  type ImplName,
  type Sock,
} from "./peers.js";

const SIZE = 65_536;
/** Far more than a unix socket's buffer holds (about 200 KiB): A's stream backs up. */
const COUNT_A = 48;
const COUNT_B = 8;

/** Frame `seq`: its number, then a filler made from it. */
function frame(seq: number): Buffer {
  const b = Buffer.allocUnsafe(SIZE);
  b.writeUInt32LE(seq, 0);
  for (let j = 4; j < SIZE; j++) b[j] = (seq * 31 + j * 7) & 0xff;
  return b;
}

for (const receiver of ["zmtp", "libzmq"] as ImplName[]) {
  test(
    `CURVE: a sealed buffer whose write is pending is not lent to another connection (${receiver} receiver)`,
    { timeout: 60_000 },
    async (t) => {
      const keysA = keysFor(receiver, "zmtp");
      const keysB = keysFor("zmtp", "zmtp");
      const pullA = new lib[receiver].Pull({ ...serverOptions(keysA), receiveHighWaterMark: 1 }) as unknown as Sock;
      const pullB = new lib.zmtp.Pull({ ...serverOptions(keysB), receiveHighWaterMark: 1 }) as unknown as Sock;
      const pushA = new lib.zmtp.Push({ ...clientOptions(keysA), sendHighWaterMark: 1000 }) as unknown as Sock;
      const pushB = new lib.zmtp.Push({ ...clientOptions(keysB), sendHighWaterMark: 1000 }) as unknown as Sock;
      const recorders = [new Recorder(pushA), new Recorder(pushB)];
      try {
        await pullA.bind(endpointFor("ipc"));
        await pullB.bind(endpointFor("ipc"));
        pushA.connect(pullA.lastEndpoint!);
        pushB.connect(pullB.lastEndpoint!);
        await Promise.all(recorders.map((r) => r.next("handshake")));

        // The streams written from here on: A's first, then B's.
        const { streams } = writingStreams(t);

        for (let seq = 0; seq < COUNT_A; seq++) await pushA.send(frame(seq));
        await turnsUntil(() => streams.length > 0 && streams[0]!.writableLength > 0);
        const streamA = streams[0]!;
        // B seals its frames into pooled buffers while A's last ones wait in A's stream.
        for (let seq = COUNT_A; seq < COUNT_A + COUNT_B; seq++) await pushB.send(frame(seq));
        await turnsUntil(() => streams.length > 1);
        assert.ok(streamA.writableLength > 0, "A's write is still pending");
        assert.ok(pooledByteCount() > 0, "A's finished writes gave their buffers back, for B to borrow");

        const lost = Promise.race(recorders.map((r) => r.next("disconnect"))).then((e) => {
          throw new Error(`a connection dropped (${e.type}): a frame arrived altered`);
        });
        const drain = async (pull: Sock, from: number, to: number): Promise<void> => {
          for (let seq = from; seq < to; seq++) {
            const [got] = await pull.receive();
            assert.ok(got!.equals(frame(seq)), `frame ${seq} arrived altered`);
          }
        };
        await Promise.race([Promise.all([drain(pullA, 0, COUNT_A), drain(pullB, COUNT_A, COUNT_A + COUNT_B)]), lost]);
      } finally {
        for (const s of [pushA, pushB, pullA, pullB]) s.close();
      }
    },
  );
}
