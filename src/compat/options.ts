/**
 * zmq_setsockopt / zmq_getsockopt for the v5 compatibility layer, as zeromq's v5-compat has
 * them (each row's v5 column says which cases its switch has and how), derived from the option
 * table: numeric libzmq ids, the v5 short names ("identity") and, beyond zeromq's, the libzmq
 * names ("ZMQ_SNDHWM") and their lower-case short forms ("sndhwm"), mapped onto the properties
 * of the zeromq v6 socket underneath.
 */
import type { Socket as V6Socket } from "../api/socket.js";
import type { OptionRow, V5Access } from "../options/kinds.js";
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

const unknownOption = (): Error => new Error("Unknown option");

/** Shows a v6 value the v5 way: as it is, or as 1/0. */
function shown(v: unknown, access: V5Access): OptionValue {
  if (access === "flag") return v ? 1 : 0;
  return v as OptionValue;
}

/**
 * An option as zeromq's v5-compat handles it: through the v6 property of the same key (so a
 * property this socket class lacks reads undefined, and writing it is the sealed socket's
 * TypeError), "Unknown option" where zeromq's getsockopt or setsockopt has no case for it.
 */
function generic(key: OptionKey, row: OptionRow): V5Option {
  const v5 = row.v5!;
  const refusal = (): Error => new Error(`${row.zmq[0]!} is not supported in compatibility mode`);
  return {
    names: row.zmq,
    id: row.id,
    get(s) {
      if (v5.refused) throw refusal();
      if (!v5.get) throw unknownOption();
      return shown(bag(s)[key], v5.get);
    },
    set(s, v) {
      if (v5.refused === "both") throw refusal();
      if (!v5.set) throw unknownOption();
      bag(s)[key] = v5.set === "flag" ? Boolean(v) : v;
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

/** zeromq's v5 calls the v6 socket's method; a socket without it fails as that call does. */
function callMethod(s: V6Socket, method: "subscribe" | "unsubscribe", value: unknown): void {
  const fn = bag(s)[method];
  if (typeof fn !== "function") throw new TypeError(`this._socket.${method} is not a function`);
  (fn as (v: unknown) => void).call(s, value);
}

const MECHANISMS: Readonly<Record<string, number>> = { plain: 1, curve: 2, gssapi: 3 };

/** zeromq's v5 rules for a few options, over what the generic mapping does. */
const OVERRIDES: { readonly [K in OptionKey]?: Partial<Pick<V5Option, "get" | "set">> } = {
  subscribe: { set: (s, v) => callMethod(s, "subscribe", v) },
  unsubscribe: { set: (s, v) => callMethod(s, "unsubscribe", v) },
  xpubVerbose: {
    get: () => {
      throw new Error("Reading ZMQ_XPUB_VERBOSE is not supported");
    },
    set: (s, v) => {
      bag(s)["verbosity"] = v ? "allSubs" : null;
    },
  },
  ipv4Only: {
    get: (s) => !s.ipv6 as unknown as OptionValue,
    set: (s, v) => {
      s.ipv6 = !v;
    },
  },
  securityMechanism: { get: (s) => MECHANISMS[String(s.securityMechanism)] ?? 0 },
  // Computed from `readable`/`writable`, which are false once closed (no ENOTSOCK).
  events: { get: (s) => (s.readable ? 1 : 0) | (s.writable ? 2 : 0) },
};

const SPECS: readonly V5Option[] = ROWS.flatMap(([key, row]) =>
  row.v5 ? [{ ...generic(key, row), ...OVERRIDES[key] }] : [],
);

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
