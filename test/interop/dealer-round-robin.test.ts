// DEALER outbound load balancing across implementations: a bound DEALER with
// two connected DEALER peers must alternate its sends between them.
import { strict as assert } from "node:assert";
import { test } from "node:test";
import { orderedPairs } from "./impls.js";
import { withBag } from "../support/sockets.js";
import { transports } from "./harness.js";

for (const transport of transports) {
  for (const [binderImpl, peerImpl] of orderedPairs()) {
    const name = `DEALER ${transport} round-robin: ${binderImpl.name}-bind -> 2x ${peerImpl.name}-connect`;

    test(name, { timeout: 20_000 }, (t) =>
      withBag(t, async (s) => {
        const binder = s.make(binderImpl.Dealer);
        const address = await s.bind(binder, transport);
        const peers = [s.make(peerImpl.Dealer), s.make(peerImpl.Dealer)];
        for (const peer of peers) peer.connect(address);

        // Both connections are established once the binder has heard from both peers.
        await Promise.all(peers.map((peer, i) => peer.send(`hello-${i}`)));
        const hellos = [await binder.receive(), await binder.receive()].map((m) => m.map(String));
        assert.deepEqual(hellos.sort(), [["hello-0"], ["hello-1"]]);

        // Collect what each peer receives until all 4 messages are accounted for.
        const got: number[][] = [[], []];
        let total = 0;
        let finished = false;
        const allArrived = new Promise<void>((resolve, reject) => {
          peers.forEach(
            (peer, i) =>
              void (async () => {
                try {
                  while (total < 4) {
                    const [frame] = await peer.receive();
                    got[i]!.push(Number(String(frame)));
                    if (++total === 4) resolve();
                  }
                } catch (err) {
                  if (!finished) reject(err); // after the test, closing rejects pending receives
                }
              })(),
          );
        });

        for (let k = 0; k < 4; k++) await binder.send(String(k));
        await allArrived;
        finished = true;

        // Strict alternation: one peer gets 0 and 2, the other 1 and 3.
        const sorted = [...got].sort((x, y) => (x[0] ?? 99) - (y[0] ?? 99));
        assert.deepEqual(
          sorted,
          [
            [0, 2],
            [1, 3],
          ],
          `per-peer messages: ${JSON.stringify(got)}`,
        );
      }),
    );
  }
}
