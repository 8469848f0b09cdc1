// Connection lifecycle: conflate, linger on close, reconnect after the peer restarts,
// heartbeats between two of our sockets, connectTimeout, immediate.
import assert from "node:assert/strict";
import net from "node:net";
import { Worker } from "node:worker_threads";
import { RawConn } from "./raw.js";
import { both, eventsBeforeSentinel, flush, nextEvent, publishUntilReceived, strs, type Sock } from "./helpers.js";

// ---- conflate ----------------------------------------------------------------------------

// (libzmq's conflate supports single-part messages only, and on inproc the connecting
// socket's option decides whether the pipe conflates.)
both("conflate: a PULL keeps only the newest message of a burst (inproc)", async (impl, bag) => {
  const pull = bag.make(impl.lib.Pull, { conflate: true });
  const push = bag.make(impl.lib.Push);
  pull.connect(await bag.bind(push, "inproc"));
  for (let i = 0; i < 10; i++) await push.send(`burst ${i}`);
  assert.deepEqual(strs(await pull.receive()), ["burst 9"]);
  // inproc: every send has landed already, so nothing else is queued.
  assert.equal(pull.readable, false, "older messages were discarded");
});

both("conflate: a PULL receives only a few of a 1000-message tcp burst, ending with the newest", async (impl, bag) => {
  const pull = bag.make(impl.lib.Pull, { conflate: true });
  const push = bag.make(impl.lib.Push);
  push.connect(await bag.bind(pull, "tcp"));
  const n = 1000;
  for (let i = 0; i < n; i++) await push.send(String(i));
  const got: number[] = [];
  while (got[got.length - 1] !== n - 1) got.push(Number((await pull.receive())[0]!.toString()));
  assert.ok(got.length < n / 2, `received ${got.length} of ${n}`);
  for (let i = 1; i < got.length; i++) assert.ok(got[i]! > got[i - 1]!, "in order");
  // The newest message was sent last, and one connection keeps order: nothing can follow it.
  assert.equal(pull.readable, false);
});

both("conflate: a SUB keeps only the latest value", async (impl, bag) => {
  const pub = bag.make(impl.lib.Publisher);
  const sub = bag.make(impl.lib.Subscriber, { conflate: true });
  sub.connect(await bag.bind(pub, "inproc"));
  sub.subscribe("");
  await publishUntilReceived(pub, sub, "warm-up");
  await flush(pub, sub);
  for (let i = 0; i < 50; i++) await pub.send(`value ${i}`);
  assert.deepEqual(strs(await sub.receive()), ["value 49"]);
  assert.equal(sub.readable, false, "inproc: the older values were discarded");
});

// ---- linger ------------------------------------------------------------------------------

const BIG = 4 * 1024 * 1024;

for (const linger of [-1, 2000]) {
  both(`linger ${linger}: a message sent just before close still arrives (tcp, connected)`, async (impl, bag) => {
    const pull = bag.make(impl.lib.Pull);
    const address = await bag.bind(pull, "tcp");
    const push = new impl.lib.Push({ linger }) as unknown as Sock;
    try {
      push.connect(address);
      await push.send("warm-up");
      assert.deepEqual(strs(await pull.receive()), ["warm-up"]);
      await push.send(["last words", Buffer.alloc(BIG, 1)]);
      await push.send("really last");
      push.close();
    } finally {
      push.close();
    }
    const m = await pull.receive();
    assert.equal(m[0]!.toString(), "last words");
    assert.equal(m[1]!.length, BIG);
    assert.deepEqual(strs(await pull.receive()), ["really last"]);
  });

  both(
    `linger ${linger}: a message sent before the connection is up still arrives after close (tcp)`,
    async (impl, bag) => {
      const pull = bag.make(impl.lib.Pull);
      const address = await bag.bind(pull, "tcp");
      const push = new impl.lib.Push({ linger }) as unknown as Sock;
      try {
        push.connect(address);
        await push.send("sent while connecting"); // queued in the pipe (immediate is off)
        push.close();
      } finally {
        push.close();
      }
      assert.deepEqual(strs(await pull.receive()), ["sent while connecting"]);
    },
  );
}

