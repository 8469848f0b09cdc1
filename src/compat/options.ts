/**
 * zmq_setsockopt / zmq_getsockopt for the v5 compatibility layer: numeric libzmq option ids and
 * option names ("ZMQ_SNDHWM", "sndhwm", the v5 short names like "identity"), mapped onto the
 * zeromq v6 option properties of the underlying socket.
 */
import type { Socket as V6Socket } from "../api/socket.js";
import * as C from "./constants.js";
import { zmqError } from "../errors.js";

/** What `getsockopt` returns: integers (booleans as 0/1), strings, or null for unset strings. */
export type OptionValue = number | string | null;

/** What `setsockopt` accepts: numbers, booleans, strings, Buffers, or null to clear a string option. */
export type OptionInput = number | boolean | string | Buffer | null;

/**
 * The zeromq v5 short option names (`zmq.options`), each mapped to its libzmq option id. The
 * names starting with `_` are the v5 binding's internal ones (`_fd` = ZMQ_FD, `_ioevents` =
 * ZMQ_EVENTS, `_receiveMore` = ZMQ_RCVMORE, `_subscribe`, `_unsubscribe`).
 */
export const options = {
  _fd: C.ZMQ_FD,
  _ioevents: C.ZMQ_EVENTS,
  _receiveMore: C.ZMQ_RCVMORE,
  _subscribe: C.ZMQ_SUBSCRIBE,
  _unsubscribe: C.ZMQ_UNSUBSCRIBE,
  affinity: C.ZMQ_AFFINITY,
  backlog: C.ZMQ_BACKLOG,
  identity: C.ZMQ_IDENTITY,
  linger: C.ZMQ_LINGER,
  rate: C.ZMQ_RATE,
  rcvbuf: C.ZMQ_RCVBUF,
  last_endpoint: C.ZMQ_LAST_ENDPOINT,
  reconnect_ivl: C.ZMQ_RECONNECT_IVL,
  recovery_ivl: C.ZMQ_RECOVERY_IVL,
  sndbuf: C.ZMQ_SNDBUF,
  mechanism: C.ZMQ_MECHANISM,
  plain_server: C.ZMQ_PLAIN_SERVER,
  plain_username: C.ZMQ_PLAIN_USERNAME,
  plain_password: C.ZMQ_PLAIN_PASSWORD,
  curve_server: C.ZMQ_CURVE_SERVER,
  curve_publickey: C.ZMQ_CURVE_PUBLICKEY,
  curve_secretkey: C.ZMQ_CURVE_SECRETKEY,
  curve_serverkey: C.ZMQ_CURVE_SERVERKEY,
  zap_domain: C.ZMQ_ZAP_DOMAIN,
  heartbeat_ivl: C.ZMQ_HEARTBEAT_IVL,
  heartbeat_ttl: C.ZMQ_HEARTBEAT_TTL,
  heartbeat_timeout: C.ZMQ_HEARTBEAT_TIMEOUT,
  connect_timeout: C.ZMQ_CONNECT_TIMEOUT,
};

/** A v5 short option name (a key of {@link options}). */
export type ShortOptionName = keyof typeof options;

type Kind = "int" | "bool" | "string";
type Access = "rw" | "r" | "w";

/** @internal One libzmq option: how to read and write it on a zeromq v6 socket. */
export interface OptionSpec {
  /** The libzmq names, canonical first (e.g. ZMQ_IDENTITY, ZMQ_ROUTING_ID). */
  readonly names: readonly string[];
  readonly id: number;
  readonly get: (s: V6Socket) => OptionValue;
  readonly set: (s: V6Socket, v: unknown) => void;
}

type Bag = Record<string, unknown>;
const bag = (s: V6Socket): Bag => s as unknown as Bag;

const notSupported = (name: string) => zmqError("EINVAL", `${name} is not supported by this socket`);
const readOnly = (name: string) => zmqError("EINVAL", `${name} is read-only`);
const writeOnly = (name: string) => zmqError("EINVAL", `${name} is write-only`);

/**
 * The v6 socket's raw accessors (`get/set<Type>Option(id)`, public at runtime in the binding
 * and in zmtp) reach options that have no property on this socket type. EINVAL from them means
 * the socket does not have the option.
 */
function raw<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err !== null && typeof err === "object" && (err as { code?: unknown }).code === "EINVAL")
      throw notSupported(name);
    throw err;
  }
}

function rawGet(s: V6Socket, name: string, id: number, kind: Kind): unknown {
  if (kind === "bool") return raw(name, () => s.getBoolOption(id));
  if (kind === "int") return raw(name, () => s.getInt32Option(id));
  return raw(name, () => s.getStringOption(id));
}

