// FairQueue over pipes without sockets: one message from each readable pipe in turn.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PipeEnd } from "../../src/pipe/pipe.js";
import { FairQueue } from "../../src/routing/fair-queue.js";
import { msg, pipeWithSinks, RecordingSink, text } from "../pipe/fake-sink.js";

/** A fair queue over `n` pipes; pipeReadable re-activates a pipe, as a socket does. */
function setup(n: number): { fq: FairQueue; ends: PipeEnd[]; peers: PipeEnd[] } {
  const fq = new FairQueue();
  const ends: PipeEnd[] = [];
  const peers: PipeEnd[] = [];
  for (let i = 0; i < n; i++) {
    const { socket, peer } = pipeWithSinks(100, 100);
    socket.sink = new RecordingSink({ readable: (end) => fq.readActivated(end) });
    fq.attach(socket);
    ends.push(socket);
    peers.push(peer);
  }
  return { fq, ends, peers };
}

const recvAll = (fq: FairQueue): string[] => {
  const out: string[] = [];
  for (let m = fq.recv(); m !== undefined; m = fq.recv()) out.push(text(m)!);
  return out;
};

test("FairQueue: one message from each readable pipe in turn, never two in a row from a busy one", () => {
  const { fq, peers } = setup(3);
  for (const m of ["a1", "a2", "a3"]) peers[0]!.write(msg(m));
  for (const m of ["b1"]) peers[1]!.write(msg(m));
  for (const m of ["c1", "c2"]) peers[2]!.write(msg(m));
  assert.equal(fq.hasIn(), true);
  assert.deepEqual(recvAll(fq), ["a1", "b1", "c1", "a2", "c2", "a3"]);
  assert.equal(fq.hasIn(), false);
});

test("FairQueue: lastPipe names where the last message came from", () => {
  const { fq, peers, ends } = setup(2);
  peers[1]!.write(msg("from 1"));
  assert.equal(text(fq.recv()), "from 1");
  assert.equal(fq.lastPipe, ends[1]);
});

test("FairQueue: an emptied pipe drops out and comes back when something arrives", () => {
  const { fq, peers } = setup(2);
  peers[0]!.write(msg("a"));
  assert.deepEqual(recvAll(fq), ["a"]);
  peers[1]!.write(msg("b"));
  peers[0]!.write(msg("c"));
  assert.deepEqual(recvAll(fq), ["b", "c"]);
});

test("FairQueue: messages queued before attach are readable at once", () => {
  const fq = new FairQueue();
  const { socket, peer } = pipeWithSinks(100, 100);
  peer.write(msg("early"));
  fq.attach(socket);
  assert.equal(fq.hasIn(), true);
  assert.equal(text(fq.recv()), "early");
});

test("FairQueue: a pipe whose peer went away stays until its queued messages are read", () => {
  const { fq, peers, ends } = setup(2);
  peers[0]!.write(msg("last words"));
  peers[0]!.terminate();
  fq.terminated(ends[0]!);
  peers[1]!.write(msg("other"));
  assert.deepEqual(recvAll(fq), ["last words", "other"]);
  assert.equal(fq.recv(), undefined);
  // Gone for good now: nothing more can come from it.
  assert.equal(ends[0]!.hasPending(), false);
});

test("FairQueue: a terminated pipe with nothing queued is dropped at once", () => {
  const { fq, peers, ends } = setup(2);
  peers[0]!.terminate();
  fq.terminated(ends[0]!);
  peers[1]!.write(msg("x"));
  assert.deepEqual(recvAll(fq), ["x"]);
  assert.equal(fq.lastPipe, ends[1]);
});
