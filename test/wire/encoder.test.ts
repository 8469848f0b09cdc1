// FrameEncoder exact bytes and round trips through the decoder; greeting, metadata, Z85 (commands: commands.test.ts).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { FrameEncoder } from "../../src/wire/encoder.js";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
import { encodeGreeting, mechanismField, ownGreeting } from "../../src/wire/greeting.js";
import { parseCommand, pingBody, readyBody } from "../../src/wire/commands.js";
import { encodeMetadata, parseMetadata } from "../../src/wire/metadata.js";
import { z85Decode, z85Encode } from "../../src/wire/z85.js";

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ""), "hex");
}
const ascii = (s: string) => Buffer.from(s, "latin1");

function encoded(fill: (e: FrameEncoder) => void): Buffer {
  const e = new FrameEncoder();
  fill(e);
  return Buffer.concat(e.take());
}

/** Decodes a frame stream (no greeting), copying everything out. */
function decodeAll(buf: Buffer): { messages: Buffer[][]; commands: Buffer[] } {
  const messages: Buffer[][] = [];
  const commands: Buffer[] = [];
  const sink: DecoderSink = {
    onGreeting: () => assert.fail("no greeting expected"),
    onLegacy: () => assert.fail("no legacy expected"),
    onDecodeError: (e) => assert.fail(`decode error ${e}`),
    onCommand: (b) => void commands.push(Buffer.from(b)),
    onMessage: (parts) => {
      messages.push(parts.map((p) => Buffer.from(p)));
      return true;
    },
  };
  new ZmtpDecoder(sink, false).feed(buf);
  return { messages, commands };
}

/** Non-trivial content of a given size. */
function pattern(size: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 131 + seed) & 0xff;
  return b;
}

