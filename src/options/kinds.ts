/**
 * The vocabulary of the option table (table.ts): value kinds, validators, socket-type scopes and
 * the shape of one row. Nothing here knows a particular option.
 */
import { zmqError } from "../errors.js";
import { curveKeyBytes } from "../wire/curve-key.js";
import { z85Encode } from "../wire/z85.js";

/**
 * How an option's value travels. It picks the binding's raw accessor family
 * (`getInt32Option`...), the v6 property type, the v5 `getsockopt` form and, for rows without
 * their own getter, how the stored value is shown:
 * - `bool`, `int32`, `uint32`, `int64`, `uint64`: shown as stored (v5 shows booleans as 0/1);
 * - `string`: stored as a string, `""` shown as null;
 * - `buffer`: stored as bytes (set from a string or Buffer), shown as UTF-8, empty or unset as null;
 * - `z85key`: a CURVE key, set as 32 bytes or as 40 Z85 characters, shown as 40 Z85 characters.
 */
export type Kind = "bool" | "int32" | "uint32" | "int64" | "uint64" | "string" | "buffer" | "z85key";

/** The binding's raw accessor families: `get<F>Option(id)` / `set<F>Option(id, value)`. */
export type RawFamily = "Bool" | "Int32" | "Uint32" | "Int64" | "Uint64" | "String";

/** The raw accessor family of each kind. */
export const RAW_FAMILY = {
  bool: "Bool",
  int32: "Int32",
  uint32: "Uint32",
  int64: "Int64",
  uint64: "Uint64",
  string: "String",
  buffer: "String",
  z85key: "String",
} as const satisfies Record<Kind, RawFamily>;

export const RAW_FAMILIES: readonly RawFamily[] = ["Bool", "Int32", "Uint32", "Int64", "Uint64", "String"];

/** What a raw getter of a family returns. */
export type RawValue<F extends RawFamily> = F extends "Bool" ? boolean : F extends "String" ? string | null : number;
/** What a raw setter of a family takes. */
export type RawInput<F extends RawFamily> = F extends "String" ? string | Buffer | null : RawValue<F>;

/** The v6 property type of a kind (rows with their own getter have that getter's type). */
export type KindValue<K extends Kind> = K extends "bool"
  ? boolean
  : K extends "int32" | "uint32" | "int64" | "uint64"
    ? number
    : string | null;

/** How v5 `getsockopt` shows a kind, and how `setsockopt` converts what it is given. */
export type V5Form = "bool" | "int" | "string";
export const V5_FORM = {
  bool: "bool",
  int32: "int",
  uint32: "int",
  int64: "int",
  uint64: "int",
  string: "string",
  buffer: "string",
  z85key: "string",
} as const satisfies Record<Kind, V5Form>;

/** Shows a stored value of a kind as the v6 API does (rows without their own getter). */
export function showStored(kind: Kind, stored: unknown): unknown {
  switch (kind) {
    case "string":
      return stored === "" ? null : stored;
    case "buffer":
      return Buffer.isBuffer(stored) && stored.length > 0 ? stored.toString("utf8") : null;
    case "z85key":
      return Buffer.isBuffer(stored) ? z85Encode(stored) : null;
    default:
      return stored;
  }
}

// ---- validators ----

