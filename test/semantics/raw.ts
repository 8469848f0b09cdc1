// A raw ZMTP peer over a net.Socket: writes exact bytes, reads greetings and frames.
import assert from "node:assert/strict";
import net from "node:net";
import { RawStream, type RawFrame } from "../support/raw-stream.js";

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

/** A raw connection with ZMTP greeting/handshake helpers (reading and writing: RawStream). */
export class RawConn extends RawStream {
  /** Reads the peer's 64-byte greeting; returns its minor version. */
  async readGreeting(): Promise<number> {
    const g = await this.read(64);
    assert.equal(g[0], 0xff, "greeting signature");
    assert.equal(g[9]! & 1, 1, "greeting signature end");
    assert.equal(g[10], 3, "major version");
    assert.equal(g.toString("latin1", 12, 16), "NULL");
    return g[11]!;
  }

  /** Reads frames until a non-command frame; commands seen on the way are returned too. */
  async readMessageFrame(): Promise<{ frame: RawFrame; commands: RawFrame[] }> {
    const commands: RawFrame[] = [];
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
      for (const c of conns) c.destroy();
      srv.close();
    },
  };
}
