// LoadBalancer over pipes without sockets: round robin, full pipes drop out until drained.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { PipeEnd } from "../../src/pipe/pipe.js";
import { LoadBalancer } from "../../src/routing/load-balancer.js";
import { msg, pipeWithSinks, RecordingSink, text } from "../pipe/fake-sink.js";

/** A load balancer over `n` pipes whose peers allow `hwm` messages; pipeWritable re-activates, as a socket does. */
function setup(n: number, hwm: number): { lb: LoadBalancer; peers: PipeEnd[]; ends: PipeEnd[] } {
  const lb = new LoadBalancer();
  const peers: PipeEnd[] = [];
  const ends: PipeEnd[] = [];
  for (let i = 0; i < n; i++) {
    const { socket, peer } = pipeWithSinks(10, hwm);
    socket.sink = new RecordingSink({ writable: (end) => lb.writeActivated(end) });
    lb.attach(socket);
    ends.push(socket);
    peers.push(peer);
  }
  return { lb, peers, ends };
}

const inbox = (p: PipeEnd): string[] => {
  const out: string[] = [];
  for (let m = p.read(); m !== undefined; m = p.read()) out.push(text(m)!);
  return out;
};

test("LoadBalancer: whole messages go round robin, one per pipe in turn", () => {
  const { lb, peers } = setup(3, 100);
  for (let i = 0; i < 9; i++) assert.equal(lb.send(msg(i)), true);
  assert.deepEqual(peers.map(inbox), [
    ["0", "3", "6"],
    ["1", "4", "7"],
    ["2", "5", "8"],
  ]);
});

test("LoadBalancer: a full pipe drops out and the others take its turn; all full means would-block", () => {
  const { lb, peers } = setup(2, 2);
  const sent: boolean[] = [];
  for (let i = 0; i < 5; i++) sent.push(lb.send(msg(i)));
  assert.deepEqual(sent, [true, true, true, true, false]);
  assert.equal(lb.hasOut(), false);
  assert.equal(lb.sendTo(), null);
  assert.deepEqual(peers.map(inbox), [
    ["0", "2"],
    ["1", "3"],
  ]);
});

test("LoadBalancer: a drained pipe (low-water mark) comes back into the rotation", () => {
  const { lb, peers, ends } = setup(2, 2);
  for (let i = 0; i < 4; i++) lb.send(msg(i));
  assert.equal(lb.send(msg("x")), false);
  peers[1]!.read(); // 1 left of 2 = low-water mark: pipe 1 is writable again
  assert.equal(lb.hasOut(), true);
  assert.equal(lb.sendTo(), ends[1]);
  assert.equal(lb.send(msg("x")), true);
  assert.equal(lb.send(msg("y")), false, "pipe 0 is still full, pipe 1 full again");
  assert.deepEqual(inbox(peers[1]!), ["3", "x"]);
});

test("LoadBalancer: a terminated pipe leaves the rotation", () => {
  const { lb, peers, ends } = setup(3, 100);
  lb.terminated(ends[1]!);
  for (let i = 0; i < 4; i++) lb.send(msg(i));
  assert.deepEqual(peers.map(inbox), [["0", "2"], [], ["1", "3"]]);
  lb.terminated(ends[0]!);
  lb.terminated(ends[2]!);
  assert.equal(lb.send(msg("none")), false);
  assert.equal(lb.hasOut(), false);
});

test("LoadBalancer: sendTo names the pipe the next send uses, without sending", () => {
  const { lb, peers, ends } = setup(2, 100);
  assert.equal(lb.sendTo(), ends[0]);
  assert.equal(lb.sendTo(), ends[0], "asking twice does not advance");
  lb.send(msg("a"));
  assert.equal(lb.sendTo(), ends[1]);
  assert.deepEqual(peers.map(inbox), [["a"], []]);
});