describe("encoder: framing", () => {
  test("short frame exact bytes: 00 05 hello", () => {
    assert.deepEqual(
      encoded((e) => e.message([ascii("hello")])),
      hex("00 05 68656c6c6f"),
    );
  });

  test("empty frame: 00 00", () => {
    assert.deepEqual(
      encoded((e) => e.message([Buffer.alloc(0)])),
      hex("00 00"),
    );
  });

  test("255 bytes is still short, 256 is long with a 64-bit BE size", () => {
    const b255 = encoded((e) => e.message([pattern(255)]));
    assert.deepEqual(b255.subarray(0, 2), hex("00 ff"));
    assert.equal(b255.length, 257);
    const b256 = encoded((e) => e.message([pattern(256)]));
    assert.deepEqual(b256.subarray(0, 9), hex("02 00 00 00 00 00 00 01 00"));
    assert.equal(b256.length, 265);
    assert.deepEqual(b256.subarray(9), pattern(256));
  });

  test("long frame header for 70000 bytes", () => {
    const b = encoded((e) => e.message([pattern(70000)]));
    assert.deepEqual(b.subarray(0, 9), hex("02 00 00 00 00 00 01 11 70"));
    assert.equal(b.length, 70009);
  });

  test("MORE on every part but the last", () => {
    const b = encoded((e) => e.message([ascii("a"), ascii(""), pattern(300), ascii("z")]));
    const expected = Buffer.concat([
      hex("01 01 61"),
      hex("01 00"),
      hex("03 00 00 00 00 00 00 01 2c"),
      pattern(300),
      hex("00 01 7a"),
    ]);
    assert.deepEqual(b, expected);
  });

  test("a single-part message has no MORE; a command frame has flag 04 (06 when long)", () => {
    assert.deepEqual(
      encoded((e) => e.command(ascii("\x04PONG"))),
      hex("04 05 04504f4e47"),
    );
    const big = Buffer.concat([ascii("\x05READY"), pattern(400)]);
    const b = encoded((e) => e.command(big));
    assert.deepEqual(b.subarray(0, 9), hex("06 00 00 00 00 00 00 01 96"));
    assert.deepEqual(b.subarray(9), big);
  });

  for (const size of [0, 1, 255, 256, 4096, 4097, 70000]) {
    test(`round trip encoder -> decoder, ${size} bytes`, () => {
      const body = pattern(size, size);
      const { messages } = decodeAll(encoded((e) => e.message([body])));
      assert.equal(messages.length, 1);
      assert.equal(messages[0]!.length, 1);
      assert.ok(messages[0]![0]!.equals(body));
    });
  }

  test("round trip of multipart messages mixing every size, commands and many frames", () => {
    const sizes = [0, 1, 255, 256, 4096, 4097, 70000];
    const msgs = [
      sizes.map((s) => pattern(s, s + 3)),
      [ascii("x")],
      sizes
        .slice()
        .reverse()
        .map((s) => pattern(s, s)),
    ];
    const buf = encoded((e) => {
      e.message(msgs[0]!);
      e.command(pingBody(5, ascii("ctx")));
      e.message(msgs[1]!);
      e.message(msgs[2]!);
    });
    const { messages, commands } = decodeAll(buf);
    assert.equal(messages.length, 3);
    for (let i = 0; i < 3; i++) {
      assert.equal(messages[i]!.length, msgs[i]!.length);
      messages[i]!.forEach((p, j) => assert.ok(p.equals(msgs[i]![j]!), `msg ${i} part ${j}`));
    }
    assert.equal(commands.length, 1);
    assert.deepEqual(parseCommand(commands[0]!), { kind: "PING", ttl: 5, context: ascii("ctx") });
  });

  test("many small messages spanning several slabs stay in order", () => {
    const e = new FrameEncoder();
    const sent: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      const m = pattern(1000 + (i % 7), i);
      sent.push(m);
      e.message([m]);
    }
    assert.equal(
      e.pending,
      sent.reduce((n, m) => n + m.length + (m.length > 255 ? 9 : 2), 0),
    );
    const { messages } = decodeAll(Buffer.concat(e.take()));
    assert.equal(e.pending, 0);
    assert.equal(messages.length, 500);
    messages.forEach((m, i) => assert.ok(m[0]!.equals(sent[i]!), `message ${i}`));
  });

  test("chunks handed out by take() are never overwritten by later frames", () => {
    const e = new FrameEncoder();
    e.message([ascii("first")]);
    const first = e.take();
    const snapshot = Buffer.concat(first);
    for (let i = 0; i < 200; i++) e.message([pattern(1000, i)]);
    e.take();
    assert.deepEqual(Buffer.concat(first), snapshot);
  });

  test("slot(): large bodies come from the allocator given, and takeAllocated() names them once per take", () => {
    const made: Buffer[] = [];
    const e = new FrameEncoder((size) => {
      const b = Buffer.alloc(size);
      made.push(b);
      return b;
    });
    e.slot(100, 0).fill(1); // small: in the slab, not allocated
    e.slot(5000, 0).fill(2);
    e.message([pattern(6000, 3)]); // a large frame by reference: the sender's own buffer
    e.slot(7000, 0).fill(4);
    assert.equal(e.takeAllocated(), null, "nothing taken yet");
    const chunks = e.take();
    assert.equal(made.length, 2);
    assert.deepEqual(e.takeAllocated(), made);
    assert.ok(
      made.every((b) => chunks.includes(b)),
      "written as they are, not copied",
    );
    assert.equal(e.takeAllocated(), null, "asked once");
    e.slot(5000, 0);
    e.take();
    e.take(); // a take() whose bodies were not asked for forgets them
    assert.equal(e.takeAllocated(), null);
  });

  test("raw() keeps order with frames (greeting first)", () => {
    const g = encodeGreeting("NULL");
    const b = encoded((e) => {
      e.raw(g);
      e.command(readyBody([["Socket-Type", "PAIR"]]));
      e.message([ascii("m")]);
    });
    assert.deepEqual(b.subarray(0, 64), g);
    assert.equal(b[64], 0x04);
  });
});

describe("greeting encoding", () => {
  test("our greeting is libzmq's: FF 00*7 01 7F 03 01 mechanism, as-server 0, zero filler", () => {
    const g = encodeGreeting("NULL");
    assert.deepEqual(
      g,
      Buffer.concat([hex("ff 00000000000000 01 7f 03 01"), ascii("NULL"), Buffer.alloc(16), Buffer.alloc(32)]),
    );
    assert.deepEqual(mechanismField("PLAIN"), Buffer.concat([ascii("PLAIN"), Buffer.alloc(15)]));
  });

  test("the shared greeting of each mechanism: signature and major version (11 bytes), then the rest", () => {
    for (const name of ["NULL", "PLAIN", "CURVE", "NULL"]) {
      const g = ownGreeting(name);
      assert.equal(g.first.length, 11);
      assert.deepEqual(Buffer.concat([g.first, g.rest]), encodeGreeting(name));
      assert.deepEqual(g.field, mechanismField(name));
    }
  });
});

