/** The socket options an engine reads (the socket's option store satisfies it). */
export interface EngineOptions {
  /** ZMQ_MAXMSGSIZE, bytes per frame; -1 = unlimited */
  readonly maxMessageSize: number;
  /** ZMQ_HANDSHAKE_IVL, ms; 0 = no limit */
  readonly handshakeInterval: number;
  /** ZMQ_HEARTBEAT_IVL, ms; 0 = off */
  readonly heartbeatInterval: number;
  /** ZMQ_HEARTBEAT_TTL in deciseconds, as sent on the wire */
  readonly heartbeatTtlDs: number;
  /** ZMQ_HEARTBEAT_TIMEOUT, ms; -1 = use heartbeatInterval */
  readonly heartbeatTimeout: number;
  /** ZMQ_TCP_KEEPALIVE: -1 OS default, 0 off, 1 on */
  readonly tcpKeepalive: number;
  /** ZMQ_TCP_KEEPALIVE_IDLE, s */
  readonly tcpKeepaliveIdle: number;
}
