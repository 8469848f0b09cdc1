/**
 * zmq_setsockopt / zmq_getsockopt for the v5 compatibility layer, derived from the option
 * table: numeric libzmq ids, libzmq names ("ZMQ_SNDHWM"), their lower-case short forms
 * ("sndhwm") and the v5 short names ("identity"), mapped onto the zeromq v6 socket underneath
 * (its property where the class has one, else its raw accessor).
 */
import type { Socket as V6Socket } from "../api/socket.js";
import { zmqError } from "../errors.js";
import { RAW_FAMILY, V5_FORM, type OptionRow } from "../options/kinds.js";
import { ROWS, type OptionKey, type Options } from "../options/table.js";

/** What `getsockopt` returns: integers (booleans as 0/1), strings, or null for unset strings. */
export type OptionValue = number | string | null;

/** What `setsockopt` accepts: numbers, booleans, strings, Buffers, or null to clear a string option. */
export type OptionInput = number | boolean | string | Buffer | null;

type ShortOf<R> = R extends { v5: { short: infer S extends string } } ? S : never;
/** A v5 short option name (a key of {@link options}). */
export type ShortOptionName = { [K in OptionKey]: ShortOf<Options[K]> }[OptionKey];

/**
 * The zeromq v5 short option names (`zmq.options`), each mapped to its libzmq option id. The
 * names starting with `_` are the v5 binding's internal ones (`_fd` = ZMQ_FD, `_ioevents` =
 * ZMQ_EVENTS, `_receiveMore` = ZMQ_RCVMORE, `_subscribe`, `_unsubscribe`).
 */
export const options = Object.fromEntries(
  ROWS.flatMap(([, row]) => (row.v5?.short !== undefined ? [[row.v5.short, row.id] as const] : [])),
) as Record<ShortOptionName, number>;

type ConstantOf<R> = R extends { v5: { constants: readonly (infer C extends string)[] } } ? C : never;
/** The ZMQ_* option constants v5-compat exports. */
export type OptionConstantName = { [K in OptionKey]: ConstantOf<Options[K]> }[OptionKey];

/** @internal The value of every ZMQ_* option constant (constants.ts exports them one by one). */
export const OPTION_CONSTANTS = Object.fromEntries(
  ROWS.flatMap(([, row]) => (row.v5?.constants ?? []).map((name) => [name, row.id] as const)),
) as Record<OptionConstantName, number>;

/** @internal One libzmq option as v5 sees it. */
export interface V5Option {
  /** The libzmq names (the first is the one messages use). */
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
 * The v6 socket's raw accessors reach options that have no property on this socket type. EINVAL
 * from them means the socket does not have the option.
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

type RawGetter = (id: number) => unknown;
type RawSetter = (id: number, value: unknown) => void;

function rawGet(s: V6Socket, row: OptionRow): unknown {
  const getter = bag(s)[`get${RAW_FAMILY[row.kind]}Option`] as RawGetter;
  return raw(row.zmq[0]!, () => getter.call(s, row.id));
}

function rawSet(s: V6Socket, row: OptionRow, value: unknown): void {
  const setter = bag(s)[`set${RAW_FAMILY[row.kind]}Option`] as RawSetter;
  raw(row.zmq[0]!, () => setter.call(s, row.id, value));
}

/** Shows a v6 value the v5 way (booleans as 0/1, bytes as UTF-8). */
function show(v: unknown, asBool: boolean): OptionValue {
  if (asBool) return v ? 1 : 0;
  if (v === null || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "bigint") return Number(v);
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as v5 reported it
  return String(v);
}

/** An option backed by the v6 property of the same key where the class has one, else the raw accessor. */
function generic(key: OptionKey, row: OptionRow): V5Option {
  const name = row.zmq[0]!;
  const form = V5_FORM[row.kind];
  const viaProperty = (s: V6Socket): boolean => row.property !== false && key in s;
  return {
    names: row.zmq,
    id: row.id,
    get(s) {
      if (row.access === "w" || row.v5?.writeOnly) throw writeOnly(name);
      const v = viaProperty(s) ? bag(s)[key] : rawGet(s, row);
      if (v === undefined) throw writeOnly(name);
      return show(v, form === "bool");
    },
    set(s, v) {
      if (row.access === "r") throw readOnly(name);
      let value = v;
      if (form === "bool") value = Boolean(v);
      else if (form === "int" && typeof v === "boolean") value = v ? 1 : 0;
      if (viaProperty(s)) bag(s)[key] = value;
      else rawSet(s, row, value);
    },
  };
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

const ROW = Object.fromEntries(ROWS) as Readonly<Record<OptionKey, OptionRow>>;

/** v5's own rules for a few options, over what the generic mapping does. */
const OVERRIDES: { readonly [K in OptionKey]?: Partial<Pick<V5Option, "get" | "set">> } = {
  // "sub" sockets have methods; on others (an "xpub" in manual mode) the raw option is used.
  subscribe: {
    set: (s, v) => (isSubscriber(s) ? s.subscribe(filterValue(v)) : rawSet(s, ROW.subscribe, filterValue(v))),
  },
  unsubscribe: {
    set: (s, v) => (isSubscriber(s) ? s.unsubscribe(filterValue(v)) : rawSet(s, ROW.unsubscribe, filterValue(v))),
  },
  xpubVerbose: {
    set: (s, v) => {
      if ("verbosity" in s) bag(s)["verbosity"] = v ? "allSubs" : null;
      else rawSet(s, ROW.xpubVerbose, Boolean(v));
    },
  },
  ipv4Only: {
    get: (s) => (s.ipv6 ? 0 : 1),
    set: (s, v) => {
      s.ipv6 = !v;
    },
  },
  securityMechanism: { get: (s) => MECHANISMS[String(s.securityMechanism)] ?? 0 },
};

/** An option zeromq's compatibility layer does not offer at all. */
function unavailable(row: OptionRow): V5Option {
  const fail = (): never => {
    throw new Error(`${row.zmq[0]} is not supported in compatibility mode`);
  };
  return { names: row.zmq, id: row.id, get: fail, set: fail };
}

const SPECS: readonly V5Option[] = ROWS.flatMap(([key, row]) => {
  if (!row.v5) return [];
  if (row.v5.unavailable) return [unavailable(row)];
  return [{ ...generic(key, row), ...OVERRIDES[key] }];
});

const BY_ID = new Map<number, V5Option>();
const BY_NAME = new Map<string, V5Option>();
for (const spec of SPECS) {
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
export function findOption(option: number | string): V5Option {
  const spec = typeof option === "number" ? BY_ID.get(option) : BY_NAME.get(option);
  if (!spec) throw new Error("Unknown option");
  return spec;
}

/** @internal True if `name` names an option (used by createSocket to route its options). */
export function isOptionName(name: string): boolean {
  return BY_NAME.has(name);
}

/** Option names that would shadow a method or field of the compat socket: no property sugar. */
export const SHADOWED = ["type", "subscribe", "unsubscribe", "events", "fd", "rcvmore"] as const;

/**
 * @internal The option names that get property sugar on the compat socket: the v5 short names
 * plus the lower-case short name of every other option, except the {@link SHADOWED} ones.
 */
export const PROPERTY_OPTION_NAMES: readonly string[] = (() => {
  const skip = new Set<string>(SHADOWED);
  const out = new Set<string>(Object.keys(options));
  for (const spec of SPECS) {
    for (const n of spec.names) {
      const short = n.slice(4).toLowerCase();
      if (!skip.has(short)) out.add(short);
    }
  }
  return [...out];
})();
