import type { Socket as NetSocket } from "node:net";
import { errnoOf, errnoOfNodeError } from "../errors.js";
import type { Mechanism, MechanismFailure, MechanismHost } from "../mechanism/mechanism.js";
import {
  EVENT_DISCONNECTED,
  EVENT_HANDSHAKE_FAILED_AUTH,
  EVENT_HANDSHAKE_FAILED_NO_DETAIL,
  EVENT_HANDSHAKE_FAILED_PROTOCOL,
  EVENT_HANDSHAKE_SUCCEEDED,
  PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
} from "../events/events.js";
import type { EventSink } from "../events/sink.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import type { EngineOptions } from "./options.js";
import { cancelBody, isCommand, parsePing, pingBody, pongBody, subscribeBody } from "../wire/commands.js";
import { isSubscriptionMessage } from "../pipe/subscription.js";
import { ZmtpDecoder, type DecodeError, type DecoderSink } from "../wire/decoder.js";
import { FrameEncoder } from "../wire/encoder.js";
import { encodeGreeting, mechanismField, type PeerGreeting } from "../wire/greeting.js";

/**
 * Why an engine stopped. `connection` and `timeout` let a connecting session retry;
 * `protocol` (bad peer, failed handshake, oversized frame) makes it give up, as in libzmq.
 */
export type EngineErrorReason = "connection" | "timeout" | "protocol";

/** What a session sees of an engine (ZMTP or raw). */
export interface Engine {
  readonly place: EnginePlace;
  readonly handshaking: boolean;
  readonly peerMetadata: Map<string, Buffer>;
  start(): void;
  /**
   * Local teardown, silent; lingers up to `lingerMs` (-1: no limit) for queued messages, and
   * with `throughHandshake` first completes a handshake in progress so they can still go out.
   */
  terminate(lingerMs: number, throughHandshake?: boolean): void;
}

/** The engine's owner (a session). */
export interface EngineHost {
  readonly events: EventSink;
  readonly options: EngineOptions;
  /** The handshake finished: hand over the pipe end the engine should serve, or null to refuse. */
  engineReady(engine: Engine): PipeEnd | null;
  engineError(engine: Engine, reason: EngineErrorReason): void;
  /** Socket-type rule on what a peer may send (libzmq's req_session): false drops the connection. */
  readonly checkInbound?: (msg: Buffer[]) => boolean;
  /** A local teardown finished (after lingering). */
  engineClosed?(engine: Engine): void;
}

/** Where the connection sits, for monitor events (libzmq's endpoint_uri_pair_t). */
export interface EnginePlace {
  readonly local: string;
  readonly remote: string;
  readonly bindSide: boolean;
  readonly fd: number;
}

/**
 * One ZMTP connection over a stream: greeting, security handshake, heartbeats, then moving
 * messages between the stream and one pipe end. Emits HANDSHAKE_* and DISCONNECTED; everything
 * it learns from the peer goes through the sans-I/O decoder, and every failure becomes one
 * call to `fail`, so no exception escapes into Node's event handlers.
 */
export class StreamEngine implements Engine, DecoderSink, MechanismHost, PipeSink {
  readonly decoder: ZmtpDecoder;
  private readonly encoder = new FrameEncoder();
  private pipe: PipeEnd | null = null;
  private greeting: PeerGreeting | null = null;
  private dead = false;
  private flushScheduled = false;
  private writeBlocked = false;
  /** A message the inbound pipe had no room for; the stream is paused until it fits. */
  private stalled: Buffer[] | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatTimeoutTimer: NodeJS.Timeout | null = null;
  private ttlTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;
  private closing = false;
  /** Looked up once: most socket types have no rule, and this runs for every message. */
  private readonly inboundRule: ((msg: Buffer[]) => boolean) | undefined;

  constructor(
    private readonly stream: NetSocket,
    private readonly host: EngineHost,
    private readonly mechanism: Mechanism,
    readonly place: EnginePlace,
  ) {
    this.decoder = new ZmtpDecoder(this);
    this.inboundRule = host.checkInbound;
    this.decoder.maxMessageSize = host.options.maxMessageSize;
  }

  /** The peer's minor ZMTP version (0 = 3.0, legacy subscriptions), once known. */
  get peerMinor(): number {
    return this.greeting?.minor ?? 1;
  }

  get peerMetadata(): Map<string, Buffer> {
    return this.mechanism.peerMetadata;
  }

  get handshaking(): boolean {
    return this.mechanism.status === "handshaking";
  }

