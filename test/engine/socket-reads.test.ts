// How a connection's bytes reach its engine (engine/socket-reads.ts): on Node, every read lands
// in one shared buffer through net.Socket's `onread`, and is copied out unless the engine takes
// it at once (a large body's own buffer). What a read left behind must never change when later
// reads reuse that buffer; reads before an engine exists wait for it; an accepted socket is
// rewrapped so that its reads come the same way. The same messages pass with 'data' events
// (ZMTP_STREAM_READS=1, what Bun, Deno and a SOCKS proxy's stream use), in a child process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { once } from "node:events";
import * as net from "node:net";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  READS_BY_ONREAD,
  adoptAccepted,
  newReader,
  readerOf,
  registerReader,
  type ReadTarget,
} from "../../src/engine/socket-reads.js";
import { Pull, Push } from "../../src/index.js";
import { withBag, type Transport } from "../support/sockets.js";
import { nextTurn, turnsUntil } from "../support/waits.js";

/** Message i: (i * 37) % 3000 + 1 bytes, byte j being (i + j) & 0xff; message 3000 is 1 MiB. */
function message(i: number): Buffer {
  const size = i === 3000 ? 1 << 20 : ((i * 37) % 3000) + 1;
  const b = Buffer.allocUnsafe(size);
  for (let j = 0; j < size; j++) b[j] = (i + j) & 0xff;
  return b;
}
const COUNT = 3500;

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: every message kept from many reads (and a 1 MiB one among them) is intact at the end (${READS_BY_ONREAD ? "onread" : "'data' events"})`, async (t) => {
    await withBag(t, async (bag) => {
      const pull = bag.make(Pull);
      const push = bag.make(Push);
      push.connect(await bag.bind(pull, transport));
      const sending = (async () => {
        for (let i = 0; i < COUNT; i++) await push.send(message(i));
      })();
      const kept: Buffer[] = [];
      for (let i = 0; i < COUNT; i++) {
        const [m] = await pull.receive();
        kept.push(m!);
      }
      await sending;
      // Checked only now: every later read had the chance to overwrite what an earlier one left.
      for (let i = 0; i < COUNT; i++) assert.ok(kept[i]!.equals(message(i)), `message ${i} intact`);
    });
  });
}

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: large bodies ending mid-read while the receiver's queue is full: the rest of each read waits, nothing is lost (${READS_BY_ONREAD ? "onread" : "'data' events"})`, async (t) => {
    await withBag(t, async (bag) => {
      // Room for one message: the one a read completes stalls the connection with the read's rest unparsed.
      const pull = bag.make(Pull, { receiveHighWaterMark: 1 });
      const push = bag.make(Push);
      push.connect(await bag.bind(pull, transport));
      const body = (i: number): Buffer => {
        const b = Buffer.allocUnsafe(i % 3 === 0 ? 300_000 + i : 10 + i);
        for (let j = 0; j < b.length; j++) b[j] = (i * 7 + j) & 0xff;
        return b;
      };
      const STALLED_COUNT = 60;
      const sending = (async () => {
        for (let i = 0; i < STALLED_COUNT; i++) await push.send(body(i));
      })();
      const kept: Buffer[] = [];
      for (let i = 0; i < STALLED_COUNT; i++) {
        // One message a turn: the sender runs ahead, so reads hold a body's end and what follows it.
        await nextTurn();
        const [m] = await pull.receive();
        kept.push(m!);
      }
      await sending;
      for (let i = 0; i < STALLED_COUNT; i++) assert.ok(kept[i]!.equals(body(i)), `message ${i} intact`);
    });
  });
}

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: a receiver that fell behind (its queue full over many reads, the connection stalled) keeps every message intact (${READS_BY_ONREAD ? "onread" : "'data' events"})`, async (t) => {
    await withBag(t, async (bag) => {
      // Some 60 reads' worth fill the queue: a backlog, whose last read moves into the ring as the connection stalls.
      const pull = bag.make(Pull, { receiveHighWaterMark: 20_000 });
      const push = bag.make(Push, { sendHighWaterMark: 1000 });
      push.connect(await bag.bind(pull, transport));
      const small = (i: number): Buffer => {
        const b = Buffer.allocUnsafe(100 + (i % 150));
        for (let j = 0; j < b.length; j++) b[j] = (i * 13 + j) & 0xff;
        return b;
      };
      const TOTAL = 100_000;
      let sent = 0;
      const sending = (async () => {
        for (; sent < TOTAL; sent++) await push.send(small(sent));
      })();
      // Read nothing until the sender is held back: the receiver's queue is full and its connection stalled.
      let last = -1;
      let still = 0;
      await turnsUntil(() => {
        still = sent === last ? still + 1 : 0;
        last = sent;
        return still >= 20;
      });
      assert.ok(sent < TOTAL, "the sender was held back");
      const kept: Buffer[] = [];
      for (let i = 0; i < TOTAL; i++) {
        const [m] = await pull.receive();
        kept.push(m!);
      }
      await sending;
      for (let i = 0; i < TOTAL; i++) assert.ok(kept[i]!.equals(small(i)), `message ${i} intact`);
    });
  });
}

/** A plain net server on a free port, closed after the test. */
async function listening(t: { after(fn: () => void): void }): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => server.close());
  return { server, port: (server.address() as net.AddressInfo).port };
}

if (READS_BY_ONREAD) {
  test("reads that arrive before an engine takes the socket wait, copied, and reach it first and in order", async (t) => {
    const { server, port } = await listening(t);
    server.once("connection", (c) => {
      c.write("first ");
      c.end("second");
    });
    const reader = newReader()!;
    const s = registerReader(net.connect({ port, host: "127.0.0.1", onread: reader.onread }), reader);
    t.after(() => s.destroy());
    assert.equal(readerOf(s), reader);
    // bytesRead counts what Node read into the shared buffer: all of it is in, nobody took it yet.
    await turnsUntil(() => s.bytesRead === 12);
    const got: Buffer[] = [];
    const target: ReadTarget = { transientRoom: () => 0, onRead: (c) => got.push(c) };
    reader.attach(target);
    assert.equal(Buffer.concat(got).toString(), "first second");
    // Later reads by other sockets land in the same shared buffer: these copies are the target's own.
    assert.ok(got.every((c) => c.buffer.byteLength >= c.length));
    reader.detach();
  });

  test("the part of a read within the target's transient room is a view of the shared buffer; the rest is a copy that stays", async (t) => {
    const { server, port } = await listening(t);
    const peer = once(server, "connection").then(([c]) => c as net.Socket);
    const reader = newReader()!;
    const s = registerReader(net.connect({ port, host: "127.0.0.1", onread: reader.onread }), reader);
    t.after(() => s.destroy());
    const c = await peer;
    let room = 0;
    const got: Array<{ chunk: Buffer; text: string }> = [];
    reader.attach({ transientRoom: () => room, onRead: (chunk) => got.push({ chunk, text: chunk.toString() }) });
    s.resume();
    c.write("kept");
    await turnsUntil(() => got.length === 1);
    room = 1000;
    c.write("passing");
    await turnsUntil(() => got.length === 2);
    c.write("overwrites");
    await turnsUntil(() => got.length === 3);
    // Room for part of a read: that part as a view, the rest as a copy, in two calls.
    room = 3;
    c.write("abcdefgh");
    await turnsUntil(() => got.length === 5);
    assert.deepEqual(
      got.map((g) => g.text),
      ["kept", "passing", "overwrites", "abc", "defgh"],
    );
    assert.equal(got[0]!.chunk.toString(), "kept", "a copy keeps its bytes");
    assert.equal(got[1]!.chunk.buffer, got[2]!.chunk.buffer, "transient reads share one buffer");
    assert.equal(got[1]!.chunk.toString(), "abcdefg", "and each later read overwrote the view");
    assert.equal(got[3]!.chunk.buffer, got[1]!.chunk.buffer, "the part within the room is a view too");
    assert.notEqual(got[4]!.chunk.buffer, got[1]!.chunk.buffer, "the rest is a copy");
    assert.equal(got[4]!.chunk.toString(), "defgh");
    assert.notEqual(got[0]!.chunk.buffer, got[1]!.chunk.buffer);
    reader.detach();
  });

  test("an accepted socket reads by onread in place, off the server's count once: closing the server waits for none", async (t) => {
    const server = net.createServer();
    // Closed by the test once only the adopted connection is left; this covers a test that failed before.
    t.after(() => server.listening && server.close());
    let accepted: net.Socket | undefined;
    const adopted = once(server, "connection").then(([c]) => adoptAccepted((accepted = c as net.Socket)));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const client = net.connect({ port: (server.address() as net.AddressInfo).port, host: "127.0.0.1" });
    t.after(() => client.destroy());
    const s = await adopted;
    t.after(() => s.destroy());
    const reader = readerOf(s);
    assert.ok(reader !== undefined, "the socket has a reader");
    assert.equal(s, accepted, "Node's own socket, not a new one");
    const connections = (): Promise<number> =>
      new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
    assert.equal(await connections(), 0);
    // A second connection, left as Node made it, counts; the adopted one going away does not uncount it.
    const second = once(server, "connection").then(([c]) => c as net.Socket);
    const other = net.connect({ port: (server.address() as net.AddressInfo).port, host: "127.0.0.1" });
    t.after(() => other.destroy());
    t.after(async () => (await second).destroy());
    await second;
    assert.equal(await connections(), 1);
    const gone = net.connect({ port: (server.address() as net.AddressInfo).port, host: "127.0.0.1" });
    const third = adoptAccepted(((await once(server, "connection")) as [net.Socket])[0]);
    third.destroy();
    gone.destroy();
    await once(third, "close");
    assert.equal(await connections(), 1, "counted once, uncounted once");
    (await second).destroy();
    s.on("data", () => assert.fail("reads come by onread, never as 'data' events"));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // The connection outlives its server, both ways.
    const got: string[] = [];
    reader.attach({ transientRoom: () => 0, onRead: (c) => got.push(c.toString()) });
    s.resume();
    client.write("ping");
    await turnsUntil(() => got.join("") === "ping");
    s.write("pong");
    const [reply] = (await once(client, "data")) as [Buffer];
    assert.equal(reply.toString(), "pong");
    reader.detach();
  });

  test("the same messages pass with 'data' events (ZMTP_STREAM_READS=1), in a child process", () => {
    const file = fileURLToPath(import.meta.url);
    // Without NODE_TEST_CONTEXT: inside a test file, Node's runner would skip the file as a recursive run.
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const r = spawnSync(process.execPath, ["--test", "--test-reporter=tap", file], {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...env, ZMTP_STREAM_READS: "1" },
    });
    const detail = `${r.stdout.slice(-3000)}\n${r.stderr}`;
    assert.equal(r.status, 0, detail);
    assert.match(r.stdout, /^ok \d+ - tcp: .*'data' events\)$/m, detail);
    assert.match(r.stdout, /^ok \d+ - ipc: .*'data' events\)$/m, detail);
    assert.match(r.stdout, /^# fail 0$/m, detail);
  });
}
