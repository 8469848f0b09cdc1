import type { Socket as NetSocket } from "node:net";
import { errnoOf } from "../errors.js";
import type { EventSink } from "../events/sink.js";
import type { Mechanism } from "../mechanism/mechanism.js";
import type { SubscriptionCommandUse } from "../mechanism/socket-types.js";
import { isSubscriptionMessage } from "../pipe/subscription.js";
import { GROUP_MAX_LENGTH, groupCommand, groupCommandOf } from "../routing/group-commands.js";
import { CAN_FREE_BUFFERS, freeBuffer } from "../util/free-buffer.js";
import { borrowBuffer, giveBack } from "../util/buffer-pool.js";
import { cancelBody, commandBody, parseCommand, pingBody, pongBody, subscribeBody } from "../wire/commands.js";
import { FREED_BODY_ALLOCATION_FRACTION, ZmtpDecoder, type DecodeError, type DecoderSink } from "../wire/decoder.js";
import { COPY_LIMIT, FrameEncoder } from "../wire/encoder.js";
import { readSpan } from "../wire/frames.js";
import type { PeerGreeting } from "../wire/greeting.js";
import type { FrameOutput } from "../wire/transform.js";
import { Handshake, type HandshakeHost } from "./handshake.js";
import { Heartbeat, type HeartbeatHost } from "./heartbeat.js";
import type { EngineErrorReason, EngineHost, EnginePlace } from "./host.js";
import { CLOSE_GRACEFULLY, CLOSE_NOW, EngineState, StreamIoEngine } from "./stream-io.js";
import { installTransform } from "./transform.js";

// Kept importable from here for socket/base.ts, which names where a connection sits.
export type { EnginePlace } from "./host.js";

/** One flush moves at most this many bytes out of the pipe, so a busy pipe cannot hold the loop. */
const BATCH_LIMIT = 1 << 20;
/**
 * Through a transform (CURVE), a flush moves its batch in parts of this size, each written before
 * the next is sealed. Sealing 1 MiB of 1 KiB frames takes 4-5 ms, and a unix socket's buffer
 * (about 200 KiB) empties in a third of that: the peer sat idle while we sealed. ipc 1 KiB CURVE,
 * 4 alternating runs: 142 -> 183 k msg/s; tcp (whose buffer grows to megabytes) unchanged.
 */
const TRANSFORM_PART = 64 * 1024;
/** PONGs queued past this are written at once, so a stream that stopped draining shows before more pile up. */
const REPLY_BACKLOG = 64 * 1024;
const NOTHING: Buffer[] = [];

/**
 * One ZMTP connection over a stream: the handshake (handshake.ts), heartbeats (heartbeat.ts),
 * then moving messages between the stream and one pipe end. Everything the peer sends goes
 * through the sans-I/O decoder and typed commands; every failure becomes one `fail`, so no
 * exception escapes into Node's event handlers. Lifecycle and teardown: stream-io.ts.
 */
export class ZmtpEngine extends StreamIoEngine implements DecoderSink, HandshakeHost, HeartbeatHost {
  private readonly decoder: ZmtpDecoder;
  /** Large bodies it makes (CURVE boxes) go into pooled buffers, given back once written (whenWritten). */
  private readonly encoder = new FrameEncoder(borrowBuffer);
  /** Post-handshake traffic goes here: the encoder, or the mechanism's transform in front of it. */
  private out: FrameOutput = this.encoder;
  private readonly handshake: Handshake;
  private readonly heartbeat: Heartbeat;
  /** Looked up once: most socket types have no rule, and this runs for every message. */
  private readonly inboundRule: ((msg: Buffer[]) => boolean) | undefined;
  private readonly groupCommands: "receive" | "send" | undefined;
  private readonly subscriptions: SubscriptionCommandUse;

