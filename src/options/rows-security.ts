/**
 * Option table rows: security mechanisms (NULL, PLAIN, CURVE) and ZAP. The TSDoc of each row
 * documents its v6 property.
 */
import { bool, credential, shortText, z85Key, type OptionRow } from "./kinds.js";

/**
 * The mechanism fields, as libzmq's options_t keeps them: one `mechanism` and one `asServer`
 * shared by PLAIN and CURVE, so the last setter wins (ZMQ_PLAIN_SERVER 0 or ZMQ_CURVE_SERVER 0
 * fall back to NULL; a PLAIN credential or a CURVE server key makes a client; a CURVE public or
 * secret key selects CURVE and leaves the role as it was).
 */
export interface Security {
  /** ZMQ_NULL, ZMQ_PLAIN or ZMQ_CURVE (libzmq's numbers, as ZMQ_MECHANISM reads them). */
  mechanism: number;
  asServer: boolean;
  plainUsername: Buffer | null;
  plainPassword: Buffer | null;
  curvePublicKey: Buffer;
  curveSecretKey: Buffer;
  curveServerKey: Buffer;
}

export const ZMQ_NULL = 0;
export const ZMQ_PLAIN = 1;
export const ZMQ_CURVE = 2;
const MECHANISM_NAMES = [null, "plain", "curve"] as const;
type MechanismName = (typeof MECHANISM_NAMES)[number];

