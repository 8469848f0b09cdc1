/**
 * The numeric constants of the zeromq v5 API (`zmq.ZMQ_*`), with libzmq's values (zmq.h 4.3).
 * Socket options are listed under their libzmq names; `ZMQ_IDENTITY` is the pre-4.2 name of
 * ZMQ_ROUTING_ID and `ZMQ_DELAY_ATTACH_ON_CONNECT` the old name of ZMQ_IMMEDIATE.
 */

// ---- socket types (zmq_socket) ----

/** ZMQ_PAIR socket type (exclusive pair). */
export const ZMQ_PAIR = 0;
/** ZMQ_PUB socket type (publisher). */
export const ZMQ_PUB = 1;
/** ZMQ_SUB socket type (subscriber). */
export const ZMQ_SUB = 2;
/** ZMQ_REQ socket type (request). */
export const ZMQ_REQ = 3;
/** ZMQ_REP socket type (reply). */
export const ZMQ_REP = 4;
/** ZMQ_DEALER socket type. */
export const ZMQ_DEALER = 5;
/** ZMQ_XREQ: the old name of ZMQ_DEALER. */
export const ZMQ_XREQ = 5;
/** ZMQ_ROUTER socket type. */
export const ZMQ_ROUTER = 6;
/** ZMQ_XREP: the old name of ZMQ_ROUTER. */
export const ZMQ_XREP = 6;
/** ZMQ_PULL socket type. */
export const ZMQ_PULL = 7;
/** ZMQ_PUSH socket type. */
export const ZMQ_PUSH = 8;
/** ZMQ_XPUB socket type. */
export const ZMQ_XPUB = 9;
/** ZMQ_XSUB socket type. */
export const ZMQ_XSUB = 10;
/** ZMQ_STREAM socket type (raw TCP). */
export const ZMQ_STREAM = 11;

// ---- socket options (zmq_setsockopt / zmq_getsockopt) ----