  constructor(stream: NetSocket, host: EngineHost, mechanism: Mechanism, place: EnginePlace) {
    super(stream, host, place);
    this.decoder = new ZmtpDecoder(this);
    if (this.reader !== undefined) {
      // Its reads are copies packed in shared slabs, or views of memory reused after the call
      // (transientRoom): neither may be freed, and a body's buffer leaves no read behind.
      this.decoder.bodyAllocationFraction = FREED_BODY_ALLOCATION_FRACTION;
    } else if (CAN_FREE_BUFFERS) {
      // What it is fed is the stream's reads, each in an ArrayBuffer of its own that nothing else keeps.
      this.decoder.releaseChunk = freeBuffer;
      this.decoder.bodyAllocationFraction = FREED_BODY_ALLOCATION_FRACTION;
    }
    this.decoder.maxMessageSize = host.options.maxMessageSize;
    this.decoder.handshaking = true;
    this.inboundRule = host.checkInbound;
    this.groupCommands = host.groupCommands;
    this.subscriptions = host.subscriptionCommands;
    this.handshake = new Handshake(mechanism, this);
    this.heartbeat = new Heartbeat(host.options, this);
  }

  get peerMetadata(): Map<string, Buffer> {
    return this.handshake.mechanism.peerMetadata;
  }

  get handshaking(): boolean {
    return this.handshake.mechanism.status === "handshaking";
  }

  get events(): EventSink {
    return this.host.events;
  }

  start(): void {
    this.openStream();
    const o = this.host.options;
    // ZMQ_TCP_KEEPALIVE(_IDLE): Node sets SO_KEEPALIVE and the idle time; count/interval stay OS defaults.
    if (o.tcpKeepalive === 1) this.stream.setKeepAlive(true, o.tcpKeepaliveIdle > 0 ? o.tcpKeepaliveIdle * 1000 : 0);
    else if (o.tcpKeepalive === 0) this.stream.setKeepAlive(false);
    this.handshake.start(o.handshakeInterval);
  }

  /** Local teardown (socket close, disconnect, unbind): silent, as libzmq. Lingers for queued messages. */
  terminate(lingerMs: number, throughHandshake = false): void {
    if (this.state !== EngineState.Open) return;
    const handshaking = this.handshaking;
    if (lingerMs === 0 || (handshaking && !throughHandshake) || (this.pipe === null && !handshaking)) {
      this.teardown(CLOSE_NOW);
      return;
    }
    this.beginLinger(lingerMs);
    // While handshaking the stream must keep reading; the handshake's success then flushes and closes.
    if (handshaking) return;
    this.stream.pause();
    this.flush();
  }

  // ---- decoder sink -------------------------------------------------------------------

  protected received(chunk: Buffer): void {
    this.decoder.feed(chunk);
  }

  override transientRoom(): number {
    return this.decoder.bodyRoom;
  }

  onSignature(): void {
    this.handshake.signatureReceived();
  }

  onGreeting(greeting: PeerGreeting): void {
    this.handshake.greetingReceived(greeting);
  }

  onLegacy(): void {
    // ZMTP 1.0/2.0 peers are not spoken here; drop them the way libzmq drops peers it refuses.
    this.fail("protocol", 0);
  }

