// What each compatible draft pair does once connected, shared by the interop and zmtp↔zmtp matrices.
import assert from "node:assert/strict";
import { untilJoined, type DraftClass, type DraftSock } from "./helpers.js";

export interface Exchange {
  readonly name: string;
  readonly a: DraftClass;
  readonly b: DraftClass;
  /**
   * Moves messages between a and b, which are connected (either may have bound); `connected`
   * says which one connected and what its connect() returned (a Peer's routing id).
   */
  run(a: DraftSock, b: DraftSock, connected: { readonly by: "a" | "b"; readonly returned: unknown }): Promise<void>;
}

export const EXCHANGES: readonly Exchange[] = [
  {
    name: "SERVER↔CLIENT",
    a: "Server",
    b: "Client",
    async run(server, client) {
      await client.send("hello");
      const [body, meta] = (await server.receive()) as unknown as [Buffer, { routingId: number }];
      assert.equal(body.toString(), "hello");
      assert.ok(Number.isInteger(meta.routingId) && meta.routingId > 0, `routing id ${meta.routingId}`);
      await server.send("reply", { routingId: meta.routingId });
      assert.deepEqual((await client.receive()).map(String), ["reply"]);
      await client.send("again");
      const [, again] = (await server.receive()) as unknown as [Buffer, { routingId: number }];
      assert.equal(again.routingId, meta.routingId, "a peer keeps its routing id");
      const stranger = (meta.routingId + 1000) >>> 0 || 1;
      await assert.rejects(server.send("x", { routingId: stranger }), {
        code: "EHOSTUNREACH",
        message: "Host unreachable",
      });
      await assert.rejects(client.send(["a", "b"]), { code: "EINVAL" });
    },
  },
  {
    name: "RADIO↔DISH",
    a: "Radio",
    b: "Dish",
    async run(radio, dish) {
      dish.join("g1", "g2");
      await untilJoined(radio, dish, "g1");
      await radio.send("not joined", { group: "other" });
      await radio.send("m2", { group: "g2" });
      await radio.send("m1", { group: "g1" });
      const got = [await dish.receive(), await dish.receive()] as unknown as Array<[Buffer, { group: Buffer }]>;
      assert.deepEqual(
        got.map(([b, m]) => [b.toString(), m.group.toString()]),
        [
          ["m2", "g2"],
          ["m1", "g1"],
        ],
      );
      dish.leave("g1");
      await radio.send("left", { group: "g1" });
      await radio.send("m3", { group: "g2" });
      const [b3, m3] = (await dish.receive()) as unknown as [Buffer, { group: Buffer }];
      assert.deepEqual([b3.toString(), m3.group.toString()], ["m3", "g2"]);
      await assert.rejects(radio.send(["a", "b"], { group: "g2" }), { code: "EINVAL" });
    },
  },
  {
    name: "SCATTER→GATHER",
    a: "Scatter",
    b: "Gather",
    async run(scatter, gather) {
      const sent = ["s1", "s2", "s3", "s4", "s5"];
      for (const m of sent) await scatter.send(m);
      const got: string[] = [];
      for (let i = 0; i < sent.length; i++) got.push(String((await gather.receive())[0]));
      assert.deepEqual(got, sent);
      await assert.rejects(scatter.send(["a", "b"]), { code: "EINVAL" });
    },
  },
];

/** The pairs the binding lacks (libzmq has them, `zeromq/draft` does not expose them). */
export const ZMTP_ONLY_EXCHANGES: readonly Exchange[] = [
  {
    name: "PEER↔PEER",
    a: "Peer",
    b: "Peer",
    async run(a, b, connected) {
      const [from, to] = connected.by === "a" ? [a, b] : [b, a];
      const id = connected.returned as number;
      assert.ok(Number.isInteger(id) && id > 0, `connect returns a routing id (${id})`);
      // The id is valid before the handshake: this send is queued until it completes.
      await from.send("first", { routingId: id });
      const [body, meta] = (await to.receive()) as unknown as [Buffer, { routingId: number }];
      assert.equal(body.toString(), "first");
      await to.send("back", { routingId: meta.routingId });
      const [reply, replyMeta] = (await from.receive()) as unknown as [Buffer, { routingId: number }];
      assert.deepEqual(
        [reply.toString(), replyMeta.routingId],
        ["back", id],
        "the reply carries the id connect returned",
      );
      await assert.rejects(from.send(["a", "b"], { routingId: id }), { code: "EINVAL" });
      await assert.rejects(to.send("x", { routingId: (meta.routingId + 1000) >>> 0 || 1 }), { code: "EHOSTUNREACH" });
    },
  },
  {
    name: "CHANNEL↔CHANNEL",
    a: "Channel",
    b: "Channel",
    async run(a, b) {
      await a.send("to b");
      assert.deepEqual((await b.receive()).map(String), ["to b"]);
      await b.send("to a");
      assert.deepEqual((await a.receive()).map(String), ["to a"]);
      await assert.rejects(a.send(["x", "y"]), { code: "EINVAL" });
    },
  },
];

/** A receive timeout, so a broken cell fails with EAGAIN instead of waiting for the test's timeout. */
export function receiving(cls: DraftClass): Record<string, unknown> {
  return cls === "Radio" || cls === "Scatter" ? {} : { receiveTimeout: 10_000 };
}
