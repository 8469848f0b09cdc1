// The `net` column: bare node:net with the least framing a message API needs, behind the same
// promise-per-message interface as the ZeroMQ sockets. It is a floor for this API style, not a ZeroMQ:
// no handshake, no reconnection, no subscriptions (a "pub" writes to every connection).
//
// Wire: each frame is a 4-byte big-endian header (bit 31 = more frames follow, bits 0-30 = length) and its
// bytes. Small messages go out as one write of one buffer; large frames are corked header+payload pairs.
import * as net from "node:net";
import { once } from "node:events";
import type { BenchSocket, SocketKind } from "./drivers.js";

const MORE = 0x80000000;
/** Messages held by a receiver before it stops reading (the counterpart of the receive high-water mark). */
const RECEIVE_LIMIT = 100_000;
/** Bytes queued in a stream before `send` waits for 'drain'. */
const SEND_LIMIT = 8 * 1024 * 1024;
const COPY_BELOW = 16 * 1024;
const RESOLVED = Promise.resolve();

function encode(conn: net.Socket, frames: Buffer[]): void {
  let total = 0;
  for (const f of frames) total += 4 + f.length;
  if (total <= COPY_BELOW) {
    const out = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      out.writeUInt32BE((f.length | (i < frames.length - 1 ? MORE : 0)) >>> 0, at);
      f.copy(out, at + 4);
      at += 4 + f.length;
    }
    conn.write(out);
    return;
  }
  conn.cork();
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    const h = Buffer.allocUnsafe(4);
    h.writeUInt32BE((f.length | (i < frames.length - 1 ? MORE : 0)) >>> 0, 0);
    conn.write(h);
    conn.write(f);
  }
  conn.uncork();
}

/** Splits a byte stream into messages. Zero-copy when a frame lies in one chunk. */
class Deframer {
  private chunks: Buffer[] = [];
  private offset = 0;
  private available = 0;
  private header = -1;
  private frames: Buffer[] = [];

  constructor(private readonly onMessage: (frames: Buffer[]) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.available += chunk.length;
    for (;;) {
      if (this.header < 0) {
        if (this.available < 4) return;
        this.header = this.take(4).readUInt32BE(0);
      }
      const length = (this.header & ~MORE) >>> 0;
      if (this.available < length) return;
      const more = (this.header & MORE) !== 0;
      this.header = -1;
      this.frames.push(this.take(length));
      if (!more) {
        const msg = this.frames;
        this.frames = [];
        this.onMessage(msg);
      }
    }
  }

  private take(n: number): Buffer {
    this.available -= n;
    const first = this.chunks[0];
    if (n === 0 || !first) return Buffer.alloc(0);
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

interface Waiter {
  resolve(m: Buffer[]): void;
  reject(e: Error): void;
}

/**
 * One end: a client (one connection) or a server (every accepted connection). A server of kind "router"
 * prefixes received messages with a 4-byte connection id and routes sends by it; "rep" answers the
 * connection it last received from; "pub" writes to all; the others use the single connection.
 */
export class NetSocket implements BenchSocket {
  private readonly conns = new Map<number, net.Socket>();
  private nextId = 0;
  private readonly queue: Buffer[][] = [];
  private head = 0;
  private readonly waiters: Waiter[] = [];
  private paused = false;
  private lastFrom = -1;
  private failure: Error | null = null;
  private server: net.Server | null = null;

  constructor(private readonly kind: SocketKind) {}

  static async bind(kind: SocketKind, address: string): Promise<{ socket: NetSocket; endpoint: string }> {
    const s = new NetSocket(kind);
    const server = net.createServer({ noDelay: true }, (c) => s.adopt(c));
    s.server = server;
    const ipc = address.startsWith("ipc://") ? address.slice("ipc://".length) : null;
    if (ipc) server.listen(ipc);
    else server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const endpoint = ipc ? address : `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    return { socket: s, endpoint };
  }

  static async connect(kind: SocketKind, endpoint: string): Promise<NetSocket> {
    const s = new NetSocket(kind);
    const c = endpoint.startsWith("ipc://")
      ? net.connect({ path: endpoint.slice("ipc://".length) })
      : net.connect({ port: Number(endpoint.slice(endpoint.lastIndexOf(":") + 1)), host: "127.0.0.1", noDelay: true });
    await once(c, "connect");
    s.adopt(c);
    return s;
  }

  private adopt(c: net.Socket): void {
    const id = this.nextId++;
    this.conns.set(id, c);
    c.setNoDelay(true);
    const deframer = new Deframer((frames) => this.deliver(id, frames));
    c.on("data", (chunk: Buffer) => deframer.push(chunk));
    c.on("error", (e) => this.fail(e));
    c.on("close", () => this.conns.delete(id));
    if (this.paused) c.pause();
  }

  private deliver(from: number, frames: Buffer[]): void {
    let msg = frames;
    if (this.kind === "router") {
      const id = Buffer.allocUnsafe(4);
      id.writeUInt32BE(from, 0);
      msg = [id, ...frames];
    }
    this.lastFrom = from;
    const w = this.waiters.shift();
    if (w) return w.resolve(msg);
    this.queue.push(msg);
    if (this.queue.length - this.head >= RECEIVE_LIMIT && !this.paused) {
      this.paused = true;
      for (const c of this.conns.values()) c.pause();
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }

  receive(): Promise<Buffer[]> {
    if (this.head < this.queue.length) {
      const msg = this.queue[this.head]!;
      this.queue[this.head++] = [];
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (this.paused && this.queue.length - this.head < RECEIVE_LIMIT / 2) {
        this.paused = false;
        for (const c of this.conns.values()) c.resume();
      }
      return Promise.resolve(msg);
    }
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  send(frames: Buffer[]): Promise<void> {
    if (this.kind === "pub") {
      let wait: net.Socket | undefined;
      for (const c of this.conns.values()) {
        encode(c, frames);
        if (c.writableLength >= SEND_LIMIT) wait = c;
      }
      return wait ? drained(wait) : RESOLVED;
    }
    let target: net.Socket | undefined;
    let body = frames;
    if (this.kind === "router") {
      target = this.conns.get(frames[0]?.readUInt32BE(0) ?? -1);
      body = frames.slice(1);
      if (!target) return RESOLVED; // a ROUTER drops what it cannot route
    } else if (this.kind === "rep") {
      target = this.conns.get(this.lastFrom);
    } else {
      target = this.conns.values().next().value;
    }
    if (!target) return Promise.reject(new Error(`net ${this.kind}: no connection to send on`));
    encode(target, body);
    return target.writableLength >= SEND_LIMIT ? drained(target) : RESOLVED;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer[]> {
    for (;;) yield await this.receive();
  }

  unsubscribe(): void {
    // net has no subscriptions
  }

  close(): void {
    for (const c of this.conns.values()) c.destroy();
    this.conns.clear();
    this.server?.close();
  }
}

async function drained(c: net.Socket): Promise<void> {
  await once(c, "drain");
}
