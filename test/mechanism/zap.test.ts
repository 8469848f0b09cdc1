// ZAP reply validation (RFC 27) from frames alone: each defect gives libzmq's PROTOCOL_ERROR_ZAP_* code.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
  PROTOCOL_ERROR_ZAP_BAD_VERSION,
  PROTOCOL_ERROR_ZAP_INVALID_METADATA,
  PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
  PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
  PROTOCOL_ERROR_ZAP_UNSPECIFIED,
} from "../../src/events/events.js";
import { validateZapReply } from "../../src/mechanism/zap.js";
import { encodeMetadata } from "../../src/wire/metadata.js";

const b = (s: string) => Buffer.from(s, "latin1");
/** A well-formed reply as it arrives in the ZAP pipe, delimiter first; `patch` replaces frames. */
function reply(patch: Record<number, Buffer> = {}): Buffer[] {
  const frames = [
    Buffer.alloc(0),
    b("1.0"),
    b("1"),
    b("200"),
    b("OK"),
    b("alice"),
    encodeMetadata([["X-Role", "admin"]]),
  ];
  for (const [i, f] of Object.entries(patch)) frames[Number(i)] = f;
  return frames;
}

test("a well-formed reply: status, user id and metadata", () => {
  const o = validateZapReply(reply());
  assert.ok(o.kind === "reply");
  assert.equal(o.status, 200);
  assert.deepEqual(o.userId, b("alice"));
  assert.deepEqual(o.metadata.get("X-Role"), b("admin"));
  for (const status of ["300", "400", "500"]) {
    const r = validateZapReply(reply({ 3: b(status) }));
    assert.ok(r.kind === "reply" && r.status === Number(status), status);
  }
  // Empty user id and empty metadata are fine.
  assert.equal(validateZapReply(reply({ 5: Buffer.alloc(0), 6: Buffer.alloc(0) })).kind, "reply");
});

test("not exactly 7 frames: ZAP_MALFORMED_REPLY", () => {
  const full = reply();
  for (const frames of [full.slice(0, 6), [...full, b("extra")], [], full.slice(0, 1)]) {
    assert.deepEqual(validateZapReply(frames), { kind: "protocol", code: PROTOCOL_ERROR_ZAP_MALFORMED_REPLY });
  }
});

test("each defect in libzmq's order of checks", () => {
  const cases: Array<[Record<number, Buffer>, number]> = [
    [{ 0: b("x") }, PROTOCOL_ERROR_ZAP_UNSPECIFIED],
    [{ 1: b("1.1") }, PROTOCOL_ERROR_ZAP_BAD_VERSION],
    [{ 1: b("1.0\0") }, PROTOCOL_ERROR_ZAP_BAD_VERSION],
    [{ 2: b("2") }, PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID],
    [{ 2: Buffer.alloc(0) }, PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID],
    [{ 3: b("100") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 3: b("600") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 3: b("201") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 3: b("20") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 3: b("2000") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 3: b("200\n") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
    [{ 6: Buffer.from([5, 0x41]) }, PROTOCOL_ERROR_ZAP_INVALID_METADATA],
    // Two defects: the first check wins (delimiter before version, version before id, ...).
    [{ 0: b("x"), 1: b("9") }, PROTOCOL_ERROR_ZAP_UNSPECIFIED],
    [{ 1: b("9"), 2: b("9") }, PROTOCOL_ERROR_ZAP_BAD_VERSION],
    [{ 2: b("9"), 3: b("9") }, PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID],
    [{ 3: b("9"), 6: b("\x09") }, PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE],
  ];
  for (const [patch, code] of cases) {
    assert.deepEqual(validateZapReply(reply(patch)), { kind: "protocol", code }, JSON.stringify(patch));
  }
});
