// `for await (const msg of socket)`: a plain socket steps through its receive slot directly (each
// step resolving to its IteratorResult), a draft type whose receive() reshapes the message steps
// through that receive(). Both must keep receive()'s rules: one receive at a time (EBUSY), a
// receiveTimeout that expires is EAGAIN while the socket is open, and the end once it is closed.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmtpDraft from "../../src/draft.js";
import { outcome, sameOnBoth, turns } from "./same.js";

sameOnBoth(
  "a step while a receive() is pending rejects with EBUSY; the receive still gets the message",
  async (lib) => {
    const pull = new lib.Pull({ linger: 0 });
    const push = new lib.Push({ linger: 0 });
    try {
      await pull.bind("inproc://iterator-busy");
      push.connect("inproc://iterator-busy");
      const pending = pull.receive();
      const step = await outcome(() => pull[Symbol.asyncIterator]().next());
      await push.send("m");
      return [step, (await pending).map(String)];
    } finally {
      push.close();
      pull.close();
    }
  },
);

sameOnBoth("a step whose receiveTimeout expires rejects with EAGAIN, and the next step still works", async (lib) => {
  const pull = new lib.Pull({ linger: 0, receiveTimeout: 20 });
  const push = new lib.Push({ linger: 0 });
  try {
    await pull.bind("inproc://iterator-timeout");
    push.connect("inproc://iterator-timeout");
    const it = pull[Symbol.asyncIterator]();
    const expired = await outcome(() => it.next());
    await push.send("after");
    const next = (await it.next()) as IteratorResult<Buffer[]>;
    return [expired, next.done, next.done ? null : next.value.map(String)];
  } finally {
    push.close();
    pull.close();
  }
});

sameOnBoth("steps answered at once resolve in order, then the end once closed", async (lib) => {
  const pull = new lib.Pull({ linger: 0 });
  const push = new lib.Push({ linger: 0 });
  await pull.bind("inproc://iterator-order");
  push.connect("inproc://iterator-order");
  for (let i = 0; i < 5; i++) await push.send(String(i));
  await turns(2);
  const it = pull[Symbol.asyncIterator]();
  const got: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = (await it.next()) as IteratorResult<Buffer[]>;
    if (!r.done) got.push(String(r.value[0]));
  }
  push.close();
  pull.close();
  return [got, await it.next()];
});

test("a SERVER's iteration yields what its receive() gives: its body and { routingId }", async () => {
  const server = new zmtpDraft.Server({ linger: 0 });
  const client = new zmtpDraft.Client({ linger: 0 });
  try {
    await server.bind("inproc://iterator-server");
    client.connect("inproc://iterator-server");
    await client.send("hello");
    const r = await server[Symbol.asyncIterator]().next();
    assert.equal(r.done, false);
    const [body, options] = r.value as unknown as [Buffer, { routingId: number }];
    assert.equal(String(body), "hello");
    assert.equal(typeof options.routingId, "number");
  } finally {
    client.close();
    server.close();
  }
});
