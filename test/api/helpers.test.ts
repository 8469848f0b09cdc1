import assert from "node:assert/strict";
import { test } from "node:test";
import { Pull, Push } from "../../src/index.js";
import { QueuedSender, onMessage } from "../../src/helpers.js";

test("QueuedSender: fire-and-forget sends never throw EBUSY and arrive in order", { timeout: 10000 }, async () => {
  const push = new Push({ linger: 0, sendHighWaterMark: 5 });
  const pull = new Pull({ linger: 0, receiveHighWaterMark: 5 });
  try {
    const other = new Push({ linger: 0 });
    const first = other.send("a"); // no peer: this send waits
    // The binding's behaviour stays: a second concurrent send is EBUSY...
    assert.throws(() => void other.send("b"), { code: "EBUSY" });
    other.close();
    await assert.rejects(first, { code: "EAGAIN" });
    const q = new QueuedSender(push); // ...while a queue (its socket's only sender) takes any number
    const sends = Array.from({ length: 100 }, (_, i) => q.send(String(i)));
    assert.ok(q.pending >= 99);
    await pull.bind("inproc://queued");
    push.connect("inproc://queued");
    const got: string[] = [];
    const stop = onMessage(pull, ([m]) => got.push(String(m)));
    await Promise.all(sends);
    while (got.length < 100) await new Promise((r) => setImmediate(r));
    stop();
    assert.deepEqual(
      got,
      Array.from({ length: 100 }, (_, i) => String(i)),
    );
  } finally {
    push.close();
    pull.close();
  }
});
