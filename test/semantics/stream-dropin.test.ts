// ZMQ_STREAM where a program can tell zmtp from the binding (issue 9, item 9): data sent just
// before close() reaches the raw peer at any linger, and connect(addr, {routingId}) makes the
// peer addressable at once (a send queues until the TCP connection is up).
import assert from "node:assert/strict";
import net from "node:net";
import { freePort } from "../monitor/differential-harness.js";
import { assertMsg, both, type Bag } from "./helpers.js";

/** What a raw TCP peer read until its connection ended, and whether it ended in an error. */
interface Received {
  data: string;
  error: string | null;
}

function collect(sock: net.Socket): Promise<Received> {
  const chunks: Buffer[] = [];
  let error: string | null = null;
  sock.on("data", (d: Buffer) => chunks.push(d));
  sock.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  return new Promise((resolve) =>
    sock.once("close", () => resolve({ data: Buffer.concat(chunks).toString("latin1"), error })),
  );
}

/** A connection the raw server accepted: the socket, and what it read until it ended. */
interface Accepted {
  sock: net.Socket;
  received: Promise<Received>;
}

/** A raw TCP server on `port` (0: any); `next()` resolves with its connections in order. */
async function rawServer(bag: Bag, port = 0): Promise<{ endpoint: string; next(): Promise<Accepted> }> {
  const queue: Accepted[] = [];
  let wake: (() => void) | null = null;
  const conns: net.Socket[] = [];
  const server = net.createServer((sock) => {
    conns.push(sock);
    queue.push({ sock, received: collect(sock) });
    wake?.();
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  bag.add({
    close: () => {
      for (const c of conns) c.destroy();
      server.close();
    },
  });
  return {
    endpoint: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async next() {
      while (queue.length === 0) await new Promise<void>((r) => (wake = r));
      return queue.shift()!;
    },
  };
}

for (const linger of [0, -1, 100]) {
  both(`STREAM connect side, linger ${linger}: data sent just before close() reaches the peer`, async (impl, bag) => {
    const server = await rawServer(bag);
    const stream = bag.make(impl.lib.Stream, { linger });
    stream.connect(server.endpoint, { routingId: "peer" });
    // The connect notification: the connection is up.
    assertMsg(await stream.receive(), ["peer", ""]);
    await stream.send(["peer", "last words"]);
    stream.close();
    assert.deepEqual(await (await server.next()).received, { data: "last words", error: null });
  });

  both(`STREAM bind side, linger ${linger}: data sent just before close() reaches the peer`, async (impl, bag) => {
    const stream = bag.make(impl.lib.Stream, { linger });
    const endpoint = await bag.bind(stream, "tcp");
    const u = new URL(endpoint);
    const client = net.connect({ host: u.hostname, port: Number(u.port) });
    bag.add({ close: () => client.destroy() });
    const received = collect(client);
    const [id] = await stream.receive();
    await stream.send([id, "bye"]);
    stream.close();
    assert.deepEqual(await received, { data: "bye", error: null });
  });
}

both("STREAM connect side: a large message sent just before close() (linger -1) arrives whole", async (impl, bag) => {
  const server = await rawServer(bag);
  const stream = bag.make(impl.lib.Stream, { linger: -1 });
  stream.connect(server.endpoint, { routingId: "peer" });
  assertMsg(await stream.receive(), ["peer", ""]);
  const big = Buffer.alloc(4 << 20, "z");
  await stream.send(["peer", big]);
  stream.close();
  const got = await (await server.next()).received;
  assert.equal(got.error, null);
  assert.equal(got.data.length, big.length);
});

both(
  "STREAM connect(addr, {routingId}) before the peer listens: the send queues and is delivered",
  async (impl, bag) => {
    const port = await freePort();
    // A linger, as in the reconnect test below: libzmq's engine writes the queued message after it
    // delivers the connect notification, so close() right after could discard it (seen once).
    const stream = bag.make(impl.lib.Stream, { sendTimeout: 0, reconnectInterval: 10, linger: 5000 });
    stream.connect(`tcp://127.0.0.1:${port}`, { routingId: "peer" });
    await stream.send(["peer", "early"]);
    const server = await rawServer(bag, port);
    assertMsg(await stream.receive(), ["peer", ""]);
    const conn = await server.next();
    stream.close();
    assert.deepEqual(await conn.received, { data: "early", error: null });
  },
);

both("STREAM connect side keeps its pipe and id across a reconnect; sends in between are queued", async (impl, bag) => {
  const server = await rawServer(bag);
  // A linger, so close() right after the reconnect cannot discard the queued message before the
  // new connection writes it (libzmq's engine writes it after it delivers the notification).
  const stream = bag.make(impl.lib.Stream, { sendTimeout: 0, reconnectInterval: 10, linger: 5000 });
  stream.connect(server.endpoint, { routingId: "peer" });
  assertMsg(await stream.receive(), ["peer", ""]);
  const first = await server.next();
  first.sock.destroy();
  // The disconnect notification, under the same id.
  assertMsg(await stream.receive(), ["peer", ""]);
  await stream.send(["peer", "while down"]);
  assertMsg(await stream.receive(), ["peer", ""]);
  const second = await server.next();
  stream.close();
  assert.deepEqual(await second.received, { data: "while down", error: null });
});
