// ZmtpDecoder from bytes alone: greeting parsing in every fragmentation, legacy detection,
// framing, size limits and back-pressure.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { ZmtpDecoder, type DecodeError, type DecoderSink } from "../../src/wire/decoder.js";
import { readSpan } from "../../src/wire/frames.js";
import type { PeerGreeting } from "../../src/wire/greeting.js";

type Ev =
  | { t: "greeting"; major: number; minor: number; mechanism: string; mechanismHex: string }
  | { t: "legacy"; revision: number }
  | { t: "command"; hex: string }
  | { t: "message"; hex: string[] }
  | { t: "error"; error: DecodeError };

/** Records everything the decoder reports, copying bodies (they may be slices of input). */
class Recorder implements DecoderSink {
  events: Ev[] = [];
  /** When set, onMessage returns this (false pauses the decoder). */
  accept: () => boolean = () => true;
  onGreeting(g: PeerGreeting): void {
    this.events.push({
      t: "greeting",
      major: g.major,
      minor: g.minor,
      mechanism: g.mechanism,
      mechanismHex: g.mechanismBytes.toString("hex"),
    });
  }
  onLegacy(revision: number): void {
    this.events.push({ t: "legacy", revision });
  }
  onCommand(body: Buffer): void {
    this.events.push({ t: "command", hex: body.toString("hex") });
  }
  onMessage(parts: Buffer[]): boolean {
    this.events.push({ t: "message", hex: parts.map((p) => p.toString("hex")) });
    return this.accept();
  }
  onDecodeError(error: DecodeError): void {
    this.events.push({ t: "error", error });
  }
}

/** libzmq's greeting: FF, padding (routing-id length + 1 as u64 BE), 7F, 3, 1, "NULL", as-server 0, filler. */
function libzmqGreeting(mechanism = "NULL", major = 3, minor = 1): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = major;
  g[11] = minor;
  g.write(mechanism, 12, "latin1");
  return g;
}

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ""), "hex");
}

function shortFrame(flags: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([flags, body.length]), body]);
}

function longFrame(flags: number, body: Buffer): Buffer {
  const h = Buffer.alloc(9);
  h[0] = flags | 0x02;
  h.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([h, body]);
}

function decode(chunks: Buffer[], opts: { greeting?: boolean; max?: number } = {}): Ev[] {
  const r = new Recorder();
  const d = new ZmtpDecoder(r, opts.greeting ?? true);
  if (opts.max !== undefined) d.maxMessageSize = opts.max;
  for (const c of chunks) d.feed(c);
  return r.events;
}

function bytewise(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i++) out.push(buf.subarray(i, i + 1));
  return out;
}

const NULL_GREETING_EV: Ev = {
  t: "greeting",
  major: 3,
  minor: 1,
  mechanism: "NULL",
  mechanismHex: Buffer.concat([Buffer.from("NULL"), Buffer.alloc(16)]).toString("hex"),
};

