import type { Socket as NetSocket } from "node:net";
import { StreamEngine, type EngineErrorReason, type EngineHost, type EnginePlace } from "../engine/engine.js";
import { NullMechanism } from "../mechanism/null.js";
import { sendsIdentity } from "../mechanism/socket-types.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import type { EventSink } from "../monitor/sink.js";
import { createPipe, type PipeEnd } from "../pipe/pipe.js";
import type { Endpoint } from "../transport/endpoint.js";
import { StreamConnecter, type ConnecterOwner } from "../transport/stream-connecter.js";
import type { StreamListener } from "../transport/stream-listener.js";
import type { SocketOptions } from "./options.js";

/** What a session needs from its socket. */
export interface SessionOwner {
  readonly events: EventSink;
  readonly options: SocketOptions;
  readonly type: number;
  readonly typeName: string;
  /** A pipe to a peer is ready: route to it. */
  attachPipe(end: PipeEnd, session: Session): void;
  /** The session is gone for good (protocol error on connect side, or a bind-side drop). */
  sessionEnded(session: Session): void;
  /** SUBSCRIBE/CANCEL from a peer (PUB-side types). */
  peerCommand?(end: PipeEnd, body: Buffer): void;
}

/**
 * The seam between a socket and one connection: owns the engine and the engine's end of the
 * pipe. A connect-side session outlives its connections (its pipe keeps queued messages across
 * reconnects, as libzmq); a bind-side session lives exactly as long as one accepted connection.
 */
export class Session implements EngineHost, ConnecterOwner {
  engine: StreamEngine | null = null;
  private pipe: PipeEnd | null = null;
  /** The socket's end of the current pipe (the socket detaches it on disconnect/unbind). */
  socketEnd: PipeEnd | null = null;
  private connecter: StreamConnecter | null = null;
  private resolvedUri: string | null = null;
  private ended = false;
  /** Set once the first connecter existed: later ones report the numeric endpoint. */
  private cycles = 0;

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

  static connect(owner: SessionOwner, endpoint: Extract<Endpoint, { transport: "tcp" | "ipc" }>): Session {
    const s = new Session(owner, false, endpoint, null);
    if (!owner.options.immediate) s.ensurePipe();
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
    if (this.ended) {
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
    const mechanism: Mechanism = new NullMechanism({
      socketType: o.typeName,
      identity: sendsIdentity(o.type) ? (o.options.routingId ?? Buffer.alloc(0)) : null,
    });
    const engine = new StreamEngine(stream, this, mechanism, place);
    this.engine = engine;
    engine.start();
  }

  private ensurePipe(): PipeEnd {
    if (!this.pipe || this.pipe.terminated) {
      const o = this.owner.options;
      const [socketEnd, engineEnd] = createPipe(o.receiveHighWaterMark, o.sendHighWaterMark);
      this.pipe = engineEnd;
      this.socketEnd = socketEnd;
      socketEnd.tag = this;
      this.owner.attachPipe(socketEnd, this);
    }
    return this.pipe;
  }

  // ---- engine host ----
  engineReady(engine: StreamEngine): PipeEnd | null {
    if (this.ended || engine !== this.engine) return null;
    return this.ensurePipe();
  }

  engineError(engine: StreamEngine, reason: EngineErrorReason): void {
    if (engine !== this.engine) return;
    this.engine = null;
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

  engineCommand(engine: StreamEngine, body: Buffer): void {
    if (this.pipe) this.owner.peerCommand?.(this.pipe.peer, body);
    void engine;
  }

  /** Local teardown (close, disconnect, unbind): silent, lingering for queued messages. */
  terminate(lingerMs: number): void {
    if (this.ended) return;
    this.ended = true;
    this.connecter?.stop();
    this.connecter = null;
    const engine = this.engine;
    this.engine = null;
    if (engine) engine.terminate(lingerMs);
    if (this.pipe && !engine) this.pipe.terminate();
    this.pipe = null;
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
