/**
 * The zeromq v6 face of the option table: the typed properties of each socket class, the raw
 * accessors by ZMQ_* id (`getInt32Option(17)`, ...), and the compile-time checks that tie
 * every row to the object it reads and writes.
 */
import { zmqError } from "../errors.js";
import { BOOLEAN_VALUE, checkArguments, IDENTIFIER, NUMBER_VALUE, STRING_VALUE, type ArgSpec } from "./args.js";
import {
  RAW_FAMILIES,
  RAW_FAMILY,
  RECEIVING_TYPES,
  SENDING_TYPES,
  showStored,
  type Kind,
  type KindValue,
  type OptionRow,
  type RawFamily,
  type RawInput,
  type RawValue,
  type TypeName,
  type Validator,
} from "../options/kinds.js";
import { ROW_BY_ID, ROWS, type OptionKey, type Options } from "../options/table.js";
import type { SocketOptions } from "../socket/options.js";
import { socketState } from "./core.js";
import type { SocketState } from "./lifecycle.js";
import type { CoreOf } from "./factory.js";

// ---- types derived from the table ----

type Row<K extends OptionKey> = Options[K];

/** The v6 value of a row: its getter's type, else for a setter-only property its setter's, else its kind's. */
type V6Value<R> = R extends { get: (target: never) => infer V }
  ? V
  : R extends { property: "setter"; set: (target: never, value: infer V) => void }
    ? V
    : R extends { kind: infer K extends Kind }
      ? KindValue<K>
      : never;

type IsProperty<R> = R extends { property: false } | { status: "absent" } ? false : true;
type InScope<R, S> = R extends { scope: readonly (infer T)[] }
  ? S extends T
    ? true
    : false
  : R extends { scope: S }
    ? true
    : false;
type Selected<R, S, ReadOnly extends boolean> =
  IsProperty<R> extends true
    ? InScope<R, S> extends true
      ? (R extends { access: "r" } ? true : false) extends ReadOnly
        ? true
        : false
      : false
    : false;

/**
 * The option properties of a scope: `"all"` (every socket), `"send"` (sockets that send, the
 * binding's Writable), `"receive"` (its Readable) or one socket type's own. Each property
 * carries its row's TSDoc.
 */
export type OptionProps<S extends "all" | "send" | "receive" | TypeName> = {
  readonly [K in keyof Options as Selected<Options[K], S, true> extends true ? K : never]: V6Value<Options[K]>;
} & {
  -readonly [K in keyof Options as Selected<Options[K], S, false> extends true ? K : never]: V6Value<Options[K]>;
};

/** The binding's raw accessors: `get<Family>Option(id)` and `set<Family>Option(id, value)`, by ZMQ_* id. */
export type RawAccessors = {
  [F in RawFamily as `get${F}Option`]: (id: number) => RawValue<F>;
} & {
  [F in RawFamily as `set${F}Option`]: (id: number, value: RawInput<F>) => void;
};

// ---- compile-time checks: each row fits the objects it is applied to ----

/** What `on: "socket"` rows read: the public socket. */
export interface SocketView {
  readonly type: number;
  readonly readable: boolean;
  readonly writable: boolean;
}

type RawOnlyTypes<R> = R extends { rawOnly: readonly (infer T extends TypeName)[] } ? T : never;
type ScopeTypes<R> = R extends { scope: readonly (infer T extends TypeName)[] } ? T | RawOnlyTypes<R> : TypeName;
type Target<R> = R extends { on: "options" }
  ? SocketOptions
  : R extends { on: "socket" }
    ? SocketView
    : CoreOf<ScopeTypes<R>>;
type FieldType<T> = T extends number ? number : T extends boolean ? boolean : T extends string ? string : T;
type Needs<R> = (R extends { get: (target: infer P) => unknown } ? P : unknown) &
  (R extends { set: (target: infer P, value: never) => void } ? P : unknown) &
  (R extends { field: infer F extends string; default: infer D } ? { [P in F]: FieldType<D> } : unknown);
type Checked<R> = R extends { check: Validator<infer O> } ? O : R extends { access: "r" } ? never : unknown;
type Accepts<R> = R extends { set: (target: never, value: infer V) => void }
  ? V
  : R extends { field: string; default: infer D }
    ? FieldType<D>
    : unknown;
