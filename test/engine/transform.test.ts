// The post-handshake transform seam (what CURVE will plug into), with a toy transform: every
// frame travels as one flag-less wire frame `inner-flags(1) body^0x5a`, as CURVE's MESSAGE does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { installTransform } from "../../src/engine/transform.js";
import { PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE } from "../../src/events/events.js";
import type { MechanismFailure, TrafficTransform } from "../../src/mechanism/mechanism.js";
import { pingBody } from "../../src/wire/commands.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../src/wire/constants.js";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
import { FrameEncoder } from "../../src/wire/encoder.js";

const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const ascii = (s: string) => Buffer.from(s, "latin1");

const toy: TrafficTransform = {
  seal(body, flags, out) {
    out.frame(Buffer.concat([Buffer.from([flags]), xor(body)]), 0);
  },
  open(body, _flags, out) {
    if (body.length < 1) return { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE };
    out.frame(xor(body.subarray(1)), body[0]!);
    return null;
  },
};

/** Reads a frame stream with no greeting: [flags, body] per wire frame. */
function wireFrames(bytes: Buffer): Array<[number, Buffer]> {
  const frames: Array<[number, Buffer]> = [];
  for (let p = 0; p < bytes.length;) {
    const flags = bytes[p]!;
    const size = bytes[p + 1]!; // short frames only in this test
    frames.push([flags, bytes.subarray(p + 2, p + 2 + size)]);
    p += 2 + size;
  }
  return frames;
}

function receiver(): { decoder: ZmtpDecoder; messages: Buffer[][]; commands: Buffer[] } {
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
  return { decoder: new ZmtpDecoder(sink, false), messages, commands };
}

test("outgoing: every part and command is sealed into its own flag-less wire frame", () => {
  const encoder = new FrameEncoder();
  const { output } = installTransform(toy, encoder, () => assert.fail("no failure expected"));
  output.message([ascii("a"), ascii("bc"), ascii("")]);
  output.command(pingBody(3));
  const frames = wireFrames(Buffer.concat(encoder.take()));
  assert.deepEqual(
    frames.map(([f]) => f),
    [0, 0, 0, 0],
  );
  assert.deepEqual(
    frames.map(([, b]) => b[0]),
    [FLAG_MORE, FLAG_MORE, 0, FLAG_COMMAND],
  );
  assert.deepEqual(frames[1]![1].subarray(1), xor(ascii("bc")));
});

test("incoming: opened frames are assembled into messages and commands by their inner flags", () => {
  const encoder = new FrameEncoder();
  const { output } = installTransform(toy, encoder, () => assert.fail("no failure expected"));
  output.message([ascii("one"), ascii("two")]);
  output.command(pingBody(7, ascii("ctx")));
  output.message([ascii("three")]);
  const { decoder, messages, commands } = receiver();
  decoder.filter = installTransform(toy, new FrameEncoder(), () => assert.fail("no failure expected")).filter;
  // Byte by byte: the filter sees whole wire frames only.
  for (const b of Buffer.concat(encoder.take())) decoder.feed(Buffer.from([b]));
  assert.deepEqual(messages, [[ascii("one"), ascii("two")], [ascii("three")]]);
  assert.deepEqual(commands, [pingBody(7, ascii("ctx"))]);
});

test("a frame that does not open is reported and delivers nothing", () => {
  const failures: MechanismFailure[] = [];
  const { decoder, messages } = receiver();
  decoder.filter = installTransform(toy, new FrameEncoder(), (f) => failures.push(f)).filter;
  decoder.feed(Buffer.from([0x00, 0x00]));
  assert.deepEqual(failures, [{ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE }]);
  assert.deepEqual(messages, []);
});

test("a filter installed mid-chunk applies from the next frame on (READY and MESSAGEs in one write)", () => {
  const plain = new FrameEncoder();
  plain.message([ascii("clear")]);
  const sealed = new FrameEncoder();
  installTransform(toy, sealed, () => assert.fail("no failure expected")).output.message([ascii("boxed")]);
  const messages: Buffer[][] = [];
  const decoder: ZmtpDecoder = new ZmtpDecoder(
    {
      onGreeting: () => {},
      onLegacy: () => {},
      onDecodeError: (e) => assert.fail(`decode error ${e}`),
      onCommand: () => {},
      onMessage: (parts) => {
        messages.push(parts.map((p) => Buffer.from(p)));
        // The first message completes the "handshake": the transform starts with the next frame.
        decoder.filter ??= installTransform(toy, new FrameEncoder(), () => assert.fail("no failure")).filter;
        return true;
      },
    },
    false,
  );
  decoder.feed(Buffer.concat([...plain.take(), ...sealed.take()]));
  assert.deepEqual(messages, [[ascii("clear")], [ascii("boxed")]]);
});
