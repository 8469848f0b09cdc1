// A PAIR that already has a peer refuses a second connection's pipe while the handshake hands it
// over. The refused connection must be closed (and the bind-side session dropped), not left
// paused on a dead pipe: paused, it never sees its peer leave, so each refused client leaked a
// connection and the client hung (found by the soak: a PAIR client restarting every 100 ms).
import assert from "node:assert/strict";
import { test } from "node:test";
import { Pair } from "../../src/index.js";
import { watch } from "../../src/monitor.js";

test("a second PAIR peer is closed, retries, and gets through once the first leaves", { timeout: 20000 }, async () => {
  const server = new Pair({ linger: 0 });
  const first = new Pair({ linger: 0 });
  const second = new Pair({ linger: 0, reconnectInterval: 20 });
  try {
    await server.bind("tcp://127.0.0.1:*");
    first.connect(server.lastEndpoint!);
    await first.send("from first");
    assert.deepEqual((await server.receive()).map(String), ["from first"]);

    // The second client's handshake succeeds, then the server closes it: it sees DISCONNECTED and retries.
    const w = watch(second);
    second.connect(server.lastEndpoint!);
    let handshakes = 0;
    for await (const ev of w) {
      if (ev.type === "HANDSHAKE_SUCCEEDED") handshakes++;
      if (ev.type === "CONNECT_RETRIED" && handshakes > 0) break;
    }
    w.close();

    // Once the first peer leaves, the second one's retry is accepted and its message arrives.
    const sent = second.send("from second");
    first.close();
    await sent;
    assert.deepEqual((await server.receive()).map(String), ["from second"]);
  } finally {
    server.close();
    first.close();
    second.close();
  }
});