// ---- reconnect ---------------------------------------------------------------------------

for (const transport of ["tcp", "ipc"] as const) {
  both(
    `reconnect (${transport}): after the server closes and a new one binds the same endpoint, messages flow again`,
    async (impl, bag) => {
      let server = bag.make(impl.lib.Dealer);
      const address = await bag.bind(server, transport);
      const client = bag.make(impl.lib.Dealer);
      const events = client.events;
      client.connect(address);
      await client.send("to first server");
      assert.deepEqual(strs(await server.receive()), ["to first server"]);
      await server.send("from first server");
      assert.deepEqual(strs(await client.receive()), ["from first server"]);

      server.close();
      await nextEvent({ events }, "disconnect");
      // Sent while no server exists: queued on the connect side (immediate is off).
      await client.send("queued while down");
      server = bag.make(impl.lib.Dealer);
      await server.bind(address);
      assert.deepEqual(strs(await server.receive()), ["queued while down"]);
      await client.send("to second server");
      assert.deepEqual(strs(await server.receive()), ["to second server"]);
      await server.send("from second server");
      assert.deepEqual(strs(await client.receive()), ["from second server"]);
    },
    { timeout: 20_000 },
  );
}

both("reconnect: a bound PULL that restarts gets a connected PUSH's later messages", async (impl, bag) => {
  let pull = bag.make(impl.lib.Pull);
  const address = await bag.bind(pull, "tcp");
  const push = bag.make(impl.lib.Push);
  push.connect(address);
  const events = push.events;
  await push.send("1");
  assert.deepEqual(strs(await pull.receive()), ["1"]);
  pull.close();
  // (A message sent before the PUSH notices may go into the dead connection and be lost.)
  await nextEvent({ events }, "disconnect");
  pull = bag.make(impl.lib.Pull);
  await pull.bind(address);
  await push.send("2");
  assert.deepEqual(strs(await pull.receive()), ["2"]);
});

// ---- heartbeats between two of our sockets ------------------------------------------------

both("heartbeats: a live peer answers PINGs, so the connection outlives several timeouts", async (impl, bag) => {
  const server = bag.make(impl.lib.Dealer, { heartbeatInterval: 50, heartbeatTimeout: 150 });
  const events = server.events;
  const client = bag.make(impl.lib.Dealer, { heartbeatInterval: 50, heartbeatTimeout: 150, heartbeatTimeToLive: 500 });
  const address = await bag.bind(server, "tcp");
  client.connect(address);
  await client.send("hi");
  assert.deepEqual(strs(await server.receive()), ["hi"]);
  await nextEvent({ events }, "handshake");
  // The clock is the server's own heartbeat timeout: a raw peer that completes the handshake
  // and then never answers a PING is dropped by it, again and again, while the live client,
  // silent too but answering PINGs, stays connected.
  for (let round = 0; round < 4; round++) {
    const raw = await RawConn.connect(address);
    bag.add({ close: () => raw.destroy() });
    const seen: string[] = [];
    await raw.handshake("DEALER");
    await nextEvent({ events }, "disconnect", seen);
    assert.deepEqual(seen, ["accept", "handshake", "disconnect"], `round ${round}: one raw peer in, out`);
    raw.destroy();
  }
  assert.equal(server.readable, false, "only PING/PONG flowed");
  await client.send("still there");
  assert.deepEqual(strs(await server.receive()), ["still there"]);
});

// ---- connectTimeout ------------------------------------------------------------------------

/**
 * A tcp port whose connects hang: a listener (backlog 1) in a worker thread whose event loop
 * is blocked, so nothing is ever accepted, with its accept queue filled by plain sockets.
 */
