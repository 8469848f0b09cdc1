import assert from "node:assert/strict";
import { constants as osc } from "node:os";
import { test } from "node:test";
import { Dealer } from "../../src/index.js";
import { watch, type DetailedEvent } from "../../src/monitor.js";

test("ACCEPT_FAILED: a peer rejected by tcpAcceptFilter; allowed peers still connect", { timeout: 10000 }, async () => {
  const server = new Dealer({ linger: 0 });
  const w = watch(server);
  server.tcpAcceptFilter = "10.1.2.3"; // only this address may connect
  const blocked = new Dealer({ linger: 0, reconnectInterval: 10000 });
  const allowed = new Dealer({ linger: 0 });
  try {
    await server.bind("tcp://127.0.0.1:*");
    const ep = server.lastEndpoint!;
    blocked.connect(ep);
    const seen: DetailedEvent[] = [];
    for await (const ev of w) {
      seen.push(ev);
      if (ev.type === "ACCEPT_FAILED") break;
    }
    assert.deepEqual(
      seen.map((e) => e.type),
      ["LISTENING", "ACCEPT_FAILED"],
    );
    const failed = seen[1]!;
    assert.ok(failed.type === "ACCEPT_FAILED" && failed.errno === osc.errno.EAGAIN);
    assert.equal(failed.endpoint, ep);
    assert.throws(() => server.tcpAcceptFilter, { code: "EINVAL" }); // write-only, as in the binding
    server.tcpAcceptFilter = "127.0.0.0/8"; // now loopback is allowed too
    allowed.connect(ep);
    await allowed.send("in");
    assert.deepEqual((await server.receive()).map(String), ["in"]);
    server.tcpAcceptFilter = null; // clears the list
    assert.throws(() => (server.tcpAcceptFilter = "not-an-ip"), { code: "EINVAL" });
  } finally {
    server.close();
    blocked.close();
    allowed.close();
    w.close();
  }
});