describe("decoder: greeting", () => {
  test("the libzmq greeting is exactly the documented 64 bytes", () => {
    const g = libzmqGreeting();
    assert.equal(g.length, 64);
    assert.deepEqual(
      g,
      Buffer.concat([
        hex("ff 00000000000000 01 7f 03 01"),
        Buffer.from("NULL"),
        Buffer.alloc(16),
        Buffer.alloc(1),
        Buffer.alloc(31),
      ]),
    );
  });

  test("whole greeting", () => {
    assert.deepEqual(decode([libzmqGreeting()]), [NULL_GREETING_EV]);
  });

  test("split into two chunks at every position", () => {
    const g = libzmqGreeting();
    for (let i = 1; i < g.length; i++) {
      assert.deepEqual(decode([g.subarray(0, i), g.subarray(i)]), [NULL_GREETING_EV], `split at ${i}`);
    }
  });

  test("byte by byte, reported only after the 64th byte", () => {
    const g = libzmqGreeting();
    const r = new Recorder();
    const d = new ZmtpDecoder(r);
    for (let i = 0; i < 64; i++) {
      assert.equal(r.events.length, 0, `nothing before byte ${i}`);
      d.feed(g.subarray(i, i + 1));
    }
    assert.deepEqual(r.events, [NULL_GREETING_EV]);
  });

  test("libzmq's staged 10 / 1 / 53 bytes", () => {
    const g = libzmqGreeting();
    assert.deepEqual(decode([g.subarray(0, 10), g.subarray(10, 11), g.subarray(11)]), [NULL_GREETING_EV]);
  });

  test("greeting and following frames in one chunk, and a zero-length chunk is harmless", () => {
    const ready = Buffer.concat([Buffer.from([5]), Buffer.from("READY")]);
    const buf = Buffer.concat([libzmqGreeting(), shortFrame(0x04, ready), shortFrame(0x00, Buffer.from("hi"))]);
    const ev = decode([Buffer.alloc(0), buf, Buffer.alloc(0)]);
    assert.deepEqual(ev, [
      NULL_GREETING_EV,
      { t: "command", hex: ready.toString("hex") },
      { t: "message", hex: [Buffer.from("hi").toString("hex")] },
    ]);
  });

  test("padding, as-server and filler are not validated", () => {
    const g = libzmqGreeting();
    for (let i = 1; i <= 8; i++) g[i] = 0xa0 + i; // padding
    g[32] = 1; // as-server
    for (let i = 33; i < 64; i++) g[i] = 0xee; // filler
    assert.deepEqual(decode([g]), [NULL_GREETING_EV]);
    g[9] = 0xff; // other bits of signature byte 9 are not checked either (only bit 0)
    assert.deepEqual(decode([g]), [NULL_GREETING_EV]);
  });

  test("mechanism name is NUL-stripped; raw 20 bytes kept", () => {
    const ev = decode([libzmqGreeting("CURVE")]);
    assert.equal(ev.length, 1);
    const g = ev[0]!;
    assert.equal(g.t, "greeting");
    if (g.t !== "greeting") return;
    assert.equal(g.mechanism, "CURVE");
    assert.equal(g.mechanismHex, Buffer.concat([Buffer.from("CURVE"), Buffer.alloc(15)]).toString("hex"));
    // A full 20-character name has no NUL.
    const full = decode([libzmqGreeting("ABCDEFGHIJKLMNOPQRST")])[0]!;
    assert.equal(full.t === "greeting" && full.mechanism, "ABCDEFGHIJKLMNOPQRST");
  });

  test("legacy: first byte != 0xFF is detected from that byte alone", () => {
    assert.deepEqual(decode([Buffer.from([0x01])]), [{ t: "legacy", revision: -1 }]);
    assert.deepEqual(decode([Buffer.from("GET / HTTP/1.1\r\n\r\n")]), [{ t: "legacy", revision: -1 }]);
  });

  test("legacy: byte 9 with bit 0 clear (unversioned ZMTP 1.0) is detected at byte 10", () => {
    const g = libzmqGreeting();
    g[9] = 0x7e;
    const r = new Recorder();
    const d = new ZmtpDecoder(r);
    for (let i = 0; i < 9; i++) d.feed(g.subarray(i, i + 1));
    assert.equal(r.events.length, 0);
    d.feed(g.subarray(9, 10));
    assert.deepEqual(r.events, [{ t: "legacy", revision: -1 }]);
    assert.equal(d.dead, true);
  });

  for (const rev of [0, 1]) {
    test(`legacy: revision ${rev} is detected at byte 11, in any fragmentation`, () => {
      const g = libzmqGreeting("NULL", rev);
      assert.deepEqual(decode([g.subarray(0, 11)]), [{ t: "legacy", revision: rev }]);
      assert.deepEqual(decode(bytewise(g.subarray(0, 11))), [{ t: "legacy", revision: rev }]);
      assert.deepEqual(decode([g]), [{ t: "legacy", revision: rev }]);
    });
  }

  test("after a legacy verdict the decoder is dead and ignores input", () => {
    const r = new Recorder();
    const d = new ZmtpDecoder(r);
    d.feed(Buffer.from([0x00]));
    assert.equal(d.dead, true);
    d.feed(libzmqGreeting());
    d.feed(shortFrame(0, Buffer.from("x")));
    assert.deepEqual(r.events, [{ t: "legacy", revision: -1 }]);
  });

  test("revision 2 and revisions above 3 are treated as 3.1 (minor 1), whatever the minor byte", () => {
    for (const rev of [2, 4, 5, 0x7f, 0xff]) {
      for (const minor of [0, 1, 9]) {
        const ev = decode([libzmqGreeting("NULL", rev, minor)]);
        assert.equal(ev.length, 1);
        const g = ev[0]!;
        assert.ok(g.t === "greeting", `rev ${rev}`);
        if (g.t !== "greeting") continue;
        assert.equal(g.minor, 1, `rev ${rev} minor ${minor}`);
        assert.equal(g.mechanism, "NULL");
      }
    }
  });

  test("revision 3: minor 0 stays 0 (ZMTP 3.0), minor 1 is 1", () => {
    const g30 = decode([libzmqGreeting("NULL", 3, 0)])[0]!;
    assert.ok(g30.t === "greeting" && g30.major === 3 && g30.minor === 0);
    const g31 = decode([libzmqGreeting("NULL", 3, 1)])[0]!;
    assert.ok(g31.t === "greeting" && g31.major === 3 && g31.minor === 1);
    // Any non-zero minor is 3.1 rules; it must at least not be reported as 0.
    const g32 = decode([libzmqGreeting("NULL", 3, 2)])[0]!;
    assert.ok(g32.t === "greeting" && g32.minor !== 0);
  });
});

