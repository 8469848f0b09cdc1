// Through CURVE, a flush seals and writes its batch in parts of at most 64 KiB (engine.ts
// TRANSFORM_PART), and goes on to the next part while the stream hands each one whole to the
// kernel: the peer reads the first part while the next is sealed. Without parts, one flush
// sealed up to 1 MiB before writing anything, and a unix socket's ~200 KiB buffer ran dry meanwhile.
import assert from "node:assert/strict";
import * as net from "node:net";
import { test } from "node:test";
import { Pull, Push, curveKeyPair } from "../../src/index.js";
import { withBag, type Transport } from "../support/sockets.js";
import { nextTurn as checkPhase } from "../support/waits.js";

const PART = 64 * 1024;
const COUNT = 400;
const SIZE = 1024;
/** A sealed 1 KiB frame on the wire: MESSAGE (33 bytes + body) with a 9-byte long-frame header. */
const SEALED = 9 + 33 + SIZE;

type Method = (this: net.Socket, ...args: unknown[]) => unknown;

for (const transport of ["tcp", "ipc"] as Transport[]) {
  test(`${transport}: CURVE output is written in parts of at most 64 KiB, several per flush while the kernel takes them`, async (t) => {
    await withBag(t, async (bag) => {
      const server = curveKeyPair();
      const client = curveKeyPair();
      const pull = bag.make(Pull, { curveServer: true, curveSecretKey: server.secretKey });
      const push = bag.make(Push, {
        curveServerKey: server.publicKey,
        curvePublicKey: client.publicKey,
        curveSecretKey: client.secretKey,
      });
      push.connect(await bag.bind(pull, transport));
      await push.send("warm");
      assert.deepEqual(await pull.receive(), [Buffer.from("warm")]);
      await checkPhase();
      await checkPhase();

      // Only the PUSH writes from here on. A part is what one cork..uncork holds, or one lone write.
      const parts: number[] = [];
      let corked: number | null = null;
      const proto = net.Socket.prototype as unknown as Record<"cork" | "uncork" | "write", Method>;
      const { cork, uncork, write } = proto;
      t.mock.method(proto, "cork", function (this: net.Socket, ...args: unknown[]) {
        corked = 0;
        return cork.apply(this, args);
      });
      t.mock.method(proto, "write", function (this: net.Socket, ...args: unknown[]) {
        const n = (args[0] as Buffer).length;
        if (corked === null) parts.push(n);
        else corked += n;
        return write.apply(this, args);
      });
      t.mock.method(proto, "uncork", function (this: net.Socket, ...args: unknown[]) {
        if (corked !== null) parts.push(corked);
        corked = null;
        return uncork.apply(this, args);
      });

      const body = (i: number) => Buffer.alloc(SIZE, i & 0xff);
      for (let i = 0; i < COUNT; i++) await push.send(body(i));
      // The first message went out at once (the connection was idle); the rest waits for the turn's flush.
      assert.deepEqual(parts, [SEALED]);
      await checkPhase();
      const flushed = parts.slice(1);
      assert.ok(
        flushed.every((n) => n <= PART + SEALED),
        `no part over 64 KiB and a frame: ${flushed.join(" ")}`,
      );
      assert.ok(flushed.length >= 2, `one flush wrote several parts: ${flushed.join(" ")}`);

      for (let i = 0; i < COUNT; i++) assert.deepEqual(await pull.receive(), [body(i)], `message ${i}`);
      assert.equal(
        parts.reduce((a, b) => a + b, 0),
        COUNT * SEALED,
        "every message written once",
      );
    });
  });
}
