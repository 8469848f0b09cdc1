import { errnoOf } from "../errors.js";
import {
  EVENT_HANDSHAKE_FAILED_AUTH,
  EVENT_HANDSHAKE_FAILED_NO_DETAIL,
  EVENT_HANDSHAKE_FAILED_PROTOCOL,
  EVENT_HANDSHAKE_SUCCEEDED,
  PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH,
} from "../events/events.js";
import type { EventSink } from "../events/sink.js";
import type { Mechanism, MechanismFailure, MechanismHost } from "../mechanism/mechanism.js";
import { parseCommand } from "../wire/commands.js";
import { ownGreeting, type OwnGreeting, type PeerGreeting } from "../wire/greeting.js";
import type { EngineErrorReason, EnginePlace } from "./host.js";

/** What a handshake needs from its engine. */
export interface HandshakeHost {
  readonly events: EventSink;
  readonly place: EnginePlace;
  /**
   * Greeting bytes: written at once, the peer may be waiting for them. Not held for the turn's
   * flush either: a libzmq peer that then reads the greeting's rest and our READY together fails
   * a Socket-Type mismatch before it sends its own READY, and this side can only report EPIPE
   * (test/monitor/differential-handshake.test.ts).
   */
  sendGreeting(bytes: Buffer): void;
  /** A handshake command, in the clear, with the next flush. */
  sendCommand(body: Buffer): void;
  scheduleFlush(): void;
  /** The mechanism is ready: take the pipe; false when the session refused it (the engine then failed). */
  handshakeSucceeded(): boolean;
  /** Drop the connection (the handshake's own event, if any, is already out). */
  handshakeFailed(reason: EngineErrorReason, errno: number): void;
}

/** Where the greeting exchange and the mechanism stand. */
const enum Phase {
  /** Our signature and version are out; waiting for the peer's signature. */
  Signature,
  /** Our whole greeting is out; waiting for the peer's. */
  Greeting,
  /** Greetings exchanged: the mechanism's commands are flowing. */
  Mechanism,
  /** The mechanism is ready and the engine has its pipe. */
  Done,
  /** The engine is gone. */
  Stopped,
}

/**
 * The ZMTP 3.x handshake of one connection: the greeting exchange (mechanism names compared
 * byte for byte), driving the mechanism with typed commands, ZMQ_HANDSHAKE_IVL, and the monitor
 * events it ends with: HANDSHAKE_SUCCEEDED, or HANDSHAKE_FAILED_PROTOCOL / _AUTH / _NO_DETAIL
 * as libzmq reports each failure (libzmq-facts §3.4).
 */
export class Handshake implements MechanismHost {
  private phase = Phase.Signature;
  /** Our greeting, in the two steps libzmq sends it: signature and major version, then the rest. */
  private readonly greeting: OwnGreeting;
  private timer: NodeJS.Timeout | null = null;
  /** The peer's minor ZMTP version (0 = 3.0: legacy subscriptions); 1 until its greeting is in. */
  peerMinor = 1;

  constructor(
    readonly mechanism: Mechanism,
    private readonly host: HandshakeHost,
  ) {
    this.greeting = ownGreeting(mechanism.name);
  }

