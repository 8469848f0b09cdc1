import type { Socket as NetSocket } from "node:net";
import { ZmtpEngine } from "../engine/engine.js";
import type { Engine, EngineErrorReason, EngineHost, EnginePlace } from "../engine/host.js";
import { RawEngine } from "../engine/raw-engine.js";
import { curveMechanism } from "../mechanism/curve/select.js";
import { NullMechanism } from "../mechanism/null.js";
import { PlainClient, PlainServer } from "../mechanism/plain.js";
import {
  SocketType,
  sendsIdentity,
  socketTypeName,
  subscriptionCommandUse,
  type SocketTypeName,
  type SubscriptionCommandUse,
} from "../mechanism/socket-types.js";
import type { HandshakeContext, Mechanism } from "../mechanism/mechanism.js";
import type { ZapConnector } from "../mechanism/zap.js";
import { ZMQ_CURVE, ZMQ_PLAIN } from "../options/rows-security.js";
import type { EventSink } from "../events/sink.js";
import { createPipe, type PipeEnd } from "../pipe/pipe.js";
import type { Endpoint } from "../transport/endpoint.js";
import { StreamConnecter, type ConnecterOwner } from "../transport/stream-connecter.js";
import type { StreamListener } from "../transport/stream-listener.js";
import type { SocketOptions } from "./options.js";
import { hold, release } from "../keepalive.js";

/** What a session needs from its socket. */
export interface SessionOwner {
  readonly events: EventSink;
  readonly options: SocketOptions;
  /** The socket's type number (SocketType). */
  readonly type: number;
  /** ZAP requests of the socket's context. */
  readonly zap: ZapConnector | null;
  /** A pipe to a peer exists: route to it (identity: the peer's routing id, if known yet). */
  attachPipe(end: PipeEnd, session: Session, identity: Buffer | null): void;
  /** A handshake completed on a pipe that already existed (connect side): first time, or a reconnect. */
  pipeHandshaken(end: PipeEnd, identity: Buffer | null, reconnect: boolean): void;
  /** The session is gone for good (protocol error on connect side, or a bind-side drop). */
  sessionEnded(session: Session): void;
  /** Socket-type rule on inbound messages (REQ: replies start with an empty delimiter), if any. */
  readonly inboundRule: ((msg: Buffer[]) => boolean) | null;
  /** RADIO ("receive") and DISH ("send") exchange JOIN/LEAVE commands. */
  readonly groupCommands?: "receive" | "send";
}

type StreamEndpoint = Extract<Endpoint, { transport: "tcp" | "ipc" }>;

/** An empty routing id, shared (a zero-length buffer cannot be written to). */
const NO_ROUTING_ID = Buffer.alloc(0);

/** A session's lifecycle; every way out of Open and Lingering goes through `teardown`. */
const enum SessionState {
  /** Serving its connection (connect side: connecting, connected, or waiting to reconnect). */
  Open,
  /** Closed by the socket with messages still queued: connecting and delivering until they are out or ZMQ_LINGER runs out. */
  Lingering,
  /** Gone; a connecter or engine that reports late is closed on arrival. */
  Ended,
}

/** Why a session ends: decides who cleans up the pipe and whether the socket hears of it. */
const enum SessionEnd {
  /** The socket closed, disconnected or unbound it: an engine still serving the pipe finishes it. */
  Closed,
  /** Lingering is over (delivered, refused, or out of time). */
  LingerDone,
  /** The connection ended the session (bind side, protocol error, no reconnect): the socket is told. */
  ConnectionEnded,
}

/**
 * The seam between a socket and one connection: owns the engine and the engine's end of the
 * pipe. A connect-side session outlives its connections (its pipe keeps queued messages across
 * reconnects, as libzmq); a bind-side session lives exactly as long as one accepted connection.
 */
export class Session implements EngineHost, ConnecterOwner {
  engine: Engine | null = null;
  private pipe: PipeEnd | null = null;
  /** The socket's end of the current pipe (the socket detaches it on disconnect/unbind). */
  socketEnd: PipeEnd | null = null;
  private state = SessionState.Open;
  private connecter: StreamConnecter | null = null;
  private resolvedUri: string | null = null;
  /** Set once the first connecter existed: later ones report the numeric endpoint. */
  private cycles = 0;
  private handshakes = 0;
  private lingerDeadline = 0;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** ZMQ_CONNECT_ROUTING_ID given for this connect: the peer's id as a ROUTER sees it. */
  connectRoutingId: Buffer | null = null;

