// RoutingIdMap without sockets: generated 5-byte ids (0x00 + uint32) and any other ids map and
// unmap by their bytes, never confused with each other.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RoutingIdMap } from "../../src/routing/routing-id-map.js";

const gen = (n: number): Buffer => {
  const b = Buffer.alloc(5);
  b.writeUInt32BE(n, 1);
  return b;
};

test("generated and other ids are found by equal bytes, not by the Buffer object", () => {
  const m = new RoutingIdMap<string>();
  m.set(gen(7), "seven");
  m.set(Buffer.from("client-a"), "a");
  m.set(Buffer.from([1, 0, 0, 0, 7]), "five bytes, not generated");
  m.set(Buffer.alloc(0), "empty");
  assert.equal(m.get(gen(7)), "seven");
  assert.equal(m.get(Buffer.from("client-a")), "a");
  assert.equal(m.get(Buffer.from([1, 0, 0, 0, 7])), "five bytes, not generated");
  assert.equal(m.get(Buffer.alloc(0)), "empty");
  assert.equal(m.get(gen(8)), undefined);
  assert.equal(m.get(Buffer.from([0, 0, 0, 0, 7, 0])), undefined, "six bytes with the same start");
  assert.equal(m.get(Buffer.from([0, 0, 0, 7])), undefined, "four bytes");
  assert.equal(m.size, 4);
});

test("the largest generated id, delete, and deleteValue across both kinds", () => {
  const m = new RoutingIdMap<string>();
  m.set(gen(0xffffffff), "max");
  m.set(gen(0), "zero");
  m.set(Buffer.from("x"), "max");
  assert.equal(m.get(gen(0xffffffff)), "max");
  assert.equal(m.delete(gen(0)), true);
  assert.equal(m.delete(gen(0)), false);
  m.deleteValue("max");
  assert.equal(m.size, 0);
  assert.equal(m.get(Buffer.from("x")), undefined);
});