describe("decoder: frames", () => {
  const G = () => libzmqGreeting();

  test("short frames, empty frame, and a long frame for a small body", () => {
    const ev = decode([
      Buffer.concat([
        G(),
        shortFrame(0, Buffer.alloc(0)),
        shortFrame(0, Buffer.from("hello")),
        longFrame(0, Buffer.from("tiny")),
        longFrame(0, Buffer.alloc(0)),
      ]),
    ]);
    assert.deepEqual(ev.slice(1), [
      { t: "message", hex: [""] },
      { t: "message", hex: [Buffer.from("hello").toString("hex")] },
      { t: "message", hex: [Buffer.from("tiny").toString("hex")] },
      { t: "message", hex: [""] },
    ]);
  });

  test("short frame with the maximum 255-byte body and long frames above", () => {
    const b255 = Buffer.alloc(255, 7);
    const b256 = Buffer.alloc(256, 8);
    const b70k = Buffer.alloc(70000, 9);
    const ev = decode([Buffer.concat([shortFrame(0, b255), longFrame(0, b256), longFrame(0, b70k)])], {
      greeting: false,
    });
    assert.deepEqual(ev, [
      { t: "message", hex: [b255.toString("hex")] },
      { t: "message", hex: [b256.toString("hex")] },
      { t: "message", hex: [b70k.toString("hex")] },
    ]);
  });

  test("MORE assembles a multipart message; commands between parts do not split it", () => {
    const ev = decode(
      [
        Buffer.concat([
          shortFrame(0x01, Buffer.from("a")),
          shortFrame(0x04, Buffer.from("\x04PING\x00\x00")),
          longFrame(0x01, Buffer.from("b")),
          shortFrame(0x00, Buffer.from("c")),
          shortFrame(0x00, Buffer.from("d")),
        ]),
      ],
      { greeting: false },
    );
    assert.deepEqual(ev, [
      { t: "command", hex: Buffer.from("\x04PING\x00\x00", "latin1").toString("hex") },
      { t: "message", hex: ["61", "62", "63"] },
      { t: "message", hex: ["64"] },
    ]);
  });

  test("COMMAND frames (short and long) go to onCommand", () => {
    const body = Buffer.concat([Buffer.from([5]), Buffer.from("READY"), Buffer.alloc(300, 1)]);
    const ev = decode([Buffer.concat([shortFrame(0x04, Buffer.from("\x05HELLO")), longFrame(0x04, body)])], {
      greeting: false,
    });
    assert.deepEqual(ev, [
      { t: "command", hex: Buffer.from("\x05HELLO").toString("hex") },
      { t: "command", hex: body.toString("hex") },
    ]);
  });

  test("reserved flag bits 3-7 are ignored", () => {
    const ev = decode(
      [
        Buffer.concat([
          shortFrame(0xf8 | 0x01, Buffer.from("x")), // MORE + reserved
          shortFrame(0xf8, Buffer.from("y")), // last part + reserved
          shortFrame(0xf8 | 0x04, Buffer.from("\x04PONG")), // command + reserved
          longFrame(0xf8, Buffer.from("z")), // long + reserved
        ]),
      ],
      { greeting: false },
    );
    assert.deepEqual(ev, [
      { t: "message", hex: ["78", "79"] },
      { t: "command", hex: Buffer.from("\x04PONG").toString("hex") },
      { t: "message", hex: ["7a"] },
    ]);
  });

  test("every fragmentation of a greeting plus several frames yields identical results", () => {
    const stream = Buffer.concat([
      G(),
      shortFrame(0x04, Buffer.from("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER", "latin1")),
      shortFrame(0x01, Buffer.from("part1")),
      longFrame(0x00, Buffer.alloc(300, 0x5a)),
      shortFrame(0x00, Buffer.alloc(0)),
      longFrame(0x04, Buffer.from("\x04PING\x00\x0aCTX")),
      shortFrame(0x01, Buffer.alloc(0)),
      longFrame(0x01, Buffer.from("mid")),
      shortFrame(0x00, Buffer.from("end")),
    ]);
    const expected = decode([stream]);
    assert.equal(expected.length, 6);
    for (let i = 1; i < stream.length; i++) {
      assert.deepEqual(decode([stream.subarray(0, i), stream.subarray(i)]), expected, `split at ${i}`);
    }
    // Three chunks at a stride of split points.
    for (let i = 1; i < stream.length; i += 7) {
      for (let j = i + 1; j < stream.length; j += 11) {
        assert.deepEqual(
          decode([stream.subarray(0, i), stream.subarray(i, j), stream.subarray(j)]),
          expected,
          `split ${i}/${j}`,
        );
      }
    }
    assert.deepEqual(decode(bytewise(stream)), expected, "byte by byte");
  });
});

