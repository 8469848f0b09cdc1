import type { EngineOptions } from "./options.js";

/** What heartbeating needs from its engine. */
export interface HeartbeatHost {
  /** Queue a PING carrying this TTL (deciseconds) and flush soon. */
  sendPing(ttlDeciseconds: number): void;
  /** No sign of life within ZMQ_HEARTBEAT_TIMEOUT, or the peer's TTL ran out: the connection is dead. */
  heartbeatExpired(): void;
}

/** TTL on the wire is in deciseconds. */
const TTL_UNIT_MS = 100;

/**
 * ZMTP 3.1 heartbeats (RFC 37) for one connection, as libzmq's zmtp_engine runs them: from the
 * end of the handshake a PING every ZMQ_HEARTBEAT_IVL; each PING arms the timeout (if not armed
 * yet); a received PING with a TTL arms the TTL timer (if not armed yet); any received traffic
 * disarms both. Timers only: the engine writes the commands and reads the peer's.
 */
export class Heartbeat {
  private interval: NodeJS.Timeout | null = null;
  private timeout: NodeJS.Timeout | null = null;
  private ttl: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: Pick<EngineOptions, "heartbeatInterval" | "heartbeatTimeout" | "heartbeatTtlDs">,
    private readonly host: HeartbeatHost,
  ) {}

  /** The handshake completed: start pinging if ZMQ_HEARTBEAT_IVL is set. */
  start(): void {
    const ivl = this.options.heartbeatInterval;
    if (ivl <= 0 || this.interval !== null) return;
    this.interval = setInterval(() => this.ping(), ivl);
    this.interval.unref();
  }

  private ping(): void {
    const o = this.options;
    this.host.sendPing(o.heartbeatTtlDs);
    if (this.timeout === null) {
      const ms = o.heartbeatTimeout >= 0 ? o.heartbeatTimeout : o.heartbeatInterval;
      this.timeout = setTimeout(() => this.host.heartbeatExpired(), ms);
      this.timeout.unref();
    }
  }

  /** The peer pinged us with this TTL (deciseconds; 0 = none). Call after `traffic()`. */
  pinged(ttlDeciseconds: number): void {
    if (ttlDeciseconds <= 0 || this.ttl !== null) return;
    // ttl × 100 ms in full; libzmq computes it in 16 bits (documented difference).
    this.ttl = setTimeout(() => this.host.heartbeatExpired(), ttlDeciseconds * TTL_UNIT_MS);
    this.ttl.unref();
  }

  /** Anything arrived after the handshake: the peer is alive (RFC 37). */
  traffic(): void {
    if (this.timeout) clearTimeout(this.timeout);
    if (this.ttl) clearTimeout(this.ttl);
    this.timeout = this.ttl = null;
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
    this.traffic();
  }
}
