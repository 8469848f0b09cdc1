// The hostile-peer attacks at full size, against zmtp and against libzmq (the binding), for
// docs/robustness.md:  node dist/test/robust/hostile-report.js [scale] [impls] [transport]
// scale 5: 500 000 frames, 250 000 PINGs, a 3.5 MB metadata bomb, 2 000 reconnects, 500
// half-open and 1 000 garbage connections. Prints one markdown row per attack and implementation.
import * as zmq from "zeromq";
import { Dealer } from "../../src/index.js";
import { ATTACKS, measure, type ArenaImpl, type Transport } from "./hostile.js";

const scale = Number(process.argv[2] ?? 5);
const impls = (process.argv[3] ?? "zmtp,libzmq").split(",");
const transport = (process.argv[4] ?? "tcp") as Transport;
const IMPLS: Record<string, ArenaImpl> = {
  zmtp: { name: "zmtp", Dealer: Dealer as unknown as ArenaImpl["Dealer"] },
  libzmq: { name: "libzmq", Dealer: zmq.Dealer as unknown as ArenaImpl["Dealer"] },
};
const mb = (n: number) => (n / (1 << 20)).toFixed(1);
console.log(
  `| attack (scale ${scale}, ${transport}) | impl | dropped | events | held MiB | RSS MiB | good peer | note |`,
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const attack of ATTACKS) {
  for (const name of impls) {
    // An attack the binding cannot survive would hang here: give each a deadline.
    const o = await Promise.race([
      measure(IMPLS[name]!, transport, attack, scale),
      new Promise<null>((r) => setTimeout(() => r(null), 120_000).unref()),
    ]);
    if (!o) {
      console.log(`| ${attack.name} | ${name} | (no result in 120 s) | | | | | |`);
      continue;
    }
    console.log(
      `| ${attack.name} | ${name} | ${o.dropped ? "yes" : "no"} | ${o.events.join(", ")} | ${mb(o.heldGrowth)} | ` +
        `${mb(o.rssGrowth)} | ${(o.goodRatio * 100).toFixed(0)}% | ${o.note} |`,
    );
  }
}
process.exit(0);
