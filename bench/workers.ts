// One benchmark run, executed in its own child process so that one
// implementation's heap, GC pressure and native threads cannot skew the other.
import * as net from "node:net";
import { once } from "node:events";
import { performance } from "node:perf_hooks";

export type Impl = "zmtp" | "zeromq" | "net";
export type Transport = "tcp" | "inproc";

export interface RunResult {
  ok: boolean;
  impl: Impl;
  transport: Transport;
  size: number;
  count: number;
  received: number;
  seconds: number;
  msgPerSec: number;
  mbPerSec: number;
  maxRssMB: number;
  error?: string;
}

// The subset of the zeromq v6 API the benchmark needs. Declared here rather
// than imported so the bench type-checks against neither library's typings:
// zmtp's src/ may be mid-edit, and both modules are loaded dynamically.
interface BenchSocket {
  bind(address: string): Promise<void>;
  connect(address: string): void | Promise<void>;
  send(message: Buffer): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void | Promise<void>;
  readonly lastEndpoint: string | null;
}
interface ZmqModule {
  Dealer: new (options?: Record<string, unknown>) => BenchSocket;
  version?: string;
}

export const WARMUP_MESSAGES = 100;
const SOCKET_OPTIONS = { linger: 0, sendHighWaterMark: 1000, receiveHighWaterMark: 1000 };

export async function loadZmq(impl: "zmtp" | "zeromq"): Promise<ZmqModule> {
  // Specifiers held in variables keep tsc from resolving (and type-checking
  // against) the modules at build time.
  const spec = impl === "zmtp" ? new URL("../src/index.js", import.meta.url).href : "zeromq";
  const mod = (await import(spec)) as Partial<ZmqModule> & { default?: Partial<ZmqModule> };
  const Dealer = mod.Dealer ?? mod.default?.Dealer;
  if (typeof Dealer !== "function") throw new Error(`${impl} does not export Dealer`);
  return { Dealer, version: mod.version ?? mod.default?.version };
}

/** Checks an implementation can be loaded and a Dealer constructed/closed. */
export async function probe(impl: Impl): Promise<{ ok: boolean; version?: string; error?: string }> {
  if (impl === "net") return { ok: true, version: process.versions.node };
  try {
    const mod = await loadZmq(impl);
    const s = new mod.Dealer(SOCKET_OPTIONS);
    await s.close();
    return { ok: true, version: mod.version };
  } catch (e) {
    return { ok: false, error: errText(e) };
  }
}

function errText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Progress shared with the stall watchdog. */
const progress = { received: 0 };

