// The long "nothing lost" run, outside CI:
//   node dist/test/soak/run-nothing-lost.js [messages] [restartEvery] [result.json]
// Every pattern (PUSH-PULL, DEALER-DEALER, PAIR-PAIR) × transport (tcp, ipc) × pairing
// (zmtp→zmtp, zmtp→libzmq, libzmq→zmtp, libzmq→libzmq as the reference) × which side restarts.
import { writeFileSync } from "node:fs";
import { nothingLost, type Impl, type Pattern } from "./nothing-lost.js";

const messages = Number(process.argv[2] ?? 10_000_000);
const restartEvery = Number(process.argv[3] ?? 200_000);
const out = process.argv[4];
const only = process.env.ZMTP_LOST_ONLY; // e.g. "zmtp>zmtp" to run one pairing
const rows = [];
for (const restarting of ["receiver", "sender"] as const) {
  for (const pattern of ["PUSH-PULL", "DEALER-DEALER", "PAIR-PAIR"] as Pattern[]) {
    for (const transport of ["tcp", "ipc"] as const) {
      for (const [sender, receiver] of [
        ["zmtp", "zmtp"],
        ["zmtp", "libzmq"],
        ["libzmq", "zmtp"],
        ["libzmq", "libzmq"],
      ] as Array<[Impl, Impl]>) {
        if (only && only !== `${sender}>${receiver}`) continue;
        const r = await nothingLost({ sender, receiver, pattern, transport, messages, restarting, restartEvery });
        const row = { restarting, pattern, transport, sender, receiver, ...r };
        rows.push(row);
        console.log(JSON.stringify(row));
        if (out) writeFileSync(out, JSON.stringify(rows, null, 1));
      }
    }
  }
}