async function blackholePort(): Promise<{ port: number; release(): Promise<void> }> {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const net = require("node:net");
    const srv = net.createServer();
    srv.listen({ host: "127.0.0.1", port: 0, backlog: 1 }, () => {
      parentPort.postMessage(srv.address().port);
      Atomics.wait(new Int32Array(workerData), 0, 0, 60000);
      srv.close();
    });`;
  const sab = new SharedArrayBuffer(4);
  const worker = new Worker(code, { eval: true, workerData: sab });
  const port = await new Promise<number>((resolve) => worker.once("message", resolve));
  const fillers: net.Socket[] = [];
  // Fill the accept queue (backlog 1 holds two connections); later SYNs are dropped, so the
  // connects of the sockets under test hang (the untimed one below shows it never completes).
  for (let i = 0; i < 2; i++) {
    const s = net.connect({ host: "127.0.0.1", port });
    s.on("error", () => {});
    fillers.push(s);
    await new Promise<void>((resolve) => s.once("connect", resolve));
  }
  for (let i = 0; i < 2; i++) {
    const s = net.connect({ host: "127.0.0.1", port });
    s.on("error", () => {});
    fillers.push(s);
  }
  return {
    port,
    async release() {
      Atomics.notify(new Int32Array(sab), 0);
      for (const s of fillers) s.destroy();
      await worker.terminate();
    },
  };
}

both("connectTimeout: a connect that hangs is abandoned after the timeout and retried", async (impl, bag) => {
  const hole = await blackholePort();
  try {
    const timed = bag.make(impl.lib.Dealer, { connectTimeout: 150, reconnectInterval: 100 });
    const untimed = bag.make(impl.lib.Dealer, { reconnectInterval: 100 });
    const te = timed.events;
    const ue = untimed.events;
    const t0 = Date.now();
    timed.connect(`tcp://127.0.0.1:${hole.port}`);
    untimed.connect(`tcp://127.0.0.1:${hole.port}`);
    const seen: string[] = [];
    await nextEvent({ events: te }, "connect:delay", seen);
    await nextEvent({ events: te }, "close", seen);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 140, `closed after ${elapsed} ms`);
    const retry = await nextEvent({ events: te }, "connect:retry", seen);
    assert.ok(typeof retry.interval === "number" && retry.interval >= 100, `interval ${String(retry.interval)}`);
    await nextEvent({ events: te }, "connect:delay", seen);
    // The timed socket is the clock: once it has abandoned a second attempt, the untimed one
    // has waited well past the timeout too. Without connectTimeout its connect just stays pending.
    await nextEvent({ events: te }, "close", seen);
    const useen: string[] = [];
    await nextEvent({ events: ue }, "connect:delay", useen);
    assert.deepEqual(await eventsBeforeSentinel(untimed), [], "untimed socket: nothing after CONNECT_DELAYED");
  } finally {
    await hole.release();
  }
});

// ---- immediate -----------------------------------------------------------------------------

both("immediate: no queueing to a peer that is not connected yet (send times out with EAGAIN)", async (impl, bag) => {
  const server = bag.make(impl.lib.Dealer);
  const address = bag.endpoint("ipc");
  const client = bag.make(impl.lib.Dealer, { immediate: true, sendTimeout: 100 });
  const events = client.events;
  client.connect(address);
  await assert.rejects(client.send("too early"), (err: { code?: string }) => err.code === "EAGAIN");
  await server.bind(address);
  await nextEvent({ events }, "handshake");
  client.sendTimeout = -1;
  await client.send("once connected");
  // Had the early message been queued, it would have arrived first (one pipe keeps order).
  assert.deepEqual(strs(await server.receive()), ["once connected"], "the early message was never queued");
});

both("immediate off (default): a message sent before the peer exists is queued and delivered", async (impl, bag) => {
  const server = bag.make(impl.lib.Dealer);
  const address = bag.endpoint("ipc");
  const client = bag.make(impl.lib.Dealer, { sendTimeout: 100 });
  client.connect(address);
  await client.send("early");
  await server.bind(address);
  assert.deepEqual(strs(await server.receive()), ["early"]);
});

both("immediate: round-robin skips a peer that is still connecting", async (impl, bag) => {
  const live = bag.make(impl.lib.Pull);
  const liveAddress = await bag.bind(live, "tcp");
  const push = bag.make(impl.lib.Push, { immediate: true });
  const events = push.events;
  push.connect(bag.endpoint("ipc")); // nobody there
  push.connect(liveAddress);
  await nextEvent({ events }, "handshake");
  for (let i = 0; i < 4; i++) await push.send(String(i));
  for (let i = 0; i < 4; i++) assert.deepEqual(strs(await live.receive()), [String(i)]);
});
