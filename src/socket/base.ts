import type { Socket as NetSocket } from "node:net";
import type { EnginePlace } from "../engine/engine.js";
import { zmqError } from "../errors.js";
import { SocketTypeNames } from "../mechanism/socket-types.js";
import type { EventDetail, EventSink } from "../events/sink.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import { namesNoEndpoint, parseEndpoint, type Endpoint } from "../transport/endpoint.js";
import type { InprocPeer } from "../transport/inproc.js";
import { StreamListener, type ListenerOwner } from "../transport/stream-listener.js";
import { UdpEngine } from "../transport/udp.js";
import type { UdpEndpoint } from "../transport/udp-endpoint.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketOptions } from "./options.js";
import { pipeStatsOf, type PipeStats } from "./pipe-stats.js";
import { Session, type SessionOwner } from "./session.js";
import { guarded, type EventTap } from "./taps.js";
import { checkTransport, udpMode } from "./transports.js";
import type { ZapConnector } from "../mechanism/zap.js";

/** Where a socket is in its life. `close()` is the one way out of Open, and runs once. */
export enum SocketState {
  Open,
  /** close() is tearing the socket down; monitor taps still hear the CLOSED events it causes. */
  Closing,
  Closed,
}

export type { EventTap } from "./taps.js";

interface BoundEndpoint {
  readonly userUri: string;
  readonly uri: string;
  readonly listener: StreamListener | null;
  readonly inprocName: string | null;
  /** A bound udp:// endpoint: the socket's end of its engine's pipe. */
  readonly udpPipe: PipeEnd | null;
}

/**
 * What every socket type shares: options, endpoints (bind/connect over tcp, ipc, inproc),
 * sessions, pipe bookkeeping and the monitor fan-out. A socket type only decides how messages
 * are routed over its pipes (the x* hooks); it never emits events, so it cannot miss one.
 */
export abstract class SocketBase implements PipeSink, EventSink, ListenerOwner, SessionOwner, InprocPeer {
  readonly options = new SocketOptions();
  #state = SocketState.Open;
  /** Called when a message may have become readable / a send may now succeed. */
  onReadable: (() => void) | null = null;
  onWritable: (() => void) | null = null;
  private readonly taps = new Set<EventTap>();
  private readonly bound: BoundEndpoint[] = [];
  private readonly connects = new Map<string, Session | PipeEnd>();
  private readonly sessions = new Set<Session>();
  /** Pipes without a session (inproc, udp): the socket terminates them itself. */
  private readonly ownedPipes = new Set<PipeEnd>();
  private readonly pipes = new Set<PipeEnd>();

  constructor(
    readonly ctx: ContextCore,
    readonly type: number,
  ) {
    ctx.sockets.add(this);
    this.options.onHighWaterMarkChange = () => this.highWaterMarksChanged();
  }

  get state(): SocketState {
    return this.#state;
  }

  /** True from the moment close() starts. */
  get closed(): boolean {
    return this.#state !== SocketState.Open;
  }

  /** ZAP requests go to this socket's context's handler. */
  get zap(): ZapConnector {
    return this.ctx.zap;
  }

  /** ZMQ_THREAD_SAFE as libzmq reports it: true for the draft types except DGRAM. */
  readonly threadSafe: boolean = false;
  /** libzmq applies ZMQ_CONFLATE to DEALER, PULL, PUSH, PUB and SUB only; GATHER and SCATTER ignore it. */
  protected readonly conflateApplies: boolean = true;

  get typeName(): string {
    return SocketTypeNames[this.type] ?? "UNKNOWN";
  }
  get events(): EventSink {
    return this;
  }
  get sendHwm(): number {
    return this.options.sendHighWaterMark;
  }
  get receiveHwm(): number {
    return this.options.receiveHighWaterMark;
  }

  // ---- routing hooks, implemented by socket types ----
  protected abstract xattach(pipe: PipeEnd): void;
  protected abstract xsend(msg: Buffer[]): boolean;
  protected abstract xrecv(): Buffer[] | undefined;
  protected abstract xreadActivated(pipe: PipeEnd): void;
  protected abstract xwriteActivated(pipe: PipeEnd): void;
  protected abstract xterminated(pipe: PipeEnd): void;
  /**
   * A socket-type rule on what peers may send (false drops that connection), or null for none;
   * null keeps the per-message hot path free of it.
   */
  readonly inboundRule: ((msg: Buffer[]) => boolean) | null = null;

  /** The peer on an existing pipe finished its handshake (ROUTER learns its id; SUB resends after a reconnect). */
  protected xhandshaken(_pipe: PipeEnd, _identity: Buffer | null, _reconnect: boolean): void {}
  abstract hasIn(): boolean;
  abstract hasOut(): boolean;

  /** Sends a whole message if routing allows it now; false means "would block" (EAGAIN). */
  trySend(msg: Buffer[]): boolean {
    return !this.closed && this.xsend(msg);
  }

