/**
 * Option table rows: the socket's identity, state and queues. The TSDoc of each row is the
 * documentation of its v6 property (it names the libzmq option and its default).
 */
import { DRAFT_TYPES, anyInteger, bool, int, sizedBytes, type OptionRow } from "./kinds.js";

export const SOCKET_ROWS = {
  /** ZMQ_TYPE: the socket type number (read-only; the v6 API has it as `socket.type`). */
  type: {
    id: 16,
    zmq: ["ZMQ_TYPE"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: false,
    on: "socket",
    access: "r",
    property: false,
    get: (s: { readonly type: number }) => s.type,
    v5: { constants: ["ZMQ_TYPE"], get: "value" },
  },
  /** ZMQ_EVENTS: ZMQ_POLLIN (1) | ZMQ_POLLOUT (2) readiness (read-only; the v6 API has `readable`/`writable`). */
  events: {
    id: 15,
    zmq: ["ZMQ_EVENTS"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: false,
    on: "socket",
    access: "r",
    property: false,
    get: (s: { readonly readable: boolean; readonly writable: boolean }) => (s.readable ? 1 : 0) | (s.writable ? 2 : 0),
    v5: { short: "_ioevents", constants: ["ZMQ_EVENTS"], get: "value" },
  },
  /** ZMQ_RCVMORE: always 0, messages are received whole (read-only). */
  receiveMore: {
    id: 13,
    zmq: ["ZMQ_RCVMORE"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: false,
    on: "socket",
    access: "r",
    property: false,
    get: () => 0,
    v5: { short: "_receiveMore", constants: ["ZMQ_RCVMORE"], refused: "get" },
  },
  /** ZMQ_FD: not offered, there is no file descriptor. */
  fd: {
    id: 14,
    zmq: ["ZMQ_FD"],
    kind: "int32",
    scope: "all",
    status: "absent",
    warns: false,
    on: "socket",
    access: "r",
    property: false,
    v5: { short: "_fd", constants: ["ZMQ_FD"], refused: "get" },
  },
  /** ZMQ_THREAD_SAFE: whether libzmq lets several threads use the socket, true for the draft types except DGRAM (read-only). Default false. */
  threadSafe: {
    id: 81,
    zmq: ["ZMQ_THREAD_SAFE"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: false,
    on: "core",
    access: "r",
    get: (core: { readonly threadSafe: boolean }): boolean => core.threadSafe,
  },
  /**
   * ZMQ_AFFINITY: I/O thread affinity bitmask; stored only (there are no I/O threads). Default 0.
   * As in the binding any Number is taken: truncated, negatives as 0, 2^64 and above as the
   * largest uint64 (read back as 2^64); above Number.MAX_SAFE_INTEGER it warns that the value
   * may have been rounded.
   */
  affinity: {
    id: 4,
    zmq: ["ZMQ_AFFINITY"],
    kind: "uint64",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "affinity",
    default: 0,
    check: anyInteger,
    v5: { short: "affinity", constants: ["ZMQ_AFFINITY"], get: "value", set: "value" },
  },
  /** ZMQ_LINGER: ms that queued messages are kept for delivery after close; -1 = until delivered. Default -1 (0 on SUB and XSUB, as in libzmq). */
  linger: {
    id: 17,
    zmq: ["ZMQ_LINGER"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: false,
    on: "options",
    field: "linger",
    default: -1,
    check: int(-1),
    v5: { short: "linger", constants: ["ZMQ_LINGER"], get: "value", set: "value" },
  },
  /** ZMQ_SNDHWM: messages queued per peer before sends wait or drop; 0 = no limit. Default 1000. */
  sendHighWaterMark: {
    id: 23,
    zmq: ["ZMQ_SNDHWM"],
    kind: "int32",
    scope: "send",
    status: "applied",
    warns: false,
    on: "options",
    field: "sendHighWaterMark",
    default: 1000,
    check: int(0),
    v5: { constants: ["ZMQ_SNDHWM"], get: "value", set: "value" },
  },
  /** ZMQ_RCVHWM: messages queued per peer before reading from it pauses; 0 = no limit. Default 1000. */
  receiveHighWaterMark: {
    id: 24,
    zmq: ["ZMQ_RCVHWM"],
    kind: "int32",
    scope: "receive",
    status: "applied",
    warns: false,
    on: "options",
    field: "receiveHighWaterMark",
    default: 1000,
    check: int(0),
    v5: { constants: ["ZMQ_RCVHWM"], get: "value", set: "value" },
  },
  /** ZMQ_SNDTIMEO: ms a send waits for room before EAGAIN; -1 = forever, 0 = not at all. Default -1. */
  sendTimeout: {
    id: 28,
    zmq: ["ZMQ_SNDTIMEO"],
    kind: "int32",
    scope: "send",
    status: "applied",
    warns: false,
    on: "options",
    field: "sendTimeout",
    default: -1,
    check: int(-1),
    v5: { constants: ["ZMQ_SNDTIMEO"], get: "value", set: "value" },
  },
  /** ZMQ_RCVTIMEO: ms a receive waits for a message before EAGAIN; -1 = forever, 0 = not at all. Default -1. */
  receiveTimeout: {
    id: 27,
    zmq: ["ZMQ_RCVTIMEO"],
    kind: "int32",
    scope: "receive",
    status: "applied",
    warns: false,
    on: "options",
    field: "receiveTimeout",
    default: -1,
    check: int(-1),
    v5: { constants: ["ZMQ_RCVTIMEO"], get: "value", set: "value" },
  },
  /** ZMQ_SNDBUF: kernel send buffer size in bytes; stored only (Node sets no socket buffer sizes). Default -1. */
  sendBufferSize: {
    id: 11,
    zmq: ["ZMQ_SNDBUF"],
    kind: "int32",
    scope: "send",
    status: "stored",
    warns: true,
    on: "options",
    field: "sendBufferSize",
    default: -1,
    check: int(-1),
    v5: { short: "sndbuf", constants: ["ZMQ_SNDBUF"], get: "value", set: "value" },
  },
  /** ZMQ_RCVBUF: kernel receive buffer size in bytes; stored only (Node sets no socket buffer sizes). Default -1. */
  receiveBufferSize: {
    id: 12,
    zmq: ["ZMQ_RCVBUF"],
    kind: "int32",
    scope: "receive",
    status: "stored",
    warns: true,
    on: "options",
    field: "receiveBufferSize",
    default: -1,
    check: int(-1),
    v5: { short: "rcvbuf", constants: ["ZMQ_RCVBUF"], get: "value", set: "value" },
  },
  /** ZMQ_MAXMSGSIZE: largest frame accepted from a peer, in bytes, and (beyond libzmq) largest multipart message, its parts added up with an empty part counted as one byte; a larger one drops the peer; -1 = no limit. Default -1. */
  maxMessageSize: {
    id: 22,
    zmq: ["ZMQ_MAXMSGSIZE"],
    kind: "int64",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "maxMessageSize",
    default: -1,
    check: anyInteger,
    v5: { constants: ["ZMQ_MAXMSGSIZE"], get: "value", set: "value" },
  },
  /**
   * ZMQ_ROUTING_ID (ZMQ_IDENTITY): the id peers' ROUTER sockets know this socket by, 1..255 bytes.
   * Default null (the peer picks one). The draft types accept it through the raw accessors and,
   * as libzmq, never send or use it.
   */
  routingId: {
    id: 5,
    zmq: ["ZMQ_IDENTITY", "ZMQ_ROUTING_ID"],
    kind: "buffer",
    scope: ["REQ", "REP", "DEALER", "ROUTER"],
    rawOnly: DRAFT_TYPES,
    status: "applied",
    warns: true,
    on: "options",
    field: "routingId",
    default: null as Buffer | null,
    check: sizedBytes(1, 255),
    v5: { short: "identity", constants: ["ZMQ_IDENTITY"], get: "value", set: "value" },
  },
  /**
   * ZMQ_CONNECT_ROUTING_ID: the routing id the next connect gives its peer, at least one byte
   * (write-only; the v6 API sets it through `Router.connect`/`Stream.connect` options).
   */
  connectRoutingId: {
    id: 61,
    zmq: ["ZMQ_CONNECT_ROUTING_ID"],
    kind: "buffer",
    scope: ["ROUTER", "STREAM", "REP"],
    status: "applied",
    warns: true,
    on: "options",
    access: "w",
    property: false,
    check: sizedBytes(1),
    set: (o: { connectRoutingId: Buffer | null }, v: Buffer) => {
      o.connectRoutingId = v;
    },
  },
  /** ZMQ_CONFLATE: queues keep only the newest message; accepted without effect on GATHER and SCATTER, as in libzmq. Default false. */
  conflate: {
    id: 54,
    zmq: ["ZMQ_CONFLATE"],
    kind: "bool",
    scope: ["PUB", "SUB", "DEALER", "PULL", "PUSH", "GATHER", "SCATTER"],
    status: "applied",
    warns: true,
    property: "setter",
    on: "options",
    field: "conflate",
    default: false,
    check: bool,
  },
  /** ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, with the port chosen for `*` (read-only). Default null. */
  lastEndpoint: {
    id: 32,
    zmq: ["ZMQ_LAST_ENDPOINT"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: false,
    on: "options",
    access: "r",
    field: "lastEndpoint",
    default: "",
    v5: { short: "last_endpoint", constants: ["ZMQ_LAST_ENDPOINT"], get: "value" },
  },
  /** ZMQ_IMMEDIATE: queue messages only to completed connections (no pipe before the handshake). Default false. */
  immediate: {
    id: 39,
    zmq: ["ZMQ_IMMEDIATE", "ZMQ_DELAY_ATTACH_ON_CONNECT"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "immediate",
    default: false,
    check: bool,
    v5: { constants: ["ZMQ_DELAY_ATTACH_ON_CONNECT"], get: "flag", set: "flag" },
  },
} as const satisfies Record<string, OptionRow>;
