// Fuzz targets: each takes arbitrary bytes, drives one part of the wire layer or a mechanism, and
// throws when an invariant breaks (an exception escaping the code under test is a finding too).
import assert from "node:assert/strict";
import { NullMechanism } from "../../src/mechanism/null.js";
import { PlainClient, PlainServer, parsePlainHello } from "../../src/mechanism/plain.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "../../src/mechanism/mechanism.js";
import { validateZapReply, type ZapConnector, type ZapOutcome } from "../../src/mechanism/zap.js";
import {
  PING_CONTEXT_MAX,
  cancelBody,
  errorBody,
  parseCommand,
  pingBody,
  pongBody,
  readyBody,
  subscribeBody,
  type Command,
} from "../../src/wire/commands.js";
import { FrameEncoder } from "../../src/wire/encoder.js";
import {
  BODY_ALLOCATION_FRACTION,
  FREED_BODY_ALLOCATION_FRACTION,
  ZmtpDecoder,
  type DecodeError,
  type DecoderSink,
} from "../../src/wire/decoder.js";
import { decodeGreeting, encodeGreeting, mechanismField } from "../../src/wire/greeting.js";
import { encodeMetadata, parseMetadata } from "../../src/wire/metadata.js";
import { z85Decode, z85Encode } from "../../src/wire/z85.js";
import { detach, ownMemory } from "../support/chunks.js";
import { unguarded } from "./alloc-guard.js";
import { framesOf, packFrames, unpackFrames, type Corpus } from "./corpus.js";

export interface Target {
  readonly name: string;
  /** Starting inputs, from the libzmq corpus. */
  seeds(corpus: Corpus): Buffer[];
  /** Runs one input; throws on a broken invariant. */
  run(input: Buffer): void;
  /** How many times its length an input may make us allocate (alloc-guard.ts); BODY_ALLOCATION_FRACTION if absent. */
  allocationFraction?(input: Buffer): number;
}

const streamsOf = (c: Corpus, mechanism?: string) =>
  c.streams.filter((s) => mechanism === undefined || s.mechanism === mechanism).map((s) => Buffer.from(s.hex, "hex"));
const commandBodies = (c: Corpus) => streamsOf(c).flatMap((s) => framesOf(s).map((f) => f.body));
const isView = (part: Buffer, whole: Buffer) =>
  part.buffer === whole.buffer &&
  part.byteOffset >= whole.byteOffset &&
  part.byteOffset + part.length <= whole.byteOffset + whole.length;

// ---- greeting ---------------------------------------------------------------------------

const greeting: Target = {
  name: "greeting",
  seeds: (c) => streamsOf(c).map((s) => s.subarray(0, 64)),
  run(input) {
    const r = decodeGreeting(input);
    if (r.kind === "pending") assert.ok(input.length < 64, "pending with a whole greeting");
    if (r.kind === "ok") {
      assert.ok(input.length >= 64);
      // Our own greeting for that mechanism name reads back as that name.
      const own = decodeGreeting(encodeGreeting(r.greeting.mechanism));
      assert.ok(own.kind === "ok" && own.greeting.mechanismBytes.equals(mechanismField(r.greeting.mechanism)));
      assert.ok(r.greeting.mechanism.length <= 20);
      assert.equal(r.greeting.mechanismBytes.length, 20);
      assert.ok(r.greeting.minor === 0 || r.greeting.minor >= 1);
    }
    // A verdict of legacy on a prefix (decided at bytes 1, 10 and 11) is never taken back by more bytes.
    for (const n of [1, 10, 11]) {
      if (n >= input.length) break;
      if (decodeGreeting(input.subarray(0, n)).kind === "legacy") assert.equal(r.kind, "legacy", `prefix ${n}`);
    }
  },
};

// ---- decoder ----------------------------------------------------------------------------

/**
 * The first two bytes configure the run (so mutations explore them too): byte 0 picks the chunk
 * stride and the pausing pattern, byte 1 the limit and the mode. The rest is the stream. With
 * bit 0x10 of byte 1 each chunk is fed in memory of its own, as a stream's reads are, and
 * `releaseChunk` detaches what the decoder hands back: a chunk released while still needed
 * leaves its bytes unreadable (messages are read only at the end, as a queue holds them), and
 * the messages then differ from those of a decoder that releases nothing.
 */
