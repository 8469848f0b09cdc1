// A tiny SOCKS5 proxy for tests (RFC 1928 CONNECT, RFC 1929 username/password), on loopback
// only, that records what its clients ask for. Its answers can be made to refuse at each step.
import net from "node:net";

export interface Socks5Options {
  /** Require username/password (method 2) with these credentials; otherwise no authentication. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Answer the greeting with this method instead (0xFF: none acceptable). */
  readonly method?: number;
  /** Answer CONNECT with this reply code instead of connecting (e.g. 5, connection refused). */
  readonly connectReply?: number;
  /**
   * Hold the CONNECT reply until the target has sent something, then send both in one write:
   * the client gets its first bytes from the peer in the same read as the reply.
   */
  readonly coalesce?: boolean;
}

/** What one client connection asked for, in order. */
export interface Socks5Request {
  /** Methods offered in the greeting. */
  methods?: number[];
  /** Username/password sub-negotiation (version, username, password). */
  auth?: { version: number; username: string; password: string };
  /** CONNECT: address type (1 IPv4, 3 domain, 4 IPv6), host as text, port. */
  connect?: { command: number; atyp: number; host: string; port: number };
}

export class Socks5Server {
  /** One entry per client connection. */
  readonly requests: Socks5Request[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;
  port = 0;

  constructor(private readonly opts: Socks5Options = {}) {
    this.server = net.createServer((c) => this.serve(c));
  }

  /** Starts listening on 127.0.0.1; returns the `host:port` for ZMQ_SOCKS_PROXY. */
  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `127.0.0.1:${this.port}`;
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }

  private track(s: net.Socket): net.Socket {
    this.sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => this.sockets.delete(s));
    return s;
  }

  private serve(client: net.Socket): void {
    this.track(client);
    const req: Socks5Request = {};
    this.requests.push(req);
    let buf = Buffer.alloc(0);
    let stage: "greeting" | "auth" | "connect" | "relay" = "greeting";
    const refuse = (bytes: number[]) => {
      client.end(Buffer.from(bytes));
      stage = "relay";
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (stage === "greeting") {
          if (buf.length < 2 || buf.length < 2 + buf[1]!) return;
          req.methods = [...buf.subarray(2, 2 + buf[1]!)];
          buf = buf.subarray(2 + buf[1]!);
          const method = this.opts.method ?? (this.opts.credentials ? 2 : 0);
          if (method === 0xff) return refuse([5, 0xff]);
          client.write(Buffer.from([5, method]));
          stage = method === 2 ? "auth" : "connect";
        } else if (stage === "auth") {
          if (buf.length < 2) return;
          const ulen = buf[1]!;
          if (buf.length < 3 + ulen) return;
          const plen = buf[2 + ulen]!;
          if (buf.length < 3 + ulen + plen) return;
          const username = buf.toString("latin1", 2, 2 + ulen);
          const password = buf.toString("latin1", 3 + ulen, 3 + ulen + plen);
          req.auth = { version: buf[0]!, username, password };
          buf = buf.subarray(3 + ulen + plen);
          const c = this.opts.credentials;
          if (!c || c.username !== username || c.password !== password) return refuse([1, 1]);
          client.write(Buffer.from([1, 0]));
          stage = "connect";
        } else if (stage === "connect") {
          if (buf.length < 5) return;
          const atyp = buf[3]!;
          const len = atyp === 1 ? 10 : atyp === 4 ? 22 : 7 + buf[4]!;
          if (buf.length < len) return;
          const raw = atyp === 1 ? buf.subarray(4, 8) : atyp === 4 ? buf.subarray(4, 20) : buf.subarray(5, 5 + buf[4]!);
          const host =
            atyp === 1
              ? [...raw].join(".")
              : atyp === 4
                ? (raw.toString("hex").match(/.{4}/g) ?? []).join(":")
                : raw.toString();
          const port = buf.readUInt16BE(len - 2);
          req.connect = { command: buf[1]!, atyp, host, port };
          buf = buf.subarray(len);
          if (this.opts.connectReply !== undefined) return refuse([5, this.opts.connectReply, 0, 1, 0, 0, 0, 0, 0, 0]);
          stage = "relay";
          this.relay(client, atyp === 3 && host === "localhost" ? "127.0.0.1" : host, port, buf);
          return;
        } else {
          return;
        }
      }
    };
    client.on("data", onData);
  }

  /** Connects to the target and pipes both ways after the reply (which it may coalesce, see options). */
  private relay(client: net.Socket, host: string, port: number, early: Buffer): void {
    client.removeAllListeners("data");
    client.pause();
    const upstream = this.track(net.connect({ host, port }));
    const reply = () => {
      const p = upstream.localPort ?? 0;
      return Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, p >> 8, p & 0xff]);
    };
    upstream.once("connect", () => {
      if (early.length > 0) upstream.write(early);
      const start = (first: Buffer | null) => {
        client.write(first ? Buffer.concat([reply(), first]) : reply());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      };
      if (this.opts.coalesce) upstream.once("data", (d: Buffer) => start(d));
      else start(null);
    });
    upstream.once("error", () => {
      if (!client.destroyed) client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0]));
    });
    upstream.on("close", () => client.destroy());
    client.on("close", () => upstream.destroy());
  }
}