/** ZMQ_AFFINITY socket option. */
export const ZMQ_AFFINITY = 4;
/** ZMQ_IDENTITY (ZMQ_ROUTING_ID) socket option. */
export const ZMQ_IDENTITY = 5;
/** ZMQ_SUBSCRIBE socket option (SUB: add a prefix filter). */
export const ZMQ_SUBSCRIBE = 6;
/** ZMQ_UNSUBSCRIBE socket option (SUB: remove a prefix filter). */
export const ZMQ_UNSUBSCRIBE = 7;
/** ZMQ_RATE socket option (multicast rate). */
export const ZMQ_RATE = 8;
/** ZMQ_RECOVERY_IVL socket option (multicast recovery interval, ms). */
export const ZMQ_RECOVERY_IVL = 9;
/** ZMQ_RECOVERY_IVL_MSEC: the zeromq 2 name of ZMQ_RECOVERY_IVL. */
export const ZMQ_RECOVERY_IVL_MSEC = 9;
/** ZMQ_SNDBUF socket option (kernel send buffer size). */
export const ZMQ_SNDBUF = 11;
/** ZMQ_RCVBUF socket option (kernel receive buffer size). */
export const ZMQ_RCVBUF = 12;
/** ZMQ_RCVMORE socket option (not available in the compatibility layer: messages arrive whole). */
export const ZMQ_RCVMORE = 13;
/** ZMQ_FD socket option (not available: there is no file descriptor). */
export const ZMQ_FD = 14;
/** ZMQ_EVENTS socket option (ZMQ_POLLIN | ZMQ_POLLOUT readiness). */
export const ZMQ_EVENTS = 15;
/** ZMQ_TYPE socket option (the numeric socket type). */
export const ZMQ_TYPE = 16;
/** ZMQ_LINGER socket option (ms, -1 = until delivered). */
export const ZMQ_LINGER = 17;
/** ZMQ_RECONNECT_IVL socket option (ms). */
export const ZMQ_RECONNECT_IVL = 18;
/** ZMQ_BACKLOG socket option (listen backlog). */
export const ZMQ_BACKLOG = 19;
/** ZMQ_RECONNECT_IVL_MAX socket option (ms, 0 = no backoff). */
export const ZMQ_RECONNECT_IVL_MAX = 21;
/** ZMQ_MAXMSGSIZE socket option (bytes, -1 = unlimited). */
export const ZMQ_MAXMSGSIZE = 22;
/** ZMQ_SNDHWM socket option (send high-water mark, messages). */
export const ZMQ_SNDHWM = 23;
/** ZMQ_RCVHWM socket option (receive high-water mark, messages). */
export const ZMQ_RCVHWM = 24;
/** ZMQ_MULTICAST_HOPS socket option. */
export const ZMQ_MULTICAST_HOPS = 25;
/** ZMQ_RCVTIMEO socket option (ms). */
export const ZMQ_RCVTIMEO = 27;
/** ZMQ_SNDTIMEO socket option (ms). */
export const ZMQ_SNDTIMEO = 28;
/** ZMQ_IPV4ONLY socket option (the inverse of ZMQ_IPV6). */
export const ZMQ_IPV4ONLY = 31;
/** ZMQ_LAST_ENDPOINT socket option (read-only). */
export const ZMQ_LAST_ENDPOINT = 32;
/** ZMQ_ROUTER_MANDATORY socket option (ROUTER: fail on unroutable messages). */
export const ZMQ_ROUTER_MANDATORY = 33;
/** ZMQ_TCP_KEEPALIVE socket option. */
export const ZMQ_TCP_KEEPALIVE = 34;
/** ZMQ_TCP_KEEPALIVE_CNT socket option. */
export const ZMQ_TCP_KEEPALIVE_CNT = 35;
/** ZMQ_TCP_KEEPALIVE_IDLE socket option. */
export const ZMQ_TCP_KEEPALIVE_IDLE = 36;
/** ZMQ_TCP_KEEPALIVE_INTVL socket option. */
export const ZMQ_TCP_KEEPALIVE_INTVL = 37;
/** ZMQ_TCP_ACCEPT_FILTER socket option. */
export const ZMQ_TCP_ACCEPT_FILTER = 38;
/** ZMQ_DELAY_ATTACH_ON_CONNECT: the old name of ZMQ_IMMEDIATE. */
export const ZMQ_DELAY_ATTACH_ON_CONNECT = 39;
/** ZMQ_XPUB_VERBOSE socket option (XPUB: pass on duplicate subscriptions; write-only). */
export const ZMQ_XPUB_VERBOSE = 40;
/** ZMQ_ROUTER_RAW socket option (not available: use a "stream" socket). */
export const ZMQ_ROUTER_RAW = 41;
/** ZMQ_IPV6 socket option. */
export const ZMQ_IPV6 = 42;
/** ZMQ_MECHANISM socket option (0 NULL, 1 PLAIN, 2 CURVE, 3 GSSAPI; read-only). */
export const ZMQ_MECHANISM = 43;
/** ZMQ_PLAIN_SERVER socket option. */
export const ZMQ_PLAIN_SERVER = 44;
/** ZMQ_PLAIN_USERNAME socket option. */
export const ZMQ_PLAIN_USERNAME = 45;
/** ZMQ_PLAIN_PASSWORD socket option. */
export const ZMQ_PLAIN_PASSWORD = 46;
/** ZMQ_CURVE_SERVER socket option. */
export const ZMQ_CURVE_SERVER = 47;
/** ZMQ_CURVE_PUBLICKEY socket option. */
export const ZMQ_CURVE_PUBLICKEY = 48;
/** ZMQ_CURVE_SECRETKEY socket option. */
export const ZMQ_CURVE_SECRETKEY = 49;
/** ZMQ_CURVE_SERVERKEY socket option. */
export const ZMQ_CURVE_SERVERKEY = 50;
/** ZMQ_ZAP_DOMAIN socket option. */
export const ZMQ_ZAP_DOMAIN = 55;
/** ZMQ_HEARTBEAT_IVL socket option (ms). */
export const ZMQ_HEARTBEAT_IVL = 75;
/** ZMQ_HEARTBEAT_TTL socket option (ms). */
export const ZMQ_HEARTBEAT_TTL = 76;
/** ZMQ_HEARTBEAT_TIMEOUT socket option (ms). */
export const ZMQ_HEARTBEAT_TIMEOUT = 77;
/** ZMQ_CONNECT_TIMEOUT socket option (ms). */
export const ZMQ_CONNECT_TIMEOUT = 79;
/** ZMQ_IO_THREADS context option (see {@link Context.setMaxThreads}). */
export const ZMQ_IO_THREADS = 1;
/** ZMQ_MAX_SOCKETS context option (see {@link Context.setMaxSockets}). */
export const ZMQ_MAX_SOCKETS = 2;
/** ZMQ_ROUTER_HANDOVER socket option (ROUTER: a new peer with a known identity takes over; write-only). */
export const ZMQ_ROUTER_HANDOVER = 56;

// ---- zmq_poll events ----

/** ZMQ_POLLIN: at least one message can be received. */
export const ZMQ_POLLIN = 1;
/** ZMQ_POLLOUT: at least one message can be sent. */
export const ZMQ_POLLOUT = 2;
/** ZMQ_POLLERR: error condition (never reported for ZeroMQ sockets). */
export const ZMQ_POLLERR = 4;

// ---- zmq_send flags ----

/** ZMQ_SNDMORE send flag: more parts of this message follow. */
export const ZMQ_SNDMORE = 2;

// ---- capabilities of the zeromq v5 binding (always present here) ----

/** The v5 binding's capability flag: `monitor()` is available. */
export const ZMQ_CAN_MONITOR = 1;
/** The v5 binding's capability flag: `disconnect()` is available (zmq_disconnect). */
export const ZMQ_CAN_DISCONNECT = 1;
/** The v5 binding's capability flag: `unbind()` is available (zmq_unbind). */
export const ZMQ_CAN_UNBIND = 1;
/** The v5 binding's capability flag: context options can be set (zmq_ctx_set). */
export const ZMQ_CAN_SET_CTX = 1;

// ---- socket states of the zeromq v5 binding ----

/** v5 socket state: idle. */
export const STATE_READY = 0;
/** v5 socket state: an operation is in progress. */
export const STATE_BUSY = 1;
/** v5 socket state: closed. */
export const STATE_CLOSED = 2;