describe("decoder: size limits", () => {
  function longHeader(flags: number, size: bigint): Buffer {
    const h = Buffer.alloc(9);
    h[0] = flags | 0x02;
    h.writeBigUInt64BE(size, 1);
    return h;
  }

  test("a frame above maxMessageSize fails with EMSGSIZE from the 9-byte header alone", () => {
    const before = process.memoryUsage().arrayBuffers;
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    d.maxMessageSize = 1000;
    d.feed(longHeader(0, 2n ** 40n));
    assert.deepEqual(r.events, [{ t: "error", error: "EMSGSIZE" }]);
    assert.equal(d.dead, true);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, "nothing allocated for the claimed size");
    // Dead afterwards: later bytes are ignored.
    d.feed(shortFrame(0, Buffer.from("x")));
    assert.equal(r.events.length, 1);
  });

  test("maxMessageSize: at the limit accepted, one above rejected, also for short frames and commands", () => {
    assert.deepEqual(decode([shortFrame(0, Buffer.alloc(10))], { greeting: false, max: 10 }), [
      { t: "message", hex: [Buffer.alloc(10).toString("hex")] },
    ]);
    assert.deepEqual(decode([shortFrame(0, Buffer.alloc(11))], { greeting: false, max: 10 }), [
      { t: "error", error: "EMSGSIZE" },
    ]);
    // The header alone is enough (body not sent).
    assert.deepEqual(decode([Buffer.from([0x00, 11])], { greeting: false, max: 10 }), [
      { t: "error", error: "EMSGSIZE" },
    ]);
    // Commands are limited too (libzmq applies the check to every frame).
    assert.deepEqual(decode([Buffer.from([0x04, 200])], { greeting: false, max: 10 }), [
      { t: "error", error: "EMSGSIZE" },
    ]);
    // maxMessageSize 0 allows only empty frames.
    assert.deepEqual(decode([Buffer.from([0x00, 0x00, 0x00, 0x01])], { greeting: false, max: 0 }), [
      { t: "message", hex: [""] },
      { t: "error", error: "EMSGSIZE" },
    ]);
  });

  test("the limit also bounds a whole multipart message, an empty part counting as one byte", () => {
    const parts = (...sizes: number[]) =>
      Buffer.concat(sizes.map((n, i) => shortFrame(i < sizes.length - 1 ? 1 : 0, Buffer.alloc(n))));
    // 4 + 3 + 3 = 10: at the limit.
    assert.deepEqual(
      decode([parts(4, 3, 3)], { greeting: false, max: 10 }).map((e) => e.t),
      ["message"],
    );
    // One byte over, on the last part or on a middle one.
    assert.deepEqual(decode([parts(4, 3, 4)], { greeting: false, max: 10 }), [{ t: "error", error: "EMSGSIZE" }]);
    assert.deepEqual(decode([parts(8, 3, 0)], { greeting: false, max: 10 }), [{ t: "error", error: "EMSGSIZE" }]);
    // Empty parts count: eleven of them exceed 10 bytes, ten do not.
    assert.deepEqual(
      decode([parts(...Array<number>(10).fill(0))], { greeting: false, max: 10 }).map((e) => e.t),
      ["message"],
    );
    assert.deepEqual(decode([parts(...Array<number>(11).fill(0))], { greeting: false, max: 10 }), [
      { t: "error", error: "EMSGSIZE" },
    ]);
    // A single frame is held to libzmq's per-frame rule only: an empty frame passes a limit of 0.
    assert.deepEqual(
      decode([parts(0)], { greeting: false, max: 0 }).map((e) => e.t),
      ["message"],
    );
  });

  test("a 2^63 length is an error, not a crash, with and without a limit", () => {
    assert.deepEqual(decode([longHeader(0, 2n ** 63n)], { greeting: false, max: 1000 }), [
      { t: "error", error: "EMSGSIZE" },
    ]);
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    assert.doesNotThrow(() => d.feed(longHeader(0, 2n ** 64n - 1n)));
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0]!.t, "error");
  });

  test("a header split across chunks is still checked before any body arrives", () => {
    const h = longHeader(0, 2n ** 40n);
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    d.maxMessageSize = 1000;
    for (let i = 0; i < 8; i++) {
      d.feed(h.subarray(i, i + 1));
      assert.equal(r.events.length, 0, `no verdict after ${i + 1} header bytes`);
    }
    d.feed(h.subarray(8));
    assert.deepEqual(r.events, [{ t: "error", error: "EMSGSIZE" }]);
  });

  test("a large claimed body within the limit is buffered only as it arrives", () => {
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    const body = Buffer.alloc(100000, 3);
    const frame = longFrame(0, body);
    d.feed(frame.subarray(0, 20));
    assert.equal(r.events.length, 0);
    d.feed(frame.subarray(20, 50000));
    assert.equal(r.events.length, 0);
    d.feed(frame.subarray(50000));
    assert.equal(r.events.length, 1);
    const m = r.events[0]!;
    assert.ok(m.t === "message" && m.hex[0] === body.toString("hex"));
  });
});