  onCommand(body: Buffer): boolean {
    const status = this.handshake.mechanism.status;
    if (status === "error") {
      // Refused by ZAP: whatever the peer sends next ends the connection, as libzmq's NULL does.
      this.handshake.frameAfterRefusal(body);
      return this.state !== EngineState.Closed;
    }
    if (status === "handshaking") {
      this.handshake.frameReceived(body);
      return this.state !== EngineState.Closed;
    }
    this.heartbeat.traffic();
    const command = parseCommand(body);
    switch (command.kind) {
      case "PING":
        this.heartbeat.pinged(command.ttl);
        this.out.command(pongBody(command.context));
        return this.replyQueued();
      case "SUBSCRIBE":
      case "CANCEL": {
        if (this.pipe === null || this.subscriptions === "ignored") return true;
        // Through the receive high-water mark like data: a full pipe stops reading from this
        // peer (libzmq's session does the same), so a flood of subscriptions cannot pile up.
        if (this.subscriptions === "message") return this.deliver([body]);
        // PUB/XPUB read the 3.0-style message [0x01|0x00 topic].
        const topic = command.topic;
        const msg = Buffer.allocUnsafe(topic.length + 1);
        msg[0] = command.kind === "SUBSCRIBE" ? 1 : 0;
        topic.copy(msg, 1);
        return this.deliver([msg]);
      }
      case "JOIN":
      case "LEAVE":
        // Only a RADIO takes them (others ignore them, as libzmq). A group over 255 bytes makes
        // libzmq 4.3.5 abort the process; here it costs that connection.
        if (this.groupCommands !== "receive" || this.pipe === null) return true;
        if (command.group.length > GROUP_MAX_LENGTH) {
          this.fail("protocol", errnoOf("EINVAL"));
          return false;
        }
        // Through the receive high-water mark, as SUBSCRIBE: a JOIN flood stops reading from its peer.
        return this.deliver(groupCommand(command.kind, Buffer.from(command.group)));
      default:
        // PONG only proves liveness; anything else after the handshake is ignored, as libzmq does.
        return true;
    }
  }

  /**
   * A reply to the peer (a PONG) is queued. A peer that sends PINGs and never reads would make
   * replies pile up without end; as libzmq, stop reading from it while they back up.
   */
  private replyQueued(): boolean {
    if (!this.writeBlocked && this.encoder.pending >= REPLY_BACKLOG) this.flush();
    if (this.writeBlocked) return this.awaitDrain();
    this.scheduleFlush();
    return true;
  }

  onMessage(parts: Buffer[]): boolean {
    // Before READY the decoder hands every frame to onCommand; nothing reaches here then.
    if (this.handshake.mechanism.status !== "ready") return true;
    this.heartbeat.traffic();
    if (this.pipe === null) return true;
    if (this.inboundRule !== undefined && !this.inboundRule(parts)) {
      this.fail("protocol", errnoOf("EFAULT"));
      return false;
    }
    return this.deliver(parts);
  }

  onSpan(buf: Buffer, start: number, end: number): boolean {
    const pipe = this.pipe;
    if (this.inboundRule !== undefined || pipe === null || this.handshake.mechanism.status !== "ready") {
      return this.onMessage(readSpan(buf, start, end));
    }
    this.heartbeat.traffic();
    // Queued as the bytes it arrived as: the message's frames are built when it is read.
    return pipe.writeSpan(buf, start, end, true) || this.stall(readSpan(buf, start, end));
  }

  onDecodeError(_error: DecodeError): void {
    // Oversized or impossible frames: libzmq reports no handshake event, only DISCONNECTED.
    this.fail("protocol", errnoOf("EMSGSIZE"));
  }

  protected override resumeInput(): void {
    this.decoder.resume();
  }

  // ---- handshake host -----------------------------------------------------------------

  sendGreeting(bytes: Buffer): void {
    this.encoder.raw(bytes);
    this.flush();
  }

  sendCommand(body: Buffer): void {
    this.encoder.command(body);
    this.scheduleFlush();
  }

  handshakeSucceeded(): boolean {
    const pipe = this.host.engineReady(this);
    if (!pipe) {
      this.fail("protocol", 0);
      return false;
    }
    this.attachPipe(pipe);
    this.decoder.handshaking = false;
    const transform = this.handshake.mechanism.trafficTransform?.() ?? null;
    // Without a transform, what the socket sends is encoded as it is queued and written as it lies.
    pipe.inbound.encodeUpTo = transform === null ? COPY_LIMIT : -1;
    if (transform !== null) {
      const t = installTransform(transform, this.encoder, (f) => this.handshake.reportFailure(f));
      this.out = t.output;
      this.decoder.filter = t.filter;
    }
    this.heartbeat.start();
    this.scheduleFlush();
    return true;
  }

