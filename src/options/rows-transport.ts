/**
 * Option table rows: connections, TCP and heartbeats. The TSDoc of each row documents its v6
 * property.
 */
import { isIP } from "node:net";
import { zmqError } from "../errors.js";
import { bool, int, optionalBytes, unsupported, type OptionRow, type Validator } from "./kinds.js";
import { SOCKS_ROWS } from "./rows-socks.js";

/** A ZMQ_TCP_ACCEPT_FILTER entry (an address or CIDR subnet), or null to clear the list. */
const acceptFilter: Validator<string | null> = {
  parse(v) {
    const b = optionalBytes(v);
    if (b === null) return null;
    const text = b.toString("utf8");
    const [addr, bits] = text.split("/");
    if (!addr || isIP(addr) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw zmqError("EINVAL");
    return text;
  },
  invalid: "not-an-address",
};

/** ZMQ_HEARTBEAT_TTL: ms in, deciseconds stored (truncated, as libzmq, which takes 0..65535 of them). */
const heartbeatTtl: Validator<number> = {
  parse(v) {
    // (+ 0 turns the -0 of a small negative value into 0.)
    const ds = Math.trunc(int(-2147483648).parse(v) / 100) + 0;
    if (ds < 0 || ds > 65535) throw zmqError("EINVAL");
    return ds;
  },
  invalid: -100,
};

const noProxy = (v: unknown): boolean => v === null || v === "";

export const TRANSPORT_ROWS = {
  /** ZMQ_RECONNECT_IVL: ms before reconnecting after a failed or lost connection; <= 0 = never. Default 100. */
  reconnectInterval: {
    id: 18,
    zmq: ["ZMQ_RECONNECT_IVL"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "reconnectInterval",
    default: 100,
    check: int(-1),
    v5: { short: "reconnect_ivl", constants: ["ZMQ_RECONNECT_IVL"], get: "value", set: "value" },
  },
  /** ZMQ_RECONNECT_IVL_MAX: ms the reconnect interval may back off to; 0 = no backoff. Default 0. */
  reconnectMaxInterval: {
    id: 21,
    zmq: ["ZMQ_RECONNECT_IVL_MAX"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "reconnectMaxInterval",
    default: 0,
    check: int(0),
    v5: { constants: ["ZMQ_RECONNECT_IVL_MAX"], get: "value", set: "value" },
  },
  /** ZMQ_BACKLOG: pending-connection queue of a tcp:// or ipc:// listener. Default 100. */
  backlog: {
    id: 19,
    zmq: ["ZMQ_BACKLOG"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "backlog",
    default: 100,
    check: int(0),
    v5: { short: "backlog", constants: ["ZMQ_BACKLOG"], get: "value", set: "value" },
  },
  /** ZMQ_CONNECT_TIMEOUT: ms a TCP connect may take; 0 = the OS's limit. Default 0. */
  connectTimeout: {
    id: 79,
    zmq: ["ZMQ_CONNECT_TIMEOUT"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "connectTimeout",
    default: 0,
    check: int(0),
    v5: { short: "connect_timeout", constants: ["ZMQ_CONNECT_TIMEOUT"], get: "value", set: "value" },
  },
  /** ZMQ_IPV6: resolve and listen on IPv6 as well as IPv4. Default false (or the context's `ipv6`). */
  ipv6: {
    id: 42,
    zmq: ["ZMQ_IPV6"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "ipv6",
    default: false,
    check: bool,
    v5: { constants: ["ZMQ_IPV6"], get: "flag", set: "flag" },
  },
  /** ZMQ_IPV4ONLY: the deprecated inverse of ZMQ_IPV6; only the v5 API offers it. */
  ipv4Only: {
    id: 31,
    zmq: ["ZMQ_IPV4ONLY"],
    kind: "bool",
    scope: "all",
    status: "absent",
    warns: true,
    on: "options",
    v5: { constants: ["ZMQ_IPV4ONLY"], get: "value", set: "value" },
  },
  /** ZMQ_TCP_KEEPALIVE: SO_KEEPALIVE on TCP connections; -1 = OS default, 0 = off, 1 = on. Default -1. */
  tcpKeepalive: {
    id: 34,
    zmq: ["ZMQ_TCP_KEEPALIVE"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "tcpKeepalive",
    default: -1,
    check: int(-1, 1),
    v5: { constants: ["ZMQ_TCP_KEEPALIVE"], get: "value", set: "value" },
  },
  /** ZMQ_TCP_KEEPALIVE_CNT: keepalive probes before dropping; stored only (Node cannot set it). Default -1. */
  tcpKeepaliveCount: {
    id: 35,
    zmq: ["ZMQ_TCP_KEEPALIVE_CNT"],
    kind: "int32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "tcpKeepaliveCount",
    default: -1,
    check: int(-1),
    v5: { constants: ["ZMQ_TCP_KEEPALIVE_CNT"], get: "value", set: "value" },
  },
  /** ZMQ_TCP_KEEPALIVE_IDLE: seconds idle before the first keepalive probe; -1 = OS default. Default -1. */
  tcpKeepaliveIdle: {
    id: 36,
    zmq: ["ZMQ_TCP_KEEPALIVE_IDLE"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "tcpKeepaliveIdle",
    default: -1,
    check: int(-1),
    v5: { constants: ["ZMQ_TCP_KEEPALIVE_IDLE"], get: "value", set: "value" },
  },
  /** ZMQ_TCP_KEEPALIVE_INTVL: seconds between keepalive probes; stored only (Node cannot set it). Default -1. */
  tcpKeepaliveInterval: {
    id: 37,
    zmq: ["ZMQ_TCP_KEEPALIVE_INTVL"],
    kind: "int32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "tcpKeepaliveInterval",
    default: -1,
    check: int(-1),
    v5: { constants: ["ZMQ_TCP_KEEPALIVE_INTVL"], get: "value", set: "value" },
  },
  /** ZMQ_TCP_ACCEPT_FILTER: each assignment adds an address or CIDR subnet a listener accepts; null clears (write-only). Default: none (all accepted). */
  tcpAcceptFilter: {
    id: 38,
    zmq: ["ZMQ_TCP_ACCEPT_FILTER"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    access: "w",
    field: "acceptFilters",
    default: [] as string[],
    check: acceptFilter,
    set: (o: { acceptFilters: string[] }, entry: string | null) => {
      o.acceptFilters = entry === null ? [] : [...o.acceptFilters, entry];
    },
    v5: { constants: ["ZMQ_TCP_ACCEPT_FILTER"], set: "value" },
  },
  /** ZMQ_TCP_MAXRT: TCP retransmit timeout in ms; not supported (Node has no TCP_USER_TIMEOUT), only 0 is accepted. Default 0. */
  tcpMaxRetransmitTimeout: {
    id: 80,
    zmq: ["ZMQ_TCP_MAXRT"],
    kind: "int32",
    scope: "all",
    status: "unsupported",
    warns: true,
    on: "options",
    get: () => 0,
    check: unsupported((v) => v === 0, "Node exposes no TCP_USER_TIMEOUT", int(0)),
  },
  /** ZMQ_TOS: IP type-of-service byte for connections; stored only (Node cannot set it). Default 0. */
  typeOfService: {
    id: 57,
    zmq: ["ZMQ_TOS"],
    kind: "uint32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "typeOfService",
    default: 0,
    check: int(0),
  },
  ...SOCKS_ROWS,
  /** ZMQ_BINDTODEVICE: not supported (Node cannot bind a socket to a device); setting one is ENOTSUP. Default null. */
  interface: {
    id: 92,
    zmq: ["ZMQ_BINDTODEVICE"],
    kind: "string",
    scope: "all",
    status: "unsupported",
    warns: true,
    on: "options",
    get: (): string | null => null,
    check: unsupported(noProxy, "Node cannot bind a socket to a device"),
  },
  /** ZMQ_LOOPBACK_FASTPATH: a Windows-only TCP loopback shortcut in libzmq; stored only. Default false. */
  loopbackFastPath: {
    id: 94,
    zmq: ["ZMQ_LOOPBACK_FASTPATH"],
    kind: "bool",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "loopbackFastPath",
    default: false,
    check: bool,
  },
  /** ZMQ_HANDSHAKE_IVL: ms a new connection has to finish the ZMTP handshake; 0 = no limit. Default 30000. */
  handshakeInterval: {
    id: 66,
    zmq: ["ZMQ_HANDSHAKE_IVL"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "handshakeInterval",
    default: 30000,
    check: int(0),
  },
  /** ZMQ_HEARTBEAT_IVL: ms between ZMTP PINGs on an idle connection; 0 = none. Default 0. */
  heartbeatInterval: {
    id: 75,
    zmq: ["ZMQ_HEARTBEAT_IVL"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "heartbeatInterval",
    default: 0,
    check: int(0),
    v5: { short: "heartbeat_ivl", constants: ["ZMQ_HEARTBEAT_IVL"], get: "value", set: "value" },
  },
  /** ZMQ_HEARTBEAT_TTL: ms the peer may wait for traffic before dropping us, sent in our PINGs (kept in deciseconds). Default 0. */
  heartbeatTimeToLive: {
    id: 76,
    zmq: ["ZMQ_HEARTBEAT_TTL"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "heartbeatTtlDs",
    default: 0,
    check: heartbeatTtl,
    get: (o: { heartbeatTtlDs: number }) => o.heartbeatTtlDs * 100,
    v5: { short: "heartbeat_ttl", constants: ["ZMQ_HEARTBEAT_TTL"], get: "value", set: "value" },
  },
  /** ZMQ_HEARTBEAT_TIMEOUT: ms to wait for any traffic after a PING before dropping the peer; -1 = the heartbeat interval. Default -1. */
  heartbeatTimeout: {
    id: 77,
    zmq: ["ZMQ_HEARTBEAT_TIMEOUT"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "heartbeatTimeout",
    default: -1,
    check: int(0),
    v5: { short: "heartbeat_timeout", constants: ["ZMQ_HEARTBEAT_TIMEOUT"], get: "value", set: "value" },
  },
} as const satisfies Record<string, OptionRow>;