function rawSet(s: V6Socket, name: string, id: number, kind: Kind, value: unknown): void {
  if (kind === "bool") raw(name, () => s.setBoolOption(id, value as boolean));
  else if (kind === "int") raw(name, () => s.setInt32Option(id, value as number));
  else raw(name, () => s.setStringOption(id, value as string | Buffer | null));
}

/** An option backed by one v6 property (`prop`), converting v5 values (0/1 for booleans). */
function prop(names: readonly string[], id: number, property: string, kind: Kind, access: Access = "rw"): OptionSpec {
  const name = names[0]!;
  return {
    names,
    id,
    get(s) {
      if (access === "w") throw writeOnly(name);
      const v = property in s ? bag(s)[property] : rawGet(s, name, id, kind);
      if (v === undefined) throw writeOnly(name);
      if (kind === "bool") return v ? 1 : 0;
      if (v === null || typeof v === "number" || typeof v === "string") return v;
      if (typeof v === "boolean") return v ? 1 : 0;
      if (typeof v === "bigint") return Number(v);
      if (Buffer.isBuffer(v)) return v.toString("utf8");
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as v5 reported it
      return String(v);
    },
    set(s, v) {
      if (access === "r") throw readOnly(name);
      let value = v;
      if (kind === "bool") value = Boolean(v);
      else if (kind === "int" && typeof v === "boolean") value = v ? 1 : 0;
      if (property in s) bag(s)[property] = value;
      else rawSet(s, name, id, kind, value);
    },
  };
}

/** An option with its own accessors. */
function special(
  names: readonly string[],
  id: number,
  get: ((s: V6Socket) => OptionValue) | null,
  set: ((s: V6Socket, v: unknown) => void) | null,
): OptionSpec {
  const name = names[0]!;
  return {
    names,
    id,
    get:
      get ??
      (() => {
        throw writeOnly(name);
      }),
    set:
      set ??
      (() => {
        throw readOnly(name);
      }),
  };
}

/** An option the compatibility layer cannot offer at all (as the zeromq v6 compat layer). */
function unavailable(names: readonly string[], id: number): OptionSpec {
  const fail = (): never => {
    throw new Error(`${names[0]} is not supported in compatibility mode`);
  };
  return { names, id, get: fail, set: fail };
}

interface Subscribing {
  subscribe(...prefixes: Array<string | Buffer>): void;
  unsubscribe(...prefixes: Array<string | Buffer>): void;
}

/** @internal True when the v6 socket has subscribe/unsubscribe (a Subscriber). */
export function isSubscriber(s: V6Socket): s is V6Socket & Subscribing {
  const b = bag(s);
  return typeof b["subscribe"] === "function" && typeof b["unsubscribe"] === "function";
}

function filterValue(v: unknown): string | Buffer {
  if (typeof v === "string" || Buffer.isBuffer(v)) return v;
  if (v === null || v === undefined) return "";
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError("Option value must be a string or buffer");
}

const MECHANISMS: Readonly<Record<string, number>> = { plain: 1, curve: 2, gssapi: 3 };