  private constructor(
    private readonly owner: SessionOwner,
    readonly bindSide: boolean,
    readonly endpoint: StreamEndpoint | null,
    readonly listener: StreamListener | null,
  ) {}

  get events(): EventSink {
    return this.owner.events;
  }
  get options(): SocketOptions {
    return this.owner.options;
  }

  static connect(owner: SessionOwner, endpoint: StreamEndpoint, connectRoutingId: Buffer | null = null): Session {
    const s = new Session(owner, false, endpoint, null);
    s.connectRoutingId = connectRoutingId;
    // The pipe exists from connect() on, for STREAM too: sends to the peer's id queue until it is reached.
    if (!owner.options.immediate) s.ensurePipe(connectRoutingId);
    s.startConnecter(false);
    return s;
  }

  static accept(owner: SessionOwner, stream: NetSocket, place: EnginePlace, listener: StreamListener): Session {
    const s = new Session(owner, true, null, listener);
    s.startEngine(stream, place);
    return s;
  }

  private startConnecter(delayed: boolean): void {
    const ep = this.endpoint!;
    const uri = this.cycles > 0 && this.resolvedUri ? this.resolvedUri : ep.address;
    this.cycles++;
    this.connecter = new StreamConnecter(this, ep, uri);
    this.connecter.start(delayed);
  }

  // ---- connecter owner ----
  connected(stream: NetSocket, place: EnginePlace): void {
    this.connecter = null;
    if (this.state === SessionState.Ended) {
      stream.destroy();
      return;
    }
    this.startEngine(stream, place);
  }

  resolved(uri: string): void {
    this.resolvedUri = uri;
  }

  private startEngine(stream: NetSocket, place: EnginePlace): void {
    const o = this.owner;
    const engine =
      o.type === SocketType.STREAM
        ? new RawEngine(stream, this, place, o.options.streamNotify)
        : new ZmtpEngine(stream, this, this.mechanism(stream), place);
    this.engine = engine;
    engine.start();
    if (this.state === SessionState.Lingering) engine.terminate(this.lingerRemaining(), true);
  }

  /** libzmq picks the mechanism from the options: ZMQ_MECHANISM and the role the last setter chose. */
  private mechanism(stream: NetSocket): Mechanism {
    const o = this.owner;
    const opts = o.options;
    const ctx = new StreamHandshakeContext(
      stream,
      socketTypeName(o.type),
      sendsIdentity(o.type) ? (opts.routingId ?? NO_ROUTING_ID) : null,
      opts.zapDomain,
      opts.zapEnforceDomain,
      opts.routingId ?? NO_ROUTING_ID,
      o.zap,
    );
    if (opts.mechanism === ZMQ_PLAIN) {
      if (opts.asServer) return new PlainServer(ctx);
      return new PlainClient(ctx, opts.plainUsername ?? Buffer.alloc(0), opts.plainPassword ?? Buffer.alloc(0));
    }
    if (opts.mechanism === ZMQ_CURVE) return curveMechanism(ctx, opts);
    return new NullMechanism(ctx);
  }

  private lingerRemaining(): number {
    return this.lingerDeadline === 0 ? -1 : Math.max(1, this.lingerDeadline - Date.now());
  }

  private ensurePipe(identity: Buffer | null): PipeEnd {
    if (!this.pipe || this.pipe.terminated) {
      const o = this.owner.options;
      const [socketEnd, engineEnd] = createPipe(o.receiveHighWaterMark, o.sendHighWaterMark);
      this.pipe = engineEnd;
      this.socketEnd = socketEnd;
      socketEnd.tag = this;
      socketEnd.awaitingHandshake = this.engine === null || this.engine.handshaking;
      this.owner.attachPipe(socketEnd, this, identity);
    }
    return this.pipe;
  }

  // ---- engine host ----
  get checkInbound(): ((msg: Buffer[]) => boolean) | undefined {
    return this.owner.inboundRule ?? undefined;
  }
  get groupCommands(): "receive" | "send" | undefined {
    return this.owner.groupCommands;
  }

  get subscriptionCommands(): SubscriptionCommandUse {
    return subscriptionCommandUse(this.owner.type);
  }

  engineReady(engine: Engine): PipeEnd | null {
    if (this.state === SessionState.Ended || engine !== this.engine) return null;
    const identity = this.connectRoutingId ?? engine.peerMetadata.get("Identity") ?? null;
    const existed = this.pipe !== null && !this.pipe.terminated;
    const pipe = this.ensurePipe(identity);
    if (existed) this.owner.pipeHandshaken(this.socketEnd!, identity, this.handshakes > 0);
    this.handshakes++;
    return pipe;
  }

