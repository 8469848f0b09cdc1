/**
 * Option table rows: the SOCKS5 proxy that tcp connects go through (libzmq's socks_connecter).
 * Spread into the transport rows; the TSDoc of each row documents its v6 property.
 */
import { zmqError } from "../errors.js";
import { optionalBytes, type OptionRow, type Validator } from "./kinds.js";

/** ZMQ_SOCKS_PROXY: libzmq's strict string rule, so "" is EINVAL while null or an empty Buffer clears it. */
const socksProxyAddress: Validator<string> = {
  parse(v) {
    if (v === "") throw zmqError("EINVAL");
    return optionalBytes(v)?.toString("utf8") ?? "";
  },
  invalid: "",
};

/** ZMQ_SOCKS_USERNAME / _PASSWORD: at most 255 bytes (RFC 1929); null or empty clears it. */
const socksCredential: Validator<string> = {
  parse(v) {
    const b = optionalBytes(v);
    if (b !== null && b.length > 255) throw zmqError("EINVAL");
    return b?.toString("utf8") ?? "";
  },
  invalid: "x".repeat(256),
};

export const SOCKS_ROWS = {
  /**
   * ZMQ_SOCKS_PROXY: the SOCKS5 proxy (`"host:port"`) that tcp connects go through, with
   * ZMQ_SOCKS_USERNAME/ZMQ_SOCKS_PASSWORD (raw options 99/100) for username/password
   * authentication; a string or Buffer, null (or an empty Buffer) for none. Default null.
   */
  socksProxy: {
    id: 68,
    zmq: ["ZMQ_SOCKS_PROXY"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "socksProxy",
    default: "",
    check: socksProxyAddress,
    v5: {},
  },
  /** ZMQ_SOCKS_USERNAME (DRAFT in libzmq 4.3, raw option 99 only): RFC 1929 username for ZMQ_SOCKS_PROXY; null or "" = no authentication. Default null. */
  socksUsername: {
    id: 99,
    zmq: ["ZMQ_SOCKS_USERNAME"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: true,
    property: false,
    on: "options",
    field: "socksUsername",
    default: "",
    check: socksCredential,
  },
  /** ZMQ_SOCKS_PASSWORD (DRAFT in libzmq 4.3, raw option 100 only): RFC 1929 password for ZMQ_SOCKS_PROXY. Default null. */
  socksPassword: {
    id: 100,
    zmq: ["ZMQ_SOCKS_PASSWORD"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: true,
    property: false,
    on: "options",
    field: "socksPassword",
    default: "",
    check: socksCredential,
  },
} as const satisfies Record<string, OptionRow>;