const decoder: Target = {
  name: "decoder",
  // Each stream under a few configurations: no limit, a 960-byte limit, handshake framing;
  // chunks of 20 bytes, of 1 byte with a pause after each event, of 64 bytes; chunks released.
  seeds: (c) =>
    streamsOf(c).flatMap((s) =>
      [
        [0x13, 0x80],
        [0x40, 0x0f],
        [0x3f, 0xa0],
        [0x40, 0x90],
        [0x13, 0x1f],
      ].map((cfg) => Buffer.concat([Buffer.from(cfg), s.subarray(0, 2048)])),
    ),
  run(input) {
    if (input.length < 2) return;
    const stride = 1 + (input[0]! & 0x3f);
    const pauseEvery = input[0]! >> 6; // 0: never pause
    const cfg = input[1]!;
    const max = cfg & 0x80 ? -1 : (cfg & 0x0f) * 64;
    const stream = input.subarray(2);
    let dead = false;
    let errors = 0;
    let seen = 0;
    const reencoded = unguarded(() => new FrameEncoder());
    const received: Buffer[][] = [];
    const sink: DecoderSink = {
      onGreeting() {
        assert.ok(!dead, "event after the end");
      },
      onSignature() {
        assert.ok(!dead, "event after the end");
      },
      onLegacy() {
        assert.ok(!dead, "event after the end");
        dead = true;
      },
      onCommand(body) {
        assert.ok(!dead, "event after the end");
        if (max >= 0) assert.ok(body.length <= max, "command above maxMessageSize");
        return pauseEvery === 0 || ++seen % pauseEvery !== 0;
      },
      onMessage(parts) {
        assert.ok(!dead, "event after the end");
        assert.ok(parts.length > 0);
        unguarded(() => reencoded.message(parts));
        received.push(parts);
        if (max >= 0) {
          const total = parts.length === 1 ? parts[0]!.length : parts.reduce((n, p) => n + Math.max(1, p.length), 0);
          assert.ok(total <= max, `message of ${total} above maxMessageSize ${max}`);
        }
        return pauseEvery === 0 || ++seen % pauseEvery !== 0;
      },
      onDecodeError(e: DecodeError) {
        assert.ok(!dead, "error after the end");
        errors++;
        dead = true;
        assert.ok(e === "EMSGSIZE" || e === "ETOOBIG");
        if (e === "EMSGSIZE") assert.ok(max >= 0, "EMSGSIZE without a limit");
      },
    };
    const d = new ZmtpDecoder(sink, !(cfg & 0x40));
    d.maxMessageSize = max;
    d.handshaking = (cfg & 0x20) !== 0;
    const releasing = (cfg & 0x10) !== 0;
    if (releasing) d.releaseChunk = detach;
    for (let p = 0; p < stream.length; p += stride) {
      const piece = stream.subarray(p, p + stride);
      d.feed(releasing ? unguarded(() => ownMemory(piece)) : piece);
      while (d.isPaused && !d.dead) d.resume();
    }
    assert.ok(errors <= 1, "more than one decode error");
    if (dead) assert.ok(d.dead, "the decoder goes on after its end");
    const hex = (parts: Buffer[]) => parts.map((p) => p.toString("hex")).join(",");
    const messages = received.map(hex);
    if (releasing) {
      const plain: string[] = [];
      const p = new ZmtpDecoder(
        {
          onGreeting() {},
          onLegacy() {},
          onCommand: () => true,
          onMessage: (parts) => plain.push(hex(parts)) > 0,
          onDecodeError() {},
        },
        !(cfg & 0x40),
      );
      p.maxMessageSize = max;
      p.handshaking = (cfg & 0x20) !== 0;
      for (let at = 0; at < stream.length; at += stride) p.feed(stream.subarray(at, at + stride));
      assert.deepEqual(messages, plain, "releasing chunks changed what was decoded");
    }
    // The messages, encoded as we would send them, decode to the same messages.
    const again: string[] = [];
    const d2 = new ZmtpDecoder(
      {
        onGreeting() {},
        onLegacy() {},
        onCommand() {},
        onMessage: (parts) => again.push(parts.map((p) => p.toString("hex")).join(",")) > 0,
        onDecodeError: () => assert.fail("our own encoding does not decode"),
      },
      false,
    );
    for (const chunk of unguarded(() => reencoded.take())) d2.feed(chunk);
    assert.deepEqual(again, messages);
  },
  allocationFraction: (input) =>
    input.length >= 2 && input[1]! & 0x10 ? FREED_BODY_ALLOCATION_FRACTION : BODY_ALLOCATION_FRACTION,
};