export async function runWorker(
  impl: Impl,
  transport: Transport,
  size: number,
  count: number,
  runId: number,
  stallMs: number,
): Promise<RunResult> {
  const base = { impl, transport, size, count };
  // If the receiver stops making progress (lost messages, deadlock), report
  // how far it got instead of hanging until the parent's hard timeout.
  // The timer stays ref'd on purpose: if the library under test drops its
  // handles mid-run, the loop must not simply drain and exit without a report.
  let lastSeen = -1;
  let lastChange = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const stallDone = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (progress.received !== lastSeen) {
        lastSeen = progress.received;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > stallMs) {
        reject(new Error(`stalled: no message for ${stallMs} ms`));
      }
    }, 250);
  });
  try {
    const run = impl === "net" ? runNet(size, count) : runZmq(impl, transport, size, count, runId);
    const seconds = await Promise.race([run, stallDone]);
    return {
      ok: true,
      ...base,
      received: progress.received,
      seconds,
      msgPerSec: count / seconds,
      mbPerSec: (count * size) / 1e6 / seconds,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    };
  } catch (e) {
    return {
      ok: false,
      ...base,
      received: progress.received,
      seconds: 0,
      msgPerSec: 0,
      mbPerSec: 0,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      error: errText(e),
    };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------- zmq-like

async function runZmq(
  impl: "zmtp" | "zeromq",
  transport: Transport,
  size: number,
  count: number,
  runId: number,
): Promise<number> {
  const mod = await loadZmq(impl);
  const rx = new mod.Dealer(SOCKET_OPTIONS);
  const tx = new mod.Dealer(SOCKET_OPTIONS);
  try {
    let address: string;
    if (transport === "tcp") {
      await rx.bind("tcp://127.0.0.1:*");
      if (!rx.lastEndpoint) throw new Error("lastEndpoint empty after bind");
      address = rx.lastEndpoint;
    } else {
      address = `inproc://bench-${process.pid}-${runId}`;
      await rx.bind(address);
    }
    await tx.connect(address);

    const payload = Buffer.alloc(size, 0x5a);
    await pump(tx, rx, payload, WARMUP_MESSAGES, false);
    progress.received = 0;
    const t0 = performance.now();
    await pump(tx, rx, payload, count, true);
    return (performance.now() - t0) / 1000;
  } finally {
    await tx.close();
    await rx.close();
  }
}

/** Sends n messages while concurrently receiving n; resolves after the last receive. */
async function pump(tx: BenchSocket, rx: BenchSocket, payload: Buffer, n: number, track: boolean): Promise<void> {
  const sender = async () => {
    for (let i = 0; i < n; i++) await tx.send(payload);
  };
  const receiver = async () => {
    for (let i = 0; i < n; i++) {
      const frames = await rx.receive();
      // Cheap integrity check: one frame of the right length with intact
      // ends. Catches truncation/merging without costing a full compare.
      const f = frames[0]!;
      if (
        frames.length !== 1 ||
        f.length !== payload.length ||
        (f.length > 0 && (f[0] !== 0x5a || f[f.length - 1] !== 0x5a))
      ) {
        throw new Error(
          `message ${i}: got ${frames.length} frame(s), first ${f?.length ?? 0} B, expected 1 frame of ${payload.length} B`,
        );
      }
      if (track) progress.received = i + 1;
    }
  };
  await Promise.all([sender(), receiver()]);
}

// ---------------------------------------------------------------- net ceiling

// A 4-byte big-endian length prefix then the payload: the least framing a
// message transport can get away with, so this is an upper bound for TCP.
async function runNet(size: number, count: number): Promise<number> {
  const server = net.createServer({ noDelay: true });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  const accepted = once(server, "connection") as Promise<[net.Socket]>;
  const tx = net.connect({ port, host: "127.0.0.1", noDelay: true });
  await once(tx, "connect");
  const [rx] = await accepted;
  rx.setNoDelay(true);

  const payload = Buffer.alloc(size, 0x5a);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(size);

  let warmupDone!: () => void;
  let allDone!: () => void;
  let failed!: (e: Error) => void;
  const warm = new Promise<void>((res) => (warmupDone = res));
  const done = new Promise<void>((res, rej) => {
    allDone = res;
    failed = rej;
  });

  let got = 0;
  const total = WARMUP_MESSAGES + count;
  const parser = new LengthPrefixParser((msg) => {
    if (msg.length !== size || (size > 0 && (msg[0] !== 0x5a || msg[size - 1] !== 0x5a))) {
      failed(new Error(`message ${got}: ${msg.length} B, expected ${size} B`));
      return;
    }
    got++;
    if (got === WARMUP_MESSAGES) warmupDone();
    else if (got > WARMUP_MESSAGES) progress.received = got - WARMUP_MESSAGES;
    if (got === total) allDone();
  });
  rx.on("data", (chunk: Buffer) => parser.push(chunk));
  rx.on("error", failed);
  tx.on("error", failed);

  // To be a ceiling the sender has to batch the way a good framing layer
  // would: small frames are packed into one staging buffer per write, large
  // ones go out as corked header+payload pairs (one writev). We only wait for
  // 'drain' once ~1 MiB is queued, rather than at the 16 KiB default mark.
  const STAGE = 256 * 1024;
  const QUEUED = 1 << 20;
  const framed = 4 + size;
  const send = async (n: number) => {
    if (framed <= STAGE / 4) {
      let stage = Buffer.allocUnsafe(STAGE);
      let used = 0;
      for (let i = 0; i < n; i++) {
        header.copy(stage, used);
        payload.copy(stage, used + 4);
        used += framed;
        if (used + framed > STAGE || i === n - 1) {
          tx.write(stage.subarray(0, used));
          stage = Buffer.allocUnsafe(STAGE); // the written one is still owned by the stream
          used = 0;
          if (tx.writableLength >= QUEUED) await once(tx, "drain");
        }
      }
    } else {
      tx.cork();
      for (let i = 0; i < n; i++) {
        tx.write(header);
        tx.write(payload);
        if (tx.writableLength >= QUEUED || i === n - 1) {
          tx.uncork();
          if (tx.writableLength >= QUEUED) await once(tx, "drain");
          tx.cork();
        }
      }
      tx.uncork();
    }
  };

  await send(WARMUP_MESSAGES);
  await warm;
  const t0 = performance.now();
  await Promise.all([send(count), done]);
  const seconds = (performance.now() - t0) / 1000;
  tx.destroy();
  rx.destroy();
  server.close();
  return seconds;
}

class LengthPrefixParser {
  private chunks: Buffer[] = [];
  private offset = 0; // read position inside chunks[0]
  private available = 0;
  private need = -1; // payload length once the header is read

  constructor(private readonly onMessage: (msg: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      if (this.need < 0) {
        if (this.available < 4) return;
        this.need = this.take(4).readUInt32BE(0);
      }
      if (this.available < this.need) return;
      const n = this.need;
      this.need = -1;
      this.onMessage(this.take(n));
    }
  }

  // Zero-copy when the bytes sit in one chunk; copies only across a boundary.
  private take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    this.available -= n;
    const first = this.chunks[0]!;
    if (first.length - this.offset >= n) {
      const out = first.subarray(this.offset, this.offset + n);
      this.advance(first, n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let w = 0;
    while (w < n) {
      const c = this.chunks[0]!;
      const k = Math.min(n - w, c.length - this.offset);
      c.copy(out, w, this.offset, this.offset + k);
      w += k;
      this.advance(c, k);
    }
    return out;
  }

  private advance(c: Buffer, k: number): void {
    this.offset += k;
    if (this.offset === c.length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }
}
