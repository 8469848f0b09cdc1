/**
 * The zeromq v6 face of the option table: the typed properties of each socket class, the raw
 * accessors by ZMQ_* id (`getInt32Option(17)`, ...), and the compile-time checks that tie
 * every row to the object it reads and writes.
 */
import { zmqError } from "../errors.js";
import {
  RAW_FAMILIES,
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
import { socketCore } from "./core.js";
import type { CoreOf } from "./factory.js";

// ---- types derived from the table ----

type Row<K extends OptionKey> = Options[K];

/** The v6 value of a row: its getter's type, else its kind's. */
type V6Value<R> = R extends { get: (target: never) => infer V }
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

function targetOf(row: OptionRow, socket: object): Fields {
  const core = socketCore(socket);
  const target = row.on === "options" ? core.options : row.on === "core" ? core : socket;
  return target as unknown as Fields;
}

function read(row: OptionRow, socket: object): unknown {
  if (row.access === "w") throw zmqError("EINVAL");
  const target = targetOf(row, socket);
  if (row.get) return (row.get as (t: Fields) => unknown)(target);
  return showStored(row.kind, target[row.field!]);
}

function write(row: OptionRow, socket: object, value: unknown): void {
  const target = targetOf(row, socket);
  const parsed = row.check ? row.check.parse(value) : value;
  if (row.set) (row.set as (t: Fields, v: unknown) => void)(target, parsed);
  else if (row.field !== undefined) target[row.field] = parsed;
}

function defineProperty(proto: object, key: string, row: OptionRow): void {
  Object.defineProperty(proto, key, {
    configurable: true,
    enumerable: false,
    get(this: object) {
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

/** The row a raw accessor reaches on this socket; EINVAL for ids it does not have. */
function rawRow(socket: object, id: number): OptionRow {
  const row = ROW_BY_ID.get(id)?.[1];
  if (!row || row.status === "absent") throw zmqError("EINVAL");
  if (typeof row.scope !== "string") {
    const type = typeOf(socket);
    if (type === undefined || !(row.scope.includes(type) || row.rawOnly?.includes(type))) throw zmqError("EINVAL");
  }
  return row;
}

/** @internal Installs `get<Family>Option` / `set<Family>Option` on the base socket class. */
export function installRawAccessors(cls: { prototype: object }): void {
  for (const family of RAW_FAMILIES) {
    const methods = {
      [`get${family}Option`](this: object, id: number): unknown {
        return read(rawRow(this, id), this);
      },
      [`set${family}Option`](this: object, id: number, value: unknown): void {
        const row = rawRow(this, id);
        if (row.access === "r") throw zmqError("EINVAL");
        write(row, this, value);
      },
    };
    for (const [name, fn] of Object.entries(methods)) {
      Object.defineProperty(cls.prototype, name, { configurable: true, enumerable: false, writable: true, value: fn });
    }
  }
}