  /** Sends the first part of our greeting and arms ZMQ_HANDSHAKE_IVL (0: no limit). */
  start(timeoutMs: number): void {
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => this.expired(), timeoutMs);
      this.timer.unref();
    }
    this.host.sendGreeting(this.greeting.first);
  }

  /**
   * The peer's signature is in: the rest of our greeting follows. A peer that spots a mismatch
   * then has our whole greeting only after it sent its own, so both sides report the mismatch
   * instead of one of them seeing a bare EPIPE.
   */
  signatureReceived(): void {
    if (this.phase !== Phase.Signature) return;
    this.phase = Phase.Greeting;
    this.host.sendGreeting(this.greeting.rest);
  }

  greetingReceived(greeting: PeerGreeting): void {
    if (this.phase === Phase.Stopped) return;
    this.peerMinor = greeting.minor;
    if (!greeting.mechanismBytes.equals(this.greeting.field)) {
      this.reportFailure({ protocolError: PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH });
      return;
    }
    this.phase = Phase.Mechanism;
    this.mechanism.start(this);
    this.host.scheduleFlush();
  }

  /** One frame during the handshake (command or not: libzmq matches on the body alone). */
  frameReceived(body: Buffer): void {
    if (this.phase !== Phase.Mechanism) return;
    const failure = this.mechanism.process(parseCommand(body), this);
    this.progress(failure);
  }

  /**
   * A frame after the mechanism refused the peer but kept the connection open for it to leave.
   * libzmq's NULL drops the connection at such a frame (`afterRefusal`); other mechanisms ignore it.
   */
  frameAfterRefusal(body: Buffer): void {
    if (this.phase !== Phase.Mechanism) return;
    const failure = this.mechanism.afterRefusal?.(parseCommand(body)) ?? null;
    if (failure) this.reportFailure(failure);
  }

  // ---- mechanism host ----

  sendCommand(body: Buffer): void {
    this.host.sendCommand(body);
  }

  /** Something happened outside `process` (a ZAP reply arrived). */
  mechanismProgress(failure: MechanismFailure | null): void {
    if (this.phase === Phase.Stopped) return;
    this.progress(failure);
  }

  private progress(failure: MechanismFailure | null): void {
    if (failure) return this.reportFailure(failure);
    this.host.scheduleFlush();
    if (this.mechanism.status === "ready" && this.phase === Phase.Mechanism) this.succeed();
  }

  private succeed(): void {
    this.phase = Phase.Done;
    this.clearTimer();
    if (!this.host.handshakeSucceeded()) return;
    const meta = this.mechanism.peerMetadata;
    const p = this.host.place;
    this.host.events.event(EVENT_HANDSHAKE_SUCCEEDED, 0, p.local, p.remote, p.bindSide, {
      peerSocketType: meta.get("Socket-Type")?.toString("latin1"),
      peerRoutingId: meta.get("Identity"),
      mechanism: this.mechanism.name,
      zmtpMinor: this.peerMinor,
      properties: meta,
    });
  }

  /**
   * Reports a mechanism failure with libzmq's event for it, then drops the connection, unless
   * the failure says to stall (the handshake timer or the peer ends it) or to keep the
   * connection open (a ZAP-refused server waits for the client to leave). Also used for
   * failures of a post-handshake transform, which libzmq reports the same way.
   */
  reportFailure(f: MechanismFailure): void {
    if (this.phase === Phase.Stopped) return;
    const p = this.host.place;
    const events = this.host.events;
    if (f.noDetailErrno !== undefined) {
      events.event(EVENT_HANDSHAKE_FAILED_NO_DETAIL, f.noDetailErrno, p.local, p.remote, p.bindSide);
      if (f.stall) return;
    }
    if (f.protocolError !== undefined) {
      events.event(EVENT_HANDSHAKE_FAILED_PROTOCOL, f.protocolError, p.local, p.remote, p.bindSide);
    } else if (f.authStatus !== undefined) {
      events.event(EVENT_HANDSHAKE_FAILED_AUTH, f.authStatus, p.local, p.remote, p.bindSide);
    }
    if (f.keepOpen) {
      this.host.scheduleFlush();
      return;
    }
    this.host.handshakeFailed("protocol", errnoOf("EPROTO"));
  }

  private expired(): void {
    this.timer = null;
    // libzmq sets no errno for this; in practice the value is EAGAIN. A mechanism already in
    // error (ZAP refused) gets DISCONNECTED only.
    if (this.mechanism.status !== "ready") this.host.handshakeFailed("timeout", errnoOf("EAGAIN"));
  }

  /** The engine is going away: no more events, timers or ZAP requests. */
  stop(): void {
    this.phase = Phase.Stopped;
    this.clearTimer();
    this.mechanism.dispose?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