/** @internal Every option the compatibility layer knows, by libzmq id. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  prop(["ZMQ_AFFINITY"], C.ZMQ_AFFINITY, "affinity", "int"),
  prop(["ZMQ_IDENTITY", "ZMQ_ROUTING_ID"], C.ZMQ_IDENTITY, "routingId", "string"),
  // "sub" sockets have methods; on others (an "xpub" in manual mode) the raw option is used.
  special(["ZMQ_SUBSCRIBE"], C.ZMQ_SUBSCRIBE, null, (s, v) => {
    if (isSubscriber(s)) s.subscribe(filterValue(v));
    else rawSet(s, "ZMQ_SUBSCRIBE", C.ZMQ_SUBSCRIBE, "string", filterValue(v));
  }),
  special(["ZMQ_UNSUBSCRIBE"], C.ZMQ_UNSUBSCRIBE, null, (s, v) => {
    if (isSubscriber(s)) s.unsubscribe(filterValue(v));
    else rawSet(s, "ZMQ_UNSUBSCRIBE", C.ZMQ_UNSUBSCRIBE, "string", filterValue(v));
  }),
  prop(["ZMQ_RATE"], C.ZMQ_RATE, "rate", "int"),
  prop(["ZMQ_RECOVERY_IVL", "ZMQ_RECOVERY_IVL_MSEC"], C.ZMQ_RECOVERY_IVL, "recoveryInterval", "int"),
  prop(["ZMQ_SNDBUF"], C.ZMQ_SNDBUF, "sendBufferSize", "int"),
  prop(["ZMQ_RCVBUF"], C.ZMQ_RCVBUF, "receiveBufferSize", "int"),
  unavailable(["ZMQ_RCVMORE"], C.ZMQ_RCVMORE),
  unavailable(["ZMQ_FD"], C.ZMQ_FD),
  special(
    ["ZMQ_EVENTS"],
    C.ZMQ_EVENTS,
    (s) => (s.readable ? C.ZMQ_POLLIN : 0) | (s.writable ? C.ZMQ_POLLOUT : 0),
    null,
  ),
  special(["ZMQ_TYPE"], C.ZMQ_TYPE, (s) => s.type, null),
  prop(["ZMQ_LINGER"], C.ZMQ_LINGER, "linger", "int"),
  prop(["ZMQ_RECONNECT_IVL"], C.ZMQ_RECONNECT_IVL, "reconnectInterval", "int"),
  prop(["ZMQ_BACKLOG"], C.ZMQ_BACKLOG, "backlog", "int"),
  prop(["ZMQ_RECONNECT_IVL_MAX"], C.ZMQ_RECONNECT_IVL_MAX, "reconnectMaxInterval", "int"),
  prop(["ZMQ_MAXMSGSIZE"], C.ZMQ_MAXMSGSIZE, "maxMessageSize", "int"),
  prop(["ZMQ_SNDHWM"], C.ZMQ_SNDHWM, "sendHighWaterMark", "int"),
  prop(["ZMQ_RCVHWM"], C.ZMQ_RCVHWM, "receiveHighWaterMark", "int"),
  prop(["ZMQ_MULTICAST_HOPS"], C.ZMQ_MULTICAST_HOPS, "multicastHops", "int"),
  prop(["ZMQ_RCVTIMEO"], C.ZMQ_RCVTIMEO, "receiveTimeout", "int"),
  prop(["ZMQ_SNDTIMEO"], C.ZMQ_SNDTIMEO, "sendTimeout", "int"),
  special(
    ["ZMQ_IPV4ONLY"],
    C.ZMQ_IPV4ONLY,
    (s) => (s.ipv6 ? 0 : 1),
    (s, v) => {
      s.ipv6 = !v;
    },
  ),
  prop(["ZMQ_LAST_ENDPOINT"], C.ZMQ_LAST_ENDPOINT, "lastEndpoint", "string", "r"),
  prop(["ZMQ_ROUTER_MANDATORY"], C.ZMQ_ROUTER_MANDATORY, "mandatory", "bool"),
  prop(["ZMQ_TCP_KEEPALIVE"], C.ZMQ_TCP_KEEPALIVE, "tcpKeepalive", "int"),
  prop(["ZMQ_TCP_KEEPALIVE_CNT"], C.ZMQ_TCP_KEEPALIVE_CNT, "tcpKeepaliveCount", "int"),
  prop(["ZMQ_TCP_KEEPALIVE_IDLE"], C.ZMQ_TCP_KEEPALIVE_IDLE, "tcpKeepaliveIdle", "int"),
  prop(["ZMQ_TCP_KEEPALIVE_INTVL"], C.ZMQ_TCP_KEEPALIVE_INTVL, "tcpKeepaliveInterval", "int"),
  prop(["ZMQ_TCP_ACCEPT_FILTER"], C.ZMQ_TCP_ACCEPT_FILTER, "tcpAcceptFilter", "string", "w"),
  prop(["ZMQ_IMMEDIATE", "ZMQ_DELAY_ATTACH_ON_CONNECT"], C.ZMQ_DELAY_ATTACH_ON_CONNECT, "immediate", "bool"),
  special(["ZMQ_XPUB_VERBOSE"], C.ZMQ_XPUB_VERBOSE, null, (s, v) => {
    if ("verbosity" in s) bag(s)["verbosity"] = v ? "allSubs" : null;
    else rawSet(s, "ZMQ_XPUB_VERBOSE", C.ZMQ_XPUB_VERBOSE, "bool", Boolean(v));
  }),
  unavailable(["ZMQ_ROUTER_RAW"], C.ZMQ_ROUTER_RAW),
  prop(["ZMQ_IPV6"], C.ZMQ_IPV6, "ipv6", "bool"),
  special(["ZMQ_MECHANISM"], C.ZMQ_MECHANISM, (s) => MECHANISMS[String(bag(s)["securityMechanism"])] ?? 0, null),
  prop(["ZMQ_PLAIN_SERVER"], C.ZMQ_PLAIN_SERVER, "plainServer", "bool"),
  prop(["ZMQ_PLAIN_USERNAME"], C.ZMQ_PLAIN_USERNAME, "plainUsername", "string"),
  prop(["ZMQ_PLAIN_PASSWORD"], C.ZMQ_PLAIN_PASSWORD, "plainPassword", "string"),
  prop(["ZMQ_CURVE_SERVER"], C.ZMQ_CURVE_SERVER, "curveServer", "bool"),
  prop(["ZMQ_CURVE_PUBLICKEY"], C.ZMQ_CURVE_PUBLICKEY, "curvePublicKey", "string"),
  prop(["ZMQ_CURVE_SECRETKEY"], C.ZMQ_CURVE_SECRETKEY, "curveSecretKey", "string"),
  prop(["ZMQ_CURVE_SERVERKEY"], C.ZMQ_CURVE_SERVERKEY, "curveServerKey", "string"),
  prop(["ZMQ_PROBE_ROUTER"], 51, "probeRouter", "bool", "w"),
  prop(["ZMQ_REQ_CORRELATE"], 52, "correlate", "bool", "w"),
  prop(["ZMQ_REQ_RELAXED"], 53, "relaxed", "bool", "w"),
  prop(["ZMQ_CONFLATE"], 54, "conflate", "bool", "w"),
  prop(["ZMQ_ZAP_DOMAIN"], C.ZMQ_ZAP_DOMAIN, "zapDomain", "string"),
  prop(["ZMQ_ROUTER_HANDOVER"], C.ZMQ_ROUTER_HANDOVER, "handover", "bool", "w"),
  prop(["ZMQ_TOS"], 57, "typeOfService", "int"),
  prop(["ZMQ_HANDSHAKE_IVL"], 66, "handshakeInterval", "int"),
  prop(["ZMQ_SOCKS_PROXY"], 68, "socksProxy", "string"),
  prop(["ZMQ_XPUB_NODROP"], 69, "noDrop", "bool", "w"),
  prop(["ZMQ_XPUB_MANUAL"], 71, "manual", "bool", "w"),
  prop(["ZMQ_XPUB_WELCOME_MSG"], 72, "welcomeMessage", "string", "w"),
  prop(["ZMQ_STREAM_NOTIFY"], 73, "notify", "bool", "w"),
  prop(["ZMQ_INVERT_MATCHING"], 74, "invertMatching", "bool"),
  prop(["ZMQ_HEARTBEAT_IVL"], C.ZMQ_HEARTBEAT_IVL, "heartbeatInterval", "int"),
  prop(["ZMQ_HEARTBEAT_TTL"], C.ZMQ_HEARTBEAT_TTL, "heartbeatTimeToLive", "int"),
  prop(["ZMQ_HEARTBEAT_TIMEOUT"], C.ZMQ_HEARTBEAT_TIMEOUT, "heartbeatTimeout", "int"),
  prop(["ZMQ_CONNECT_TIMEOUT"], C.ZMQ_CONNECT_TIMEOUT, "connectTimeout", "int"),
  prop(["ZMQ_TCP_MAXRT"], 80, "tcpMaxRetransmitTimeout", "int"),
  prop(["ZMQ_BINDTODEVICE"], 92, "interface", "string"),
];

const BY_ID = new Map<number, OptionSpec>();
const BY_NAME = new Map<string, OptionSpec>();
for (const spec of OPTION_SPECS) {
  BY_ID.set(spec.id, spec);
  for (const n of spec.names) {
    BY_NAME.set(n, spec);
    BY_NAME.set(n.slice(4).toLowerCase(), spec);
  }
}
for (const [short, id] of Object.entries(options)) BY_NAME.set(short, BY_ID.get(id)!);

/**
 * @internal Finds an option by libzmq id, libzmq name ("ZMQ_SNDHWM"), lower-case short name
 * ("sndhwm") or v5 short name ("identity", "_ioevents"). Throws "Unknown option" otherwise.
 */
export function findOption(option: number | string): OptionSpec {
  const spec = typeof option === "number" ? BY_ID.get(option) : BY_NAME.get(option);
  if (!spec) throw new Error("Unknown option");
  return spec;
}

/** @internal True if `name` names an option (used by createSocket to route its options). */
export function isOptionName(name: string): boolean {
  return BY_NAME.has(name);
}

/**
 * @internal The option names that get property sugar on the compat socket: the v5 short names
 * plus the lower-case short name of every other option, except those that would shadow a
 * method or field of the socket (`type`, `subscribe`, `unsubscribe`, `events`, `fd`, `rcvmore`).
 */
export const PROPERTY_OPTION_NAMES: readonly string[] = (() => {
  const skip = new Set(["type", "subscribe", "unsubscribe", "events", "fd", "rcvmore"]);
  const out = new Set<string>(Object.keys(options));
  for (const spec of OPTION_SPECS) {
    for (const n of spec.names) {
      const short = n.slice(4).toLowerCase();
      if (!skip.has(short)) out.add(short);
    }
  }
  return [...out];
})();