type Misfit<R> = R extends { status: "absent" }
  ? false
  : [Target<R>] extends [Needs<R>]
    ? [Checked<R>] extends [Accepts<R>]
      ? false
      : true
    : true;
type MustBeNever<T extends never> = T;
/** Compile-time check: no row reads or writes a field its target lacks, or stores what its check does not give. */
export type RowsFitTheirTargets = MustBeNever<{ [K in OptionKey]: Misfit<Row<K>> extends true ? K : never }[OptionKey]>;

// ---- runtime ----

const socketTypeOf = new WeakMap<object, TypeName>();

function typeOf(socket: object): TypeName | undefined {
  for (let p = Object.getPrototypeOf(socket) as object | null; p; p = Object.getPrototypeOf(p) as object | null) {
    const t = socketTypeOf.get(p);
    if (t) return t;
  }
  return undefined;
}

type Fields = Record<string, unknown>;

/** The value argument of each raw accessor family (its TypeError message). */
const VALUE_ARG: Readonly<Record<RawFamily, ArgSpec>> = {
  Bool: BOOLEAN_VALUE,
  Int32: NUMBER_VALUE,
  Uint32: NUMBER_VALUE,
  Int64: NUMBER_VALUE,
  Uint64: NUMBER_VALUE,
  String: STRING_VALUE,
};

const NOT_UNTIL_NEXT = "Socket option will not take effect until next connect/bind.";

function targetOf(row: OptionRow, state: SocketState, socket: object): Fields {
  const target = row.on === "options" ? state.core.options : row.on === "core" ? state.core : socket;
  return target as unknown as Fields;
}

/** A read as the binding's getter makes it: ENOTSOCK once closed, EINVAL for write-only options. */
function read(row: OptionRow, socket: object): unknown {
  const state = socketState(socket);
  if (state.closed) throw zmqError("ENOTSOCK");
  if (row.access === "w") throw zmqError("EINVAL");
  const target = targetOf(row, state, socket);
  if (row.get) return (row.get as (t: Fields) => unknown)(target);
  return showStored(row.kind, target[row.field!]);
}

/**
 * A write as the binding's setter makes it, in its order: the value's type (TypeError); the
 * warning that the option waits for the next connect/bind (rows that `warns`, while the socket
 * has endpoints, is blocked or is closed); the number taken as the option's C type; ENOTSOCK
 * once closed; then libzmq's validation (EINVAL) and the store.
 */
function write(row: OptionRow, socket: object, value: unknown): void {
  const state = socketState(socket);
  if (row.id >= 0) {
    const arg = VALUE_ARG[RAW_FAMILY[row.kind]];
    if (!arg.accepts(value)) throw new TypeError(arg.message);
  }
  if (row.warns && state.deferring) process.emitWarning(NOT_UNTIL_NEXT);
  const converted = typeof value === "number" ? asCType(row.kind, value) : value;
  if (state.closed) throw zmqError("ENOTSOCK");
  const target = targetOf(row, state, socket);
  const parsed = row.check ? row.check.parse(converted) : converted;
  if (row.set) (row.set as (t: Fields, v: unknown) => void)(target, parsed);
  else if (row.field !== undefined) target[row.field] = parsed;
}

const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2 ** 64;

/**
 * A Number as the binding hands it to libzmq for an option of `kind`: int32 and uint32 options
 * as a C int (ToInt32: truncated, wrapped); int64 truncated and saturated, NaN and infinities
 * as 0; uint64 truncated, negatives as 0, 2^64 and above as the maximum, NaN as 2^63 (what
 * x86-64 makes of it), with the binding's warning above Number.MAX_SAFE_INTEGER.
 */
function asCType(kind: Kind, v: number): number {
  switch (kind) {
    case "int32":
    case "uint32":
      return v | 0;
    case "int64":
      return Number.isFinite(v) ? Math.max(-TWO_POW_63, Math.min(TWO_POW_63, Math.trunc(v))) : 0;
    case "uint64":
      if (Number.isNaN(v)) return TWO_POW_63;
      if (v > Number.MAX_SAFE_INTEGER) {
        process.emitWarning("Value is larger than Number.MAX_SAFE_INTEGER and may have been rounded inaccurately.");
      }
      return v <= 0 ? 0 : Math.min(TWO_POW_64, Math.trunc(v));
    default:
      return v;
  }
}

