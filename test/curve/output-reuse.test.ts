// A CURVE sender seals each large frame into a buffer it borrows (src/util/buffer-pool.ts) and takes
// back once the stream has written it. Two connections of one PUSH share the pool while both are
// backed up (receivers that stall at a receive high-water mark of 1): a buffer lent again before its
// write finished would reach the peer overwritten, fail its MAC and drop the connection. Every one of
// 400 distinct messages must arrive intact, at a zmtp and at a libzmq receiver.
import assert from "node:assert/strict";
import { test } from "node:test";
import { pooledByteCount } from "../../src/util/buffer-pool.js";
import { Recorder, clientOptions, keysFor, lib, serverOptions, type Sock } from "./peers.js";

const COUNT = 400;

/** Message `seq`: its number, then a filler made from it; 40 000 to 70 000 bytes, so capacities are shared. */
function message(seq: number): Buffer {
  const b = Buffer.allocUnsafe(40_000 + ((seq * 7919) % 30_000));
  b.writeUInt32LE(seq, 0);
  for (let j = 4; j < b.length; j++) b[j] = (seq * 31 + j * 7) & 0xff;
  return b;
}

function intact(b: Buffer): number {
  const seq = b.readUInt32LE(0);
  assert.ok(message(seq).equals(b), `message ${seq} arrived altered`);
  return seq;
}

test(
  "CURVE: large frames sealed into reused buffers arrive intact over two backed-up connections",
  { timeout: 60_000 },
  async () => {
    const keys = keysFor("zmtp", "zmtp");
    const keysLibzmq = { server: lib.libzmq.curveKeyPair(), client: keys.client };
    const pullOurs = new lib.zmtp.Pull({ ...serverOptions(keys), receiveHighWaterMark: 1 }) as unknown as Sock;
    const pullLibzmq = new lib.libzmq.Pull({
      ...serverOptions(keysLibzmq),
      receiveHighWaterMark: 1,
    }) as unknown as Sock;
    const pushes = [
      new lib.zmtp.Push({ ...clientOptions(keys), sendHighWaterMark: COUNT }) as unknown as Sock,
      new lib.zmtp.Push({ ...clientOptions(keysLibzmq), sendHighWaterMark: COUNT }) as unknown as Sock,
    ];
    const recorders = pushes.map((p) => new Recorder(p));
    try {
      await pullOurs.bind("tcp://127.0.0.1:*");
      await pullLibzmq.bind("tcp://127.0.0.1:*");
      pushes[0]!.connect(pullOurs.lastEndpoint!);
      pushes[1]!.connect(pullLibzmq.lastEndpoint!);
      await Promise.all(recorders.map((r) => r.next("handshake")));
      // Both queues filled at once: 200 messages (about 11 MB) each, more than the kernel buffers hold.
      for (let seq = 0; seq < COUNT; seq++) await pushes[seq % 2]!.send(message(seq));
      const lost = Promise.race(recorders.map((r) => r.next("disconnect"))).then((e) => {
        throw new Error(`a connection dropped (${e.type}): a frame arrived altered`);
      });
      const drain = async (pull: Sock, first: number): Promise<void> => {
        for (let expected = first; expected < COUNT; expected += 2) {
          const [frame] = await pull.receive();
          assert.equal(intact(frame!), expected);
        }
      };
      await Promise.race([Promise.all([drain(pullOurs, 0), drain(pullLibzmq, 1)]), lost]);
      assert.ok(pooledByteCount() > 0, "the written buffers came back to the pool");
    } finally {
      for (const s of [...pushes, pullOurs, pullLibzmq]) s.close();
    }
  },
);