  handshakeFailed(reason: EngineErrorReason, errno: number): void {
    this.fail(reason, errno);
  }

  // ---- heartbeat host -----------------------------------------------------------------

  sendPing(ttlDeciseconds: number): void {
    this.out.command(pingBody(ttlDeciseconds));
    this.scheduleFlush();
  }

  heartbeatExpired(): void {
    this.fail("timeout", errnoOf("EAGAIN"));
  }

  // ---- output and teardown hooks ------------------------------------------------------

  /** Handshake commands and PONGs already queued, then pipe messages (unless the stream is full). */
  protected output(): Buffer[] {
    const pipe = this.pipe;
    if (pipe !== null && !this.writeBlocked && !this.handshaking) {
      const out = this.out;
      // 3.0 peers get subscriptions as data frames; 3.1 peers as SUBSCRIBE/CANCEL commands.
      const commands = this.handshake.peerMinor >= 1;
      // A DISH's JOIN/LEAVE are commands whatever the peer's minor version, as libzmq sends them.
      const groups = this.groupCommands === "send";
      // Messages queued encoded go out as the bytes they are (a transform needs them as frames).
      const raw = !this.transforming;
      let msg: Buffer[] | undefined;
      let group: "JOIN" | "LEAVE" | undefined;
      const limit = raw ? BATCH_LIMIT : TRANSFORM_PART;
      while (this.encoder.pending < limit) {
        if (raw) {
          const run = pipe.readRun(BATCH_LIMIT - this.encoder.pending);
          if (run !== null) {
            this.encoder.raw(run);
            continue;
          }
        }
        if ((msg = pipe.read()) === undefined) break;
        if (commands && isSubscriptionMessage(msg)) {
          const body = msg[0]!;
          const topic = body.subarray(1);
          out.command(body[0] === 1 ? subscribeBody(topic) : cancelBody(topic));
        } else if (groups && (group = groupCommandOf(msg)) !== undefined) {
          out.command(commandBody(group, msg[0]));
        } else {
          out.message(msg);
        }
      }
      if (pipe.hasPending()) this.scheduleFlush();
    }
    return this.encoder.pending === 0 ? NOTHING : this.encoder.take();
  }

  /** A mechanism's transform (CURVE) makes the frames: messages cannot go out as the bytes they are queued as. */
  private get transforming(): boolean {
    return this.out !== this.encoder;
  }

  protected override outputAgain(parts: number): boolean {
    return this.transforming && parts < BATCH_LIMIT / TRANSFORM_PART && this.pipe?.hasPending() === true;
  }

  protected override whenWritten(): (() => void) | null {
    const lent = this.encoder.takeAllocated();
    return lent === null ? null : givingBack(lent);
  }

  protected flushed(ok: boolean): void {
    if (ok && this.state === EngineState.Lingering) this.finishLinger();
  }

  private finishLinger(): void {
    // Lingering through a handshake: the queued messages can only go out once it completes.
    if (this.handshaking || (this.pipe !== null && this.pipe.hasPending())) return;
    this.teardown(CLOSE_GRACEFULLY);
  }

  protected stopInputs(): void {
    this.handshake.stop();
    this.heartbeat.stop();
    this.decoder.kill();
  }

  protected failureHasNoDetail(reason: EngineErrorReason): boolean {
    // Protocol failures were reported where they were found (or, as libzmq, not at all).
    return reason !== "protocol" && this.handshaking;
  }

  protected override lastWords(): Buffer[] {
    return this.encoder.pending > 0 ? this.encoder.take() : NOTHING;
  }
}

/** Gives `lent` back to the pool when called. Out of `whenWritten`, whose own closure would cost a context per flush. */
function givingBack(lent: Buffer[]): () => void {
  return () => giveBack(lent);
}