function defineProperty(proto: object, key: string, row: OptionRow): void {
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    // The binding defines no getter for its write-only properties: reading gives undefined.
    get:
      row.property === "setter"
        ? undefined
        : function (this: object) {
            return read(row, this);
          },
    set:
      row.access === "r"
        ? undefined
        : function (this: object, value: unknown) {
            write(row, this, value);
          },
  });
}

function hasProperty(row: OptionRow, scope: "all" | TypeName): boolean {
  if (row.property === false || row.status === "absent") return false;
  if (scope === "all") return row.scope === "all";
  if (row.scope === "send") return SENDING_TYPES.includes(scope);
  if (row.scope === "receive") return RECEIVING_TYPES.includes(scope);
  return row.scope !== "all" && row.scope.includes(scope);
}

/**
 * @internal Installs the option properties of a scope on a socket class: `"all"` on the base
 * class, a type name on that type's class (its own options, plus the send and/or receive ones).
 * A type's class also gets the raw ids of its own options.
 */
export function installOptions(cls: { prototype: object }, scope: "all" | TypeName): void {
  if (scope !== "all") socketTypeOf.set(cls.prototype, scope);
  for (const [key, row] of ROWS) if (hasProperty(row, scope)) defineProperty(cls.prototype, key, row);
}

/** The row a raw accessor reaches on this socket; null for ids it does not have. */
function rawRow(socket: object, id: number): OptionRow | null {
  const row = ROW_BY_ID.get(id)?.[1];
  if (!row || row.status === "absent") return null;
  if (typeof row.scope !== "string") {
    const type = typeOf(socket);
    if (type === undefined || !(row.scope.includes(type) || row.rawOnly?.includes(type))) return null;
  }
  return row;
}

/** The size libzmq sees a raw accessor family's value as; it refuses one of another size than the option's (EINVAL). */
const FAMILY_SIZE: Readonly<Record<RawFamily, number>> = {
  Bool: 4,
  Int32: 4,
  Uint32: 4,
  Int64: 8,
  Uint64: 8,
  String: 0,
};

/** True if the family's values have the size the option's kind takes (strings for string kinds). */
function fits(family: RawFamily, row: OptionRow): boolean {
  return FAMILY_SIZE[family] === FAMILY_SIZE[RAW_FAMILY[row.kind]];
}

/** libzmq's answer to an option id it cannot set on this socket: EINVAL (ENOTSOCK once closed), after the binding's warning. */
function cannotSet(socket: object): never {
  const state = socketState(socket);
  if (state.deferring) process.emitWarning(NOT_UNTIL_NEXT);
  throw zmqError(state.closed ? "ENOTSOCK" : "EINVAL");
}

/**
 * @internal Installs `get<Family>Option` / `set<Family>Option` on the base socket class, with
 * the binding's argument checks (the id, then the family's value type, then the count).
 */
export function installRawAccessors(cls: { prototype: object }): void {
  for (const family of RAW_FAMILIES) {
    const methods = {
      [`get${family}Option`](this: object, id: number): unknown {
        if (socketState(this).closed) throw zmqError("ENOTSOCK");
        const row = rawRow(this, id);
        if (!row || !fits(family, row)) throw zmqError("EINVAL");
        const value = read(row, this);
        // An int-sized option read through the other int-sized family: the same int, shown that way.
        if (family === "Bool") return Boolean(value);
        return typeof value === "boolean" ? Number(value) : value;
      },
      [`set${family}Option`](this: object, id: number, value: unknown): void {
        const row = rawRow(this, id);
        if (!row || row.access === "r" || !fits(family, row)) cannotSet(this);
        write(row, this, value);
      },
    };
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: false, writable: true, value: fn });
    }
    checkArguments(cls.prototype as Record<string, unknown>, {
      [`get${family}Option`]: [IDENTIFIER],
      [`set${family}Option`]: [IDENTIFIER, VALUE_ARG[family]],
    });
  }
}