describe("metadata", () => {
  test("encode exact bytes and parse back", () => {
    const m = encodeMetadata([
      ["Socket-Type", "ROUTER"],
      ["X-Bin", Buffer.from([0, 1, 2])],
      ["E", ""],
    ]);
    assert.deepEqual(
      m,
      Buffer.concat([
        hex("0b"),
        ascii("Socket-Type"),
        hex("00000006"),
        ascii("ROUTER"),
        hex("05"),
        ascii("X-Bin"),
        hex("00000003 000102"),
        hex("01"),
        ascii("E"),
        hex("00000000"),
      ]),
    );
    const p = parseMetadata(m, 0)!;
    assert.ok(p);
    assert.deepEqual([...p.keys()], ["Socket-Type", "X-Bin", "E"]);
    assert.deepEqual(p.get("Socket-Type"), ascii("ROUTER"));
    assert.deepEqual(p.get("X-Bin"), Buffer.from([0, 1, 2]));
    assert.deepEqual(p.get("E"), Buffer.alloc(0));
  });

  test("parses from an offset (READY body) and empty metadata is an empty map", () => {
    const body = readyBody([["Socket-Type", "PAIR"]]);
    assert.deepEqual(parseMetadata(body, 6)?.get("Socket-Type"), ascii("PAIR"));
    assert.equal(parseMetadata(ascii("\x05READY"), 6)?.size, 0);
  });

  test("names are case-sensitive and kept as sent; empty names accepted", () => {
    const p = parseMetadata(
      encodeMetadata([
        ["socket-type", "X"],
        ["", "v"],
      ]),
      0,
    )!;
    assert.equal(p.has("Socket-Type"), false);
    assert.deepEqual(p.get("socket-type"), ascii("X"));
    assert.deepEqual(p.get(""), ascii("v"));
  });

  test("truncated input is null", () => {
    const m = encodeMetadata([
      ["Socket-Type", "DEALER"],
      ["Identity", "abc"],
    ]);
    for (let cut = 1; cut < m.length; cut++) {
      // Cuts that land exactly on a property boundary are valid (fewer properties).
      const boundary = cut === 1 + 11 + 4 + 6;
      const r = parseMetadata(m.subarray(0, cut), 0);
      if (boundary) assert.equal(r?.size, 1);
      else assert.equal(r, null, `cut at ${cut}`);
    }
    // A value length larger than what follows.
    assert.equal(parseMetadata(Buffer.concat([hex("01"), ascii("A"), hex("ffffffff"), ascii("x")]), 0), null);
  });

  test("duplicate names keep the first; the callback sees every occurrence", () => {
    const m = encodeMetadata([
      ["Socket-Type", "DEALER"],
      ["X", "1"],
      ["Socket-Type", "ROUTER"],
      ["X", "2"],
    ]);
    const seen: string[] = [];
    const p = parseMetadata(m, 0, (name, value) => {
      seen.push(`${name}=${value.toString()}`);
      return true;
    })!;
    assert.deepEqual(p.get("Socket-Type"), ascii("DEALER"));
    assert.deepEqual(p.get("X"), ascii("1"));
    assert.equal(p.size, 2);
    assert.deepEqual(seen, ["Socket-Type=DEALER", "X=1", "Socket-Type=ROUTER", "X=2"]);
    // A rejecting callback makes the whole parse fail (e.g. an incompatible second Socket-Type).
    assert.equal(
      parseMetadata(m, 0, (n, v) => n !== "Socket-Type" || v.toString() === "DEALER"),
      null,
    );
  });
});

describe("Z85", () => {
  const VEC = hex("86 4F D2 6F B5 59 F7 5B");

  test("RFC 32 test vector", () => {
    assert.equal(z85Encode(VEC), "HelloWorld");
    assert.deepEqual(z85Decode("HelloWorld"), VEC);
  });

  test("round trip of edge values", () => {
    for (const b of [Buffer.alloc(4), Buffer.alloc(4, 0xff), pattern(32), Buffer.alloc(0)]) {
      const s = z85Encode(b);
      assert.equal(s.length, (b.length / 4) * 5);
      if (b.length) assert.deepEqual(z85Decode(s), b);
    }
    assert.equal(z85Encode(Buffer.alloc(4, 0xff)), "%nSc0");
    assert.equal(z85Encode(Buffer.alloc(4)), "00000");
  });

  test("invalid input", () => {
    assert.throws(() => z85Encode(Buffer.alloc(3)), RangeError);
    assert.equal(z85Decode(""), null);
    assert.equal(z85Decode("Hell"), null);
    assert.equal(z85Decode("HelloWorl"), null);
    assert.equal(z85Decode("Hello Worl"), null); // space is not in the alphabet
    assert.equal(z85Decode('Hello"orld'), null);
    assert.equal(z85Decode("Hell\u00e9World"), null);
    assert.equal(z85Decode("Hell\u0000"), null);
    // A group whose value exceeds 0xFFFFFFFF ("%nSc0" is the maximum; "%nSc1" is one above).
    assert.equal(z85Decode("%nSc1"), null);
    assert.equal(z85Decode("#####"), null);
  });
});
