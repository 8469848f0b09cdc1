// Property-based tests (fast-check) of the wire layer and the mechanisms' parsers: round trips
// between what we send and what we read, the maxMessageSize rule, and "never throws" on any bytes.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { plainHelloBody, parsePlainHello } from "../../src/mechanism/plain.js";
import { validateZapReply } from "../../src/mechanism/zap.js";
import { cancelBody, parseCommand, pingBody, subscribeBody } from "../../src/wire/commands.js";
import { ZmtpDecoder, type DecodeError } from "../../src/wire/decoder.js";
import { FrameEncoder } from "../../src/wire/encoder.js";
import { decodeGreeting, encodeGreeting } from "../../src/wire/greeting.js";
import { encodeMetadata, parseMetadata } from "../../src/wire/metadata.js";
import { PartsBuilder } from "../../src/wire/parts.js";
import { z85Decode, z85Encode } from "../../src/wire/z85.js";

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));
/** Part sizes around the short/long frame switch and the encoder's copy limit. */
const part = fc.oneof(
  bytes(40),
  bytes(300),
  fc.integer({ min: 4090, max: 4200 }).map((n) => Buffer.alloc(n, n & 0xff)),
);
const message = fc.array(part, { minLength: 1, maxLength: 12 });

/** Decodes a stream fed in the given chunk sizes (cycled). */
function decode(stream: Buffer, chunks: number[], max = -1): { messages: Buffer[][]; errors: DecodeError[] } {
  const messages: Buffer[][] = [];
  const errors: DecodeError[] = [];
  const d = new ZmtpDecoder(
    {
      onGreeting() {},
      onLegacy() {},
      onCommand() {},
      onMessage: (parts) => messages.push(parts.map((p) => Buffer.from(p))) > 0,
      onDecodeError: (e) => void errors.push(e),
    },
    false,
  );
  d.maxMessageSize = max;
  for (let p = 0, i = 0; p < stream.length; i++) {
    const n = chunks[i % chunks.length]!;
    d.feed(stream.subarray(p, p + n));
    p += n;
  }
  return { messages, errors };
}

function encode(messages: Buffer[][]): Buffer {
  const e = new FrameEncoder();
  for (const m of messages) e.message(m);
  return Buffer.concat(e.take());
}

const chunking = fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 8 });

describe("wire properties", () => {
  test("what the encoder writes, the decoder reads back, however the stream is cut", () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 5 }), chunking, (msgs, chunks) => {
        assert.deepEqual(decode(encode(msgs), chunks).messages, msgs);
      }),
    );
  });

  test("maxMessageSize: a message passes iff each frame fits and, multipart, its parts (empty as 1) add up within it", () => {
    fc.assert(
      fc.property(message, fc.integer({ min: 0, max: 6000 }), chunking, (msg, max, chunks) => {
        const r = decode(encode([msg]), chunks, max);
        const frameFits = msg.every((p) => p.length <= max);
        const total = msg.reduce((n, p) => n + Math.max(1, p.length), 0);
        const fits = frameFits && (msg.length === 1 || total <= max);
        if (fits) assert.deepEqual(r, { messages: [msg], errors: [] });
        else assert.deepEqual(r, { messages: [], errors: ["EMSGSIZE"] });
      }),
    );
  });

  test("the decoder never throws and ends at most once, on any bytes after any greeting", () => {
    fc.assert(
      fc.property(bytes(64), bytes(2000), chunking, fc.integer({ min: -1, max: 500 }), (g, body, chunks, max) => {
        const events: string[] = [];
        const d = new ZmtpDecoder({
          onGreeting: () => void events.push("greeting"),
          onLegacy: () => void events.push("end"),
          onCommand: () => void events.push("frame"),
          onMessage: () => events.push("frame") > 0,
          onDecodeError: () => void events.push("end"),
        });
        d.maxMessageSize = max;
        const stream = Buffer.concat([g, body]);
        for (let p = 0, i = 0; p < stream.length; i++) {
          d.feed(stream.subarray(p, p + chunks[i % chunks.length]!));
          p += chunks[i % chunks.length]!;
        }
        const ends = events.filter((e) => e === "end").length;
        assert.ok(ends <= 1);
        if (ends === 1) assert.equal(events.at(-1), "end");
      }),
    );
  });

  test("PartsBuilder returns exactly the parts it was given", () => {
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 40 }), (parts) => {
        const b = new PartsBuilder();
        for (const p of parts.slice(0, -1)) assert.ok(b.push(p));
        assert.deepEqual(b.take(parts.at(-1)!), parts);
      }),
    );
  });

  test("greeting: our greeting for any mechanism name reads back as that name", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{0,20}$/), (name) => {
        const r = decodeGreeting(encodeGreeting(name));
        assert.ok(r.kind === "ok" && r.greeting.mechanism === name && r.greeting.minor === 1);
      }),
    );
  });

  test("commands: SUBSCRIBE, CANCEL and PING read back; no bytes make parseCommand throw", () => {
    fc.assert(
      fc.property(bytes(300), fc.integer({ min: 0, max: 0xffff }), bytes(16), (topic, ttl, ctx) => {
        assert.deepEqual(parseCommand(subscribeBody(topic)), { kind: "SUBSCRIBE", topic });
        assert.deepEqual(parseCommand(cancelBody(topic)), { kind: "CANCEL", topic });
        assert.deepEqual(parseCommand(pingBody(ttl, ctx)), { kind: "PING", ttl, context: ctx });
        assert.doesNotThrow(() => parseCommand(topic));
      }),
    );
  });

  test("metadata: properties read back in order; lengths that overrun the body are refused", () => {
    const prop = fc.tuple(
      fc.uint8Array({ minLength: 1, maxLength: 30 }).map((a) => Buffer.from(a).toString("latin1")),
      bytes(300),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(prop, { selector: ([n]) => n, maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        (props, cut) => {
          const wire = encodeMetadata(props);
          assert.deepEqual(parseMetadata(wire, 0), new Map(props));
          if (wire.length > 0) assert.equal(parseMetadata(wire.subarray(0, wire.length - cut), 0), null);
        },
      ),
    );
  });

  test("PLAIN HELLO reads back any username and password up to 255 bytes", () => {
    fc.assert(
      fc.property(bytes(255), bytes(255), (u, p) => {
        const body = plainHelloBody(u, p);
        assert.deepEqual(parsePlainHello(body.subarray(6)), { username: u, password: p });
      }),
    );
  });

  test("ZAP replies: any frames give an outcome, never an exception; a well-formed reply is accepted", () => {
    fc.assert(
      fc.property(
        fc.array(bytes(20), { maxLength: 9 }),
        fc.constantFrom("200", "300", "400", "500"),
        (frames, status) => {
          assert.doesNotThrow(() => validateZapReply(frames));
          if (frames.length !== 7) assert.equal(validateZapReply(frames).kind, "protocol");
          const ok = validateZapReply([
            Buffer.alloc(0),
            Buffer.from("1.0"),
            Buffer.from("1"),
            Buffer.from(status),
            Buffer.from("x"),
            Buffer.from("u"),
            Buffer.alloc(0),
          ]);
          assert.equal(ok.kind === "reply" && ok.status, Number(status));
        },
      ),
    );
  });

  test("Z85 reads back any bytes of a length divisible by 4", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 16 }), (words) => {
        const b = Buffer.alloc(words.length * 4);
        words.forEach((w, i) => b.writeUInt32BE(w, i * 4));
        assert.deepEqual(z85Decode(z85Encode(b)), b);
      }),
    );
  });
});
