// Monitor message formats (libzmq v1 and DRAFT v2), byte for byte, through the public subpath.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { endianness } from "node:os";
import {
  decodeMonitorEvent,
  encodeV1,
  encodeV2,
  EVENT_ACCEPTED,
  EVENT_DISCONNECTED,
  EVENT_HANDSHAKE_FAILED_PROTOCOL,
  EVENT_MONITOR_STOPPED,
  EVENT_PIPES_STATS,
  EVENT_ALL,
  EVENT_ALL_V2,
  PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
} from "../../src/monitor.js";

const LE = endianness() === "LE";
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

describe("monitor codec v1", () => {
  test("constants", () => {
    assert.equal(EVENT_ACCEPTED, 0x20);
    assert.equal(EVENT_DISCONNECTED, 0x200);
    assert.equal(EVENT_ALL, 0xffff);
    assert.equal(EVENT_PIPES_STATS, 0x10000);
    assert.equal(EVENT_ALL_V2, 0x1ffff);
    assert.equal(PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH, 0x11000002);
  });

  test(
    "frame 1 is exactly 6 bytes, host order (event u16, value u32); frame 2 the endpoint",
    { skip: !LE && "big-endian host" },
    () => {
      const frames = encodeV1(EVENT_ACCEPTED, 0x0102_0304, "tcp://127.0.0.1:5555");
      assert.equal(frames.length, 2);
      assert.deepEqual(frames[0], hex("2000 04030201"));
      assert.deepEqual(frames[1], Buffer.from("tcp://127.0.0.1:5555"));
      assert.deepEqual(
        encodeV1(EVENT_HANDSHAKE_FAILED_PROTOCOL, PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH, "x")[0],
        hex("0020 02000011"),
      );
      assert.deepEqual(encodeV1(EVENT_MONITOR_STOPPED, 0, ""), [hex("0004 00000000"), Buffer.alloc(0)]);
      assert.deepEqual(encodeV1(EVENT_DISCONNECTED, 0xffffffff, "")[0], hex("0002 ffffffff"));
    },
  );

  test("frame 1 in big-endian order on a big-endian host", { skip: LE && "little-endian host" }, () => {
    assert.deepEqual(encodeV1(EVENT_ACCEPTED, 0x0102_0304, "")[0], hex("0020 01020304"));
  });

  test("decode v1", () => {
    const ev = decodeMonitorEvent(encodeV1(EVENT_HANDSHAKE_FAILED_PROTOCOL, 0x11000002, "tcp://127.0.0.1:1"));
    assert.deepEqual(ev, {
      version: 1,
      event: EVENT_HANDSHAKE_FAILED_PROTOCOL,
      name: "HANDSHAKE_FAILED_PROTOCOL",
      value: 0x11000002,
      values: [0x11000002n],
      endpoint: "tcp://127.0.0.1:1",
      local: "",
      remote: "",
    });
  });

  test("decode v1 from literal bytes (as libzmq writes them)", { skip: !LE && "big-endian host" }, () => {
    const ev = decodeMonitorEvent([hex("0002 2a000000"), Buffer.from("tcp://127.0.0.1:9")]);
    assert.equal(ev.event, EVENT_DISCONNECTED);
    assert.equal(ev.name, "DISCONNECTED");
    assert.equal(ev.value, 42);
    assert.equal(ev.endpoint, "tcp://127.0.0.1:9");
    // Unknown event numbers decode with name UNKNOWN; a full-width value stays unsigned.
    const u = decodeMonitorEvent([hex("0080 ffffffff"), Buffer.alloc(0)]);
    assert.equal(u.event, 0x8000);
    assert.equal(u.name, "UNKNOWN");
    assert.equal(u.value, 0xffffffff);
  });

  test("UTF-8 endpoints round trip", () => {
    const ev = decodeMonitorEvent(encodeV1(EVENT_ACCEPTED, 1, "ipc:///tmp/é"));
    assert.equal(ev.endpoint, "ipc:///tmp/é");
  });
});

describe("monitor codec v2", () => {
  test("8-byte frames: event, count, values, local, remote", { skip: !LE && "big-endian host" }, () => {
    const frames = encodeV2(EVENT_ACCEPTED, [7], "tcp://127.0.0.1:5555", "tcp://127.0.0.1:40000");
    assert.equal(frames.length, 5);
    assert.deepEqual(frames[0], hex("2000000000000000"));
    assert.deepEqual(frames[1], hex("0100000000000000"));
    assert.deepEqual(frames[2], hex("0700000000000000"));
    assert.deepEqual(frames[3], Buffer.from("tcp://127.0.0.1:5555"));
    assert.deepEqual(frames[4], Buffer.from("tcp://127.0.0.1:40000"));
    const stats = encodeV2(EVENT_PIPES_STATS, [3n, 2n ** 40n], "", "");
    assert.deepEqual(stats.slice(0, 4), [
      hex("0000010000000000"),
      hex("0200000000000000"),
      hex("0300000000000000"),
      hex("0000000000010000"),
    ]);
    assert.equal(stats.length, 6);
  });

  test("decode v2, endpoint = remote if non-empty else local", () => {
    const a = decodeMonitorEvent(encodeV2(EVENT_ACCEPTED, [7], "tcp://l:1", "tcp://r:2"));
    assert.deepEqual(a, {
      version: 2,
      event: EVENT_ACCEPTED,
      name: "ACCEPTED",
      value: 7,
      values: [7n],
      endpoint: "tcp://r:2",
      local: "tcp://l:1",
      remote: "tcp://r:2",
    });
    const l = decodeMonitorEvent(encodeV2(EVENT_ACCEPTED, [7], "tcp://l:1", ""));
    assert.equal(l.endpoint, "tcp://l:1");
    const s = decodeMonitorEvent(encodeV2(EVENT_PIPES_STATS, [5, 6], "a", "b"));
    assert.equal(s.name, "PIPES_STATS");
    assert.deepEqual(s.values, [5n, 6n]);
    assert.equal(s.value, 5);
    const stopped = decodeMonitorEvent(encodeV2(EVENT_MONITOR_STOPPED, [0], "", ""));
    assert.equal(stopped.event, EVENT_MONITOR_STOPPED);
    assert.equal(stopped.endpoint, "");
  });

  test("not a monitor message: TypeError", () => {
    assert.throws(() => decodeMonitorEvent([]), TypeError);
    assert.throws(() => decodeMonitorEvent([Buffer.alloc(5), Buffer.alloc(0)]), TypeError);
    assert.throws(() => decodeMonitorEvent([Buffer.alloc(6)]), TypeError);
    assert.throws(() => decodeMonitorEvent([Buffer.alloc(6), Buffer.alloc(0), Buffer.alloc(0)]), TypeError);
    // v2 with a count that does not match the frames.
    const bad = encodeV2(EVENT_ACCEPTED, [1], "", "");
    assert.throws(() => decodeMonitorEvent(bad.slice(0, 4)), TypeError);
    const wrongWidth = encodeV2(EVENT_ACCEPTED, [1], "", "");
    wrongWidth[2] = Buffer.alloc(4);
    assert.throws(() => decodeMonitorEvent(wrongWidth), TypeError);
  });
});
