// Issue 11 item 4: a socket whose `socket.events` nobody reads keeps a backlog of up to 1000
// events. It must not keep the closed connections behind them alive: the backlog used to hold
// Error objects whose captured stack traces referenced each failed connection's engine, stream
// and buffers (+32 MB for 1000 closed connections when each engine had a 64 KiB slab; still
// 1.7 MB with today's 1 KiB first slab; 0.3-0.5 MB once the backlog holds numbers and strings).
import assert from "node:assert/strict";
import net from "node:net";
import { test } from "node:test";
import { Dealer } from "../../src/index.js";
import { heldBytes } from "../support/memory.js";
import { greeting } from "./hostile.js";

test("1000 failed connections behind an unread socket.events cost little memory", { timeout: 60000 }, async () => {
  const server = new Dealer({ linger: 0 });
  try {
    await server.bind("tcp://127.0.0.1:*");
    const port = Number(server.lastEndpoint!.split(":").at(-1));
    const failOne = () =>
      new Promise<void>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => {
          // A mechanism mismatch: HANDSHAKE_FAILED_PROTOCOL (an Error in the v6 event), then DISCONNECTED.
          s.write(greeting("PLAIN"));
        });
        s.on("error", () => {});
        s.on("close", () => resolve());
        s.on("data", () => {});
      });
    for (let i = 0; i < 100; i++) await failOne(); // warm-up: code, pools
    const before = heldBytes();
    for (let i = 0; i < 1000; i += 50) await Promise.all(Array.from({ length: 50 }, failOne));
    const growth = heldBytes() - before;
    assert.ok(growth < 1 << 20, `${(growth / (1 << 20)).toFixed(1)} MiB held for 1000 unread events`);
    // The events are all there to read, with their errors, built now.
    const first = await server.events.receive();
    assert.ok(first.type === "accept" || first.type.startsWith("handshake") || first.type === "disconnect");
    let protocolErrors = 0;
    for (let i = 0; i < 999 && protocolErrors === 0; i++) {
      const ev = await server.events.receive();
      if (ev.type === "handshake:error:protocol") {
        assert.equal(ev.error.code, "ERR_ZMTP_MECHANISM_MISMATCH");
        protocolErrors++;
      }
    }
    assert.equal(protocolErrors, 1);
  } finally {
    server.close();
  }
});