describe("decoder: pause / resume", () => {
  test("onMessage returning false stops decoding until resume()", () => {
    const r = new Recorder();
    let allow = false;
    r.accept = () => allow;
    const d = new ZmtpDecoder(r, false);
    const stream = Buffer.concat([
      shortFrame(0, Buffer.from("1")),
      shortFrame(1, Buffer.from("2a")),
      shortFrame(0, Buffer.from("2b")),
      shortFrame(4, Buffer.from("\x04PONG")),
      shortFrame(0, Buffer.from("3")),
    ]);
    d.feed(stream);
    assert.deepEqual(r.events, [{ t: "message", hex: ["31"] }]);
    assert.equal(d.isPaused, true);
    // Input fed while paused is queued, not decoded.
    d.feed(shortFrame(0, Buffer.from("4")));
    assert.equal(r.events.length, 1);
    d.resume();
    assert.equal(r.events.length, 2);
    assert.deepEqual(r.events[1], { t: "message", hex: ["3261", "3262"] });
    allow = true;
    d.resume();
    assert.equal(d.isPaused, false);
    assert.deepEqual(r.events.slice(2), [
      { t: "command", hex: Buffer.from("\x04PONG").toString("hex") },
      { t: "message", hex: ["33"] },
      { t: "message", hex: ["34"] },
    ]);
    // resume() when not paused is a no-op.
    d.resume();
    assert.equal(r.events.length, 5);
  });

  test("pausing mid-chunk with a partial next frame keeps the partial bytes", () => {
    const r = new Recorder();
    let allow = false;
    r.accept = () => allow;
    const d = new ZmtpDecoder(r, false);
    const second = longFrame(0, Buffer.alloc(500, 1));
    d.feed(Buffer.concat([shortFrame(0, Buffer.from("a")), second.subarray(0, 5)]));
    assert.equal(r.events.length, 1);
    allow = true;
    d.resume();
    assert.equal(r.events.length, 1);
    d.feed(second.subarray(5));
    assert.equal(r.events.length, 2);
    const m = r.events[1]!;
    assert.ok(m.t === "message" && m.hex[0] === Buffer.alloc(500, 1).toString("hex"));
  });

  test("kill() stops everything", () => {
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    d.feed(Buffer.from([0x00, 0x05, 0x61]));
    d.kill();
    d.feed(Buffer.from("bcde"));
    assert.equal(d.dead, true);
    assert.equal(r.events.length, 0);
  });
});

