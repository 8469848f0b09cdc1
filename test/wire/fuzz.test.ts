import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { test } from "node:test";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
import { encodeGreeting } from "../../src/wire/greeting.js";
import { Dealer } from "../../src/index.js";
import { watch } from "../../src/monitor.js";

/** A sink that counts and never throws. */
function sink(): DecoderSink & { frames: number; errors: number } {
  return {
    frames: 0,
    errors: 0,
    onGreeting() {},
    onLegacy() {},
    onCommand() {
      this.frames++;
    },
    onMessage() {
      this.frames++;
      return true;
    },
    onDecodeError() {
      this.errors++;
    },
  };
}

/** Deterministic pseudo-random numbers so a failure can be replayed. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

test("decoder: 2000 random streams after a valid greeting, randomly fragmented, never throw", () => {
  const rand = rng(0x5eed);
  const greeting = encodeGreeting("NULL");
  for (let i = 0; i < 2000; i++) {
    const s = sink();
    const d = new ZmtpDecoder(s);
    d.maxMessageSize = rand() < 0.5 ? -1 : Math.floor(rand() * 4096);
    const body = randomBytes(Math.floor(rand() * 600));
    // Bias towards plausible headers: flags 0..7 and small sizes, so frames actually parse.
    for (let j = 0; j < body.length; j += 1 + Math.floor(rand() * 40)) body[j] = Math.floor(rand() * 8);
    const stream = Buffer.concat([greeting, body]);
    let pos = 0;
    while (pos < stream.length) {
      const n = 1 + Math.floor(rand() * 97);
      assert.doesNotThrow(() => d.feed(stream.subarray(pos, pos + n)));
      pos += n;
    }
  }
});

test(
  "a live socket survives peers sending random bytes after a valid greeting, and keeps serving",
  { timeout: 30000 },
  async () => {
    const server = new Dealer({ linger: 0, maxMessageSize: 1 << 16 });
    const w = watch(server);
    let disconnects = 0;
    void (async () => {
      for await (const ev of w) if (ev.type === "DISCONNECTED") disconnects++;
    })();
    try {
      await server.bind("tcp://127.0.0.1:*");
      const port = Number(server.lastEndpoint!.split(":").at(-1));
      const rand = rng(42);
      const peers = 40;
      await Promise.all(
        Array.from({ length: peers }, async () => {
          const raw = connect(port, "127.0.0.1");
          raw.on("error", () => {});
          await new Promise<void>((r) => raw.once("connect", () => r()));
          const junk = randomBytes(64 + Math.floor(rand() * 2000));
          raw.write(Buffer.concat([encodeGreeting("NULL"), junk]));
          await new Promise<void>((r) => {
            raw.once("close", () => r());
            setTimeout(() => {
              raw.destroy();
              r();
            }, 500).unref();
          });
        }),
      );
      // A well-behaved peer still gets through.
      const good = new Dealer({ linger: 0 });
      good.connect(server.lastEndpoint!);
      await good.send("still serving");
      assert.deepEqual((await server.receive()).map(String), ["still serving"]);
      good.close();
      assert.ok(disconnects > 0, "garbage peers were dropped");
    } finally {
      server.close();
    }
  },
);
