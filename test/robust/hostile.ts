// Hostile peers against a DEALER that also serves a well-behaved peer: each attack is a raw
// net.Socket (tcp or ipc) writing exact bytes, bounded in count and in time. The arena records
// the socket's events (zeromq v6 `socket.events`, so the same attack runs against libzmq through
// the binding), the memory the process holds, and how many messages the good peer gets through
// in a fixed number of event-loop turns before and during the attack.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { heldBytes, rssAfterGc } from "../support/memory.js";

/** The slice of the zeromq v6 API the arena needs (zmtp and the binding both have it). */
export interface ArenaSocket {
  bind(address: string): Promise<void>;
  connect(address: string): void;
  send(message: Buffer | string | Array<Buffer | string>): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly lastEndpoint: string | null;
  readonly events: AsyncIterable<{ type: string; error?: { code?: string } }>;
}
export type ArenaImpl = { name: string; Dealer: new (options?: object) => ArenaSocket };
export type Transport = "tcp" | "ipc";

export const ascii = (s: string) => Buffer.from(s, "latin1");

export function greeting(mechanism = "NULL"): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;
  g.write(mechanism, 12, "latin1");
  return g;
}
export function frame(flags: number, body: Buffer): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const head = Buffer.alloc(9);
  head[0] = flags | 0x02;
  head.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([head, body]);
}
export function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return frame(0x04, Buffer.concat([Buffer.from([name.length]), ascii(name), data]));
}
export function property(name: string, value: Buffer, lyingLength?: number): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(lyingLength ?? value.length);
  return Buffer.concat([Buffer.from([name.length]), ascii(name), len, value]);
}
export function ready(socketType = "DEALER", extra: Buffer = Buffer.alloc(0)): Buffer {
  return command("READY", Buffer.concat([property("Socket-Type", ascii(socketType)), extra]));
}
/** `count` copies of `unit` in chunks of at most 64 KiB. */
export function* repeated(unit: Buffer, count: number): Generator<Buffer> {
  const per = Math.max(1, Math.floor(65536 / unit.length));
  const chunk = Buffer.concat(Array<Buffer>(per).fill(unit));
  for (let left = count; left > 0; left -= per) yield left >= per ? chunk : chunk.subarray(0, left * unit.length);
}

/** A raw attacker connection. */
export class Raw {
  closed = false;
  received = 0;
  readonly done: Promise<void>;
  constructor(readonly sock: net.Socket) {
    sock.on("data", (d: Buffer) => (this.received += d.length));
    sock.on("error", () => {});
    this.done = new Promise((r) =>
      sock.once("close", () => {
        this.closed = true;
        r();
      }),
    );
  }
  /** Writes, waiting for drain; false once the peer closed us or stopped reading (no drain in `stallTurns` turns). */
  async write(b: Buffer, stallTurns = 2000): Promise<boolean> {
    if (this.closed) return false;
    if (this.sock.write(b)) return true;
    for (let i = 0; i < stallTurns; i++) {
      if (this.closed) return false;
      if (!this.sock.writableNeedDrain) return true;
      await turn();
    }
    return false;
  }
  /** Writes each chunk in turn; returns how many chunks went out before a close or a stall. */
  async writeAll(chunks: Iterable<Buffer>, stallTurns?: number): Promise<number> {
    let n = 0;
    for (const c of chunks) {
      if (!(await this.write(c, stallTurns))) break;
      n++;
    }
    return n;
  }
  destroy(): void {
    this.sock.destroy();
  }
}

export const turn = () => new Promise<void>((r) => setImmediate(r));