describe("decoder: whole messages within one chunk as spans", () => {
  /** Records spans (with the buffer they lie in) apart from messages assembled frame by frame. */
  class SpanRecorder extends Recorder {
    spans: { buf: Buffer; start: number; end: number; parts: string[] }[] = [];
    onSpan(buf: Buffer, start: number, end: number): boolean {
      this.spans.push({ buf, start, end, parts: readSpan(buf, start, end).map(String) });
      return this.accept();
    }
  }
  const data = (s: string, more = false): Buffer => shortFrame(more ? 1 : 0, Buffer.from(s));

  test("messages lying whole in the chunk come as spans of it; one completed by the next chunk as parts", () => {
    const r = new SpanRecorder();
    const d = new ZmtpDecoder(r, false);
    const chunk = Buffer.concat([data("a"), data("b1", true), data("b2"), data("c", true)]);
    d.feed(chunk);
    assert.deepEqual(
      r.spans.map((s) => [s.buf === chunk, s.start, s.end, s.parts]),
      [
        [true, 0, 3, ["a"]],
        [true, 3, 11, ["b1", "b2"]],
      ],
    );
    d.feed(data("d"));
    assert.deepEqual(r.events, [{ t: "message", hex: ["63", "64"] }]);
  });

  test("a command between messages is a command; the messages around it stay spans", () => {
    const r = new SpanRecorder();
    const d = new ZmtpDecoder(r, false);
    d.feed(Buffer.concat([data("a"), shortFrame(4, Buffer.from("\x04PING\x00\x00")), data("b")]));
    assert.deepEqual(
      r.spans.map((s) => s.parts),
      [["a"], ["b"]],
    );
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0]!.t, "command");
  });

  test("a long-form header with a small body is a span too", () => {
    const r = new SpanRecorder();
    const d = new ZmtpDecoder(r, false);
    d.feed(longFrame(0, Buffer.from("xyz")));
    assert.deepEqual(
      r.spans.map((s) => s.parts),
      [["xyz"]],
    );
  });

  test("maxMessageSize: a message at the limit is a span, one past it fails as frame by frame", () => {
    const r = new SpanRecorder();
    const d = new ZmtpDecoder(r, false);
    d.maxMessageSize = 4;
    d.feed(Buffer.concat([data("ab", true), data("cd"), data("ab", true), data("cd", true), data("")]));
    assert.deepEqual(
      r.spans.map((s) => s.parts),
      [["ab", "cd"]],
    );
    assert.deepEqual(r.events, [{ t: "error", error: "EMSGSIZE" }], "the empty part counts as one byte");
  });

  test("onSpan returning false pauses until resume()", () => {
    const r = new SpanRecorder();
    let allow = false;
    r.accept = () => allow;
    const d = new ZmtpDecoder(r, false);
    d.feed(Buffer.concat([data("a"), data("b"), data("c")]));
    assert.equal(r.spans.length, 1);
    assert.equal(d.isPaused, true);
    allow = true;
    d.resume();
    assert.deepEqual(
      r.spans.map((s) => s.parts),
      [["a"], ["b"], ["c"]],
    );
  });

  test("without onSpan the same messages come to onMessage", () => {
    const r = new Recorder();
    const d = new ZmtpDecoder(r, false);
    d.feed(Buffer.concat([data("a"), data("b1", true), data("b2")]));
    assert.deepEqual(r.events, [
      { t: "message", hex: ["61"] },
      { t: "message", hex: ["6231", "6232"] },
    ]);
  });
});
