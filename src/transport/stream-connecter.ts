import { lookup } from "node:dns";
import { debuglog } from "node:util";
import { connect as netConnect, isIP, type Socket as NetSocket } from "node:net";
import { errnoOf } from "../errors.js";
import type { EnginePlace } from "../engine/host.js";
import { newReader, registerReader } from "../engine/socket-reads.js";
import { EVENT_CLOSED, EVENT_CONNECTED, EVENT_CONNECT_DELAYED, EVENT_CONNECT_RETRIED } from "../events/events.js";
import type { EventSink } from "../events/sink.js";
import type { TransportOptions } from "./options.js";
import { tcpUri, type Endpoint } from "./endpoint.js";
import { fdOf } from "./fd.js";
import { Socks5Negotiation, parseProxyAddress } from "./socks.js";

const debug = debuglog("zmtp");

function grabFd(c: StreamConnecter, s: NetSocket): void {
  c.grabFd(s);
}

/** What a connecter needs from its session. */
export interface ConnecterOwner {
  readonly events: EventSink;
  readonly options: TransportOptions;
  /** The stream is connected (CONNECTED already emitted): start its engine. */
  connected(stream: NetSocket, place: EnginePlace): void;
  /** The numeric form of the endpoint, used by connecters created after a reconnect. */
  resolved(uri: string): void;
}

/** A connecter's lifecycle; `stop` is its one teardown. */
const enum ConnecterState {
  /** Between attempts: resolving the host, or waiting out the reconnect interval. */
  Waiting,
  /** A connect is in flight on `stream`. */
  Connecting,
  /** The stream went to the session: the connecter's work is done. */
  Connected,
  /** Abandoned by its session. */
  Stopped,
}

/**
 * Connects one tcp:// or ipc:// endpoint, retrying with libzmq's rules until it gets a stream:
 * per attempt `[CONNECT_DELAYED] → (CONNECTED | CLOSED → CONNECT_RETRIED)`. Backoff state lives
 * here, so a new connecter (after a disconnect) starts over, as in libzmq. With ZMQ_SOCKS_PROXY
 * a tcp connect goes to the proxy and is CONNECTED once the proxy has reached the endpoint; its
 * events then name the proxy (`tcp://` + ZMQ_SOCKS_PROXY), as libzmq's socks_connecter.
 */
export class StreamConnecter {
  private stream: NetSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private connectTimer: NodeJS.Timeout | null = null;
  private currentIvl = 0;
  private state = ConnecterState.Waiting;
  /** The descriptor of the connect in flight, once known (-1 before). */
  private fd = -1;
  /** The endpoint string this connecter reports (user's form first, numeric after a reconnect; or the proxy's). */
  readonly uri: string;
  /** ZMQ_SOCKS_PROXY for a tcp endpoint, as given ("host:port"); null to connect directly. */
  private readonly proxy: string | null;

  constructor(
    private readonly owner: ConnecterOwner,
    private readonly endpoint: Extract<Endpoint, { transport: "tcp" | "ipc" }>,
    uri: string,
  ) {
    const proxy = endpoint.transport === "tcp" ? owner.options.socksProxy : "";
    this.proxy = proxy === "" ? null : proxy;
    this.uri = this.proxy === null ? uri : `tcp://${this.proxy}`;
  }

  /** Starts at once, or (after a disconnect) reports CONNECT_RETRIED and waits first. */
  start(delayed: boolean): void {
    if (delayed) this.retryLater();
    else this.attempt();
  }

  /**
   * Abandons the connecter, in this order: state Stopped; reconnect and connect timers cleared;
   * a connect in flight destroyed and reported CLOSED (libzmq closes that fd).
   */
  stop(): void {
    if (this.state === ConnecterState.Stopped) return;
    this.state = ConnecterState.Stopped;
    this.clearTimers();
    if (this.stream) {
      const s = this.stream;
      this.stream = null;
      const fd = fdOf(s);
      s.removeAllListeners();
      s.on("error", () => {});
      s.destroy();
      this.owner.events.event(EVENT_CLOSED, fd, "", this.uri, false);
    }
  }

  private attempt(): void {
    if (this.state !== ConnecterState.Waiting) return;
    const ep = this.endpoint;
    if (ep.transport === "ipc") {
      const path = ep.path.startsWith("@") ? "\0" + ep.path.slice(1) : ep.path;
      const reader = newReader();
      this.open(registerReader(netConnect({ path, onread: reader?.onread }), reader));
      return;
    }
    if (this.proxy !== null) {
      // The proxy, not the endpoint, is resolved and connected; an address without a valid
      // port gets no socket at all (libzmq: CONNECT_RETRIED only).
      const proxy = parseProxyAddress(this.proxy);
      if (proxy === null) this.retryLater();
      else this.resolveThenConnect(proxy.host, proxy.port, false);
      return;
    }
    this.resolveThenConnect(ep.host, ep.port, true);
  }

  /** Connects to host:port, resolving a host name first; `direct` reports the numeric endpoint to the owner. */
  private resolveThenConnect(host: string, port: number, direct: boolean): void {
    if (isIP(host)) {
      if (direct) this.owner.resolved(tcpUri(host, port));
      this.tcpConnect(host, port);
      return;
    }
    lookup(host, { family: this.owner.options.ipv6 ? 0 : 4 }, (err, address) => {
      if (this.state !== ConnecterState.Waiting) return;
      if (err) {
        // Resolution failed before any socket existed: no CLOSED, just a retry.
        this.retryLater();
        return;
      }
      if (direct) this.owner.resolved(tcpUri(address, port));
      this.tcpConnect(address, port);
    });
  }

