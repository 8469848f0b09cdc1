// The bench's PUB→SUB rounds: a PUB drops past its high-water mark, so no round may exceed it, and
// the timed rounds must add up to exactly the messages the case reports a rate for.
import assert from "node:assert/strict";
import { test } from "node:test";
import { allCases, roundSizes, THROUGHPUT_HWM, type BenchCase } from "../../bench/cases.js";
import { Signals } from "../../bench/roles-pubsub.js";

function pubsubCase(count: number, round?: number, subscribers = 1, topics = false): BenchCase {
  return {
    id: "t",
    group: "t",
    kind: "pubsub",
    pattern: "pub-sub",
    transport: "tcp",
    mechanism: "null",
    size: 64,
    parts: 1,
    count,
    subscribers,
    topics,
    receiveStyle: "receive",
    impls: ["zmtp"],
    ...(round === undefined ? {} : { round }),
  };
}

test("a case without rounds is one cold round of its count", () => {
  assert.deepEqual(roundSizes(pubsubCase(10_000)), { sizes: [10_000], warmup: 0 });
});

test("rounds: a warm-up round as long as a round, then rounds adding up to the count", () => {
  assert.deepEqual(roundSizes(pubsubCase(250_000, 100_000)), {
    sizes: [100_000, 100_000, 100_000, 50_000],
    warmup: 1,
  });
  // A count below the round (a scaled-down run): the warm-up is no longer than the count.
  assert.deepEqual(roundSizes(pubsubCase(500, 100_000)), { sizes: [500, 500], warmup: 1 });
});

test("every pub-sub case of both modes: rounds within the HWM, whole for topics, timed ones adding up", () => {
  for (const quick of [false, true]) {
    const cases = allCases(quick).filter((c) => c.kind === "pubsub");
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const { sizes, warmup } = roundSizes(c);
      const timed = sizes.slice(warmup);
      assert.equal(
        timed.reduce((a, b) => a + b, 0),
        c.count,
        `${c.id}: timed rounds add up to the count`,
      );
      for (const n of sizes) {
        assert.ok(n > 0 && n <= THROUGHPUT_HWM, `${c.id}: round of ${n} within the HWM`);
        if (c.topics) assert.equal(n % c.subscribers, 0, `${c.id}: every topic gets as many of a round`);
      }
      // Small messages are warmed (their rates were the receiver's warm-up), large ones are not.
      assert.equal(warmup, c.size < 1024 ? 1 : 0, `${c.id}: warm-up round`);
    }
  }
});

test("Signals: a round's end may be told before or after it is awaited", async () => {
  const s = new Signals();
  s.fire(0);
  await s.when(0);
  let fired = false;
  const later = s.when(1).then(() => (fired = true));
  await Promise.resolve();
  assert.equal(fired, false);
  s.fire(1);
  await later;
  assert.equal(fired, true);
});
