import { createSocket, type RemoteInfo, type Socket as DgramSocket } from "node:dgram";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { debuglog } from "node:util";
import { errnoOfNodeError, zmqError, type ErrnoError } from "../errors.js";
import { createPipe, type PipeEnd, type PipeSink } from "../pipe/pipe.js";
import {
  UDP_MAX_DATAGRAM,
  decodeGroupDatagram,
  dgramAddressFrame,
  encodeGroupDatagram,
  parseDgramAddress,
} from "./udp-codec.js";
import { interfaceAddress, type UdpEndpoint } from "./udp-endpoint.js";

const debug = debuglog("zmtp");

/**
 * What the engine does with datagrams (libzmq's udp_engine): a RADIO sends `[group, body]`
 * messages to one address; a DISH receives them; a DGRAM socket does both with raw payloads,
 * each paired with its peer's `"ip:port"`.
 */
export type UdpMode = "radio" | "dish" | "dgram";

/** The socket options the engine reads (the socket's option store satisfies it). */
export interface UdpOptions {
  /** ZMQ_IPV6: allows IPv6 addresses */
  readonly ipv6: boolean;
  /** ZMQ_MULTICAST_HOPS: TTL of multicast datagrams sent */
  readonly multicastHops: number;
  readonly receiveHighWaterMark: number;
  readonly sendHighWaterMark: number;
}

/** Datagrams handed to the kernel but not yet sent: past this the engine waits instead of queueing more. */
const SEND_QUEUE_LIMIT = 64;

const enum UdpState {
  /** Resolving or binding; a sender keeps messages in its pipe meanwhile. */
  Opening,
  Open,
  /** A RADIO's address could not be resolved or its socket not opened: what it sends is dropped. */
  Failed,
  /** The pipe is gone: sending what it still held, then closing. */
  Draining,
  Closed,
}

/**
 * One udp:// endpoint of a socket: a datagram socket and one pipe, no handshake and no monitor
 * events (as libzmq). Bad datagrams are dropped; nothing a peer sends can do more.
 */
export class UdpEngine implements PipeSink {
  private state = UdpState.Opening;
  private sock: DgramSocket | null = null;
  private pipe: PipeEnd | null = null;
  /** Where a RADIO sends, once resolved. */
  private dest: { host: string; port: number } | null = null;
  private flushScheduled = false;
  private waitingForQueue = false;

  private constructor(
    private readonly mode: UdpMode,
    private readonly ep: UdpEndpoint,
    private readonly options: UdpOptions,
  ) {}

  /**
   * Binds a DISH or DGRAM endpoint; resolves with the socket's end of the engine's pipe. Unlike
   * libzmq, whose bind succeeds and then fails silently, errors reject (ENODEV, EADDRNOTAVAIL...).
   */
  static async bind(mode: UdpMode, ep: UdpEndpoint, options: UdpOptions): Promise<PipeEnd> {
    const engine = new UdpEngine(mode, ep, options);
    const family = familyOf(ep, options, "ENODEV");
    let host: string;
    if (ep.multicast || ep.host === "*") host = family === 6 ? "::" : "0.0.0.0";
    else host = await resolve(ep, family, "ENODEV");
    const membership = ep.multicast ? interfaceAddress(ep.iface ?? "*", family, ep.address) : null;
    const sock = createSocket({ type: family === 6 ? "udp6" : "udp4", reuseAddr: true });
    try {
      await new Promise<void>((res, rej) => {
        sock.once("error", rej);
        sock.bind({ address: host, port: ep.port }, () => {
          sock.off("error", rej);
          res();
        });
      });
      if (ep.multicast) sock.addMembership(ep.host, membership ?? undefined);
    } catch (err) {
      sock.close();
      throw zmqError((err as ErrnoError).code ?? "EINVAL", undefined, ep.address);
    }
    sock.on("message", (datagram: Buffer, from: RemoteInfo) => engine.received(datagram, from));
    return engine.open(sock);
  }

  /** Connects a RADIO endpoint: the pipe exists at once, datagrams flow once the address is resolved. */
  static connect(ep: UdpEndpoint, options: UdpOptions): PipeEnd {
    const engine = new UdpEngine("radio", ep, options);
    const family = familyOf(ep, options, "EINVAL");
    const iface = ep.multicast && ep.iface !== null ? interfaceAddress(ep.iface, family, ep.address) : null;
    const end = engine.attach();
    void engine.start(family, iface);
    return end;
  }

  private async start(family: 4 | 6, iface: string | null): Promise<void> {
    try {
      const host = await resolve(this.ep, family, "EINVAL");
      const sock = createSocket({ type: family === 6 ? "udp6" : "udp4" });
      await new Promise<void>((res, rej) => {
        sock.once("error", rej);
        sock.bind({ port: 0 }, () => {
          sock.off("error", rej);
          res();
        });
      });
      if (this.ep.multicast) {
        sock.setMulticastTTL(this.options.multicastHops);
        sock.setMulticastLoopback(true);
        if (iface !== null) sock.setMulticastInterface(iface);
      }
      this.dest = { host, port: this.ep.port };
      if (this.state === UdpState.Closed) sock.close();
      else this.open(sock);
    } catch (err) {
      // libzmq reports nothing either.
      debug("udp %s: %s", this.ep.address, err instanceof Error ? err.message : String(err));
      if (this.state === UdpState.Opening) this.state = UdpState.Failed;
      this.scheduleFlush();
    }
  }