// ---- commands and metadata -------------------------------------------------------------

function checkCommand(body: Buffer, c: Command): void {
  switch (c.kind) {
    case "PING":
      assert.ok(c.context.length <= PING_CONTEXT_MAX);
      assert.ok(c.ttl >= 0 && c.ttl <= 0xffff);
      assert.ok(c.context.length === 0 || isView(c.context, body));
      break;
    case "PONG":
      assert.ok(isView(c.context, body));
      break;
    case "SUBSCRIBE":
    case "CANCEL":
      assert.ok(isView(c.topic, body));
      break;
    case "JOIN":
    case "LEAVE":
      assert.ok(isView(c.group, body));
      break;
    case "ERROR":
      assert.ok(c.reason.length <= 255);
      break;
    case "LibzmqPlainError":
      assert.ok(c.reason === null || c.reason.length <= 255);
      break;
    case "Malformed":
      break;
    default:
      assert.ok(isView(c.data, body));
  }
}

const commands: Target = {
  name: "commands",
  seeds: commandBodies,
  run(input) {
    const c = parseCommand(input);
    checkCommand(input, c);
    // What we would send for the same command reads back the same.
    if (c.kind === "SUBSCRIBE") assert.deepEqual(subscribeBody(c.topic), input);
    if (c.kind === "CANCEL") assert.deepEqual(cancelBody(c.topic), input);
    if (c.kind === "PONG")
      assert.deepEqual(parseCommand(pongBody(c.context)), {
        kind: "PONG",
        context: c.context.subarray(0, PING_CONTEXT_MAX),
      });
    if (c.kind === "READY") {
      const meta = parseMetadata(c.data, 0);
      if (meta) assert.deepEqual(parseMetadata(readyBody([...meta]).subarray(6), 0), meta);
    }
    if (c.kind === "PING") assert.deepEqual(parseCommand(pingBody(c.ttl, c.context)), c);
    if (c.kind === "ERROR") assert.deepEqual(parseCommand(errorBody(c.reason)), c);
  },
};

const metadata: Target = {
  name: "metadata",
  seeds: (c) =>
    commandBodies(c)
      .filter(
        (b) => b.length > 6 && (b.toString("latin1", 1, 6) === "READY" || b.toString("latin1", 1, 9) === "INITIATE"),
      )
      .map((b) => b.subarray(1 + b[0]!)),
  run(input) {
    let calls = 0;
    const meta = parseMetadata(input, 0, (name, value) => {
      calls++;
      assert.ok(name.length <= 255);
      assert.ok(isView(value, input));
      return value.length !== 3; // exercise the refusal path too
    });
    assert.ok(calls <= input.length / 5 + 1, "more properties than bytes allow");
    if (meta) {
      for (const v of meta.values()) assert.ok(isView(v, input));
      // What we would send for these properties reads back the same.
      assert.deepEqual(parseMetadata(encodeMetadata([...meta]), 0), meta);
    }
  },
};

// ---- mechanisms -------------------------------------------------------------------------

const ctx = (over: Partial<HandshakeContext> = {}): HandshakeContext => ({
  socketType: "DEALER",
  identity: Buffer.alloc(0),
  zapDomain: "fuzz",
  zapEnforceDomain: false,
  ownRoutingId: Buffer.alloc(0),
  peerAddress: "127.0.0.1",
  zap: null,
  ...over,
});

/** A ZAP handler that answers after the first frame with an outcome picked by the input. */
function fuzzZap(pick: number): { connector: ZapConnector; answer(): void } {
  let pending: ((o: ZapOutcome) => void) | null = null;
  const outcomes: ZapOutcome[] = [
    { kind: "reply", status: 200, userId: Buffer.from("u"), metadata: new Map() },
    { kind: "reply", status: 300, userId: Buffer.alloc(0), metadata: new Map() },
    { kind: "reply", status: 400, userId: Buffer.alloc(0), metadata: new Map() },
    { kind: "protocol", code: 0x20000002 },
    { kind: "gone" },
  ];
  return {
    connector: (_req, done) => {
      pending = done;
      return () => (pending = null);
    },
    answer() {
      const d = pending;
      pending = null;
      d?.(outcomes[pick % outcomes.length]!);
    },
  };
}

