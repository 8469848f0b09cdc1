// The socket type table: libzmq's numbers and names, and RFC 37's compatibility pairs.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  SocketType,
  SocketTypeNames,
  sendsIdentity,
  socketTypeName,
  socketTypesCompatible,
  type SocketTypeName,
} from "../../src/mechanism/socket-types.js";

const ALL: SocketTypeName[] = [
  "PAIR", "PUB", "SUB", "REQ", "REP", "DEALER", "ROUTER", "PULL", "PUSH", "XPUB", "XSUB",
  "STREAM", "SERVER", "CLIENT", "RADIO", "DISH", "GATHER", "SCATTER", "DGRAM", "PEER", "CHANNEL",
]; // prettier-ignore

test("the 21 types of zmq.h, numbered 0..20 in order, names and numbers both ways", () => {
  assert.deepEqual(Object.keys(SocketType), ALL);
  ALL.forEach((name, i) => {
    assert.equal(SocketType[name], i);
    assert.equal(SocketTypeNames[i], name);
    assert.equal(socketTypeName(i), name);
  });
  assert.throws(() => socketTypeName(21), RangeError);
});

test("compatibility is RFC 37's table, draft pairs included, and symmetric", () => {
  const pairs: Array<[SocketTypeName, SocketTypeName[]]> = [
    ["REQ", ["REP", "ROUTER"]],
    ["REP", ["REQ", "DEALER"]],
    ["DEALER", ["REP", "DEALER", "ROUTER"]],
    ["ROUTER", ["REQ", "DEALER", "ROUTER"]],
    ["PUB", ["SUB", "XSUB"]],
    ["XPUB", ["SUB", "XSUB"]],
    ["SUB", ["PUB", "XPUB"]],
    ["XSUB", ["PUB", "XPUB"]],
    ["PUSH", ["PULL"]],
    ["PULL", ["PUSH"]],
    ["PAIR", ["PAIR"]],
    ["STREAM", []],
    ["SERVER", ["CLIENT"]],
    ["CLIENT", ["SERVER"]],
    ["RADIO", ["DISH"]],
    ["DISH", ["RADIO"]],
    ["SCATTER", ["GATHER"]],
    ["GATHER", ["SCATTER"]],
    ["DGRAM", ["DGRAM"]],
    ["PEER", ["PEER"]],
    ["CHANNEL", ["CHANNEL"]],
  ];
  assert.equal(pairs.length, 21);
  for (const [local, peers] of pairs) {
    for (const peer of ALL) {
      const ok = peers.includes(peer);
      assert.equal(socketTypesCompatible(local, peer), ok, `${local} with ${peer}`);
      assert.equal(socketTypesCompatible(peer, local), ok, `${peer} with ${local} (symmetry)`);
    }
  }
  // Names are compared byte-exact.
  assert.equal(socketTypesCompatible("PAIR", "pair"), false);
  assert.equal(socketTypesCompatible("PAIR", "PAIR\0"), false);
});

test("Identity is announced by REQ, DEALER and ROUTER only", () => {
  const senders = ALL.filter((n) => sendsIdentity(SocketType[n]));
  assert.deepEqual(senders, ["REQ", "DEALER", "ROUTER"]);
});