  private attach(): PipeEnd {
    const [socketEnd, engineEnd] = createPipe(this.options.receiveHighWaterMark, this.options.sendHighWaterMark);
    this.pipe = engineEnd;
    engineEnd.sink = this;
    socketEnd.tag = this;
    return socketEnd;
  }

  private open(sock: DgramSocket): PipeEnd {
    this.sock = sock;
    sock.unref();
    sock.on("error", (err) => debug("udp %s: %s", this.ep.address, err.message));
    const end = this.pipe === null ? this.attach() : this.pipe.peer;
    if (this.state === UdpState.Opening) this.state = UdpState.Open;
    this.scheduleFlush();
    return end;
  }

  // ---- receiving ----

  private received(datagram: Buffer, from: RemoteInfo): void {
    const pipe = this.pipe;
    if (pipe === null || this.state !== UdpState.Open) return;
    let msg: Buffer[] | null;
    if (this.mode === "dish") msg = decodeGroupDatagram(datagram);
    else msg = datagram.length > UDP_MAX_DATAGRAM ? null : [dgramAddressFrame(from.address, from.port), datagram];
    // Malformed, oversized, or no room in the pipe: UDP is lossy, the datagram is dropped.
    if (msg !== null) pipe.writeReceived(msg);
  }

  // ---- sending ----

  pipeReadable(): void {
    this.scheduleFlush();
  }

  pipeWritable(): void {}

  pipeTerminated(): void {
    if (this.state === UdpState.Closed) return;
    this.state = UdpState.Draining;
    this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.state === UdpState.Closed) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Moves queued messages out as datagrams, keeping at most SEND_QUEUE_LIMIT in flight. */
  private flush(): void {
    const pipe = this.pipe;
    if (pipe === null || this.state === UdpState.Closed) return;
    const sock = this.sock;
    if (sock === null) {
      // Opening: messages wait in the pipe (bounded by its HWM). Failed: they are dropped.
      if (this.state === UdpState.Failed) while (pipe.read() !== undefined);
      else if (this.state === UdpState.Draining) this.close();
      return;
    }
    let msg: Buffer[] | undefined;
    while ((msg = pipe.read()) !== undefined) {
      // A DISH only ever writes JOIN/LEAVE, which udp does not carry.
      if (this.mode !== "dish") this.send(sock, msg);
      if (sock.getSendQueueCount() >= SEND_QUEUE_LIMIT) {
        this.waitingForQueue = true;
        return;
      }
    }
    if (this.state === UdpState.Draining && sock.getSendQueueCount() === 0) this.close();
  }

  private send(sock: DgramSocket, msg: Buffer[]): void {
    let datagram: Buffer | null = null;
    let to: { host: string; port: number } | null;
    if (this.mode === "radio") {
      to = this.dest;
      if (msg.length === 2) datagram = encodeGroupDatagram(msg[0]!, msg[1]!);
    } else {
      to = msg.length === 2 ? parseDgramAddress(msg[0]!) : null;
      if (msg[1] !== undefined && msg[1].length <= UDP_MAX_DATAGRAM) datagram = msg[1];
    }
    // libzmq overruns its buffer here; a message that does not fit a datagram is dropped instead.
    if (datagram === null || to === null) return;
    sock.send(datagram, to.port, to.host, (err) => this.sent(err));
  }

  private sent(err: Error | null): void {
    if (err) debug("udp %s: send: %s", this.ep.address, errnoOfNodeError(err));
    if (this.waitingForQueue) {
      this.waitingForQueue = false;
      this.scheduleFlush();
    } else if (this.state === UdpState.Draining && this.sock?.getSendQueueCount() === 0) {
      this.close();
    }
  }

  /** The one teardown: state Closed, the datagram socket closed, the pipe let go. */
  private close(): void {
    if (this.state === UdpState.Closed) return;
    this.state = UdpState.Closed;
    this.sock?.close();
    this.sock = null;
    const pipe = this.pipe;
    this.pipe = null;
    if (pipe) {
      pipe.sink = null;
      pipe.terminate();
    }
  }
}

/** IPv4 unless the address is IPv6 (which needs ZMQ_IPV6: else `failure`, as libzmq). */
function familyOf(ep: UdpEndpoint, options: UdpOptions, failure: string): 4 | 6 {
  if (isIP(ep.host) !== 6) return 4;
  if (!options.ipv6) throw zmqError(failure, undefined, ep.address);
  return 6;
}

async function resolve(ep: UdpEndpoint, family: 4 | 6, failure: string): Promise<string> {
  if (isIP(ep.host) !== 0) return ep.host;
  try {
    return (await lookup(ep.host, { family })).address;
  } catch {
    throw zmqError(failure, undefined, ep.address);
  }
}
