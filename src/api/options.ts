import { isIP } from "node:net";
import { zmqError } from "../errors.js";
import type { SocketOptions } from "../socket/options.js";

/** How an option is typed in the binding's raw accessors. */
export type OptionKind = "bool" | "int32" | "uint32" | "int64" | "uint64" | "string";

export interface OptionSpec {
  /** camelCase property name on the socket. */
  readonly name: string;
  /** libzmq ZMQ_* id. */
  readonly id: number;
  readonly kind: OptionKind;
  readonly get: (o: SocketOptions) => unknown;
  readonly set?: (o: SocketOptions, v: unknown) => void;
}

const int =
  (min: number) =>
  (v: unknown): number => {
    if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError("Option value must be a number");
    if (v < min || v > 2147483647) throw zmqError("EINVAL");
    return v;
  };
const bool = (v: unknown): boolean => {
  if (typeof v !== "boolean") throw new TypeError("Option value must be a boolean");
  return v;
};
const bin = (v: unknown): Buffer | null => {
  if (v === null) return null;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (Buffer.isBuffer(v)) return v;
  throw new TypeError("Option value must be a string or buffer");
};
const str = (b: Buffer | null): string | null => (b === null || b.length === 0 ? null : b.toString("utf8"));

/** A PLAIN username or password: 1..255 bytes; null (or "") resets to no credentials. */
function plainCredential(v: unknown): Buffer | null {
  const b = bin(v);
  if (b === null || b.length === 0) return null;
  if (b.length > 255) throw zmqError("EINVAL");
  return b;
}

/** The options common to every socket type, keyed by their binding property names. */
/** ZMQ_ROUTING_ID: only REQ, REP, DEALER and ROUTER have it (as in the binding). */
export const ROUTING_ID_OPTION: OptionSpec = {
  name: "routingId",
  id: 5,
  kind: "string",
  get: (o) => str(o.routingId),
  set: (o, v) => {
    const b = bin(v);
    if (b !== null && (b.length === 0 || b.length > 255)) throw zmqError("EINVAL");
    o.routingId = b;
  },
};

