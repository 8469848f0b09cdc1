// Issue 11 item 3: SUBSCRIBE and CANCEL from a peer pass through the receive high-water mark on
// every socket type (a flood stops being read at the mark, as in libzmq), and each socket type
// does with them exactly what libzmq 4.3.5 does (checked side by side through the binding).
import assert from "node:assert/strict";
import net from "node:net";
import { describe, test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";
import { heldBytes } from "../support/memory.js";
import { ascii, command, frame, greeting, ready, Raw } from "./hostile.js";

interface Sock {
  bind(a: string): Promise<void>;
  send(m: unknown): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly lastEndpoint: string | null;
}
type Lib = Record<string, new (o?: object) => Sock>;

/** Socket type → [v6 class name, the type the raw peer announces]. */
const TYPES: Record<string, [string, string]> = {
  PULL: ["Pull", "PUSH"],
  DEALER: ["Dealer", "DEALER"],
  PAIR: ["Pair", "PAIR"],
  ROUTER: ["Router", "DEALER"],
  REP: ["Reply", "REQ"],
  REQ: ["Request", "REP"],
  XPUB: ["XPublisher", "SUB"],
  SUB: ["Subscriber", "PUB"],
  XSUB: ["XSubscriber", "PUB"],
};

async function rawPeer(endpoint: string): Promise<Raw> {
  const sock = net.connect(Number(endpoint.split(":").at(-1)), "127.0.0.1");
  await new Promise<void>((r) => sock.once("connect", r));
  return new Raw(sock);
}

/** What the socket's application receives when a peer sends SUBSCRIBE abc, CANCEL abc, then "hello". */
async function received(lib: Lib, type: string): Promise<string[][]> {
  const [cls, peerType] = TYPES[type]!;
  const s = new lib[cls]!({ linger: 0 });
  try {
    if (type === "SUB") (s as unknown as { subscribe(t?: string): void }).subscribe("");
    await s.bind("tcp://127.0.0.1:*");
    if (type === "XSUB") await s.send(Buffer.from([1]));
    const raw = await rawPeer(s.lastEndpoint!);
    const envelope = type === "REP" || type === "REQ" ? frame(0x01, Buffer.alloc(0)) : Buffer.alloc(0);
    await raw.write(Buffer.concat([greeting(), ready(peerType)]));
    if (type === "REQ") {
      await s.send("request");
      // Wait until our raw REP has the request before answering, as a REP would.
      while (raw.received < 64 + 30 + 9) await new Promise((r) => setImmediate(r));
    }
    await raw.write(
      Buffer.concat([
        command("SUBSCRIBE", ascii("abc")),
        command("CANCEL", ascii("abc")),
        envelope,
        frame(0, ascii("hello")),
      ]),
    );
    const out: string[][] = [];
    for (;;) {
      const m = (await s.receive()).map((b) => b.toString("latin1"));
      // ROUTER prefixes a routing id the peer did not choose: compare without it.
      out.push(type === "ROUTER" ? m.slice(1) : m);
      if (m.at(-1) === "hello") break;
    }
    raw.destroy();
    return out;
  } finally {
    s.close();
  }
}

/**
 * What libzmq 4.3.5's application receives (through the binding, with `received` below; set
 * ZMTP_LIVE_LIBZMQ=1 to measure it again in this run instead of reading this table).
 */
const AS_MESSAGES = [["\x09SUBSCRIBEabc"], ["\x06CANCELabc"], ["hello"]];
const LIBZMQ: Record<string, string[][]> = {
  PULL: AS_MESSAGES,
  DEALER: AS_MESSAGES,
  PAIR: AS_MESSAGES,
  ROUTER: AS_MESSAGES,
  // REP: a request without its delimiter is dropped; REQ's session ignores commands.
  REP: [["hello"]],
  REQ: [["hello"]],
  XPUB: [["\x01abc"], ["\x00abc"], ["hello"]],
  // SUB and XSUB subscribed to everything: the command bodies pass their filter.
  SUB: AS_MESSAGES,
  XSUB: AS_MESSAGES,
};

describe("SUBSCRIBE and CANCEL from a peer, by socket type", () => {
  for (const type of Object.keys(TYPES)) {
    test(`${type}: what the application receives is what libzmq's receives`, { timeout: 20000 }, async () => {
      const theirs = process.env.ZMTP_LIVE_LIBZMQ ? await received(zmq as unknown as Lib, type) : LIBZMQ[type];
      assert.deepEqual(await received(zmtp as unknown as Lib, type), theirs);
    });
  }
});

describe("a flood of SUBSCRIBE stops at the receive high-water mark", () => {
  for (const type of ["DEALER", "XPUB", "PULL"]) {
    test(`${type} not reading: 200 000 subscriptions are not all taken in`, { timeout: 30000 }, async () => {
      const [cls, peerType] = TYPES[type]!;
      const s = new (zmtp as unknown as Lib)[cls]!({ linger: 0, receiveHighWaterMark: 1000 });
      try {
        await s.bind("tcp://127.0.0.1:*");
        const raw = await rawPeer(s.lastEndpoint!);
        await raw.write(Buffer.concat([greeting(), ready(peerType)]));
        const before = heldBytes();
        let taken = 0;
        // Distinct 32-byte topics, so nothing could be merged; the raw peer gives up when we stop reading.
        const sub = (i: number) => command("SUBSCRIBE", ascii(`topic-${String(i).padStart(26, "0")}`));
        const chunkOf = (from: number) => Buffer.concat(Array.from({ length: 1000 }, (_, i) => sub(from + i)));
        for (let i = 0; i < 200_000; i += 1000) {
          if (!(await raw.write(chunkOf(i), 300))) break;
          taken = i + 1000;
        }
        const growth = heldBytes() - before;
        assert.ok(taken < 200_000, "the socket stopped reading the flood");
        // Without the bound: 197 971 entries and +48 MB.
        assert.ok(growth < 4 * (1 << 20), `${(growth / (1 << 20)).toFixed(1)} MiB held`);
        raw.destroy();
      } finally {
        s.close();
      }
    });
  }
});
