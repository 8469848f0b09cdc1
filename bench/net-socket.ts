// The `net` column: bare node:net with ZMTP's own data framing and the least machinery a promise-per-message
// API needs: the floor zmtp is measured against. No handshake, no reconnection, no subscriptions (a "pub"
// writes to every connection), no high-water mark in messages.
//
// Send: frames are encoded as ZMTP data frames (flags byte, 1- or 8-byte length) into a slab; small frames
// are copied, large ones written by reference; the batch is written once per event-loop turn, or as soon as
// it holds 64 KiB. Receive: the received chunks are kept as they are and each `receive()` parses the next
// message out of them (views, no copy unless a frame spans chunks), so nothing per message is held while
// messages wait; reading stops while more than RECEIVE_LIMIT bytes wait.
import * as net from "node:net";
import { once } from "node:events";
import type { BenchSocket, SocketKind } from "./drivers.js";

const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
/** Bytes held by a receiver before it stops reading (the counterpart of the receive high-water mark). */
const RECEIVE_LIMIT = 8 * 1024 * 1024;
/** Bytes queued in a stream before `send` waits for 'drain'. */
const SEND_LIMIT = 8 * 1024 * 1024;
const SLAB = 64 * 1024;
const COPY_BELOW = 4096;
const RESOLVED = Promise.resolve();
const EMPTY = Buffer.alloc(0);

/** One connection's output: frames packed into a slab, written once per turn or when 64 KiB are batched. */
class Writer {
  private slab = Buffer.allocUnsafe(SLAB);
  private start = 0;
  private pos = 0;
  private chunks: Buffer[] = [];
  private scheduled = false;

  constructor(readonly conn: net.Socket) {}

