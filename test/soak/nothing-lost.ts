// "Nothing lost" across peer restarts with the blocking socket types (PUSH→PULL, DEALER→DEALER,
// PAIR→PAIR), zmtp and libzmq (through the binding) on either end, over tcp and ipc.
//
// What ZeroMQ guarantees, and what is checked:
// - receiver restarts (the bound side closes and binds again): every message arrives at most
//   once and in order (sequence numbers strictly increase); messages the sender still had
//   queued survive (the connect side keeps its pipe across reconnects); only messages already
//   handed to the dead connection (kernel buffers, the old receiver's queue) may be lost.
// - sender restarts cleanly (close with linger, a new socket goes on): nothing is lost at all;
//   each sender's messages arrive in order on its pipe.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

export type Impl = "zmtp" | "libzmq";
export type Pattern = "PUSH-PULL" | "DEALER-DEALER" | "PAIR-PAIR";

interface Sock {
  bind(a: string): Promise<void>;
  connect(a: string): void;
  send(m: string): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  linger: number;
  readonly lastEndpoint: string | null;
}

const CLASSES: Record<Pattern, [string, string]> = {
  "PUSH-PULL": ["Push", "Pull"],
  "DEALER-DEALER": ["Dealer", "Dealer"],
  "PAIR-PAIR": ["Pair", "Pair"],
};

function make(impl: Impl, cls: string, options: object): Sock {
  const lib = (impl === "zmtp" ? zmtp : zmq) as unknown as Record<string, new (o: object) => Sock>;
  return new lib[cls]!(options);
}

export interface LostOptions {
  sender: Impl;
  receiver: Impl;
  pattern: Pattern;
  transport: "tcp" | "ipc";
  messages: number;
  /** Which side restarts. */
  restarting: "receiver" | "sender";
  /**
   * Restart after this many messages: received (a receiver restarting) or sent (a sender
   * restarting). A count, not a clock: the same on any machine.
   */
  restartEvery: number;
}

export interface LostResult {
  received: number;
  restarts: number;
  duplicates: number;
  outOfOrder: number;
  /** Messages never received (allowed only when the receiver restarts: in flight at the time). */
  lost: number;
  /** The largest loss at one restart. */
  maxLostAtOnce: number;
  ms: number;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

export async function nothingLost(o: LostOptions): Promise<LostResult> {
  const dir = mkdtempSync(join(tmpdir(), "zmtp-lost-"));
  const [sendCls, recvCls] = CLASSES[o.pattern];
  const start = Date.now();
  // A fixed tcp port (found once) or ipc path, so a restarted receiver binds the same address.
  let endpoint = o.transport === "ipc" ? `ipc://${join(dir, "r.sock")}` : "tcp://127.0.0.1:*";
  const bindReceiver = async () => {
    const r = make(o.receiver, recvCls, { linger: 0, receiveHighWaterMark: 1000 });
    for (let attempt = 0; ; attempt++) {
      try {
        await r.bind(endpoint);
        break;
      } catch (err) {
        // The old receiver's port or path may take a moment to be released (libzmq closes it in its I/O thread).
        if (attempt > 2000) throw err;
        await new Promise((res) => setTimeout(res, 5));
      }
    }
    endpoint = r.lastEndpoint!;
    return r;
  };
  let receiver = await bindReceiver();
  const newSender = () => {
    const s = make(o.sender, sendCls, { linger: -1, sendHighWaterMark: 1000, reconnectInterval: 10 });
    s.connect(endpoint);
    return s;
  };
  let sender = newSender();
  const lingering: Sock[] = [];

  // Sender: numbers 0..messages-1, each as "generation:number" (the generation is the sender
  // socket); on a sender restart the old socket closes (lingering) and a new one goes on. It
  // restarts every restartEvery messages it sent: counted by what the receiver got, a sender
  // that ran far enough ahead finished before its third restart (seen once in CI).
  let next = 0;
  let generation = 0;
  let senderRestartAt = o.restarting === "sender" ? o.restartEvery : Infinity;
  let received = 0;
  let restarts = 0;
  let finished = false;
  const sending = (async () => {
    while (next < o.messages) {
      if (next >= senderRestartAt) {
        senderRestartAt += o.restartEvery;
        lingering.push(sender);
        sender.close();
        sender = newSender();
        generation++;
        restarts++;
      }
      await sender.send(`${generation}:${next++}`);
    }
    // All sent: wait until nothing more arrives for 2000 turns (what is left was lost with a
    // dead connection), then wake the receiver's pending receive by closing it.
    for (let last = -1, quiet = 0; quiet < 2000 && received < o.messages;) {
      await tick();
      if (received === last) quiet++;
      else [last, quiet] = [received, 0];
    }
    finished = true;
    receiver.close();
  })();

  // Receiver: checks duplicates and order per sender socket; restarts itself every restartEvery messages.
  const seen = new Uint8Array(o.messages);
  const lastOf = new Map<number, number>();
  let duplicates = 0;
  let outOfOrder = 0;
  let maxLostAtOnce = 0;
  let lastBeforeRestart = -1;
  let receiverRestartAt = o.restarting === "receiver" ? o.restartEvery : Infinity;
  while (!finished && received < o.messages) {
    if (received >= receiverRestartAt) {
      receiverRestartAt += o.restartEvery;
      receiver.close();
      receiver = await bindReceiver();
      restarts++;
      lastBeforeRestart = lastOf.get(generation) ?? -1;
      // The sender may have finished (and closed the old receiver) during the bind: look again
      // before waiting on the new one, which nothing else would wake.
      continue;
    }
    let text: string;
    try {
      text = (await receiver.receive())[0]!.toString();
    } catch {
      continue; // the receiver was closed (restart, or the end)
    }
    const colon = text.indexOf(":");
    const gen = Number(text.slice(0, colon));
    const n = Number(text.slice(colon + 1));
    received++;
    if (seen[n]) duplicates++;
    seen[n] = 1;
    const prev = lastOf.get(gen) ?? -1;
    if (n <= prev) outOfOrder++;
    lastOf.set(gen, Math.max(prev, n));
    if (lastBeforeRestart >= 0) {
      maxLostAtOnce = Math.max(maxLostAtOnce, n - lastBeforeRestart - 1);
      lastBeforeRestart = -1;
    }
  }
  await sending;
  let lost = 0;
  for (let i = 0; i < o.messages; i++) if (!seen[i]) lost++;
  // Counted: what the last sender still queues (to a receiver that restarted away) is not
  // wanted, and with linger -1 a libzmq sender would block the process's exit on it.
  sender.linger = 0;
  sender.close();
  receiver.close();
  for (const l of lingering) l.close();
  rmSync(dir, { recursive: true, force: true });
  return { received, restarts, duplicates, outOfOrder, lost, maxLostAtOnce, ms: Date.now() - start };
}