  start(): void {
    const s = this.stream;
    s.setNoDelay(true);
    const o = this.host.options;
    // ZMQ_TCP_KEEPALIVE(_IDLE): Node sets SO_KEEPALIVE and the idle time; count/interval stay OS defaults.
    if (o.tcpKeepalive === 1) s.setKeepAlive(true, o.tcpKeepaliveIdle > 0 ? o.tcpKeepaliveIdle * 1000 : 0);
    else if (o.tcpKeepalive === 0) s.setKeepAlive(false);
    s.on("data", (chunk: Buffer) => this.onData(chunk));
    s.on("error", (err: Error) => this.fail("connection", errnoOfNodeError(err, "ECONNRESET")));
    s.on("end", () => this.fail("connection", errnoOf("EPIPE")));
    s.on("close", () => this.fail("connection", errnoOf("EPIPE")));
    s.on("drain", () => {
      this.writeBlocked = false;
      this.scheduleFlush();
    });
    const ivl = o.handshakeInterval;
    if (ivl > 0) {
      this.handshakeTimer = setTimeout(() => {
        // libzmq sets no errno for this; in practice the value is EAGAIN. A mechanism already in
        // error (ZAP refused) gets DISCONNECTED only.
        if (this.mechanism.status !== "ready") this.fail("timeout", errnoOf("EAGAIN"));
      }, ivl);
      this.handshakeTimer.unref();
    }
    // Like libzmq: signature and version at once, the rest once the peer's signature is in.
    // A peer that spots a mismatch then has our whole greeting only after it sent its own, so the
    // mismatch is reported on both sides instead of as a bare EPIPE on one of them.
    const greeting = encodeGreeting(this.mechanism.name);
    this.greetingRest = greeting.subarray(11);
    this.encoder.raw(greeting.subarray(0, 11));
    this.flush();
  }

  private greetingRest: Buffer | null = null;

  onSignature(): void {
    const rest = this.greetingRest;
    if (!rest) return;
    this.greetingRest = null;
    this.encoder.raw(rest);
    this.flush();
  }

  // ---- decoder events ------------------------------------------------------------------

  onGreeting(greeting: PeerGreeting): void {
    this.greeting = greeting;
    if (!greeting.mechanismBytes.equals(mechanismField(this.mechanism.name))) {
      this.protocolFailure({ protocolError: PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH });
      return;
    }
    this.mechanism.start(this);
    this.scheduleFlush();
  }

  onLegacy(): void {
    // ZMTP 1.0/2.0 peers are not spoken here; drop them the way libzmq drops peers it refuses.
    this.fail("protocol", 0);
  }

  onCommand(body: Buffer): void {
    if (this.mechanism.status === "error") return; // refused by ZAP: wait for the peer to leave
    if (this.handshaking) return this.handshakeFrame(body);
    this.traffic();
    if (isCommand(body, "PING")) {
      const { ttl, context } = parsePing(body);
      if (ttl > 0 && this.ttlTimer === null) {
        this.ttlTimer = setTimeout(() => this.fail("timeout", errnoOf("EAGAIN")), ttl * 100);
        this.ttlTimer.unref();
      }
      this.encoder.command(pongBody(context));
      this.scheduleFlush();
    } else if (isCommand(body, "SUBSCRIBE") || isCommand(body, "CANCEL")) {
      // Into the pipe as the 3.0-style message [0x01|0x00 topic], which is what PUB/XPUB read.
      const sub = body[1] === 0x53; // 'S'
      const topic = body.subarray(sub ? 10 : 7);
      const msg = Buffer.allocUnsafe(topic.length + 1);
      msg[0] = sub ? 1 : 0;
      topic.copy(msg, 1);
      // Past the high-water mark on purpose: a command cannot pause the decoder, and a dropped
      // or reordered subscription would silently change what the peer receives.
      this.pipe?.forceWrite([msg]);
    }
    // PONG only proves liveness; anything else after the handshake is ignored, as libzmq does.
  }

  onMessage(parts: Buffer[]): boolean {
    if (this.mechanism.status === "error") return true;
    if (this.handshaking) {
      // During the handshake every frame goes to the mechanism, which matches on the body.
      for (const p of parts) {
        if (this.dead || !this.handshaking) break;
        this.handshakeFrame(p);
      }
      return !this.dead;
    }
    this.traffic();
    const pipe = this.pipe;
    if (!pipe) return true;
    if (this.inboundRule !== undefined && !this.inboundRule(parts)) {
      this.fail("protocol", errnoOf("EFAULT"));
      return false;
    }
    if (pipe.write(parts)) return true;
    this.stalled = parts;
    this.stream.pause();
    return false;
  }

  onDecodeError(_error: DecodeError): void {
    // Oversized or impossible frames: libzmq reports no handshake event, only DISCONNECTED.
    this.fail("protocol", errnoOf("EMSGSIZE"));
  }

