// Compile-time: a program written against `zeromq/draft`'s types compiles against zmtp/draft
// (tsc checks this file with the rest of the tests), and the draft classes are Sockets.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Socket } from "../../src/index.js";
import { Channel, Client, Datagram, Dish, Gather, Peer, Radio, Scatter, Server } from "../../src/draft.js";
import type { DishMessage, ServerMessage } from "../../src/draft.js";

/** Uses each class the way the binding's draft.d.ts types them; never called. */
export async function typedAsTheBinding(): Promise<void> {
  const server = new Server({ receiveTimeout: 10, sendHighWaterMark: 5 });
  const [request, { routingId }] = await server.receive();
  await server.send(request, { routingId });
  for await (const [msg, meta] of server) await server.send(msg, { routingId: meta.routingId });
  const client = new Client();
  const [reply]: [Buffer] = await client.receive();
  await client.send(reply);
  const radio = new Radio({ multicastHops: 2 });
  await radio.send("body", { group: Buffer.from("g") });
  const dish = new Dish();
  dish.join("a", Buffer.from("b"));
  dish.leave("a");
  const [body, { group }]: [Buffer, { group: Buffer }] = await dish.receive();
  const gather = new Gather({ conflate: true });
  const [one] = await gather.receive();
  const scatter = new Scatter();
  scatter.conflate = false;
  await scatter.send(one);
  const datagram = new Datagram();
  const [address, payload] = await datagram.receive();
  await datagram.send([address, payload]);
  const peer = new Peer();
  const id: number = peer.connect("tcp://127.0.0.1:5555");
  await peer.send(Buffer.concat([body, group]), { routingId: id });
  const channel = new Channel();
  await channel.send("x");
  const sockets: Socket[] = [server, client, radio, dish, gather, scatter, datagram, peer, channel];
  for (const s of sockets) void s.events;
  const tagged: [ServerMessage, DishMessage] | null = null;
  void tagged;
}

test("the draft classes are Sockets of the root module", () => {
  for (const Cls of [Server, Client, Radio, Dish, Gather, Scatter, Datagram, Peer, Channel]) {
    const s = new Cls({ linger: 0 });
    assert.ok(s instanceof Socket);
    s.close();
  }
});