  private tcpConnect(host: string, port: number): void {
    // A non-blocking TCP connect is always "in progress" first.
    this.owner.events.event(EVENT_CONNECT_DELAYED, errnoOf("EINPROGRESS"), "", this.uri, false);
    // A proxy's stream is read for its reply first ('data' events), so the engine reads it so too.
    const reader = this.proxy === null ? newReader() : null;
    const s = registerReader(netConnect({ host, port, noDelay: true, onread: reader?.onread }), reader);
    const o = this.owner.options;
    // (libzmq's SOCKS connecter has no connect timeout.)
    if (o.connectTimeout > 0 && this.proxy === null) {
      this.connectTimer = setTimeout(() => this.attemptFailed(), o.connectTimeout);
      this.connectTimer.unref();
    }
    this.open(s);
  }

  private open(s: NetSocket): void {
    this.state = ConnecterState.Connecting;
    this.stream = s;
    this.fd = -1;
    s.unref();
    // Remember the descriptor while it exists: after a failure Node has already closed it. net.connect
    // is only ever given a numeric address (or a path), so Node opens the descriptor in a tick of its
    // own, queued before this one.
    process.nextTick(grabFd, this, s);
    // Plain listeners, not once(): every way out of Connecting removes them all.
    s.on("connect", () => {
      if (this.stream !== s) return;
      if (this.proxy !== null) this.negotiate(s);
      else this.handOver(s, null);
    });
    s.on("error", () => {
      if (this.stream !== s) return;
      this.grabFd(s);
      this.attemptFailed(this.fd >= 0 ? this.fd : undefined);
    });
  }

  /** Notes the descriptor of the connect in flight, once it exists. */
  grabFd(s: NetSocket): void {
    if (this.fd >= 0 || this.stream !== s) return;
    const n = (s as unknown as { _handle?: { fd?: number } | null })._handle?.fd;
    if (typeof n === "number" && n >= 0) this.fd = n;
  }

  /** Connected to the proxy: ask it for the endpoint; CONNECTED only once it is reached. */
  private negotiate(s: NetSocket): void {
    const ep = this.endpoint as Extract<Endpoint, { transport: "tcp" }>;
    const o = this.owner.options;
    const user = Buffer.from(o.socksUsername, "utf8");
    const credentials = user.length > 0 ? { username: user, password: Buffer.from(o.socksPassword, "utf8") } : null;
    const socks = new Socks5Negotiation({ host: ep.host, port: ep.port }, credentials);
    // The proxy hanging up before the endpoint is reached is a failed attempt, like a refused connect.
    const refused = () => {
      if (this.stream === s) this.attemptFailed();
    };
    s.once("end", refused);
    s.once("close", refused);
    s.on("data", (chunk: Buffer) => {
      if (this.stream !== s) return;
      const step = socks.feed(chunk);
      if (step.kind === "failed") {
        debug("SOCKS connect to %s via %s failed: %s", ep.address, this.proxy, step.reason);
        this.attemptFailed();
        return;
      }
      for (const bytes of step.send) s.write(bytes);
      if (step.kind === "connected") this.handOver(s, step.rest);
    });
    s.write(socks.greeting());
  }

  /** The stream reaches the endpoint: CONNECTED, and the session takes it (with bytes already read, if any). */
  private handOver(s: NetSocket, head: Buffer | null): void {
    this.state = ConnecterState.Connected;
    this.clearTimers();
    this.stream = null;
    s.removeAllListeners();
    const realFd = fdOf(s);
    const ep = this.endpoint;
    const local =
      ep.transport === "tcp" && s.localAddress !== undefined ? tcpUri(s.localAddress, s.localPort ?? 0) : "ipc://";
    this.owner.events.event(EVENT_CONNECTED, realFd, local, this.uri, false);
    this.owner.connected(s, { local, remote: this.uri, bindSide: false, fd: realFd });
    // What the peer sent right behind the proxy's reply goes to the engine, ahead of anything later.
    if (head !== null && head.length > 0 && !s.destroyed) s.unshift(head);
  }

  private attemptFailed(knownFd?: number): void {
    const s = this.stream;
    if (!s || this.state !== ConnecterState.Connecting) return;
    this.state = ConnecterState.Waiting;
    this.stream = null;
    this.clearTimers();
    const fd = knownFd ?? fdOf(s);
    s.removeAllListeners();
    s.on("error", () => {});
    s.destroy();
    this.owner.events.event(EVENT_CLOSED, fd, "", this.uri, false);
    this.retryLater();
  }

  /** Arms the reconnect timer and reports its interval (CONNECT_RETRIED), if reconnecting at all. */
  private retryLater(): void {
    const o = this.owner.options;
    if (o.reconnectInterval <= 0 || this.state !== ConnecterState.Waiting) return;
    const ivl = this.nextInterval();
    this.owner.events.event(EVENT_CONNECT_RETRIED, ivl, "", this.uri, false);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attempt();
    }, ivl);
    this.timer.unref();
  }

  /** libzmq's rule: jitter in [ivl, 2·ivl) without a max; doubling capped at the max with one. */
  private nextInterval(): number {
    const o = this.owner.options;
    const ivl = o.reconnectInterval;
    const max = o.reconnectMaxInterval;
    if (max > 0) {
      this.currentIvl = this.currentIvl === 0 ? Math.min(ivl, max) : Math.min(this.currentIvl * 2, max, 0x7fffffff);
      return this.currentIvl;
    }
    return ivl + Math.floor(Math.random() * ivl);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.timer = this.connectTimer = null;
  }
}