  tryRecv(): Buffer[] | undefined {
    return this.closed ? undefined : this.xrecv();
  }

  // ---- monitor fan-out ----
  addTap(tap: EventTap): void {
    this.taps.add(tap);
  }
  removeTap(tap: EventTap): void {
    this.taps.delete(tap);
  }

  event(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void {
    for (const t of this.taps) guarded(() => t.deliver(event, value >>> 0, local, remote, bindSide, detail));
  }

  // ---- pipe sink ----
  pipeReadable(end: PipeEnd): void {
    this.xreadActivated(end);
    this.onReadable?.();
  }
  pipeWritable(end: PipeEnd): void {
    this.xwriteActivated(end);
    this.onWritable?.();
  }
  pipeTerminated(end: PipeEnd): void {
    if (!this.pipes.delete(end)) return;
    this.ownedPipes.delete(end);
    this.xterminated(end);
    // A dead pipe may unblock a pending send (PAIR) or leave queued messages to read.
    this.onWritable?.();
    this.onReadable?.();
  }

  attachPipe(end: PipeEnd, _session?: Session, identity: Buffer | null = null): void {
    if (this.closed) {
      end.terminate();
      return;
    }
    end.sink = this;
    end.routingId = identity;
    if (this.options.conflate && this.conflateApplies) {
      end.conflate = true;
      end.peer.conflate = true;
    }
    this.pipes.add(end);
    this.xattach(end);
    if (end.hasPending()) this.onReadable?.();
    this.onWritable?.();
  }

  pipeHandshaken(end: PipeEnd, identity: Buffer | null, reconnect: boolean): void {
    if (!this.pipes.has(end)) return;
    end.awaitingHandshake = false;
    end.routingId = identity;
    this.xhandshaken(end, identity, reconnect);
    this.onWritable?.();
  }

  /**
   * ZMQ_SNDHWM/ZMQ_RCVHWM set after connect or bind apply to the existing pipes, as libzmq's
   * update_pipe_options: each pipe's sending end takes our SNDHWM, and its peer end (what flows
   * to us) our RCVHWM, each plus the pipe's inproc boost.
   */
  private highWaterMarksChanged(): void {
    const o = this.options;
    for (const p of this.pipes) {
      p.setOutHwm(o.sendHighWaterMark);
      p.peer.setOutHwm(o.receiveHighWaterMark);
    }
  }

  get inprocIdentity(): Buffer | null {
    return this.options.routingId;
  }

  attachInproc(end: PipeEnd, _name: string, identity: Buffer | null): void {
    this.ownedPipes.add(end);
    this.attachPipe(end, undefined, identity);
  }

  /** A udp:// endpoint's pipe (no handshake, no events: libzmq's udp engine has neither); ETERM once closed. */
  private attachUdp(end: PipeEnd, ep: UdpEndpoint): void {
    if (this.closed) {
      end.terminate();
      throw zmqError("ETERM", undefined, ep.address);
    }
    this.ownedPipes.add(end);
    this.attachPipe(end);
    this.options.lastEndpoint = ep.shown;
  }

  inprocIdentified(end: PipeEnd, identity: Buffer | null): void {
    this.pipeHandshaken(end, identity, false);
  }

  /** Refuses a pipe the socket type cannot take (a second PAIR peer): the connection closes. */
  protected reject(end: PipeEnd): void {
    this.pipes.delete(end);
    this.ownedPipes.delete(end);
    end.terminate();
  }

  /** Stops routing to a pipe now (disconnect/unbind); its other end finishes on its own. */
  private detach(end: PipeEnd | null): void {
    if (!end || !this.pipes.delete(end)) return;
    this.ownedPipes.delete(end);
    this.xterminated(end);
  }

  // ---- listener / session owner ----
  accepted(stream: NetSocket, place: EnginePlace, listener: StreamListener): void {
    if (this.closed) {
      stream.destroy();
      return;
    }
    this.sessions.add(Session.accept(this, stream, place, listener));
  }

  sessionEnded(session: Session): void {
    if (session.bindSide) this.sessions.delete(session);
    // A connect-side session that ended stays registered under its endpoint, as in libzmq.
  }

  // ---- endpoints ----
  async bind(address: string): Promise<void> {
    this.checkOpen();
    const ep = parseEndpoint(address, true);
    checkTransport(this.type, ep, "bind");
    if (ep.transport === "inproc") return this.bindInproc(address);
    if (ep.transport === "udp") {
      const end = await UdpEngine.bind(udpMode(this.type), ep, this.options);
      this.attachUdp(end, ep);
      this.bound.push({ userUri: address, uri: address, listener: null, inprocName: null, udpPipe: end });
      return;
    }
    const listener = new StreamListener(this, ep);
    const uri = await listener.listen();
    if (this.closed) {
      listener.close();
      throw zmqError("ETERM", undefined, address);
    }
    this.bound.push({ userUri: address, uri, listener, inprocName: null, udpPipe: null });
    this.options.lastEndpoint = uri;
  }

  /** Binds an inproc:// endpoint synchronously (EADDRINUSE if the name is taken). */
  bindInproc(address: string): void {
    this.checkOpen();
    const ep = parseEndpoint(address, true);
    if (ep.transport !== "inproc") throw zmqError("EPROTONOSUPPORT", undefined, address);
    checkTransport(this.type, ep, "bind");
    this.ctx.inproc.bind(ep.name, this, address);
    this.bound.push({ userUri: address, uri: address, listener: null, inprocName: ep.name, udpPipe: null });
    this.options.lastEndpoint = address;
  }

  unbind(address: string): void {
    this.checkOpen();
    const i = this.bound.findIndex((b) => b.uri === address || (!namesNoEndpoint(address) && b.userUri === address));
    if (i < 0) throw zmqError("ENOENT", undefined, address);
    const b = this.bound[i]!;
    this.bound.splice(i, 1);
    if (b.inprocName !== null) {
      this.ctx.inproc.unbind(b.inprocName, this);
      return;
    }
    if (b.udpPipe !== null) {
      this.detach(b.udpPipe);
      b.udpPipe.terminate();
      return;
    }
    b.listener!.close();
    for (const s of [...this.sessions]) {
      if (s.listener === b.listener) {
        this.sessions.delete(s);
        this.detach(s.socketEnd);
        s.terminate(this.options.linger);
      }
    }
  }

  /** Per-pipe queue statistics (see pipe-stats.ts). */
  pipeStats(): PipeStats[] {
    return pipeStatsOf(this.pipes);
  }

  /** True while the socket has any bound or connected endpoint (Proxy needs one on each side). */
  hasEndpoints(): boolean {
    return this.bound.length > 0 || this.connects.size > 0;
  }

  connect(address: string): void {
    this.checkOpen();
    const ep: Endpoint = parseEndpoint(address, false);
    checkTransport(this.type, ep, "connect");
    // libzmq ignores a repeated connect to the same endpoint on most types.
    if (this.connects.has(address)) return;
    if (ep.transport === "udp") {
      const end = UdpEngine.connect(ep, this.options);
      this.attachUdp(end, ep);
      this.connects.set(address, end);
      return;
    }
    this.options.lastEndpoint = address; // as libzmq: the endpoint as given (udp's shows it without udp://)
    if (ep.transport === "inproc") {
      const end = this.ctx.inproc.connect(ep.name, this, this.options.connectRoutingId);
      this.options.connectRoutingId = null;
      this.connects.set(address, end);
      return;
    }
    const session = Session.connect(this, ep, this.options.connectRoutingId);
    this.options.connectRoutingId = null;
    this.connects.set(address, session);
    this.sessions.add(session);
  }

  disconnect(address: string): void {
    this.checkOpen();
    const c = this.connects.get(address);
    if (!c) throw zmqError("ENOENT", undefined, address);
    this.connects.delete(address);
    if (c instanceof Session) {
      this.sessions.delete(c);
      this.detach(c.socketEnd);
      c.terminate(this.options.linger);
    } else {
      this.detach(c);
      c.terminate();
    }
  }

  /**
   * The one teardown, in a fixed order: (1) listeners and inproc names (CLOSED per listener),
   * (2) sessions with their connecters (CLOSED of an in-flight connect) and pipes, silently,
   * (3) the taps hear socketClosed (MONITOR_STOPPED, the last event) and are detached, (4) the
   * context forgets the socket. Only then do pending sends and receives hear about it.
   */
  close(): void {
    if (this.#state !== SocketState.Open) return;
    this.#state = SocketState.Closing;
    this.closeEndpoints();
    this.closeConnections(this.options.linger);
    this.closeTaps();
    this.ctx.sockets.delete(this);
    this.#state = SocketState.Closed;
    this.onReadable?.();
    this.onWritable?.();
  }

  private closeEndpoints(): void {
    for (const b of this.bound) {
      if (b.listener) b.listener.close();
      else if (b.inprocName !== null) this.ctx.inproc.unbind(b.inprocName, this);
    }
    this.bound.length = 0;
  }

  private closeConnections(linger: number): void {
    for (const s of this.sessions) s.terminate(linger);
    this.sessions.clear();
    this.connects.clear();
    for (const p of [...this.pipes]) {
      this.pipes.delete(p);
      if (this.ownedPipes.has(p)) p.terminate();
    }
    this.ownedPipes.clear();
  }

  private closeTaps(): void {
    for (const t of [...this.taps]) guarded(() => t.socketClosed());
    this.taps.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw zmqError("ENOTSOCK");
    if (this.ctx.terminated) throw zmqError("ETERM");
  }
}
