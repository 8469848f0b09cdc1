// PipeEnd without sockets: high/low-water edges, notifications on edges only, conflate,
// forced writes and teardown.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MessageQueue } from "../../src/pipe/queue.js";
import { msg, pipeWithSinks, text } from "./fake-sink.js";

test("write: accepted up to the reader's high-water mark, then refused with nothing queued", () => {
  const { socket, peer } = pipeWithSinks(10, 3);
  for (let i = 0; i < 3; i++) assert.equal(socket.write(msg(i)), true, `message ${i}`);
  assert.equal(socket.canWrite(), false);
  assert.equal(socket.write(msg("over")), false);
  assert.equal(peer.inbound.length, 3);
  assert.equal(socket.outboundPending, 3);
  assert.deepEqual([text(peer.read()), text(peer.read()), text(peer.read()), peer.read()], ["0", "1", "2", undefined]);
});

test("readable fires on the empty → non-empty edge only", () => {
  const { socket, peerSink, peer } = pipeWithSinks(10, 10);
  socket.write(msg("a"));
  socket.write(msg("b"));
  assert.deepEqual(peerSink.take(), ["readable"], "one notification for two messages");
  peer.read();
  socket.write(msg("c"));
  assert.deepEqual(peerSink.take(), [], "not empty in between: no new edge");
  peer.read();
  peer.read();
  socket.write(msg("d"));
  assert.deepEqual(peerSink.take(), ["readable"], "empty again, then a message: a new edge");
});

test("writable fires once, when the reader drains a blocked pipe down to the low-water mark (hwm / 2)", () => {
  const { socket, peer, socketSink } = pipeWithSinks(10, 8);
  for (let i = 0; i < 8; i++) socket.write(msg(i));
  assert.equal(socket.write(msg("blocked")), false);
  for (let i = 0; i < 3; i++) peer.read(); // 5 left: above the low-water mark of 4
  assert.deepEqual(socketSink.take(), []);
  peer.read(); // 4 left: at the low-water mark
  assert.deepEqual(socketSink.take(), ["writable"]);
  peer.read();
  peer.read();
  assert.deepEqual(socketSink.take(), [], "no second notification without a new refusal");
  assert.equal(socket.canWrite(), true);
});

test("a pipe never refused a write gives no writable notification however much is read", () => {
  const { socket, peer, socketSink } = pipeWithSinks(10, 8);
  for (let i = 0; i < 7; i++) socket.write(msg(i));
  while (peer.read() !== undefined);
  assert.deepEqual(socketSink.take(), []);
});

test("high-water mark 1: the low-water mark is 0, so writable comes when the only slot is read", () => {
  const { socket, peer, socketSink } = pipeWithSinks(10, 1);
  assert.equal(socket.write(msg("a")), true);
  assert.equal(socket.write(msg("b")), false);
  peer.read();
  assert.deepEqual(socketSink.take(), ["writable"]);
  assert.equal(socket.write(msg("b")), true);
});

test("high-water mark 0 means no limit", () => {
  const { socket, peer } = pipeWithSinks(10, 0);
  for (let i = 0; i < 5000; i++) assert.equal(socket.write(msg(i)), true);
  assert.equal(peer.inbound.length, 5000);
});

test("wantWritable asks for the writable edge without a refused write (a send waiting for room elsewhere)", () => {
  const { socket, peer, socketSink } = pipeWithSinks(10, 4);
  for (let i = 0; i < 4; i++) socket.write(msg(i));
  socket.wantWritable();
  peer.read();
  assert.deepEqual(socketSink.take(), []);
  peer.read(); // 2 left = low-water mark
  assert.deepEqual(socketSink.take(), ["writable"]);
});

test("conflate: the reader's queue holds only the newest message and writes are never refused", () => {
  const { socket, peer, peerSink } = pipeWithSinks(10, 2);
  peer.conflate = true;
  for (let i = 0; i < 10; i++) assert.equal(socket.write(msg(i)), true);
  assert.equal(peer.inbound.length, 1);
  assert.equal(text(peer.read()), "9");
  const notes = peerSink.take();
  assert.ok(notes.length > 0 && notes.every((n) => n === "readable"), notes.join());
});

test("forceWrite ignores the high-water mark and still signals the readable edge", () => {
  const { socket, peer, peerSink } = pipeWithSinks(10, 1);
  socket.write(msg("a"));
  peerSink.take();
  assert.equal(socket.canWrite(), false);
  socket.forceWrite(msg("subscription"));
  assert.equal(peer.inbound.length, 2);
  peer.read();
  peer.read();
  socket.forceWrite(msg("again"));
  assert.deepEqual(peerSink.take(), ["readable"]);
});

test("terminate: the other end hears it once and keeps what was queued for it; this end's queue is dropped", () => {
  const { socket, peer, socketSink, peerSink } = pipeWithSinks(10, 10);
  socket.write(msg("for the peer"));
  peer.write(msg("for the socket"));
  socketSink.take();
  peerSink.take();
  socket.terminate();
  assert.equal(socket.terminated, true);
  assert.equal(peer.terminated, true);
  assert.deepEqual(peerSink.take(), ["terminated"]);
  assert.deepEqual(socketSink.take(), [], "the end that terminated is not told");
  assert.equal(socket.hasPending(), false);
  assert.equal(text(peer.read()), "for the peer");
  assert.equal(peer.write(msg("late")), false);
  assert.equal(socket.write(msg("late")), false);
  socket.forceWrite(msg("late"));
  assert.equal(peer.hasPending(), false);
  socket.terminate();
  peer.terminate();
  assert.deepEqual([...socketSink.take(), ...peerSink.take()], [], "terminating twice is a no-op");
});

test("MessageQueue: FIFO across its lazy compaction (more than 1024 shifted)", () => {
  const q = new MessageQueue();
  for (let i = 0; i < 3000; i++) q.push(msg(i));
  for (let i = 0; i < 2000; i++) assert.equal(text(q.shift()), String(i));
  assert.equal(q.length, 1000);
  assert.equal(text(q.peek()), "2000");
  q.push(msg("last"));
  const rest: Array<string | undefined> = [];
  for (let m = q.shift(); m !== undefined; m = q.shift()) rest.push(text(m));
  assert.equal(rest.length, 1001);
  assert.equal(rest[0], "2000");
  assert.equal(rest.at(-1), "last");
  assert.equal(q.shift(), undefined);
});

test("setOutHwm: the new limit plus the end's boost; 0 (of either) is unlimited; no boost adds nothing", () => {
  const { socket, peer } = pipeWithSinks(10, 3);
  socket.setOutHwm(5);
  assert.equal(peer.inboundHwm, 5, "boost -1 (tcp, ipc): the value itself");
  socket.outBoost = 4;
  socket.setOutHwm(5);
  assert.equal(peer.inboundHwm, 9, "inproc: plus the receiver's RCVHWM kept at connect");
  socket.setOutHwm(0);
  assert.equal(peer.inboundHwm, 0);
  socket.outBoost = 0;
  socket.setOutHwm(5);
  assert.equal(peer.inboundHwm, 0, "a receiver with RCVHWM 0 at connect keeps the pipe unlimited");
  // Lowering below what is queued refuses further writes; nothing queued is lost.
  socket.outBoost = -1;
  socket.setOutHwm(2);
  for (let i = 0; i < 2; i++) assert.equal(socket.write(msg(i)), true);
  socket.setOutHwm(1);
  assert.equal(socket.write(msg("over")), false);
  assert.equal(peer.inbound.length, 2);
});
