// ROUTER connect with {routingId}: the peer is addressable at once, before any connection
// exists, over inproc as over tcp (issue 9, item 10). A send to that id queues; it is not
// EHOSTUNREACH even with ROUTER_MANDATORY.
import assert from "node:assert/strict";
import { freePort } from "../monitor/differential-harness.js";
import { assertMsg, both } from "./helpers.js";

both(
  "ROUTER connect(inproc, {routingId}) before the bind: a mandatory send queues, delivered once bound",
  async (impl, bag) => {
    const router = bag.make(impl.lib.Router, { mandatory: true, sendTimeout: 0 });
    const endpoint = bag.endpoint("inproc");
    router.connect(endpoint, { routingId: "B" });
    await router.send(["B", "early"]);
    const dealer = bag.make(impl.lib.Dealer, { routingId: "D" });
    await dealer.bind(endpoint);
    assertMsg(await dealer.receive(), ["early"]);
    await dealer.send("back");
    // The binder's reply arrives under the id the connect gave it, not the binder's own.
    assertMsg(await router.receive(), ["B", "back"]);
  },
);

both("ROUTER connect(tcp, {routingId}) before the peer listens: a mandatory send queues", async (impl, bag) => {
  const endpoint = `tcp://127.0.0.1:${await freePort()}`;
  const router = bag.make(impl.lib.Router, { mandatory: true, sendTimeout: 0, reconnectInterval: 10 });
  router.connect(endpoint, { routingId: "B" });
  await router.send(["B", "early"]);
  const dealer = bag.make(impl.lib.Dealer);
  await dealer.bind(endpoint);
  assertMsg(await dealer.receive(), ["early"]);
});

both(
  "ROUTER connect(inproc) without a routingId before the bind: the peer has no id yet (EHOSTUNREACH)",
  async (impl, bag) => {
    const router = bag.make(impl.lib.Router, { mandatory: true, sendTimeout: 0 });
    router.connect(bag.endpoint("inproc"));
    await assert.rejects(router.send(["B", "x"]), { code: "EHOSTUNREACH" });
  },
);