  // ---- mechanism host -----------------------------------------------------------------

  sendCommand(body: Buffer): void {
    this.encoder.command(body);
    this.scheduleFlush();
  }

  mechanismProgress(failure: MechanismFailure | null): void {
    if (this.dead) return;
    if (failure) return this.protocolFailure(failure);
    this.scheduleFlush();
    if (this.mechanism.status === "ready" && this.pipe === null) this.mechanismReady();
  }

  // ---- pipe sink ----------------------------------------------------------------------

  pipeReadable(): void {
    this.scheduleFlush();
  }

  pipeWritable(): void {
    const msg = this.stalled;
    if (!msg || !this.pipe) return;
    if (!this.pipe.write(msg)) return;
    this.stalled = null;
    this.decoder.resume();
    if (!this.stalled && !this.dead) this.stream.resume();
  }

  pipeTerminated(): void {
    // The socket dropped this peer (e.g. PAIR refusing a second peer): close quietly.
    this.pipe = null;
    this.terminate(0);
  }

  // ---- internals ----------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.dead) return;
    try {
      this.decoder.feed(chunk);
    } catch (err) {
      // A bug of ours must cost one connection, never the process.
      this.fail("protocol", errnoOfNodeError(err, "EPROTO"));
    }
  }

  private handshakeFrame(body: Buffer): void {
    const failure = this.mechanism.process(body, this);
    if (failure) return this.protocolFailure(failure);
    this.scheduleFlush();
    if (this.mechanism.status === "ready") this.mechanismReady();
  }

  private mechanismReady(): void {
    if (this.handshakeTimer) {
      clearTimeout(this.handshakeTimer);
      this.handshakeTimer = null;
    }
    const pipe = this.host.engineReady(this);
    if (!pipe) {
      this.fail("protocol", 0);
      return;
    }
    this.pipe = pipe;
    pipe.sink = this;
    const meta = this.mechanism.peerMetadata;
    this.host.events.event(EVENT_HANDSHAKE_SUCCEEDED, 0, this.place.local, this.place.remote, this.place.bindSide, {
      peerSocketType: meta.get("Socket-Type")?.toString("latin1"),
      peerRoutingId: meta.get("Identity"),
      mechanism: this.mechanism.name,
      zmtpMinor: this.peerMinor,
    });
    const o = this.host.options;
    if (o.heartbeatInterval > 0) {
      this.heartbeatTimer = setInterval(() => this.sendPing(), o.heartbeatInterval);
      this.heartbeatTimer.unref();
    }
    this.scheduleFlush();
  }

  private sendPing(): void {
    if (this.dead) return;
    const o = this.host.options;
    this.encoder.command(pingBody(o.heartbeatTtlDs));
    this.scheduleFlush();
    if (this.heartbeatTimeoutTimer === null) {
      const timeout = o.heartbeatTimeout >= 0 ? o.heartbeatTimeout : o.heartbeatInterval;
      this.heartbeatTimeoutTimer = setTimeout(() => this.fail("timeout", errnoOf("EAGAIN")), timeout);
      this.heartbeatTimeoutTimer.unref();
    }
  }

  /** Any traffic after the handshake proves the peer alive (RFC 37). */
  private traffic(): void {
    if (this.heartbeatTimeoutTimer) {
      clearTimeout(this.heartbeatTimeoutTimer);
      this.heartbeatTimeoutTimer = null;
    }
    if (this.ttlTimer) {
      clearTimeout(this.ttlTimer);
      this.ttlTimer = null;
    }
  }

  private protocolFailure(f: MechanismFailure): void {
    const p = this.place;
    if (f.noDetailErrno !== undefined) {
      this.host.events.event(EVENT_HANDSHAKE_FAILED_NO_DETAIL, f.noDetailErrno, p.local, p.remote, p.bindSide);
      if (f.stall) return; // as libzmq's: the handshake timer or the peer ends it
    }
    if (f.protocolError !== undefined) {
      this.host.events.event(EVENT_HANDSHAKE_FAILED_PROTOCOL, f.protocolError, p.local, p.remote, p.bindSide);
    } else if (f.authStatus !== undefined) {
      this.host.events.event(EVENT_HANDSHAKE_FAILED_AUTH, f.authStatus, p.local, p.remote, p.bindSide);
    }
    if (f.keepOpen) {
      this.scheduleFlush();
      return;
    }
    this.fail("protocol", errnoOf("EPROTO"));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.dead) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Moves everything queued (handshake commands, PONGs, then pipe messages) into one write. */
  private flush(): void {
    if (this.dead) return;
    const pipe = this.pipe;
    if (pipe && !this.writeBlocked && !this.handshaking) {
      let msg: Buffer[] | undefined;
      // Bound the batch so one busy pipe cannot hold the loop or balloon memory.
      const commands = this.peerMinor >= 1;
      while (this.encoder.pending < 1 << 20 && (msg = pipe.read()) !== undefined) {
        if (commands && isSubscriptionMessage(msg)) {
          const body = msg[0]!;
          const topic = body.subarray(1);
          this.encoder.command(body[0] === 1 ? subscribeBody(topic) : cancelBody(topic));
        } else {
          this.encoder.message(msg);
        }
      }
      if (pipe.hasPending()) this.scheduleFlushAfterDrain();
    }
    if (this.encoder.pending === 0) {
      if (this.closing) this.finishLinger();
      return;
    }
    const chunks = this.encoder.take();
    const s = this.stream;
    let ok = true;
    if (chunks.length === 1) {
      ok = s.write(chunks[0]!);
    } else {
      s.cork();
      for (const c of chunks) ok = s.write(c);
      s.uncork();
    }
    if (!ok) this.writeBlocked = true;
    else if (this.closing) this.finishLinger();
  }

  private scheduleFlushAfterDrain(): void {
    if (!this.writeBlocked) this.scheduleFlush();
  }

  /** Local teardown (socket close, disconnect, unbind): silent, as libzmq. Lingers for queued messages. */
  terminate(lingerMs: number, throughHandshake = false): void {
    if (this.dead || this.closing) return;
    if (lingerMs === 0 || (this.handshaking && !throughHandshake) || (!this.pipe && !this.handshaking)) {
      this.shutdown(true);
      return;
    }
    this.closing = true;
    if (lingerMs > 0) {
      this.lingerTimer = setTimeout(() => this.shutdown(true), lingerMs);
    }
    // While handshaking the stream must keep reading; mechanismReady then flushes and closes.
    if (this.handshaking) return;
    this.stream.pause();
    this.flush();
  }

  private finishLinger(): void {
    // Lingering through a handshake: the queued messages can only go out once it completes.
    if (this.handshaking || (this.pipe && this.pipe.hasPending())) return;
    this.shutdown(false);
  }

  private shutdown(hard: boolean): void {
    if (this.dead) return;
    this.dead = true;
    queueMicrotask(() => this.host.engineClosed?.(this));
    this.clearTimers();
    this.decoder.kill();
    this.stream.removeAllListeners("data");
    this.stream.on("error", () => {});
    if (hard) this.stream.destroy();
    else this.stream.end(() => this.stream.destroy());
    if (this.pipe) {
      const p = this.pipe;
      this.pipe = null;
      p.terminate();
    }
  }

  /** Engine error: NO_DETAIL when the handshake had not failed by protocol, then DISCONNECTED. */
  fail(reason: EngineErrorReason, errno: number): void {
    if (this.dead) return;
    if (this.closing) {
      this.shutdown(true);
      return;
    }
    this.dead = true;
    this.clearTimers();
    this.decoder.kill();
    const p = this.place;
    const events = this.host.events;
    if (reason !== "protocol" && this.handshaking) {
      events.event(EVENT_HANDSHAKE_FAILED_NO_DETAIL, errno, p.local, p.remote, p.bindSide);
    }
    events.event(EVENT_DISCONNECTED, p.fd, p.local, p.remote, p.bindSide);
    this.stream.removeAllListeners("data");
    this.stream.on("error", () => {});
    if (reason === "protocol" && this.encoder.pending > 0 && !this.stream.destroyed) {
      // Let what we already queued (our greeting's rest, READY) reach the peer, so that it can
      // report the real cause rather than a bare EPIPE: libzmq drops it, which makes mismatches racy.
      const s = this.stream;
      s.cork();
      for (const c of this.encoder.take()) s.write(c);
      s.uncork();
      s.end();
      setTimeout(() => s.destroy(), 1000).unref();
    } else {
      this.stream.destroy();
    }
    if (this.pipe) this.pipe.sink = null;
    this.pipe = null;
    this.host.engineError(this, reason);
  }

  private clearTimers(): void {
    this.mechanism.dispose?.();
    for (const t of [
      this.handshakeTimer,
      this.heartbeatTimer,
      this.heartbeatTimeoutTimer,
      this.ttlTimer,
      this.lingerTimer,
    ]) {
      if (t) clearTimeout(t);
    }
    this.handshakeTimer = this.heartbeatTimer = this.heartbeatTimeoutTimer = this.ttlTimer = this.lingerTimer = null;
  }
}
