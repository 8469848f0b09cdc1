import type { Socket as NetSocket } from "node:net";
import type { EnginePlace } from "../engine/engine.js";
import { zmqError } from "../errors.js";
import { SocketTypeNames } from "../mechanism/socket-types.js";
import type { EventDetail, EventSink } from "../events/sink.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import { parseEndpoint, type Endpoint } from "../transport/endpoint.js";
import type { InprocPeer } from "../transport/inproc.js";
import { StreamListener, type ListenerOwner } from "../transport/stream-listener.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketOptions } from "./options.js";
import { Session, type SessionOwner } from "./session.js";
import type { ZapConnector } from "../mechanism/zap.js";

/** Receives every monitor event of a socket (a zmq_socket_monitor, an Observer, ...). */
export interface EventTap {
  deliver(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void;
  /** The monitored socket closed: emit MONITOR_STOPPED if wanted and detach. */
  socketClosed(): void;
}

interface BoundEndpoint {
  readonly userUri: string;
  readonly uri: string;
  readonly listener: StreamListener | null;
  readonly inprocName: string | null;
}

/**
 * What every socket type shares: options, endpoints (bind/connect over tcp, ipc, inproc),
 * sessions, pipe bookkeeping and the monitor fan-out. A socket type only decides how messages
 * are routed over its pipes (the x* hooks); it never emits events, so it cannot miss one.
 */
export abstract class SocketBase implements PipeSink, EventSink, ListenerOwner, SessionOwner, InprocPeer {
  readonly options = new SocketOptions();
  closed = false;
  /** Called when a message may have become readable / a send may now succeed. */
  onReadable: (() => void) | null = null;
  onWritable: (() => void) | null = null;
  private readonly taps = new Set<EventTap>();
  private readonly bound: BoundEndpoint[] = [];
  private readonly connects = new Map<string, Session | PipeEnd>();
  private readonly sessions = new Set<Session>();
  private readonly inprocPipes = new Set<PipeEnd>();
  private readonly pipes = new Set<PipeEnd>();

  constructor(
    readonly ctx: ContextCore,
    readonly type: number,
  ) {
    ctx.sockets.add(this);
  }

  /** ZAP requests go to this socket's context's handler. */
  get zap(): ZapConnector {
    return this.ctx.zap;
  }

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
    for (const t of this.taps) {
      try {
        t.deliver(event, value >>> 0, local, remote, bindSide, detail);
      } catch {
        // A monitor must never break the I/O path.
      }
    }
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
    this.inprocPipes.delete(end);
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
    if (this.options.conflate) {
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

  get inprocIdentity(): Buffer | null {
    return this.options.routingId;
  }

  attachInproc(end: PipeEnd, _name: string, identity: Buffer | null): void {
    this.inprocPipes.add(end);
    this.attachPipe(end, undefined, identity);
  }

  inprocIdentified(end: PipeEnd, identity: Buffer | null): void {
    this.pipeHandshaken(end, identity, false);
  }

  /** Refuses a pipe the socket type cannot take (a second PAIR peer): the connection closes. */
  protected reject(end: PipeEnd): void {
    this.pipes.delete(end);
    this.inprocPipes.delete(end);
    end.terminate();
  }

  /** Stops routing to a pipe now (disconnect/unbind); its other end finishes on its own. */
  private detach(end: PipeEnd | null): void {
    if (!end || !this.pipes.delete(end)) return;
    this.inprocPipes.delete(end);
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
    if (ep.transport === "inproc") return this.bindInproc(address);
    const listener = new StreamListener(this, ep);
    const uri = await listener.listen();
    if (this.closed) {
      listener.close();
      throw zmqError("ETERM", undefined, address);
    }
    this.bound.push({ userUri: address, uri, listener, inprocName: null });
    this.options.lastEndpoint = uri;
  }

  /** Binds an inproc:// endpoint synchronously (EADDRINUSE if the name is taken). */
  bindInproc(address: string): void {
    this.checkOpen();
    const ep = parseEndpoint(address, true);
    if (ep.transport !== "inproc") throw zmqError("EPROTONOSUPPORT", undefined, address);
    this.ctx.inproc.bind(ep.name, this, address);
    this.bound.push({ userUri: address, uri: address, listener: null, inprocName: ep.name });
    this.options.lastEndpoint = address;
  }

  unbind(address: string): void {
    this.checkOpen();
    const i = this.bound.findIndex((b) => b.uri === address || b.userUri === address);
    if (i < 0) throw zmqError("ENOENT", undefined, address);
    const b = this.bound[i]!;
    this.bound.splice(i, 1);
    if (b.inprocName !== null) {
      this.ctx.inproc.unbind(b.inprocName, this);
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

  /**
   * Per-pipe queue statistics: messages queued outbound (written, not yet taken by the
   * engine or inproc peer) and inbound (arrived, not yet read), with the pipe's endpoints.
   */
  pipeStats(): Array<{
    outbound: number;
    inbound: number;
    local: string;
    remote: string;
    bindSide: boolean;
    properties: ReadonlyMap<string, Buffer>;
  }> {
    const out = [];
    for (const p of this.pipes) {
      const session = p.tag instanceof Session ? p.tag : null;
      const place = session?.engine?.place;
      out.push({
        outbound: p.outboundPending,
        inbound: p.inbound.length,
        local: place?.local ?? "",
        remote: place?.remote ?? "",
        bindSide: place?.bindSide ?? false,
        properties: session?.engine?.peerMetadata ?? new Map<string, Buffer>(),
      });
    }
    return out;
  }

  /** True while the socket has any bound or connected endpoint (Proxy needs one on each side). */
  hasEndpoints(): boolean {
    return this.bound.length > 0 || this.connects.size > 0;
  }

  connect(address: string): void {
    this.checkOpen();
    const ep: Endpoint = parseEndpoint(address, false);
    // libzmq ignores a repeated connect to the same endpoint on most types.
    if (this.connects.has(address)) return;
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

  /** Closes: listeners (CLOSED), in-flight connects (CLOSED), connections silently, then the taps. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const linger = this.options.linger;
    for (const b of this.bound) {
      if (b.listener) b.listener.close();
      else if (b.inprocName !== null) this.ctx.inproc.unbind(b.inprocName, this);
    }
    this.bound.length = 0;
    for (const s of this.sessions) s.terminate(linger);
    this.sessions.clear();
    this.connects.clear();
    for (const p of [...this.pipes]) {
      this.pipes.delete(p);
      if (this.inprocPipes.has(p)) p.terminate();
    }
    this.inprocPipes.clear();
    for (const t of [...this.taps]) t.socketClosed();
    this.taps.clear();
    this.ctx.sockets.delete(this);
    this.onReadable?.();
    this.onWritable?.();
  }

  private checkOpen(): void {
    if (this.closed) throw zmqError("ENOTSOCK");
    if (this.ctx.terminated) throw zmqError("ETERM");
  }
}
