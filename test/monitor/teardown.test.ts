import assert from "node:assert/strict";
import { test } from "node:test";
import { Context, Dealer } from "../../src/index.js";
import { terminate } from "../../src/context.js";
import { ContextState } from "../../src/context/context-core.js";
import { socketCore } from "../../src/api/socket.js";
import { contextCore, context } from "../../src/api/context.js";
import { EVENT_NAMES } from "../../src/events/events.js";
import { SocketState } from "../../src/socket/base.js";

test(
  "close(): listeners, then in-flight connects, then MONITOR_STOPPED last, all while Closing; then the context forgets the socket",
  { timeout: 10000 },
  async () => {
    const s = new Dealer({ linger: 0 });
    const core = socketCore(s);
    const seen: Array<[string, SocketState]> = [];
    core.addTap({
      deliver: (event) => seen.push([EVENT_NAMES[event] ?? String(event), core.state]),
      socketClosed: () => seen.push(["MONITOR_STOPPED", core.state]),
    });
    assert.equal(core.state, SocketState.Open);
    await s.bind("tcp://127.0.0.1:*");
    s.connect("tcp://127.0.0.1:9"); // discard port: the connect stays in flight or retrying
    assert.ok(contextCore(context).sockets.has(core));
    seen.length = 0;
    s.close();
    assert.equal(core.state, SocketState.Closed);
    assert.equal(core.closed, true);
    assert.equal(contextCore(context).sockets.has(core), false);
    assert.equal(seen.at(-1)?.[0], "MONITOR_STOPPED");
    assert.ok(
      seen.every(([, state]) => state === SocketState.Closing),
      JSON.stringify(seen),
    );
    // The listener's CLOSED comes first; whatever the connect side reports comes after it.
    assert.equal(seen[0]?.[0], "CLOSED");
    s.close(); // idempotent: nothing more
    assert.equal(seen.at(-1)?.[0], "MONITOR_STOPPED");
    assert.equal(seen.filter(([n]) => n === "MONITOR_STOPPED").length, 1);
  },
);

test("terminate(): every socket closes while the context is Terminating; then it is Terminated", () => {
  const ctx = new Context();
  const core = contextCore(ctx);
  const states: ContextState[] = [];
  for (let i = 0; i < 2; i++) {
    const s = new Dealer({ context: ctx, linger: 0 });
    socketCore(s).addTap({ deliver: () => {}, socketClosed: () => states.push(core.state) });
  }
  assert.equal(core.state, ContextState.Active);
  terminate(ctx);
  assert.deepEqual(states, [ContextState.Terminating, ContextState.Terminating]);
  assert.equal(core.state, ContextState.Terminated);
  assert.equal(core.terminated, true);
  assert.equal(core.sockets.size, 0);
  assert.throws(() => new Dealer({ context: ctx }), { code: "ETERM" });
});