export interface Arena {
  readonly server: ArenaSocket;
  readonly transport: Transport;
  /** Every event type seen so far ("handshake:error:protocol:ERR_..." with the error code). */
  readonly events: string[];
  /** Opens a raw connection to the server. */
  connect(): Promise<Raw>;
  /** Messages the good peer got through in `turns` event-loop turns. */
  goodRate(turns?: number): Promise<number>;
  /** Waits until `pred` holds over the events seen, or `turns` turns have passed. */
  waitFor(pred: (events: string[]) => boolean, turns?: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface ArenaOptions {
  handshakeInterval?: number;
  maxMessageSize?: number;
}

export async function arena(impl: ArenaImpl, transport: Transport, o: ArenaOptions = {}): Promise<Arena> {
  const dir = mkdtempSync(join(tmpdir(), "zmtp-hostile-"));
  const server = new impl.Dealer({ linger: 0, receiveHighWaterMark: 1000, ...o });
  const events: string[] = [];
  void (async () => {
    try {
      for await (const ev of server.events) events.push(ev.error?.code ? `${ev.type}:${ev.error.code}` : ev.type);
    } catch {
      // closed
    }
  })();
  await server.bind(transport === "tcp" ? "tcp://127.0.0.1:*" : `ipc://${join(dir, "s.sock")}`);
  const endpoint = server.lastEndpoint!;
  const good = new impl.Dealer({ linger: 0 });
  good.connect(endpoint);
  let stopped = false;
  let delivered = 0;
  // The good peer keeps sending; the server reads everything, counting the good peer's messages.
  // A steady good peer: 20 messages a turn, so its rate is a count per turn that an attack can only lower.
  void (async () => {
    try {
      while (!stopped) {
        for (let i = 0; i < 20; i++) await good.send("good");
        await turn();
      }
    } catch {
      // closed
    }
  })();
  void (async () => {
    try {
      for (;;) {
        const m = await server.receive();
        if (m.length === 1 && m[0]!.toString() === "good") delivered++;
      }
    } catch {
      // closed
    }
  })();
  return {
    server,
    transport,
    events,
    async connect() {
      // A full accept queue refuses a unix-socket connect with EAGAIN: try again, as an attacker would.
      for (let attempt = 0; ; attempt++) {
        const sock =
          transport === "tcp"
            ? net.connect(Number(endpoint.split(":").at(-1)), "127.0.0.1")
            : net.connect(endpoint.slice("ipc://".length));
        const err = await new Promise<Error | null>((resolve) => {
          sock.once("connect", () => resolve(null));
          sock.once("error", resolve);
        });
        if (err === null) return new Raw(sock);
        if ((err as NodeJS.ErrnoException).code !== "EAGAIN" || attempt > 1000) throw err;
        await new Promise((r) => setTimeout(r, 1));
      }
    },
    async goodRate(turns = 200) {
      const start = delivered;
      for (let i = 0; i < turns; i++) await turn();
      return delivered - start;
    },
    async waitFor(pred, turns = 20000) {
      for (let i = 0; i < turns; i++) {
        if (pred(events)) return true;
        await new Promise((r) => setTimeout(r, i < 100 ? 0 : 5));
      }
      return pred(events);
    },
    async close() {
      stopped = true;
      good.close();
      server.close();
      await turn();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What an attack did, for the assertions and for docs/robustness.md. */
export interface Outcome {
  /** The attacker's connections were closed by the server (all of them). */
  dropped: boolean;
  /** Memory held after the attack (gc'd) minus before, bytes. */
  heldGrowth: number;
  /** Resident set size after minus before (what libzmq holds natively shows only here). */
  rssGrowth: number;
  /** Good-peer messages per 200 turns during the attack / before it. */
  goodRatio: number;
  events: string[];
  /** Anything the attack wants to report (frames sent, PONGs read, ...). */
  note: string;
}

export interface Attack {
  name: string;
  /** Arena options the attack needs. */
  options?: ArenaOptions;
  /** Runs the attack with `scale` (1 in CI, larger in the heavy run); returns whether its connections were dropped and a note. */
  run(a: Arena, scale: number): Promise<{ dropped: boolean; note: string; keep?: Raw[] }>;
}

/** Runs one attack in a fresh arena and measures it. */
export async function measure(impl: ArenaImpl, transport: Transport, attack: Attack, scale: number): Promise<Outcome> {
  const a = await arena(impl, transport, attack.options);
  try {
    // Let the good peer get going, then take its baseline rate.
    await a.goodRate(50);
    const before = await a.goodRate();
    const held0 = heldBytes();
    const rss0 = rssAfterGc();
    let during = 0;
    const running = attack.run(a, scale);
    const rate = (async () => {
      during = await a.goodRate();
    })();
    const r = await running;
    await rate;
    const growth = heldBytes() - held0;
    const rssGrowth = rssAfterGc() - rss0;
    for (const k of r.keep ?? []) k.destroy();
    return {
      dropped: r.dropped,
      heldGrowth: growth,
      rssGrowth,
      goodRatio: before > 0 ? during / before : 0,
      events: [...new Set(a.events)].filter((e) => e !== "handshake" && e !== "accept" && e !== "bind"),
      note: r.note,
    };
  } finally {
    await a.close();
  }
}

// ---- the attacks ---------------------------------------------------------------------------

const ONE_BYTE_MORE = Buffer.from([0x01, 0x01, 0x61]);
const PING = command("PING", Buffer.from([0, 0]));

async function handshaken(a: Arena): Promise<Raw> {
  const r = await a.connect();
  await r.write(Buffer.concat([greeting(), ready()]));
  return r;
}

export const ATTACKS: readonly Attack[] = [
  {
    name: "never-ending message before READY (100 000 × scale one-byte frames with MORE offered)",
    async run(a, scale) {
      const r = await a.connect();
      await r.write(greeting());
      const chunks = await r.writeAll(repeated(ONE_BYTE_MORE, 100_000 * scale));
      await r.done;
      return { dropped: true, note: `${chunks} chunks written before the close` };
    },
  },
  {
    name: "never-ending message after READY, maxMessageSize 64 KiB",
    options: { maxMessageSize: 65536 },
    async run(a, scale) {
      const r = await handshaken(a);
      const chunks = await r.writeAll(repeated(ONE_BYTE_MORE, 100_000 * scale));
      await r.done;
      return { dropped: true, note: `${chunks} chunks written before the close` };
    },
  },
  {
    name: "never-ending message after READY, no limit (100 000 × scale frames, kept open)",
    async run(a, scale) {
      const r = await handshaken(a);
      const frames = 100_000 * scale;
      await r.writeAll(repeated(ONE_BYTE_MORE, frames));
      await r.write(frame(0x01, ascii("end")));
      // Until the kernel has taken it all, then a few hundred turns for the server to read it.
      await a.waitFor(() => r.sock.writableLength === 0, 2000);
      await a.goodRate(400);
      return { dropped: r.closed, note: `${frames} frames queued`, keep: [r] };
    },
  },
  {
    // More than the kernel's socket buffers on loopback hold (about 10 MB of PONGs), at any scale.
    name: "PING flood, attacker never reads (5 000 000 PINGs offered)",
    async run(a) {
      const r = await handshaken(a);
      r.sock.pause();
      let sent = 0;
      for (const c of repeated(PING, 5_000_000)) {
        if (!(await r.write(c, 300))) break;
        sent += c.length / PING.length;
      }
      return { dropped: r.closed, note: `${sent} PINGs accepted before the server stopped reading`, keep: [r] };
    },
  },
  {
    name: "PING flood, attacker reads the PONGs (50 000 × scale PINGs)",
    async run(a, scale) {
      const r = await handshaken(a);
      const n = 50_000 * scale;
      await r.writeAll(repeated(PING, n));
      // The server's greeting and READY (DEALER: Socket-Type and an empty Identity), then a 7-byte PONG per PING.
      const handshake = 64 + ready("DEALER", property("Identity", Buffer.alloc(0))).length;
      await a.waitFor(() => r.received >= handshake + n * 7 || r.closed, 20000);
      return { dropped: r.closed, note: `${Math.floor((r.received - handshake) / 7)} PONGs read`, keep: [r] };
    },
  },
  {
    name: "slowloris greeting (one byte per 20 ms), handshake timer 300 ms",
    options: { handshakeInterval: 300 },
    async run(a) {
      const r = await a.connect();
      const g = greeting();
      let i = 0;
      while (!r.closed && i < g.length) {
        await r.write(g.subarray(i, i + 1));
        i++;
        await new Promise((res) => setTimeout(res, 20));
      }
      await r.done;
      return { dropped: true, note: `${i} greeting bytes sent` };
    },
  },
  {
    name: "greeting that never finishes (10 bytes), handshake timer 300 ms",
    options: { handshakeInterval: 300 },
    async run(a) {
      const r = await a.connect();
      await r.write(greeting().subarray(0, 10));
      await r.done;
      return { dropped: true, note: "" };
    },
  },
  {
    name: "2^63-byte frame length after READY",
    async run(a) {
      const r = await handshaken(a);
      const h = Buffer.alloc(9);
      h[0] = 0x02;
      h.writeBigUInt64BE(2n ** 63n, 1);
      await r.write(Buffer.concat([h, Buffer.alloc(100)]));
      await r.done;
      return { dropped: true, note: "" };
    },
  },
  {
    name: "metadata bomb: READY with 100 000 × scale two-byte-named properties",
    async run(a, scale) {
      const r = await a.connect();
      const n = 100_000 * scale;
      const props = Buffer.alloc(n * 7);
      for (let i = 0; i < n; i++) {
        props[i * 7] = 2;
        props.writeUInt16BE(i & 0xffff, i * 7 + 1);
        props[i * 7 + 2] = 0x41 + (i >> 16);
      }
      await r.write(Buffer.concat([greeting(), ready("DEALER", props)]));
      await a.waitFor((ev) => ev.includes("handshake") || r.closed, 4000);
      await a.goodRate(200);
      return { dropped: r.closed, note: `READY of ${props.length} bytes`, keep: [r] };
    },
  },
  {
    name: "lying property length (0xffffffff) in READY",
    async run(a) {
      const r = await a.connect();
      await r.write(Buffer.concat([greeting(), ready("DEALER", property("X-Big", ascii("v"), 0xffffffff))]));
      await r.done;
      return { dropped: true, note: "" };
    },
  },
  {
    name: "reconnect storm: 400 × scale connections opened and closed, 100 at a time",
    async run(a, scale) {
      const total = 400 * scale;
      for (let done = 0; done < total; done += 100) {
        const batch = await Promise.all(Array.from({ length: Math.min(100, total - done) }, () => a.connect()));
        for (const [i, r] of batch.entries()) {
          if (i % 2 === 0) r.sock.write(greeting());
          r.destroy();
        }
        await Promise.all(batch.map((r) => r.done));
      }
      return { dropped: true, note: `${total} connections` };
    },
  },
  {
    name: "100 × scale half-open connections (nothing sent), handshake timer 1 s",
    options: { handshakeInterval: 1000 },
    async run(a, scale) {
      const conns: Raw[] = [];
      for (let i = 0; i < 100 * scale; i += 100) {
        conns.push(...(await Promise.all(Array.from({ length: 100 }, () => a.connect()))));
      }
      await Promise.all(conns.map((r) => r.done));
      return { dropped: true, note: `${conns.length} connections` };
    },
  },
  {
    name: "200 × scale garbage connections (random bytes after a valid greeting, or none)",
    options: { handshakeInterval: 2000 },
    async run(a, scale) {
      let n = 0;
      for (let i = 0; i < 200 * scale; i += 100) {
        const batch = await Promise.all(Array.from({ length: 100 }, () => a.connect()));
        for (const [j, r] of batch.entries()) {
          const junk = randomBytes(64 + ((j * 37) % 2000));
          r.sock.write(j % 2 === 0 ? Buffer.concat([greeting(), junk]) : junk);
        }
        await Promise.all(batch.map((r) => r.done));
        n += batch.length;
      }
      return { dropped: true, note: `${n} connections` };
    },
  },
  {
    name: "wrong and repeated commands (HELLO to NULL; READY twice; unknown, ERROR and READY after READY)",
    async run(a) {
      // HELLO to a NULL server: a protocol error, dropped.
      const hello = await a.connect();
      await hello.write(Buffer.concat([greeting(), command("HELLO", Buffer.from([0, 0]))]));
      await hello.done;
      // READY twice in one go: the second arrives after the handshake and is ignored, as are
      // unknown commands, ERROR and READY; the connection stays and its message arrives.
      const r = await a.connect();
      await r.write(
        Buffer.concat([greeting(), ready(), ready(), command("FOO", ascii("bar")), command("ERROR", ascii("\x03abc"))]),
      );
      await a.goodRate(100);
      return { dropped: r.closed, note: "HELLO dropped; the other connection kept", keep: [r] };
    },
  },
];
