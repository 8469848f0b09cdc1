// Command bodies: exact bytes of what we build, and every case of reading one into a typed command.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { FrameEncoder } from "../../src/wire/encoder.js";
import {
  cancelBody,
  commandBody,
  errorBody,
  libzmqPlainErrorBody,
  parseCommand,
  pingBody,
  pongBody,
  readyBody,
  subscribeBody,
  type Command,
} from "../../src/wire/commands.js";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const ascii = (s: string) => Buffer.from(s, "latin1");

function framed(body: Buffer): Buffer {
  const e = new FrameEncoder();
  e.command(body);
  return Buffer.concat(e.take());
}

/** The reason of an ERROR body, or null when it reads as a malformed ERROR. */
function reasonOf(body: Buffer): string | null {
  const c = parseCommand(body);
  if (c.kind === "ERROR") return c.reason;
  assert.deepEqual(c, { kind: "Malformed", command: "ERROR" });
  return null;
}

describe("building command bodies", () => {
  test("READY for a DEALER with empty Identity is the RFC example when framed", () => {
    const rfc = Buffer.concat([
      hex("04 29 05"),
      ascii("READY"),
      hex("0b"),
      ascii("Socket-Type"),
      hex("00 00 00 06"),
      ascii("DEALER"),
      hex("08"),
      ascii("Identity"),
      hex("00 00 00 00"),
    ]);
    const body = readyBody([
      ["Socket-Type", "DEALER"],
      ["Identity", Buffer.alloc(0)],
    ]);
    assert.equal(body.length, 0x29);
    assert.deepEqual(framed(body), rfc);
    assert.deepEqual(
      readyBody([
        ["Socket-Type", "DEALER"],
        ["Identity", ""],
      ]),
      body,
    );
  });

  test("commandBody, SUBSCRIBE, CANCEL", () => {
    assert.deepEqual(commandBody("HELLO"), ascii("\x05HELLO"));
    assert.deepEqual(commandBody("SUBSCRIBE", ascii("t")), ascii("\x09SUBSCRIBEt"));
    assert.deepEqual(subscribeBody(ascii("A")), ascii("\x09SUBSCRIBEA"));
    assert.deepEqual(cancelBody(ascii("A")), ascii("\x06CANCELA"));
  });

  test("PING / PONG bodies; PONG echoes at most 16 context bytes", () => {
    assert.deepEqual(pingBody(0), ascii("\x04PING\x00\x00"));
    assert.deepEqual(pingBody(0x1234, ascii("LOL")), ascii("\x04PING\x12\x34LOL"));
    assert.deepEqual(pongBody(ascii("LOL")), ascii("\x04PONGLOL"));
    assert.deepEqual(framed(pongBody(ascii("LOL"))), Buffer.concat([hex("04 08 04"), ascii("PONGLOL")]));
    const long = ascii("LOL" + "z".repeat(55));
    const pong = framed(pongBody(long));
    assert.deepEqual(pong, Buffer.concat([hex("04 15 04"), ascii("PONG"), ascii("LOL" + "z".repeat(13))]));
    assert.equal(pong.length, 23);
  });

  test("ERROR body; reasons longer than 255 are cut to 255", () => {
    assert.deepEqual(errorBody("400"), ascii("\x05ERROR\x03400"));
    assert.equal(reasonOf(errorBody("r".repeat(300)))!.length, 255);
  });
});