/** Feeds packed frames to a mechanism; checks it never throws and never leaves "error" or "ready" backwards. */
function driveMechanism(make: (zap: ZapConnector) => Mechanism, input: Buffer): void {
  if (input.length < 1) return;
  const zap = fuzzZap(input[0]!);
  const m = make(zap.connector);
  const sent: Buffer[] = [];
  const host: MechanismHost = {
    sendCommand: (b) => void sent.push(b),
    mechanismProgress: (_f: MechanismFailure | null) => {},
  };
  m.start(host);
  let failed = false;
  for (const frame of unpackFrames(input.subarray(1))) {
    const before = m.status;
    const failure = m.process(parseCommand(frame), host);
    if (failure) {
      failed = true;
      assert.equal(m.status, "error", "a failure leaves the mechanism in error");
    }
    if (before === "error") assert.equal(m.status, "error", "error is final");
    if (before === "ready") assert.ok(failure !== null, "a command after ready is refused");
    zap.answer();
    if (failed) break;
  }
  m.dispose?.();
  for (const b of sent) assert.ok(b.length < 4096, "a reply the size of what the peer claimed");
}

const handshakeSeeds = (c: Corpus, mechanism: string, direction: string) =>
  c.streams
    .filter((s) => s.mechanism === mechanism && s.direction === direction)
    .map((s) =>
      Buffer.concat([
        Buffer.from([0]),
        packFrames(
          framesOf(Buffer.from(s.hex, "hex"))
            .slice(0, 4)
            .map((f) => f.body),
        ),
      ]),
    );

const nullMechanism: Target = {
  name: "null",
  seeds: (c) => handshakeSeeds(c, "NULL", "client-to-server"),
  run: (input) => driveMechanism((zap) => new NullMechanism(ctx({ zap })), input),
};

const plainServer: Target = {
  name: "plain-server",
  seeds: (c) => handshakeSeeds(c, "PLAIN", "client-to-server"),
  run(input) {
    driveMechanism((zap) => new PlainServer(ctx({ zap })), input);
    const hello = parsePlainHello(input);
    if (hello) {
      assert.ok(isView(hello.username, input) && isView(hello.password, input));
      assert.equal(2 + hello.username.length + hello.password.length, input.length);
    }
  },
};

const plainClient: Target = {
  name: "plain-client",
  seeds: (c) => handshakeSeeds(c, "PLAIN", "server-to-client"),
  run: (input) => driveMechanism(() => new PlainClient(ctx(), Buffer.from("admin"), Buffer.from("secret")), input),
};

// ---- ZAP replies, Z85 ------------------------------------------------------------------

const zapReply: Target = {
  name: "zap-reply",
  seeds: (c) => c.zapReplies.map((r) => packFrames(r.map((h) => Buffer.from(h, "hex")))),
  run(input) {
    const frames = unpackFrames(input);
    const o = validateZapReply(frames);
    if (o.kind === "reply") {
      assert.equal(frames.length, 7);
      assert.ok([200, 300, 400, 500].includes(o.status));
      assert.ok(isView(o.userId, input) || o.userId.length === 0);
    }
  },
};

const z85: Target = {
  name: "z85",
  seeds: () => [Buffer.from("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7", "latin1"), Buffer.from("HelloWorld", "latin1")],
  run(input) {
    const text = input.toString("latin1");
    const out = z85Decode(text);
    if (out) {
      assert.equal(out.length, (text.length / 5) * 4);
      assert.equal(z85Encode(out), text);
    }
  },
};

// CURVE command parsers (src/mechanism/curve/) join here once they exist: HELLO, WELCOME,
// INITIATE, READY and MESSAGE bodies from the CURVE streams of the corpus are their seeds.

/** Every target, in the order the runs report them. */
export const TARGETS: readonly Target[] = [
  greeting,
  decoder,
  commands,
  metadata,
  nullMechanism,
  plainServer,
  plainClient,
  zapReply,
  z85,
];
