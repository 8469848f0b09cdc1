// A raw ZMTP peer over a net.Socket: writes exact bytes, reads greetings and frames.
import assert from "node:assert/strict";
import net from "node:net";

export const ascii = (s: string) => Buffer.from(s, "latin1");

/** A 64-byte NULL greeting with the given minor version (0 = ZMTP 3.0, 1 = 3.1). */
export function greeting(minor = 1): Buffer {
  const g = Buffer.alloc(64);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = minor;
  g.write("NULL", 12, "latin1");
  return g;
}

/** One frame: flags, size (short or long form), body. */
export function frame(flags: number, body: Buffer): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const head = Buffer.alloc(9);
  head[0] = flags | 0x02;
  head.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([head, body]);
}

/** A command frame: `name-length name data`. */
export function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return frame(0x04, Buffer.concat([Buffer.from([name.length]), ascii(name), data]));
}

/** READY with Socket-Type (and Identity, if given). */
export function ready(socketType: string, identity?: string): Buffer {
  const prop = (name: string, value: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(value.length);
    return Buffer.concat([Buffer.from([name.length]), ascii(name), len, value]);
  };
  const props = [prop("Socket-Type", ascii(socketType))];
  if (identity !== undefined) props.push(prop("Identity", ascii(identity)));
  return command("READY", Buffer.concat(props));
}

export interface Frame {
  flags: number;
  body: Buffer;
  readonly command: boolean;
  readonly more: boolean;
}

/** Buffered reading over a connected net.Socket. */
export class RawConn {
  private buf = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  closed = false;
  readonly whenClosed: Promise<void>;

  constructor(readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
    sock.on("error", () => {});
    this.whenClosed = new Promise((resolve) =>
      sock.once("close", () => {
        this.closed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  /** Connects to a tcp:// endpoint. */
  static connect(endpoint: string): Promise<RawConn> {
    const u = new URL(endpoint);
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: u.hostname, port: Number(u.port) });
      s.once("connect", () => resolve(new RawConn(s)));
      s.once("error", reject);
    });
  }

  write(b: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.sock.write(b, (err) => (err ? reject(err) : resolve())));
  }

  async read(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.closed) throw new Error(`raw peer: connection closed with ${this.buf.length}/${n} bytes`);
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Reads the peer's 64-byte greeting; returns its minor version. */
  async readGreeting(): Promise<number> {
    const g = await this.read(64);
    assert.equal(g[0], 0xff, "greeting signature");
    assert.equal(g[9]! & 1, 1, "greeting signature end");
    assert.equal(g[10], 3, "major version");
    assert.equal(g.toString("latin1", 12, 16), "NULL");
    return g[11]!;
  }

  async readFrame(): Promise<Frame> {
    const head = await this.read(2);
    const flags = head[0]!;
    let size: number;
    if (flags & 0x02) {
      const rest = await this.read(7);
      size = Number(Buffer.concat([head.subarray(1), rest]).readBigUInt64BE());
    } else {
      size = head[1]!;
    }
    const body = Buffer.from(await this.read(size));
    return { flags, body, command: (flags & 0x04) !== 0, more: (flags & 0x01) !== 0 };
  }

  /** Reads frames until a non-command frame; commands seen on the way are returned too. */
  async readMessageFrame(): Promise<{ frame: Frame; commands: Frame[] }> {
    const commands: Frame[] = [];
    for (;;) {
      const f = await this.readFrame();
      if (!f.command) return { frame: f, commands };
      commands.push(f);
    }
  }

  /** Full NULL handshake as `socketType`: greeting and READY both ways; returns the peer's READY body. */
  async handshake(socketType: string, minor = 1, identity?: string): Promise<Buffer> {
    await this.write(greeting(minor));
    await this.readGreeting();
    await this.write(ready(socketType, identity));
    const f = await this.readFrame();
    assert.ok(f.command, "READY is a command frame");
    assert.equal(f.body.toString("latin1", 1, 6), "READY");
    return f.body;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** A raw tcp server on 127.0.0.1 handing out each accepted connection. */
export async function rawServer(): Promise<{ endpoint: string; accepted: () => Promise<RawConn>; close(): void }> {
  const queue: RawConn[] = [];
  let waiter: ((c: RawConn) => void) | null = null;
  const conns: RawConn[] = [];
  const srv = net.createServer((s) => {
    const c = new RawConn(s);
    conns.push(c);
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(c);
    } else queue.push(c);
  });
  await new Promise<void>((r) => srv.listen({ host: "127.0.0.1", port: 0 }, r));
  const port = (srv.address() as net.AddressInfo).port;
  return {
    endpoint: `tcp://127.0.0.1:${port}`,
    accepted: () => {
      const c = queue.shift();
      if (c) return Promise.resolve(c);
      return new Promise((r) => (waiter = r));
    },
    close() {
      for (const c of conns) c.close();
      srv.close();
    },
  };
}