  message(frames: Buffer[]): void {
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) this.frame(frames[i]!, i < last ? FLAG_MORE : 0);
    // The first message of a turn leaves at once (a round trip waits for nothing); the rest of the turn's
    // messages are batched until the turn ends or 32 KiB are waiting.
    if (!this.scheduled) {
      this.scheduled = true;
      this.flush();
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    } else if (this.pos - this.start >= SLAB / 2 || this.chunks.length > 0) this.flush();
  }

  private frame(body: Buffer, flags: number): void {
    const size = body.length;
    const long = size > 255;
    const copy = size < COPY_BELOW;
    const room = (long ? 9 : 2) + (copy ? size : 0);
    if (this.pos + room > this.slab.length) {
      this.seal();
      this.slab = Buffer.allocUnsafe(Math.max(SLAB, room));
      this.start = this.pos = 0;
    }
    const s = this.slab;
    if (long) {
      s[this.pos] = flags | FLAG_LONG;
      s.writeUInt32BE(Math.floor(size / 0x100000000), this.pos + 1);
      s.writeUInt32BE(size >>> 0, this.pos + 5);
      this.pos += 9;
    } else {
      s[this.pos] = flags;
      s[this.pos + 1] = size;
      this.pos += 2;
    }
    if (copy) {
      body.copy(s, this.pos);
      this.pos += size;
    } else {
      this.seal();
      this.chunks.push(body);
    }
  }

  private seal(): void {
    if (this.pos > this.start) this.chunks.push(this.slab.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  flush(): void {
    this.seal();
    const out = this.chunks;
    if (out.length === 0) return;
    this.chunks = [];
    if (out.length === 1) {
      this.conn.write(out[0]!);
      return;
    }
    this.conn.cork();
    for (const c of out) this.conn.write(c);
    this.conn.uncork();
  }
}

/** One connection's input: the chunks as received, parsed a message at a time on demand. */
class Reader {
  private chunks: Buffer[] = [];
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Bytes received and not parsed yet. */
  held = 0;

  push(chunk: Buffer): void {
    this.held += chunk.length;
    if (this.pos === this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
    } else this.chunks.push(chunk);
  }

  /** A message parsed ahead by `hasMessage`. */
  private ahead: Buffer[] | undefined = undefined;

  /** Nothing buffered at all. */
  get idle(): boolean {
    return this.held === 0 && this.ahead === undefined;
  }

  /** Whether a whole message is buffered (parsed now, handed out by the next `next`). */
  hasMessage(): boolean {
    this.ahead ??= this.parse();
    return this.ahead !== undefined;
  }

  /** The next whole message, or undefined. */
  next(): Buffer[] | undefined {
    const m = this.ahead ?? this.parse();
    this.ahead = undefined;
    return m;
  }

  private parse(): Buffer[] | undefined {
    // `pos` stays at the message start until the message is whole; `rel` walks its frames.
    const frames: Buffer[] = [];
    let rel = 0;
    for (;;) {
      if (!this.need(rel + 2)) return undefined;
      const flags = this.buf[this.pos + rel]!;
      let size: number;
      let header: number;
      if (flags & FLAG_LONG) {
        if (!this.need(rel + 9)) return undefined;
        const at = this.pos + rel;
        size = this.buf.readUInt32BE(at + 1) * 0x100000000 + this.buf.readUInt32BE(at + 5);
        header = 9;
      } else {
        size = this.buf[this.pos + rel + 1]!;
        header = 2;
      }
      if (!this.need(rel + header + size)) return undefined;
      const at = this.pos + rel + header;
      frames.push(this.buf.subarray(at, at + size));
      rel += header + size;
      if (!(flags & FLAG_MORE)) {
        this.pos += rel;
        this.held -= rel;
        return frames;
      }
    }
  }

  /** Whether `n` bytes from `pos` are buffered; joins the next chunks onto the current one when needed. */
  private need(n: number): boolean {
    if (this.buf.length - this.pos >= n) return true;
    if (this.held < n) return false;
    const parts = [this.buf.subarray(this.pos)];
    let have = parts[0]!.length;
    while (have < n) {
      const c = this.chunks.shift()!;
      parts.push(c);
      have += c.length;
    }
    this.buf = Buffer.concat(parts, have);
    this.pos = 0;
    return true;
  }
}

interface Conn {
  id: number;
  sock: net.Socket;
  reader: Reader;
  writer: Writer;
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
  private readonly conns = new Map<number, Conn>();
  private nextId = 0;
  /** Connections with unparsed bytes, in arrival order (fair between connections). */
  private readonly ready: Conn[] = [];
  private waiter: Waiter | null = null;
  private lastFrom = -1;
  private failure: Error | null = null;
  private server: net.Server | null = null;

  constructor(private readonly kind: SocketKind) {}

  static async bind(
    kind: SocketKind,
    address: string,
    backlog?: number,
  ): Promise<{ socket: NetSocket; endpoint: string }> {
    const s = new NetSocket(kind);
    const server = net.createServer({ noDelay: true }, (c) => s.adopt(c));
    s.server = server;
    const ipc = address.startsWith("ipc://") ? address.slice("ipc://".length) : null;
    if (ipc) server.listen(ipc, backlog);
    else server.listen(0, "127.0.0.1", backlog);
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

  private adopt(sock: net.Socket): void {
    const conn: Conn = { id: this.nextId++, sock, reader: new Reader(), writer: new Writer(sock) };
    this.conns.set(conn.id, conn);
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => this.received(conn, chunk));
    sock.on("error", (e) => this.fail(e));
    sock.on("close", () => this.conns.delete(conn.id));
  }

  private received(conn: Conn, chunk: Buffer): void {
    const wasEmpty = conn.reader.idle;
    conn.reader.push(chunk);
    if (wasEmpty) this.ready.push(conn);
    // Stop reading while plenty waits, unless what waits is one message still arriving.
    if (conn.reader.held >= RECEIVE_LIMIT && conn.reader.hasMessage()) conn.sock.pause();
    const w = this.waiter;
    if (w === null) return;
    const msg = this.take();
    if (msg === undefined) return;
    this.waiter = null;
    w.resolve(msg);
  }

  /** The next whole message from the ready connections, round-robin. */
  private take(): Buffer[] | undefined {
    for (let n = this.ready.length; n > 0; n--) {
      const conn = this.ready.shift()!;
      const r = conn.reader;
      const msg = r.next();
      if (!r.idle) this.ready.push(conn);
      if (r.held < RECEIVE_LIMIT / 2 && conn.sock.isPaused()) conn.sock.resume();
      if (msg === undefined) continue;
      this.lastFrom = conn.id;
      if (this.kind !== "router") return msg;
      const id = Buffer.allocUnsafe(4);
      id.writeUInt32BE(conn.id, 0);
      msg.unshift(id);
      return msg;
    }
    return undefined;
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(e);
  }

  receive(): Promise<Buffer[]> {
    const msg = this.take();
    if (msg !== undefined) return Promise.resolve(msg);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  send(frames: Buffer[]): Promise<void> {
    if (this.kind === "pub") {
      let wait: net.Socket | undefined;
      for (const c of this.conns.values()) {
        c.writer.message(frames);
        if (c.sock.writableLength >= SEND_LIMIT) wait = c.sock;
      }
      return wait ? drained(wait) : RESOLVED;
    }
    let target: Conn | undefined;
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
    target.writer.message(body);
    return target.sock.writableLength >= SEND_LIMIT ? drained(target.sock) : RESOLVED;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer[]> {
    return { next: () => this.receive().then((value) => ({ value, done: false })) };
  }

  close(): void {
    for (const c of this.conns.values()) {
      c.writer.flush();
      c.sock.destroy();
    }
    this.conns.clear();
    this.server?.close();
  }
}

/** Resolves once the stream drains, or can no longer (a peer that has what it needs may close first). */
function drained(c: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      c.off("drain", done).off("close", done);
      resolve();
    };
    c.on("drain", done).on("close", done);
  });
}
