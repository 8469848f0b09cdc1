import { isIP } from "node:net";

/**
 * The SOCKS5 side of a tcp connect through ZMQ_SOCKS_PROXY, without I/O: RFC 1928 CONNECT with
 * no authentication or, when a username is set, RFC 1929 username/password, exactly as libzmq's
 * socks_connecter speaks it (one method offered; either method accepted in the answer; the
 * target sent as IPv4, IPv6 or a domain name, never resolved locally).
 */

/** A proxy address as ZMQ_SOCKS_PROXY takes it: `host:port` (an IPv6 host in brackets). */
export interface ProxyAddress {
  readonly host: string;
  readonly port: number;
}

/** `host:port` → its parts, or null when there is no valid port (libzmq then retries without a socket). */
export function parseProxyAddress(address: string): ProxyAddress | null {
  const colon = address.lastIndexOf(":");
  if (colon <= 0) return null;
  let host = address.slice(0, colon);
  const port = address.slice(colon + 1);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host.length === 0 || !/^[0-9]{1,5}$/.test(port) || Number(port) === 0 || Number(port) > 65535) return null;
  return { host, port: Number(port) };
}

const VERSION = 0x05;
const NO_AUTHENTICATION = 0x00;
const USERNAME_PASSWORD = 0x02;
const AUTH_VERSION = 0x01;
const CONNECT = 0x01;
const ATYP_IPV4 = 0x01;
const ATYP_DOMAIN = 0x03;
const ATYP_IPV6 = 0x04;
/** Reply codes above this are not SOCKS5's (libzmq rejects them as soon as it sees one). */
const LAST_REPLY_CODE = 0x08;

/** What the negotiation asks for after some bytes from the proxy. */
export type SocksStep =
  /** Write these (possibly none) and wait for more. */
  | { readonly kind: "continue"; readonly send: readonly Buffer[] }
  /** The proxy refused, answered nonsense, or the request cannot be made: close and retry later. */
  | { readonly kind: "failed"; readonly reason: string }
  /** Connected through the proxy; `rest` is what the peer already sent after the proxy's reply. */
  | { readonly kind: "connected"; readonly send: readonly Buffer[]; readonly rest: Buffer };

const enum Phase {
  Choice,
  AuthReply,
  ConnectReply,
  Done,
}

/** One CONNECT through a SOCKS5 proxy, fed the proxy's bytes as they arrive. */
export class Socks5Negotiation {
  private phase = Phase.Choice;
  /** Bytes received and not consumed yet: never more than a chunk plus one reply (262 bytes). */
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly target: ProxyAddress,
    /** ZMQ_SOCKS_USERNAME / _PASSWORD, or null for none (an empty username means none). */
    private readonly credentials: { readonly username: Buffer; readonly password: Buffer } | null,
  ) {}

  /** The first bytes to write once connected to the proxy: version 5, one method. */
  greeting(): Buffer {
    return Buffer.from([VERSION, 1, this.credentials ? USERNAME_PASSWORD : NO_AUTHENTICATION]);
  }

  feed(chunk: Buffer): SocksStep {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const send: Buffer[] = [];
    for (;;) {
      const step = this.step(send);
      if (step !== null) return step;
    }
  }

  /** Consumes one reply if it is complete: null to go on, or what to do now. */
  private step(send: Buffer[]): SocksStep | null {
    const b = this.pending;
    switch (this.phase) {
      case Phase.Choice: {
        if (b.length >= 1 && b[0] !== VERSION) return fail("not a SOCKS5 method reply");
        if (b.length < 2) return { kind: "continue", send };
        const method = b[1]!;
        this.consume(2);
        if (method === USERNAME_PASSWORD) {
          // Sent even if we offered no authentication (empty credentials then), as libzmq does.
          send.push(this.authRequest());
          this.phase = Phase.AuthReply;
          return null;
        }
        if (method !== NO_AUTHENTICATION) return fail("the proxy accepts none of our methods");
        return this.request(send);
      }
      case Phase.AuthReply: {
        if (b.length >= 1 && b[0] !== AUTH_VERSION) return fail("not a username/password reply");
        if (b.length < 2) return { kind: "continue", send };
        const status = b[1]!;
        this.consume(2);
        if (status !== 0) return fail("the proxy refused our username/password");
        return this.request(send);
      }
      case Phase.ConnectReply: {
        const bad = replyError(b);
        if (bad !== null) return fail(bad);
        const length = replyLength(b);
        if (length === null || b.length < length) return { kind: "continue", send };
        const code = b[1]!;
        this.consume(length);
        if (code !== 0) return fail(`the proxy could not connect (reply ${code})`);
        this.phase = Phase.Done;
        const rest = this.pending;
        this.pending = Buffer.alloc(0);
        return { kind: "connected", send, rest };
      }
      case Phase.Done:
        return { kind: "continue", send };
    }
  }

  private request(send: Buffer[]): SocksStep | null {
    const address = encodeTarget(this.target.host);
    if (address === null) return fail("the host name is too long for SOCKS5");
    const port = Buffer.from([this.target.port >> 8, this.target.port & 0xff]);
    send.push(Buffer.concat([Buffer.from([VERSION, CONNECT, 0x00]), address, port]));
    this.phase = Phase.ConnectReply;
    return null;
  }

  private authRequest(): Buffer {
    const user = this.credentials?.username ?? Buffer.alloc(0);
    const pass = this.credentials?.password ?? Buffer.alloc(0);
    return Buffer.concat([Buffer.from([AUTH_VERSION, user.length]), user, Buffer.from([pass.length]), pass]);
  }

  private consume(n: number): void {
    this.pending = this.pending.subarray(n);
  }
}

function fail(reason: string): SocksStep {
  return { kind: "failed", reason };
}

/** ATYP and address: numeric IPv4/IPv6 as such, anything else as a domain name (null if over 255 bytes). */
function encodeTarget(host: string): Buffer | null {
  const family = isIP(host);
  if (family === 4) return Buffer.from([ATYP_IPV4, ...host.split(".").map(Number)]);
  if (family === 6) return Buffer.concat([Buffer.from([ATYP_IPV6]), ipv6Bytes(host)]);
  const name = Buffer.from(host, "utf8");
  if (name.length > 255) return null;
  return Buffer.concat([Buffer.from([ATYP_DOMAIN, name.length]), name]);
}

/** The 16 bytes of a numeric IPv6 address (with `::` and an embedded IPv4 tail). */
function ipv6Bytes(host: string): Buffer {
  let text = host.split("%")[0]!;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const groups =
    rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** Why the start of a CONNECT reply is not one libzmq accepts, or null (as far as it goes). */
function replyError(b: Buffer): string | null {
  if (b.length >= 1 && b[0] !== VERSION) return "not a SOCKS5 reply";
  if (b.length >= 2 && b[1]! > LAST_REPLY_CODE) return "not a SOCKS5 reply code";
  if (b.length >= 3 && b[2] !== 0x00) return "reserved byte not zero";
  if (b.length >= 4 && b[3] !== ATYP_IPV4 && b[3] !== ATYP_DOMAIN && b[3] !== ATYP_IPV6) return "unknown address type";
  return null;
}

/** The whole reply's length once its address type (and a domain's length) is in. */
function replyLength(b: Buffer): number | null {
  if (b.length < 4) return null;
  if (b[3] === ATYP_IPV4) return 4 + 4 + 2;
  if (b[3] === ATYP_IPV6) return 4 + 16 + 2;
  if (b.length < 5) return null;
  return 4 + 1 + b[4]! + 2;
}