  engineError(engine: Engine, reason: EngineErrorReason): void {
    if (engine !== this.engine) return;
    this.engine = null;
    const reconnect = this.owner.options.reconnectInterval > 0;
    if (this.state === SessionState.Lingering) {
      // Still delivering after close: keep reconnecting unless the peer refused us for good.
      if (reason === "protocol" || !reconnect) this.teardown(SessionEnd.LingerDone);
      else this.startConnecter(true);
      return;
    }
    // Bind side: the connection was the session. Protocol error: libzmq terminates the session
    // without reconnecting, but the endpoint stays registered.
    if (this.bindSide || reason === "protocol" || !reconnect) {
      this.teardown(SessionEnd.ConnectionEnded);
      return;
    }
    if (this.owner.options.immediate && this.pipe) {
      // ZMQ_IMMEDIATE: messages are not kept for a peer that is not connected.
      const p = this.pipe;
      this.pipe = null;
      p.terminate();
    }
    this.startConnecter(true);
  }

  engineClosed(engine: Engine): void {
    if (this.state === SessionState.Lingering && (engine === this.engine || this.engine === null)) {
      this.teardown(SessionEnd.LingerDone);
      return;
    }
    if (this.state !== SessionState.Open || engine !== this.engine) return;
    // The socket refused the connection's pipe (PAIR already has a peer) and the engine closed
    // it: a bind-side session ends with it; a connect side tries again later, as after a failure.
    this.engine = null;
    if (this.bindSide || this.owner.options.reconnectInterval <= 0) this.teardown(SessionEnd.ConnectionEnded);
    else this.startConnecter(true);
  }

  /** Local teardown (close, disconnect, unbind): silent, lingering for queued messages. */
  terminate(lingerMs: number): void {
    if (this.state !== SessionState.Open) return;
    if (lingerMs !== 0 && !this.bindSide && this.pipe !== null && this.pipe.hasPending()) {
      // Messages are still queued for a peer we may not even have reached yet (libzmq: the
      // session lingers, connecting as needed). Keep the process alive meanwhile, as the binding does.
      this.state = SessionState.Lingering;
      hold();
      if (lingerMs > 0) {
        this.lingerDeadline = Date.now() + lingerMs;
        this.lingerTimer = setTimeout(() => this.teardown(SessionEnd.LingerDone), lingerMs);
      }
      this.engine?.terminate(lingerMs, true);
      return;
    }
    this.teardown(SessionEnd.Closed, lingerMs);
  }

  /**
   * The one teardown, idempotent, in this order:
   * 1. state Ended; a lingering session releases its keep-alive hold and linger timer;
   * 2. the connecter stops (CLOSED if a connect was in flight);
   * 3. the engine terminates, silently, lingering `engineLinger` ms for what it still has;
   * 4. the pipe terminates, unless the socket closed us and the engine still serves it (the
   *    engine terminates it after lingering);
   * 5. the socket hears `sessionEnded` when the connection, not the socket, ended the session.
   */
  private teardown(end: SessionEnd, engineLinger = 0): void {
    if (this.state === SessionState.Ended) return;
    if (this.state === SessionState.Lingering) {
      release();
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.state = SessionState.Ended;
    this.connecter?.stop();
    this.connecter = null;
    const engine = this.engine;
    this.engine = null;
    engine?.terminate(engineLinger);
    const pipe = this.pipe;
    this.pipe = null;
    if (pipe && !(end === SessionEnd.Closed && engine)) pipe.terminate();
    if (end === SessionEnd.ConnectionEnded) this.owner.sessionEnded(this);
  }
}

/**
 * What a connection's mechanism knows of its socket. A class, not an object literal with a
 * getter: V8 builds the literal slowly, once per connection (0.56 µs against 26 ns).
 */
class StreamHandshakeContext implements HandshakeContext {
  constructor(
    private readonly stream: NetSocket,
    readonly socketType: SocketTypeName,
    readonly identity: Buffer | null,
    readonly zapDomain: string,
    readonly zapEnforceDomain: boolean,
    readonly ownRoutingId: Buffer,
    readonly zap: ZapConnector | null,
  ) {}

  /** Read when a ZAP request is made, if ever: on the connect side it costs a getpeername. */
  get peerAddress(): string {
    return this.stream.remoteAddress ?? "";
  }
}
