import type { Socket as NetSocket } from "node:net";
import {
  StreamEngine,
  type Engine,
  type EngineErrorReason,
  type EngineHost,
  type EnginePlace,
} from "../engine/engine.js";
import { RawEngine } from "../engine/raw-engine.js";
import { NullMechanism } from "../mechanism/null.js";
import { PlainClient, PlainServer } from "../mechanism/plain.js";
import { sendsIdentity } from "../mechanism/socket-types.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import type { ZapConnector } from "../mechanism/zap.js";
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
  readonly type: number;
  readonly typeName: string;
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
  private connecter: StreamConnecter | null = null;
  private resolvedUri: string | null = null;
  private ended = false;
  /** Set once the first connecter existed: later ones report the numeric endpoint. */
  private cycles = 0;
  private handshakes = 0;
  /** Closed locally but still delivering queued messages (ZMQ_LINGER). */
  private lingering = false;
  private lingerDeadline = 0;
  private lingerTimer: NodeJS.Timeout | null = null;
  /** ZMQ_CONNECT_ROUTING_ID given for this connect: the peer's id as a ROUTER sees it. */
  connectRoutingId: Buffer | null = null;

  private constructor(
    private readonly owner: SessionOwner,
    readonly bindSide: boolean,
    readonly endpoint: Endpoint | null,
    readonly listener: StreamListener | null,
  ) {}

  get events(): EventSink {
    return this.owner.events;
  }
  get options(): SocketOptions {
    return this.owner.options;
  }

  static connect(
    owner: SessionOwner,
    endpoint: Extract<Endpoint, { transport: "tcp" | "ipc" }>,
    connectRoutingId: Buffer | null = null,
  ): Session {
    const s = new Session(owner, false, endpoint, null);
    s.connectRoutingId = connectRoutingId;
    // STREAM pipes exist only while connected (libzmq's raw sockets announce each connection).
    if (!owner.options.immediate && owner.type !== 11) s.ensurePipe(connectRoutingId);
    s.startConnecter(false);
    return s;
  }

  static accept(owner: SessionOwner, stream: NetSocket, place: EnginePlace, listener: StreamListener): Session {
    const s = new Session(owner, true, null, listener);
    s.startEngine(stream, place);
    return s;
  }

  private startConnecter(delayed: boolean): void {
    const ep = this.endpoint as Extract<Endpoint, { transport: "tcp" | "ipc" }>;
    const uri = this.cycles > 0 && this.resolvedUri ? this.resolvedUri : ep.address;
    this.cycles++;
    this.connecter = new StreamConnecter(this, ep, uri);
    this.connecter.start(delayed);
  }

  // ---- connecter owner ----
  connected(stream: NetSocket, place: EnginePlace): void {
    this.connecter = null;
    if (this.ended && !this.lingering) {
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
    if (o.type === 11) {
      const raw = new RawEngine(stream, this, place, o.options.streamNotify);
      this.engine = raw;
      raw.start();
      return;
    }
    const opts = o.options;
    const ctx = {
      socketType: o.typeName,
      identity: sendsIdentity(o.type) ? (opts.routingId ?? Buffer.alloc(0)) : null,
      zapDomain: opts.zapDomain,
      zapEnforceDomain: opts.zapEnforceDomain,
      ownRoutingId: opts.routingId ?? Buffer.alloc(0),
      peerAddress: stream.remoteAddress ?? "",
      zap: o.zap,
    };
    // libzmq picks the mechanism from the options: PLAIN_SERVER, or a PLAIN username/password.
    const mechanism: Mechanism = opts.plainServer
      ? new PlainServer(ctx)
      : opts.plainUsername !== null || opts.plainPassword !== null
        ? new PlainClient(ctx, opts.plainUsername ?? Buffer.alloc(0), opts.plainPassword ?? Buffer.alloc(0))
        : new NullMechanism(ctx);
    const engine = new StreamEngine(stream, this, mechanism, place);
    this.engine = engine;
    engine.start();
    if (this.lingering) engine.terminate(this.lingerRemaining(), true);
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

  engineReady(engine: Engine): PipeEnd | null {
    if ((this.ended && !this.lingering) || engine !== this.engine) return null;
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
    if (this.lingering) {
      // Still delivering after close: keep reconnecting unless the peer refused us for good.
      if (reason === "protocol" || this.owner.options.reconnectInterval <= 0) this.stopLinger();
      else this.startConnecter(true);
      return;
    }
    if (this.bindSide) {
      this.end();
      return;
    }
    if (reason === "protocol") {
      // libzmq terminates the session: no reconnect, but the endpoint stays registered.
      this.end();
      return;
    }
    if (this.owner.options.immediate && this.pipe) {
      const p = this.pipe;
      this.pipe = null;
      p.terminate();
    }
    if (this.owner.options.reconnectInterval > 0) this.startConnecter(true);
    else this.end();
  }

  engineClosed(engine: Engine): void {
    if (this.lingering && (engine === this.engine || this.engine === null)) this.stopLinger();
  }

  /** Local teardown (close, disconnect, unbind): silent, lingering for queued messages. */
  terminate(lingerMs: number): void {
    if (this.ended) return;
    this.ended = true;
    if (lingerMs !== 0 && !this.bindSide && this.pipe !== null && this.pipe.hasPending()) {
      // Messages are still queued for a peer we may not even have reached yet (libzmq: the
      // session lingers, connecting as needed). Keep the process alive meanwhile, as the binding does.
      this.lingering = true;
      hold();
      if (lingerMs > 0) {
        this.lingerDeadline = Date.now() + lingerMs;
        this.lingerTimer = setTimeout(() => this.stopLinger(), lingerMs);
      }
      this.engine?.terminate(lingerMs, true);
      return;
    }
    this.connecter?.stop();
    this.connecter = null;
    const engine = this.engine;
    this.engine = null;
    if (engine) engine.terminate(lingerMs);
    if (this.pipe && !engine) this.pipe.terminate();
    this.pipe = null;
  }

  private stopLinger(): void {
    if (!this.lingering) return;
    this.lingering = false;
    release();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.connecter?.stop();
    this.connecter = null;
    const engine = this.engine;
    this.engine = null;
    engine?.terminate(0);
    if (this.pipe) {
      const p = this.pipe;
      this.pipe = null;
      p.terminate();
    }
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.connecter?.stop();
    this.connecter = null;
    if (this.pipe) {
      const p = this.pipe;
      this.pipe = null;
      p.terminate();
    }
    this.owner.sessionEnded(this);
  }
}
