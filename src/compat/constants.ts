/**
 * The numeric constants of the zeromq v5 API (`zmq.ZMQ_*`), with libzmq's values (zmq.h 4.3).
 * Socket options are listed under their libzmq names; `ZMQ_IDENTITY` is the pre-4.2 name of
 * ZMQ_ROUTING_ID and `ZMQ_DELAY_ATTACH_ON_CONNECT` the old name of ZMQ_IMMEDIATE.
 */
import { SocketType } from "../mechanism/socket-types.js";
import { OPTION_CONSTANTS } from "./options.js";

// ---- socket types (zmq_socket) ----

/** ZMQ_PAIR socket type (exclusive pair). */
export const ZMQ_PAIR = SocketType.PAIR;
/** ZMQ_PUB socket type (publisher). */
export const ZMQ_PUB = SocketType.PUB;
/** ZMQ_SUB socket type (subscriber). */
export const ZMQ_SUB = SocketType.SUB;
/** ZMQ_REQ socket type (request). */
export const ZMQ_REQ = SocketType.REQ;
/** ZMQ_REP socket type (reply). */
export const ZMQ_REP = SocketType.REP;
/** ZMQ_DEALER socket type. */
export const ZMQ_DEALER = SocketType.DEALER;
/** ZMQ_XREQ: the old name of ZMQ_DEALER. */
export const ZMQ_XREQ = SocketType.DEALER;
/** ZMQ_ROUTER socket type. */
export const ZMQ_ROUTER = SocketType.ROUTER;
/** ZMQ_XREP: the old name of ZMQ_ROUTER. */
export const ZMQ_XREP = SocketType.ROUTER;
/** ZMQ_PULL socket type. */
export const ZMQ_PULL = SocketType.PULL;
/** ZMQ_PUSH socket type. */
export const ZMQ_PUSH = SocketType.PUSH;
/** ZMQ_XPUB socket type. */
export const ZMQ_XPUB = SocketType.XPUB;
/** ZMQ_XSUB socket type. */
export const ZMQ_XSUB = SocketType.XSUB;
/** ZMQ_STREAM socket type (raw TCP). */
export const ZMQ_STREAM = SocketType.STREAM;

// ---- socket options (zmq_setsockopt / zmq_getsockopt) ----

/**
 * The socket option ids, from the option table (src/options/): each is the libzmq option of the
 * same name (see its row for what it does; `ZMQ_IDENTITY` is ZMQ_ROUTING_ID, `ZMQ_SUBSCRIBE` a
 * SUB filter, ...). The list is zeromq v5's export set, not every libzmq option.
 */
export const {
  ZMQ_AFFINITY,
  ZMQ_IDENTITY,
  ZMQ_SUBSCRIBE,
  ZMQ_UNSUBSCRIBE,
  ZMQ_RATE,
  ZMQ_RECOVERY_IVL,
  ZMQ_RECOVERY_IVL_MSEC,
  ZMQ_SNDBUF,
  ZMQ_RCVBUF,
  ZMQ_RCVMORE,
  ZMQ_FD,
  ZMQ_EVENTS,
  ZMQ_TYPE,
  ZMQ_LINGER,
  ZMQ_RECONNECT_IVL,
  ZMQ_BACKLOG,
  ZMQ_RECONNECT_IVL_MAX,
  ZMQ_MAXMSGSIZE,
  ZMQ_SNDHWM,
  ZMQ_RCVHWM,
  ZMQ_MULTICAST_HOPS,
  ZMQ_RCVTIMEO,
  ZMQ_SNDTIMEO,
  ZMQ_IPV4ONLY,
  ZMQ_LAST_ENDPOINT,
  ZMQ_ROUTER_MANDATORY,
  ZMQ_TCP_KEEPALIVE,
  ZMQ_TCP_KEEPALIVE_CNT,
  ZMQ_TCP_KEEPALIVE_IDLE,
  ZMQ_TCP_KEEPALIVE_INTVL,
  ZMQ_TCP_ACCEPT_FILTER,
  ZMQ_DELAY_ATTACH_ON_CONNECT,
  ZMQ_XPUB_VERBOSE,
  ZMQ_ROUTER_RAW,
  ZMQ_IPV6,
  ZMQ_MECHANISM,
  ZMQ_PLAIN_SERVER,
  ZMQ_PLAIN_USERNAME,
  ZMQ_PLAIN_PASSWORD,
  ZMQ_CURVE_SERVER,
  ZMQ_CURVE_PUBLICKEY,
  ZMQ_CURVE_SECRETKEY,
  ZMQ_CURVE_SERVERKEY,
  ZMQ_ZAP_DOMAIN,
  ZMQ_HEARTBEAT_IVL,
  ZMQ_HEARTBEAT_TTL,
  ZMQ_HEARTBEAT_TIMEOUT,
  ZMQ_CONNECT_TIMEOUT,
  ZMQ_ROUTER_HANDOVER,
} = OPTION_CONSTANTS;

// ---- context options (zmq_ctx_set) ----

/** ZMQ_IO_THREADS context option (see {@link Context.setMaxThreads}). */
export const ZMQ_IO_THREADS = 1;
/** ZMQ_MAX_SOCKETS context option (see {@link Context.setMaxSockets}). */
export const ZMQ_MAX_SOCKETS = 2;

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
