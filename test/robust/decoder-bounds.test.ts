// What a hostile stream can make the decoder hold, from bytes alone: frames before the
// handshake are never assembled into messages (issue 11 item 1), a never-ending multipart
// message costs less per frame than libzmq's 64-byte msg_t (item 5), and a command handler can
// pause the decoder (item 2).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ZmtpDecoder, type DecodeError, type DecoderSink } from "../../src/wire/decoder.js";
import { PartsBuilder } from "../../src/wire/parts.js";
import { heldBytes } from "../support/memory.js";

class Counter implements DecoderSink {
  commands = 0;
  messages: Buffer[][] = [];
  errors: DecodeError[] = [];
  commandResult: boolean | void = undefined;
  onGreeting(): void {}
  onLegacy(): void {}
  onCommand(): boolean | void {
    this.commands++;
    return this.commandResult;
  }
  onMessage(parts: Buffer[]): boolean {
    this.messages.push(parts);
    return true;
  }
  onDecodeError(e: DecodeError): void {
    this.errors.push(e);
  }
}

/** `count` one-byte frames with MORE set, in chunks of 10 000 frames. */
function* moreFrames(count: number): Generator<Buffer> {
  const chunk = Buffer.alloc(3 * 10000);
  for (let i = 0; i < 10000; i++) chunk.set([0x01, 0x01, 0x61], 3 * i);
  for (let n = 0; n < count; n += 10000) yield Buffer.from(chunk);
}

describe("decoder bounds", () => {
  test("while handshaking every frame goes to onCommand alone, MORE or not; nothing is assembled", () => {
    const c = new Counter();
    const d = new ZmtpDecoder(c, false);
    d.handshaking = true;
    for (const chunk of moreFrames(100000)) d.feed(chunk);
    assert.equal(c.commands, 100000);
    assert.equal(c.messages.length, 0);
    // Once the engine clears the flag, messages assemble again.
    d.handshaking = false;
    d.feed(Buffer.from([0x01, 0x01, 0x61, 0x00, 0x01, 0x62]));
    assert.deepEqual(
      c.messages.map((m) => m.map(String)),
      [["a", "b"]],
    );
  });

  test("onCommand returning false pauses the decoder until resume()", () => {
    const c = new Counter();
    const d = new ZmtpDecoder(c, false);
    c.commandResult = false;
    const ping = Buffer.from([0x04, 0x07, 0x04, 0x50, 0x49, 0x4e, 0x47, 0x00, 0x00]);
    d.feed(Buffer.concat([ping, ping, ping]));
    assert.equal(c.commands, 1);
    assert.equal(d.isPaused, true);
    c.commandResult = true;
    d.resume();
    assert.equal(c.commands, 3);
  });

  test("a never-ending multipart message costs at most libzmq's 64 bytes per one-byte frame", () => {
    const c = new Counter();
    const d = new ZmtpDecoder(c, false);
    const frames = 1_000_000;
    const before = heldBytes();
    for (const chunk of moreFrames(frames)) d.feed(chunk);
    const perFrame = (heldBytes() - before) / frames;
    assert.equal(c.messages.length, 0);
    assert.ok(perFrame <= 64, `${perFrame.toFixed(1)} bytes per queued frame`);
    // And the message is intact when it finally ends.
    d.feed(Buffer.from([0x00, 0x01, 0x7a]));
    const m = c.messages[0]!;
    assert.equal(m.length, frames + 1);
    assert.equal(m[frames - 1]!.toString(), "a");
    assert.equal(m[frames]!.toString(), "z");
  });

  test("with maxMessageSize a never-ending message is refused once its parts add up past the limit", () => {
    const c = new Counter();
    const d = new ZmtpDecoder(c, false);
    d.maxMessageSize = 50000;
    let fed = 0;
    for (const chunk of moreFrames(100000)) {
      d.feed(chunk);
      fed += 10000;
      if (d.dead) break;
    }
    assert.deepEqual(c.errors, ["EMSGSIZE"]);
    assert.equal(fed, 60000, "refused within the chunk that crossed the limit");
  });

  test("PartsBuilder gives back exactly the parts it was given, short and long, across the inline switch", () => {
    const b = new PartsBuilder();
    const parts: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      const size = i % 7 === 0 ? 256 + i : i % 5 === 0 ? 0 : i % 50;
      parts.push(Buffer.alloc(size, i & 0xff));
    }
    for (const p of parts.slice(0, -1)) assert.equal(b.push(p), true);
    const out = b.take(parts.at(-1)!);
    assert.deepEqual(out, parts);
    assert.equal(b.length, 0);
    assert.equal(b.bytes, 0);
    // A second message from the same builder does not alias the first one's bytes.
    for (let i = 0; i < 20; i++) b.push(Buffer.alloc(3, 0xee));
    b.take(Buffer.alloc(0));
    assert.deepEqual(out, parts);
  });
});