describe("parseCommand", () => {
  test("READY: its data (metadata for NULL/PLAIN) is the rest of the body", () => {
    assert.deepEqual(parseCommand(ascii("\x05READY")), { kind: "READY", data: Buffer.alloc(0) });
    const body = readyBody([["Socket-Type", "PAIR"]]);
    assert.deepEqual(parseCommand(body), { kind: "READY", data: body.subarray(6) });
  });

  test("ERROR: reason read, trailing bytes ignored; missing or overrunning reason is Malformed ERROR", () => {
    assert.equal(reasonOf(errorBody("400")), "400");
    assert.equal(reasonOf(errorBody("")), "");
    assert.equal(reasonOf(ascii("\x05ERROR\x03400trailing")), "400");
    assert.equal(reasonOf(ascii("\x05ERROR")), null);
    assert.equal(reasonOf(ascii("\x05ERROR\x0440")), null);
    assert.equal(reasonOf(ascii("\x05ERROR\xff")), null);
  });

  test("libzmq PLAIN's ERROR (5E RROR + reason): read as LibzmqPlainError; missing or overrunning reason null", () => {
    assert.deepEqual(libzmqPlainErrorBody("400"), hex("5E 52 52 4F 52 03 34 30 30"));
    assert.deepEqual(parseCommand(libzmqPlainErrorBody("400")), { kind: "LibzmqPlainError", reason: "400" });
    assert.deepEqual(parseCommand(hex("5E 52 52 4F 52 00")), { kind: "LibzmqPlainError", reason: "" });
    assert.deepEqual(parseCommand(hex("5E 52 52 4F 52 01 41 42")), { kind: "LibzmqPlainError", reason: "A" });
    assert.deepEqual(parseCommand(hex("5E 52 52 4F 52")), { kind: "LibzmqPlainError", reason: null });
    assert.deepEqual(parseCommand(hex("5E 52 52 4F 52 05 41")), { kind: "LibzmqPlainError", reason: null });
    assert.deepEqual(parseCommand(hex("5E 52 52 4F")), { kind: "Malformed", command: null });
    assert.equal(parseCommand(libzmqPlainErrorBody("r".repeat(300))).kind, "LibzmqPlainError");
  });

  test("PING: TTL and at most 16 context bytes; too short for a TTL reads as TTL 0", () => {
    assert.deepEqual(parseCommand(ascii("\x04PING\x00\x00LOL")), { kind: "PING", ttl: 0, context: ascii("LOL") });
    assert.deepEqual(parseCommand(ascii("\x04PING\x02\x01")), { kind: "PING", ttl: 0x201, context: Buffer.alloc(0) });
    assert.deepEqual(parseCommand(ascii("\x04PING")), { kind: "PING", ttl: 0, context: Buffer.alloc(0) });
    assert.deepEqual(parseCommand(ascii("\x04PING\x01")), { kind: "PING", ttl: 0, context: Buffer.alloc(0) });
    const c = parseCommand(Buffer.concat([ascii("\x04PING\xff\xff"), ascii("z".repeat(40))]));
    assert.ok(c.kind === "PING" && c.ttl === 0xffff && c.context.length === 16);
  });

  test("PONG, SUBSCRIBE, CANCEL, JOIN, LEAVE and the mechanism commands", () => {
    const cases: Array<[string, Command]> = [
      ["\x04PONGctx", { kind: "PONG", context: ascii("ctx") }],
      ["\x09SUBSCRIBE", { kind: "SUBSCRIBE", topic: Buffer.alloc(0) }],
      ["\x09SUBSCRIBEA\x00B", { kind: "SUBSCRIBE", topic: ascii("A\x00B") }],
      ["\x06CANCELA", { kind: "CANCEL", topic: ascii("A") }],
      ["\x04JOINgroup", { kind: "JOIN", group: ascii("group") }],
      ["\x05LEAVEgroup", { kind: "LEAVE", group: ascii("group") }],
      ["\x05HELLO\x01u\x01p", { kind: "HELLO", data: ascii("\x01u\x01p") }],
      ["\x07WELCOME", { kind: "WELCOME", data: Buffer.alloc(0) }],
      ["\x08INITIATEmeta", { kind: "INITIATE", data: ascii("meta") }],
      ["\x07MESSAGEbox", { kind: "MESSAGE", data: ascii("box") }],
    ];
    for (const [body, expected] of cases) assert.deepEqual(parseCommand(ascii(body)), expected, JSON.stringify(body));
  });

  test("names are byte-exact and case-sensitive; others are Unknown", () => {
    assert.deepEqual(parseCommand(ascii("\x05ready")), { kind: "Unknown", name: "ready", data: Buffer.alloc(0) });
    assert.deepEqual(parseCommand(ascii("\x06READYX")), { kind: "Unknown", name: "READYX", data: Buffer.alloc(0) });
    assert.deepEqual(parseCommand(ascii("\x03FOOdata")), { kind: "Unknown", name: "FOO", data: ascii("data") });
    // An empty name that fits (libzmq's structure check passes) is a command we do not know.
    assert.deepEqual(parseCommand(hex("00 41")), { kind: "Unknown", name: "", data: ascii("A") });
  });

  test("libzmq's basic structure check: at most 1 byte, or a name longer than the body, is Malformed", () => {
    for (const body of [
      Buffer.alloc(0),
      hex("00"),
      hex("05"),
      ascii("\x05READ"),
      ascii("\x05ERR"),
      ascii("\x09READY"),
    ]) {
      assert.deepEqual(parseCommand(body), { kind: "Malformed", command: null }, body.toString("hex"));
    }
  });

  test("fields are views into the body, never copies", () => {
    const body = ascii("\x09SUBSCRIBEtopic");
    const c = parseCommand(body);
    assert.ok(c.kind === "SUBSCRIBE");
    assert.equal(c.topic.buffer, body.buffer);
    assert.equal(c.topic.byteOffset, body.byteOffset + 10);
  });

  test("never throws, whatever the bytes (random bodies and every truncation of real ones)", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const real = [
      readyBody([["Socket-Type", "PAIR"]]),
      errorBody("400"),
      pingBody(10, ascii("ctx")),
      subscribeBody(ascii("t")),
      ascii("\x05HELLO\x01u\x01p"),
    ];
    for (const r of real) for (let n = 0; n <= r.length; n++) parseCommand(r.subarray(0, n));
    for (let i = 0; i < 5000; i++) {
      const b = Buffer.allocUnsafe(rand() % 40);
      for (let j = 0; j < b.length; j++) b[j] = rand() & 0xff;
      // Bias towards plausible name lengths so the named branches are reached.
      if (b.length > 0 && i % 2 === 0) b[0] = 4 + (rand() % 6);
      const c = parseCommand(b);
      assert.ok(typeof c.kind === "string");
    }
  });
});