/** libzmq's unset CURVE key: 32 zero bytes (read back as 40 '0's). */
const NO_CURVE_KEY: Buffer = Buffer.alloc(32);

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
    field: "mechanism",
    default: ZMQ_NULL,
    get: (o: Readonly<Pick<Security, "mechanism">>): MechanismName => MECHANISM_NAMES[o.mechanism] ?? null,
    v5: { short: "mechanism", constants: ["ZMQ_MECHANISM"], get: "value" },
  },
  /** ZMQ_PLAIN_SERVER: be a PLAIN server, authenticating clients through ZAP (a handler is required); false selects the NULL mechanism. Default false. */
  plainServer: {
    id: 44,
    zmq: ["ZMQ_PLAIN_SERVER"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "asServer",
    default: false,
    check: bool,
    get: (o: Readonly<Pick<Security, "mechanism" | "asServer">>): boolean => o.asServer && o.mechanism === ZMQ_PLAIN,
    set: (o: Pick<Security, "mechanism" | "asServer">, server: boolean) => {
      o.asServer = server;
      o.mechanism = server ? ZMQ_PLAIN : ZMQ_NULL;
    },
    v5: { short: "plain_server", constants: ["ZMQ_PLAIN_SERVER"], get: "flag", set: "flag" },
  },
  /** ZMQ_PLAIN_USERNAME: be a PLAIN client with this username (1..255 bytes); null or an empty Buffer selects the NULL mechanism ("" is EINVAL). Default null. */
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
    set: (o: Pick<Security, "mechanism" | "asServer" | "plainUsername">, name: Buffer | null) => {
      o.plainUsername = name;
      selectClient(o, name === null ? ZMQ_NULL : ZMQ_PLAIN);
    },
    v5: { short: "plain_username", constants: ["ZMQ_PLAIN_USERNAME"], get: "value", set: "value" },
  },
  /** ZMQ_PLAIN_PASSWORD: be a PLAIN client with this password (1..255 bytes); null or an empty Buffer selects the NULL mechanism ("" is EINVAL). Default null. */
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
    set: (o: Pick<Security, "mechanism" | "asServer" | "plainPassword">, password: Buffer | null) => {
      o.plainPassword = password;
      selectClient(o, password === null ? ZMQ_NULL : ZMQ_PLAIN);
    },
    v5: { short: "plain_password", constants: ["ZMQ_PLAIN_PASSWORD"], get: "value", set: "value" },
  },
  /** ZMQ_ZAP_DOMAIN: the domain sent in ZAP requests, 1..255 bytes (it cannot be cleared: null and "" are EINVAL). Default null. */
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
    check: shortText,
    v5: { short: "zap_domain", constants: ["ZMQ_ZAP_DOMAIN"], get: "value", set: "value" },
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
  /** ZMQ_CURVE_SERVER: be a CURVE server (needs `curveSecretKey`); false selects the NULL mechanism. Default false. */
  curveServer: {
    id: 47,
    zmq: ["ZMQ_CURVE_SERVER"],
    kind: "bool",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    check: bool,
    get: (o: Readonly<Pick<Security, "mechanism" | "asServer">>): boolean => o.asServer && o.mechanism === ZMQ_CURVE,
    set: (o: Pick<Security, "mechanism" | "asServer">, server: boolean) => {
      o.asServer = server;
      o.mechanism = server ? ZMQ_CURVE : ZMQ_NULL;
    },
    v5: { short: "curve_server", constants: ["ZMQ_CURVE_SERVER"], get: "flag", set: "flag" },
  },
  /**
   * ZMQ_CURVE_PUBLICKEY: this socket's long-term public key (a CURVE client's); 32 bytes or 40
   * Z85 characters, read back as Z85. Selects CURVE. Default 0000000000000000000000000000000000000000
   * (32 zero bytes, as libzmq).
   */
  curvePublicKey: {
    id: 48,
    zmq: ["ZMQ_CURVE_PUBLICKEY"],
    kind: "z85key",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "curvePublicKey",
    default: NO_CURVE_KEY,
    check: z85Key,
    set: (o: Pick<Security, "mechanism" | "asServer" | "curvePublicKey">, key: Buffer) => {
      o.curvePublicKey = key;
      o.mechanism = ZMQ_CURVE;
    },
    v5: { short: "curve_publickey", constants: ["ZMQ_CURVE_PUBLICKEY"], get: "value", set: "value" },
  },
  /**
   * ZMQ_CURVE_SECRETKEY: this socket's long-term secret key (client and server); 32 bytes or 40
   * Z85 characters, read back as Z85. Selects CURVE. Default 0000000000000000000000000000000000000000
   * (32 zero bytes, as libzmq).
   */
  curveSecretKey: {
    id: 49,
    zmq: ["ZMQ_CURVE_SECRETKEY"],
    kind: "z85key",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "curveSecretKey",
    default: NO_CURVE_KEY,
    check: z85Key,
    set: (o: Pick<Security, "mechanism" | "asServer" | "curveSecretKey">, key: Buffer) => {
      o.curveSecretKey = key;
      o.mechanism = ZMQ_CURVE;
    },
    v5: { short: "curve_secretkey", constants: ["ZMQ_CURVE_SECRETKEY"], get: "value", set: "value" },
  },
  /**
   * ZMQ_CURVE_SERVERKEY: the server's long-term public key; setting it makes this socket a CURVE
   * client. 32 bytes or 40 Z85 characters, read back as Z85.
   * Default 0000000000000000000000000000000000000000 (32 zero bytes, as libzmq).
   */
  curveServerKey: {
    id: 50,
    zmq: ["ZMQ_CURVE_SERVERKEY"],
    kind: "z85key",
    scope: "all",
    status: "applied",
    warns: true,
    on: "options",
    field: "curveServerKey",
    default: NO_CURVE_KEY,
    check: z85Key,
    set: (o: Pick<Security, "mechanism" | "asServer" | "curveServerKey">, key: Buffer) => {
      o.curveServerKey = key;
      selectClient(o, ZMQ_CURVE);
    },
    v5: { short: "curve_serverkey", constants: ["ZMQ_CURVE_SERVERKEY"], get: "value", set: "value" },
  },
} as const satisfies Record<string, OptionRow>;

/** A client credential was set (or cleared: null selects NULL, as libzmq's setsockopt with no value). */
function selectClient(o: Pick<Security, "mechanism" | "asServer">, mechanism: number): void {
  o.mechanism = mechanism;
  if (mechanism !== ZMQ_NULL) o.asServer = false;
}
