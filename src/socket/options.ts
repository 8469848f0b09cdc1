/**
 * Socket options in libzmq's units and defaults (src/options.cpp). The public API maps its
 * camelCase properties and raw ZMQ_* ids onto these fields.
 */
export class SocketOptions {
  /** ZMQ_SNDHWM */ sendHighWaterMark = 1000;
  /** ZMQ_RCVHWM */ receiveHighWaterMark = 1000;
  /** ZMQ_LINGER, ms; -1 = wait for queued messages without limit */ linger = -1;
  /** ZMQ_RECONNECT_IVL, ms; <= 0 disables reconnection */ reconnectInterval = 100;
  /** ZMQ_RECONNECT_IVL_MAX, ms; 0 = jittered constant interval */ reconnectMaxInterval = 0;
  /** ZMQ_MAXMSGSIZE, bytes per frame; -1 = unlimited */ maxMessageSize = -1;
  /** ZMQ_ROUTING_ID */ routingId: Buffer | null = null;
  /** ZMQ_CONNECT_ROUTING_ID (applies to the next connect) */ connectRoutingId: Buffer | null = null;
  /** ZMQ_HANDSHAKE_IVL, ms; 0 = no limit */ handshakeInterval = 30000;
  /** ZMQ_HEARTBEAT_IVL, ms; 0 = off */ heartbeatInterval = 0;
  /** ZMQ_HEARTBEAT_TTL in deciseconds, as sent on the wire */ heartbeatTtlDs = 0;
  /** ZMQ_HEARTBEAT_TIMEOUT, ms; -1 = use heartbeatInterval */ heartbeatTimeout = -1;
  /** ZMQ_CONNECT_TIMEOUT, ms; 0 = OS default */ connectTimeout = 0;
  /** ZMQ_IMMEDIATE */ immediate = false;
  /** ZMQ_IPV6 */ ipv6 = false;
  /** ZMQ_BACKLOG */ backlog = 100;
  /** ZMQ_SNDTIMEO, ms */ sendTimeout = -1;
  /** ZMQ_RCVTIMEO, ms */ receiveTimeout = -1;
  /** ZMQ_SNDBUF / ZMQ_RCVBUF, bytes; -1 = OS default */ sendBufferSize = -1;
  receiveBufferSize = -1;
  /** ZMQ_TCP_KEEPALIVE (-1 OS default, 0 off, 1 on) and ZMQ_TCP_KEEPALIVE_IDLE (s) */
  tcpKeepalive = -1;
  tcpKeepaliveIdle = -1;
  tcpKeepaliveCount = -1;
  tcpKeepaliveInterval = -1;
  /** ZMQ_LAST_ENDPOINT */ lastEndpoint = "";
  /** ZMQ_AFFINITY (kept for compatibility; one thread) */ affinity = 0n;
  /** ZMQ_TOS */ typeOfService = 0;
  /** ZMQ_ZAP_DOMAIN */ zapDomain = "";
  /** ZMQ_PLAIN_SERVER */ plainServer = false;
  /** ZMQ_PLAIN_USERNAME / ZMQ_PLAIN_PASSWORD (either set makes this a PLAIN client) */
  plainUsername: Buffer | null = null;
  plainPassword: Buffer | null = null;
  /** ZMQ_STREAM_NOTIFY: STREAM sockets announce connects/disconnects with empty messages */ streamNotify = true;
  /** ZMQ_TCP_ACCEPT_FILTER: peers a listener accepts (empty = all) */ acceptFilters: string[] = [];
  /** Multicast (PGM) options: stored for compatibility; no multicast transport here */
  rate = 100;
  recoveryInterval = 10000;
  multicastHops = 1;
  multicastMaxTpdu = 1500;
  /** ZMQ_ZAP_ENFORCE_DOMAIN */ zapEnforceDomain = false;
  /** ZMQ_LOOPBACK_FASTPATH (Windows only in libzmq; stored) */ loopbackFastPath = false;
  /** ZMQ_CONFLATE: queues hold only the newest message */ conflate = false;
}