/** Checks and converts a value given to a setter into its stored form. */
export interface Validator<T> {
  /** TypeError for a value of the wrong type, EINVAL for one out of range. */
  readonly parse: (value: unknown) => T;
  /** A value `parse` rejects (the option table test tries it through every API); none if it takes anything. */
  readonly invalid?: unknown;
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

function integer(v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError("Option value must be a number");
  return v;
}

/** An integer in [min, max]; EINVAL outside. */
export function int(min: number, max = INT32_MAX): Validator<number> {
  return {
    parse(v) {
      const n = integer(v);
      if (n < min || n > max) throw zmqError("EINVAL");
      return n;
    },
    invalid: min > INT32_MIN ? min - 1 : "not a number",
  };
}

/** Any integer (for options libzmq takes whole: the Number was brought into the C type's range before). */
export const anyInteger: Validator<number> = {
  parse: integer,
  invalid: "not a number",
};

export const bool: Validator<boolean> = {
  parse(v) {
    if (typeof v !== "boolean") throw new TypeError("Option value must be a boolean");
    return v;
  },
  invalid: 1,
};

/** Any value, taken as its truthiness (raw-only options that the binding never type-checked). */
export const truthy: Validator<boolean> = { parse: (v) => Boolean(v) };

/**
 * A string (UTF-8) or byte view as bytes; null stays null. As the binding passes them to
 * libzmq, an empty Buffer or typed array is null (no pointer), while "" is an empty value.
 */
export function optionalBytes(v: unknown): Buffer | null {
  if (v === null || (ArrayBuffer.isView(v) && v.byteLength === 0 && !(v instanceof DataView))) return null;
  return bytes(v);
}

/**
 * A string (UTF-8), Buffer or typed array as bytes, copied (as libzmq copies option values, so
 * the caller may reuse its buffer). A DataView is refused as the binding refuses it: a plain
 * Error "Invalid argument".
 */
export function bytes(v: unknown): Buffer {
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (ArrayBuffer.isView(v)) {
    if (v instanceof DataView) throw new Error("Invalid argument");
    return Buffer.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  throw new TypeError("Option value must be a string or buffer");
}

/** Bytes of `min`..`max` length (null, or an empty Buffer, is EINVAL as libzmq has it). */
export function sizedBytes(min: number, max = Infinity): Validator<Buffer> {
  return {
    parse(v) {
      const b = optionalBytes(v);
      if (b === null || b.length < min || b.length > max) throw zmqError("EINVAL");
      return b;
    },
    invalid: "",
  };
}

/** A PLAIN username or password: 1..255 bytes; null (or an empty Buffer) means none; "" is EINVAL. */
export const credential: Validator<Buffer | null> = {
  parse(v) {
    const b = optionalBytes(v);
    if (b !== null && (b.length === 0 || b.length > 255)) throw zmqError("EINVAL");
    return b;
  },
  invalid: "",
};

/** A string option of 1..255 bytes given as a string or Buffer (null or empty is EINVAL, as libzmq has it). */
export const shortText: Validator<string> = {
  parse: (v) => sizedBytes(1, 255).parse(v).toString("utf8"),
  invalid: "",
};

/** Bytes from a string or byte view; null means none (the XPUB welcome message). */
export const optionalView: Validator<Buffer | null> = {
  parse: (v) => (v === null ? null : bytes(v)),
  invalid: 5,
};

/** A subscription prefix (bytes; null is the empty prefix, which matches everything). */
export const prefix: Validator<Buffer> = { parse: (v) => (v === null ? Buffer.alloc(0) : bytes(v)), invalid: 5 };

/**
 * A CURVE key as libzmq's setsockopt takes it: 32 raw bytes, or 40 Z85 characters (41 with a
 * trailing NUL), as a string or as bytes; anything else (null included) is EINVAL.
 */
export const z85Key: Validator<Buffer> = {
  parse(v) {
    if (typeof v !== "string" && !ArrayBuffer.isView(v) && v !== null)
      throw new TypeError("Option value must be a string or buffer");
    const key = v === null ? null : curveKeyBytes(v instanceof Uint8Array || typeof v === "string" ? v : bytes(v));
    if (key === null) throw zmqError("EINVAL");
    return key;
  },
  invalid: "too short for a key",
};

/** An option libzmq does not have in this build: every value is EINVAL. */
export const refused: Validator<never> = {
  parse() {
    throw zmqError("EINVAL");
  },
  invalid: 1,
};

/** An option zmtp cannot offer: the default is accepted, anything else is ENOTSUP. */
export function unsupported<T>(isDefault: (v: unknown) => boolean, why: string, base?: Validator<T>): Validator<T> {
  return {
    parse(v) {
      const value = base ? base.parse(v) : v;
      if (!isDefault(value)) throw zmqError("ENOTSUP", why);
      return value as T;
    },
    invalid: "unsupported",
  };
}

// ---- scopes and rows ----

/** libzmq's socket type names, as in the ZMTP Socket-Type property. */
export type TypeName = StableTypeName | DraftTypeName;
/** The stable types (ZMQ_PAIR 0 ... ZMQ_STREAM 11), the root module's classes. */
export type StableTypeName =
  "PAIR" | "PUB" | "SUB" | "REQ" | "REP" | "DEALER" | "ROUTER" | "PULL" | "PUSH" | "XPUB" | "XSUB" | "STREAM";
/** libzmq's draft types (ZMQ_SERVER 12 ... ZMQ_CHANNEL 20), the `zmtp/draft` classes. */
export type DraftTypeName =
  "SERVER" | "CLIENT" | "RADIO" | "DISH" | "GATHER" | "SCATTER" | "DGRAM" | "PEER" | "CHANNEL";

/**
 * The types the binding gives send options (its `Writable`) and receive options (its `Readable`);
 * PEER and CHANNEL, which the binding lacks, both send and receive.
 */
export const SENDING_TYPES: readonly TypeName[] = [
  "PAIR",
  "PUB",
  "REQ",
  "REP",
  "DEALER",
  "ROUTER",
  "PUSH",
  "XPUB",
  "XSUB",
  "STREAM",
  "SERVER",
  "CLIENT",
  "RADIO",
  "SCATTER",
  "DGRAM",
  "PEER",
  "CHANNEL",
];
export const RECEIVING_TYPES: readonly TypeName[] = [
  "PAIR",
  "SUB",
  "REQ",
  "REP",
  "DEALER",
  "ROUTER",
  "PULL",
  "XPUB",
  "XSUB",
  "STREAM",
  "SERVER",
  "CLIENT",
  "DISH",
  "GATHER",
  "DGRAM",
  "PEER",
  "CHANNEL",
];

/** Every draft type: libzmq accepts some options on all of them that the binding shows on none (`rawOnly`). */
export const DRAFT_TYPES: readonly DraftTypeName[] = [
  "SERVER",
  "CLIENT",
  "RADIO",
  "DISH",
  "GATHER",
  "SCATTER",
  "DGRAM",
  "PEER",
  "CHANNEL",
];

/**
 * Where an option exists. `all`, `send` and `receive` options exist on every socket (raw
 * accessors, v5) and differ only in which v6 classes show them as properties (every class; those
 * that send; those that receive). A list of types: only those types have the option at all.
 */
export type Scope = "all" | "send" | "receive" | readonly TypeName[];

/**
 * - `applied`: the value takes effect;
 * - `stored`: kept and reported back, without effect (its TSDoc says "stored only");
 * - `unsupported`: only the default is accepted, anything else is ENOTSUP;
 * - `refused`: libzmq as the binding builds it has no such option, yet the binding has the
 *   property: reading and writing it are EINVAL (after the usual checks and warnings);
 * - `absent`: the v6 API does not offer it (EINVAL, as an unknown id); listed for the v5 names.
 */
export type Status = "applied" | "stored" | "unsupported" | "refused" | "absent";

/**
 * How zeromq's v5-compat handles an option (its getsockopt/setsockopt switch): the v6 property
 * as it is ("value"), or as a flag ("flag": `setsockopt` passes Boolean(value), `getsockopt`
 * gives 1 or 0).
 */
export type V5Access = "value" | "flag";

/** What the v5 API (`zmtp/v5-compat`) knows of an option. Rows without it are unknown there. */
export interface V5Column {
  /** The short name in v5's `zmq.options` map. */
  readonly short?: string;
  /** The `zmq.ZMQ_*` constants v5-compat exports for it (zeromq's set, not every libzmq name). */
  readonly constants?: readonly string[];
  /** How `getsockopt` reads it; absent: "Unknown option", as zeromq's v5-compat. */
  readonly get?: V5Access;
  /** How `setsockopt` writes it; absent: "Unknown option". */
  readonly set?: V5Access;
  /** zeromq's v5-compat refuses it ("... is not supported in compatibility mode") when read, or both ways. */
  readonly refused?: "get" | "both";
}

/**
 * One socket option. A row either names a storage `field` on its target (with `default` and a
 * `check` for writes) or brings its own `get`/`set`; a row may mix the two (a field and
 * default for storage, a setter with side effects). Getters and setters name the fields they
 * touch in their target's type; api/options.ts makes the compiler check those against the
 * real targets.
 */
export interface OptionRow {
  /** libzmq option id; -1 for a v6 property that stands for several ids. */
  readonly id: number;
  /** libzmq names, canonical first (empty when only the v6 API has it). */
  readonly zmq: readonly string[];
  readonly kind: Kind;
  readonly scope: Scope;
  /**
   * Further types that reach the option through the raw accessors only, without a v6 property
   * (libzmq accepts it on them; the binding's classes do not show it).
   */
  readonly rawOnly?: readonly TypeName[];
  readonly status: Status;
  /**
   * The binding warns "Socket option will not take effect until next connect/bind." when this
   * is set after either. Recorded here; not emitted yet.
   */
  readonly warns: boolean;
  /** Where the value lives: the socket's option store, its socket-type core, or the v6 socket itself. */
  readonly on: "options" | "core" | "socket";
  /** Defaults to "rw". */
  readonly access?: "rw" | "r" | "w";
  /**
   * false: only the raw accessors (and v5) reach it, there is no v6 property. "setter": the v6
   * property can only be set; reading it gives undefined, as the binding defines no getter.
   */
  readonly property?: false | "setter";
  readonly field?: string;
  /** The initial stored value (for `core` rows: the core's own initial value, which the tests compare). */
  readonly default?: unknown;
  readonly check?: Validator<unknown>;
  readonly get?: (target: never) => unknown;
  /** Receives the value after `check` (the raw value when there is no check). */
  readonly set?: (target: never, value: never) => void;
  readonly v5?: V5Column;
}
