/**
 * Option table rows: security mechanisms (NULL, PLAIN; CURVE is named for the v5 API only until
 * it is implemented) and ZAP. The TSDoc of each row documents its v6 property.
 */
import { bool, credential, text, z85Key, type OptionRow } from "./kinds.js";

/** The PLAIN fields: a server flag or credentials, each setting clearing the other role. */
export interface Plain {
  plainServer: boolean;
  plainUsername: Buffer | null;
  plainPassword: Buffer | null;
}

export const SECURITY_ROWS = {
  /** ZMQ_MECHANISM: the security mechanism the options select; null = NULL (read-only). Default null. */
  securityMechanism: {
    id: 43,
    zmq: ["ZMQ_MECHANISM"],
    kind: "int32",
    scope: "all",
    status: "applied",
    warns: false,
    on: "options",
    access: "r",
    get: (o: Readonly<Plain>): null | "plain" | "curve" =>
      o.plainServer || o.plainUsername !== null || o.plainPassword !== null ? "plain" : null,
    v5: { short: "mechanism", constants: ["ZMQ_MECHANISM"] },
  },
  /** ZMQ_PLAIN_SERVER: be a PLAIN server, authenticating clients through ZAP (a handler is required); clears the credentials. Default false. */
  plainServer: {
    id: 44,
    zmq: ["ZMQ_PLAIN_SERVER"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "plainServer",
    default: false,
    check: bool,
    set: (o: Plain, server: boolean) => {
      o.plainServer = server;
      if (server) o.plainUsername = o.plainPassword = null;
    },
    v5: { short: "plain_server", constants: ["ZMQ_PLAIN_SERVER"] },
  },
  /** ZMQ_PLAIN_USERNAME: be a PLAIN client with this username (1..255 bytes); null or "" = none. Default null. */
  plainUsername: {
    id: 45,
    zmq: ["ZMQ_PLAIN_USERNAME"],
    kind: "buffer",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "plainUsername",
    default: null as Buffer | null,
    check: credential,
    set: (o: Plain, name: Buffer | null) => {
      o.plainUsername = name;
      if (name !== null) o.plainServer = false;
    },
    v5: { short: "plain_username", constants: ["ZMQ_PLAIN_USERNAME"] },
  },
  /** ZMQ_PLAIN_PASSWORD: be a PLAIN client with this password (1..255 bytes); null or "" = none. Default null. */
  plainPassword: {
    id: 46,
    zmq: ["ZMQ_PLAIN_PASSWORD"],
    kind: "buffer",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "plainPassword",
    default: null as Buffer | null,
    check: credential,
    set: (o: Plain, password: Buffer | null) => {
      o.plainPassword = password;
      if (password !== null) o.plainServer = false;
    },
    v5: { short: "plain_password", constants: ["ZMQ_PLAIN_PASSWORD"] },
  },
  /** ZMQ_ZAP_DOMAIN: the domain sent in ZAP requests; null = none. Default null. */
  zapDomain: {
    id: 55,
    zmq: ["ZMQ_ZAP_DOMAIN"],
    kind: "string",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "zapDomain",
    default: "",
    check: text,
    v5: { short: "zap_domain", constants: ["ZMQ_ZAP_DOMAIN"] },
  },
  /** ZMQ_ZAP_ENFORCE_DOMAIN: NULL connections go through ZAP only with a domain set (libzmq 4.3's strict mode). Default false. */
  zapEnforceDomain: {
    id: 93,
    zmq: ["ZMQ_ZAP_ENFORCE_DOMAIN"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "zapEnforceDomain",
    default: false,
    check: bool,
  },
  /** ZMQ_CURVE_SERVER: not offered yet (no CURVE mechanism); the v5 API knows the name. */
  curveServer: {
    id: 47,
    zmq: ["ZMQ_CURVE_SERVER"],
    kind: "bool",
    scope: "all",
    status: "absent",
    warns: true,
    on: "options",
    check: bool,
    v5: { short: "curve_server", constants: ["ZMQ_CURVE_SERVER"] },
  },
  /** ZMQ_CURVE_PUBLICKEY: not offered yet (no CURVE mechanism); the v5 API knows the name. */
  curvePublicKey: {
    id: 48,
    zmq: ["ZMQ_CURVE_PUBLICKEY"],
    kind: "z85key",
    scope: "all",
    status: "absent",
    warns: true,
    on: "options",
    check: z85Key,
    v5: { short: "curve_publickey", constants: ["ZMQ_CURVE_PUBLICKEY"] },
  },
  /** ZMQ_CURVE_SECRETKEY: not offered yet (no CURVE mechanism); the v5 API knows the name. */
  curveSecretKey: {
    id: 49,
    zmq: ["ZMQ_CURVE_SECRETKEY"],
    kind: "z85key",
    scope: "all",
    status: "absent",
    warns: true,
    on: "options",
    check: z85Key,
    v5: { short: "curve_secretkey", constants: ["ZMQ_CURVE_SECRETKEY"] },
  },
  /** ZMQ_CURVE_SERVERKEY: not offered yet (no CURVE mechanism); the v5 API knows the name. */
  curveServerKey: {
    id: 50,
    zmq: ["ZMQ_CURVE_SERVERKEY"],
    kind: "z85key",
    scope: "all",
    status: "absent",
    warns: true,
    on: "options",
    check: z85Key,
    v5: { short: "curve_serverkey", constants: ["ZMQ_CURVE_SERVERKEY"] },
  },
} as const satisfies Record<string, OptionRow>;
