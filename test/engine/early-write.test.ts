// When a stream engine writes (engine/stream-io.ts `pipeReadable`): the first message on an idle
// connection goes out as soon as the code that sent it is done, so a round trip waits for no
// loop phase; the rest of that turn's messages, and a stream's, share the turn's flush.
import assert from "node:assert/strict";
import * as net from "node:net";
import { test } from "node:test";
import { Pull, Push } from "../../src/index.js";
import { withBag, type Transport } from "../support/sockets.js";
import { nextTurn as checkPhase } from "../support/waits.js";
import { writingStreams } from "../support/write-spy.js";

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: an idle connection's first message is written at once, the rest of its turn with the turn's flush`, async (t) => {
    await withBag(t, async (bag) => {
      const pull = bag.make(Pull);
      const push = bag.make(Push);
      push.connect(await bag.bind(pull, transport));
      await push.send("warm");
      assert.deepEqual(await pull.receive(), [Buffer.from("warm")]);
      // A turn whose flush had nothing to write: the connection is idle.
      await checkPhase();
      await checkPhase();

      // Only the PUSH writes from here on (no heartbeats; a PULL sends nothing after its handshake).
      const write = t.mock.method(net.Socket.prototype, "write");
      let turnEnded = false;
      setImmediate(() => (turnEnded = true));
      await push.send("a");
      assert.equal(write.mock.callCount(), 1, "the first message is written before the send resolves");
      assert.equal(turnEnded, false, "and before the check phase");
      const more = [push.send("b"), push.send("c")];
      await Promise.all(more);
      assert.equal(write.mock.callCount(), 1, "the rest of the turn waits for its flush");
      await checkPhase();
      const streamed = write.mock.callCount();
      assert.ok(streamed > 1, "the turn's flush wrote them");

      // The last turn's flush wrote: a stream's next message waits for its turn's flush too.
      await push.send("d");
      assert.equal(write.mock.callCount(), streamed, "a message right after a busy turn is batched");
      await checkPhase();
      assert.equal(write.mock.callCount(), streamed + 1);

      // Idle again once a turn's flush finds nothing to write.
      await checkPhase();
      await push.send("e");
      assert.equal(write.mock.callCount(), streamed + 2, "written at once again");

      for (const body of ["a", "b", "c", "d", "e"]) assert.deepEqual(await pull.receive(), [Buffer.from(body)]);
    });
  });
}

test("a message sent while the stream is backed up waits for 'drain', and arrives after what is ahead of it", async (t) => {
  await withBag(t, async (bag) => {
    // A receiver that holds one message at most: what it has not read backs up in the sender's stream.
    const pull = bag.make(Pull, { receiveHighWaterMark: 1 });
    const push = bag.make(Push);
    push.connect(await bag.bind(pull, "tcp"));
    await push.send("warm");
    assert.deepEqual(await pull.receive(), [Buffer.from("warm")]);
    await checkPhase();
    await checkPhase();

    const { streams, write } = writingStreams(t);
    // Big messages, one at a time, until one stays in the sender's stream (the kernel's buffers
    // are full). The pipe is empty then: each was handed to the stream whole.
    const big = Buffer.alloc(16 << 20, 7);
    let sent = 0;
    let stream: net.Socket | undefined;
    while (sent < 6) {
      await push.send(big);
      sent++;
      await checkPhase();
      await checkPhase();
      [stream] = streams;
      if (stream !== undefined && stream.writableLength > 0) break;
    }
    assert.ok(stream !== undefined && streams.length === 1, "only the PUSH writes");
    assert.ok(stream.writableLength > 0, "the sender's stream holds bytes");
    // A turn passes with nothing new to write.
    await checkPhase();
    await checkPhase();

    const before = write.mock.callCount();
    await push.send("small");
    assert.equal(write.mock.callCount(), before, "not written at once: the stream is not idle");
    await checkPhase();
    assert.equal(write.mock.callCount(), before, "nor by the turn's flush: the stream waits for 'drain'");

    for (let i = 0; i < sent; i++) assert.ok((await pull.receive())[0]!.equals(big), `big message ${i}`);
    assert.deepEqual(await pull.receive(), [Buffer.from("small")]);
  });
});

test("while another connection waits for the turn's flush, an idle one's message waits with it", async (t) => {
  await withBag(t, async (bag) => {
    // A fan-out to many idle peers keeps gathering messages into fewer writes instead of one write each.
    const pulls = [bag.make(Pull), bag.make(Pull)];
    const pushes = [bag.make(Push), bag.make(Push)];
    for (let i = 0; i < 2; i++) {
      pushes[i]!.connect(await bag.bind(pulls[i]!, "tcp"));
      await pushes[i]!.send("warm");
      assert.deepEqual(await pulls[i]!.receive(), [Buffer.from("warm")]);
    }
    await checkPhase();
    await checkPhase();

    const write = t.mock.method(net.Socket.prototype, "write");
    await pushes[0]!.send("a");
    assert.equal(write.mock.callCount(), 1, "the first goes at once (nothing waits yet)");
    await pushes[1]!.send("b");
    assert.equal(write.mock.callCount(), 1, "the second waits: the first's turn flush is pending");
    await checkPhase();
    assert.equal(write.mock.callCount(), 2, "the turn's flush wrote it");
    assert.deepEqual(await pulls[0]!.receive(), [Buffer.from("a")]);
    assert.deepEqual(await pulls[1]!.receive(), [Buffer.from("b")]);
  });
});
