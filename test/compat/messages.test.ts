/** v5-compat messaging: round trips, multipart via ZMQ_SNDMORE, callbacks, bindSync, pause/resume. */
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "../../src/v5-compat.js";
import { address, bind, missingClasses, next, nextMessage, send, until } from "./helpers.js";

const T = { timeout: 10000 };

for (const transport of ["tcp", "inproc"] as const) {
  test(`${transport}: pair round trip, message frames as listener arguments`, T, async () => {
    const a = zmq.socket("pair");
    const b = zmq.socket("pair");
    try {
      const ep = await bind(a, address(transport, "pair"));
      b.connect(ep);
      const got = next(a, "message");
      b.send("hello");
      const frames = await got;
      assert.equal(frames.length, 1);
      assert.ok(Buffer.isBuffer(frames[0]));
      assert.equal(String(frames[0]), "hello");
      a.send(["re", Buffer.from("ply")]);
      assert.deepEqual(await nextMessage(b), ["re", "ply"]);
    } finally {
      a.close();
      b.close();
    }
  });

  test(`${transport}: dealer multipart via ZMQ_SNDMORE accumulation (arrays flatten)`, T, async () => {
    const a = zmq.socket("dealer");
    const b = zmq.socket("dealer");
    try {
      const ep = await bind(a, address(transport, "sndmore"));
      b.connect(ep);
      const got = nextMessage(a);
      b.send(["tobi", "loki"], zmq.ZMQ_SNDMORE);
      b.send(["jane", "luna"], zmq.ZMQ_SNDMORE);
      b.send("manny");
      assert.deepEqual(await got, ["tobi", "loki", "jane", "luna", "manny"]);
      // A plain array is one multipart message without any flag.
      const got2 = nextMessage(a);
      b.send(["x", 15.99, null, Buffer.from("z")]);
      assert.deepEqual(await got2, ["x", "15.99", "", "z"]);
    } finally {
      a.close();
      b.close();
    }
  });

  test(`${transport}: push/pull, frames converted like v6 (string, number, Buffer)`, T, async (t) => {
    const skip = missingClasses("Push", "Pull");
    if (skip) return t.skip(skip);
    const push = zmq.socket("push");
    const pull = zmq.socket("pull");
    try {
      const ep = await bind(pull, address(transport, "pushpull"));
      push.connect(ep);
      const seen: string[] = [];
      const all = new Promise<void>((resolve) => {
        pull.on("message", (msg) => {
          seen.push(String(msg));
          if (seen.length === 3) resolve();
        });
      });
      push.send("string");
      push.send(15.99);
      push.send(Buffer.from("buffer"));
      await all;
      assert.deepEqual(seen, ["string", "15.99", "buffer"]);
    } finally {
      push.close();
      pull.close();
    }
  });

  test(`${transport}: send callbacks run once each message is queued, before the peer sees it`, T, async () => {
    const a = zmq.socket("dealer");
    const b = zmq.socket("dealer");
    try {
      const ep = await bind(a, address(transport, "cb"));
      b.connect(ep);
      let callbacks = 0;
      const cb = (err?: Error) => {
        assert.equal(err, undefined);
        callbacks++;
      };
      const counts: number[] = [];
      const done = new Promise<void>((resolve) => {
        a.on("message", () => {
          counts.push(callbacks);
          if (counts.length === 5) resolve();
        });
      });
      b.send("hello", null, cb);
      b.send("hello", undefined, cb);
      b.send("hello", 0, cb);
      b.send(["hello", "world"], 0, cb);
      b.send("two-argument form", cb);
      await done;
      // Each message's callback has run by the time the peer emits it.
      counts.forEach((c, i) => assert.ok(c >= i + 1, `message ${i + 1} seen after ${c} callbacks`));
      assert.equal(callbacks, 5);
    } finally {
      a.close();
      b.close();
    }
  });

  test(`${transport}: callbacks given with ZMQ_SNDMORE parts all run when the message is sent`, T, async () => {
    const a = zmq.socket("dealer");
    const b = zmq.socket("dealer");
    try {
      const ep = await bind(a, address(transport, "cbmore"));
      b.connect(ep);
      const calls: string[] = [];
      const got = nextMessage(a);
      b.send("p1", zmq.ZMQ_SNDMORE, () => calls.push("p1"));
      b.send("p2", zmq.ZMQ_SNDMORE);
      assert.equal(calls.length, 0);
      await new Promise<void>((resolve) => b.send("p3", 0, () => (calls.push("p3"), resolve())));
      assert.deepEqual(calls, ["p1", "p3"]);
      assert.deepEqual(await got, ["p1", "p2", "p3"]);
    } finally {
      a.close();
      b.close();
    }
  });

  test(`${transport}: bindSync, with sends issued before the bind completes`, T, async () => {
    const server = zmq.socket("dealer");
    const client = zmq.socket("dealer");
    try {
      let ep = address(transport, "bindsync");
      if (transport === "tcp") {
        // tcp listening is asynchronous in Node: bindSync starts it and queues what follows.
        server.monitor();
        const listening = next(server, "listen");
        server.bindSync(ep);
        server.send("early");
        ep = (await listening)[1]!;
      } else {
        server.bindSync(ep);
        assert.equal(server.last_endpoint, ep);
        server.send("early");
      }
      client.connect(ep);
      assert.deepEqual(await nextMessage(client), ["early"]);
    } finally {
      server.close();
      client.close();
    }
  });

  test(`${transport}: pause keeps messages back, resume delivers them in order`, T, async () => {
    const a = zmq.socket("dealer");
    const b = zmq.socket("dealer");
    try {
      const ep = await bind(a, address(transport, "pause"));
      b.connect(ep);
      await send(b, "warm-up");
      assert.deepEqual(await nextMessage(a), ["warm-up"]);
      a.pause();
      const seen: string[] = [];
      a.on("message", (m) => seen.push(String(m)));
      await send(b, "1");
      await send(b, "2");
      await send(b, "3");
      // Wait until the messages have reached a (ZMQ_EVENTS reports POLLIN): none is emitted.
      await until(() => ((a.getsockopt(zmq.ZMQ_EVENTS) as number) & zmq.ZMQ_POLLIN) !== 0);
      assert.equal(seen.length, 0);
      a.resume();
      await until(() => seen.length === 3);
      assert.deepEqual(seen, ["1", "2", "3"]);
    } finally {
      a.close();
      b.close();
    }
  });
}

test("paused sending: messages wait, callbacks run after resume", T, async () => {
  const a = zmq.socket("pair");
  const b = zmq.socket("pair");
  try {
    const ep = await bind(a, address("inproc", "pausesend"));
    b.connect(ep);
    b.pause();
    let sent = false;
    b.send("held", 0, () => (sent = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.equal(sent, false);
    const got = nextMessage(a);
    b.resume();
    assert.deepEqual(await got, ["held"]);
    assert.equal(sent, true);
  } finally {
    a.close();
    b.close();
  }
});

test("tcp: late connect, messages queued by the binder reach a peer that connects later", T, async () => {
  const server = zmq.socket("dealer");
  const client = zmq.socket("dealer");
  try {
    const ep = await bind(server, "tcp://127.0.0.1:*");
    server.send("string");
    server.send(15.99);
    server.send(Buffer.from("buffer"));
    const seen: string[] = [];
    const all = new Promise<void>((resolve) =>
      client.on("message", (m) => {
        seen.push(String(m));
        if (seen.length === 3) resolve();
      }),
    );
    client.connect(ep);
    await all;
    assert.deepEqual(seen, ["string", "15.99", "buffer"]);
  } finally {
    server.close();
    client.close();
  }
});
