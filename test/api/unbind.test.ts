import assert from "node:assert/strict";
import { test } from "node:test";
import { Dealer } from "../../src/index.js";

test(
  "unbindSync really unbinds (the binding's maps it to bind and throws EADDRINUSE)",
  { timeout: 10000 },
  async () => {
    const a = new Dealer({ linger: 0 });
    const b = new Dealer({ linger: 0 });
    try {
      await a.bind("tcp://127.0.0.1:*");
      const ep = a.lastEndpoint!;
      a.unbindSync(ep);
      await b.bind(ep); // the port is free again
      assert.equal(b.lastEndpoint, ep);
      assert.throws(() => a.unbindSync(ep), { code: "ENOENT" });
    } finally {
      a.close();
      b.close();
    }
  },
);