export const COMMON_OPTIONS: readonly OptionSpec[] = [
  {
    name: "affinity",
    id: 4,
    kind: "uint64",
    get: (o) => Number(o.affinity),
    set: (o, v) => (o.affinity = BigInt(int(0)(v))),
  },
  {
    name: "sendBufferSize",
    id: 11,
    kind: "int32",
    get: (o) => o.sendBufferSize,
    set: (o, v) => (o.sendBufferSize = int(-1)(v)),
  },
  {
    name: "receiveBufferSize",
    id: 12,
    kind: "int32",
    get: (o) => o.receiveBufferSize,
    set: (o, v) => (o.receiveBufferSize = int(-1)(v)),
  },
  { name: "linger", id: 17, kind: "int32", get: (o) => o.linger, set: (o, v) => (o.linger = int(-1)(v)) },
  {
    name: "reconnectInterval",
    id: 18,
    kind: "int32",
    get: (o) => o.reconnectInterval,
    set: (o, v) => (o.reconnectInterval = int(-1)(v)),
  },
  { name: "backlog", id: 19, kind: "int32", get: (o) => o.backlog, set: (o, v) => (o.backlog = int(0)(v)) },
  {
    name: "reconnectMaxInterval",
    id: 21,
    kind: "int32",
    get: (o) => o.reconnectMaxInterval,
    set: (o, v) => (o.reconnectMaxInterval = int(0)(v)),
  },
  {
    name: "maxMessageSize",
    id: 22,
    kind: "int64",
    get: (o) => o.maxMessageSize,
    set: (o, v) => {
      if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError("Option value must be a number");
      if (v < -1) throw zmqError("EINVAL");
      o.maxMessageSize = v;
    },
  },
  {
    name: "sendHighWaterMark",
    id: 23,
    kind: "int32",
    get: (o) => o.sendHighWaterMark,
    set: (o, v) => (o.sendHighWaterMark = int(0)(v)),
  },
  {
    name: "receiveHighWaterMark",
    id: 24,
    kind: "int32",
    get: (o) => o.receiveHighWaterMark,
    set: (o, v) => (o.receiveHighWaterMark = int(0)(v)),
  },
  {
    name: "receiveTimeout",
    id: 27,
    kind: "int32",
    get: (o) => o.receiveTimeout,
    set: (o, v) => (o.receiveTimeout = int(-1)(v)),
  },
  {
    name: "sendTimeout",
    id: 28,
    kind: "int32",
    get: (o) => o.sendTimeout,
    set: (o, v) => (o.sendTimeout = int(-1)(v)),
  },
  { name: "lastEndpoint", id: 32, kind: "string", get: (o) => (o.lastEndpoint === "" ? null : o.lastEndpoint) },
  {
    name: "tcpKeepalive",
    id: 34,
    kind: "int32",
    get: (o) => o.tcpKeepalive,
    set: (o, v) => (o.tcpKeepalive = int(-1)(v)),
  },
  {
    name: "tcpKeepaliveCount",
    id: 35,
    kind: "int32",
    get: (o) => o.tcpKeepaliveCount,
    set: (o, v) => (o.tcpKeepaliveCount = int(-1)(v)),
  },
  {
    name: "tcpKeepaliveIdle",
    id: 36,
    kind: "int32",
    get: (o) => o.tcpKeepaliveIdle,
    set: (o, v) => (o.tcpKeepaliveIdle = int(-1)(v)),
  },
  {
    name: "tcpKeepaliveInterval",
    id: 37,
    kind: "int32",
    get: (o) => o.tcpKeepaliveInterval,
    set: (o, v) => (o.tcpKeepaliveInterval = int(-1)(v)),
  },
  { name: "immediate", id: 39, kind: "bool", get: (o) => o.immediate, set: (o, v) => (o.immediate = bool(v)) },
  { name: "ipv6", id: 42, kind: "bool", get: (o) => o.ipv6, set: (o, v) => (o.ipv6 = bool(v)) },
  {
    name: "securityMechanism",
    id: 43,
    kind: "int32",
    get: (o) => (o.plainServer || o.plainUsername !== null || o.plainPassword !== null ? "plain" : null),
  },
  // PLAIN (ZMQ_PLAIN_*): setting the server flag or a username/password selects the mechanism.
  {
    name: "plainServer",
    id: 44,
    kind: "bool",
    get: (o) => o.plainServer,
    set: (o, v) => {
      o.plainServer = bool(v);
      if (o.plainServer) o.plainUsername = o.plainPassword = null;
    },
  },
  {
    name: "plainUsername",
    id: 45,
    kind: "string",
    get: (o) => str(o.plainUsername),
    set: (o, v) => {
      o.plainUsername = plainCredential(v);
      if (o.plainUsername !== null) o.plainServer = false;
    },
  },
  {
    name: "plainPassword",
    id: 46,
    kind: "string",
    get: (o) => str(o.plainPassword),
    set: (o, v) => {
      o.plainPassword = plainCredential(v);
      if (o.plainPassword !== null) o.plainServer = false;
    },
  },
  {
    name: "zapDomain",
    id: 55,
    kind: "string",
    get: (o) => (o.zapDomain === "" ? null : o.zapDomain),
    set: (o, v) => (o.zapDomain = bin(v)?.toString("utf8") ?? ""),
  },
  {
    name: "typeOfService",
    id: 57,
    kind: "uint32",
    get: (o) => o.typeOfService,
    set: (o, v) => (o.typeOfService = int(0)(v)),
  },
  { name: "rate", id: 8, kind: "int32", get: (o) => o.rate, set: (o, v) => (o.rate = int(1)(v)) },
  {
    name: "recoveryInterval",
    id: 9,
    kind: "int32",
    get: (o) => o.recoveryInterval,
    set: (o, v) => (o.recoveryInterval = int(0)(v)),
  },
  {
    name: "multicastHops",
    id: 25,
    kind: "int32",
    get: (o) => o.multicastHops,
    set: (o, v) => (o.multicastHops = int(1)(v)),
  },
  {
    name: "tcpAcceptFilter",
    id: 38,
    kind: "string",
    get: () => {
      throw zmqError("EINVAL");
    },
    set: (o, v) => {
      // As libzmq: each call adds an address (or CIDR subnet); null or "" clears the list.
      const b = bin(v);
      if (b === null || b.length === 0) {
        o.acceptFilters = [];
        return;
      }
      const text = b.toString("utf8");
      const [addr, bits] = text.split("/");
      if (!addr || isIP(addr) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits))) throw zmqError("EINVAL");
      o.acceptFilters = [...o.acceptFilters, text];
    },
  },
  {
    name: "socksProxy",
    id: 68,
    kind: "string",
    get: () => null,
    set: (_o, v) => {
      if (v !== null && v !== "") throw zmqError("ENOTSUP", "SOCKS proxies are not supported");
    },
  },
  {
    name: "tcpMaxRetransmitTimeout",
    id: 80,
    kind: "int32",
    get: () => 0,
    set: (_o, v) => {
      if (int(0)(v) !== 0) throw zmqError("ENOTSUP", "Node exposes no TCP_USER_TIMEOUT");
    },
  },
  { name: "threadSafe", id: 81, kind: "bool", get: () => false },
  {
    name: "multicastMaxTransportDataUnit",
    id: 84,
    kind: "int32",
    get: (o) => o.multicastMaxTpdu,
    set: (o, v) => (o.multicastMaxTpdu = int(0)(v)),
  },
  {
    name: "interface",
    id: 92,
    kind: "string",
    get: () => null,
    set: (_o, v) => {
      if (v !== null && v !== "") throw zmqError("ENOTSUP", "Node cannot bind a socket to a device");
    },
  },
  {
    name: "zapEnforceDomain",
    id: 93,
    kind: "bool",
    get: (o) => o.zapEnforceDomain,
    set: (o, v) => (o.zapEnforceDomain = bool(v)),
  },
  {
    name: "loopbackFastPath",
    id: 94,
    kind: "bool",
    get: (o) => o.loopbackFastPath,
    set: (o, v) => (o.loopbackFastPath = bool(v)),
  },
  {
    name: "handshakeInterval",
    id: 66,
    kind: "int32",
    get: (o) => o.handshakeInterval,
    set: (o, v) => (o.handshakeInterval = int(0)(v)),
  },
  {
    name: "heartbeatInterval",
    id: 75,
    kind: "int32",
    get: (o) => o.heartbeatInterval,
    set: (o, v) => (o.heartbeatInterval = int(0)(v)),
  },
  {
    name: "heartbeatTimeToLive",
    id: 76,
    kind: "int32",
    get: (o) => o.heartbeatTtlDs * 100,
    set: (o, v) => {
      // libzmq stores deciseconds, truncating toward zero, and accepts 0..65535 of them.
      const ds = Math.trunc(int(-2147483648)(v) / 100);
      if (ds < 0 || ds > 65535) throw zmqError("EINVAL");
      o.heartbeatTtlDs = ds;
    },
  },
  {
    name: "heartbeatTimeout",
    id: 77,
    kind: "int32",
    get: (o) => o.heartbeatTimeout,
    set: (o, v) => (o.heartbeatTimeout = int(0)(v)),
  },
  {
    name: "connectTimeout",
    id: 79,
    kind: "int32",
    get: (o) => o.connectTimeout,
    set: (o, v) => (o.connectTimeout = int(0)(v)),
  },
];
