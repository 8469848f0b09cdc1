/**
 * The v5 "property sugar": every option known to v5 is also a socket property (`sock.sndhwm`,
 * `sock.identity`, ...), reading through `getsockopt` and assigning through `setsockopt`. The
 * names and their types are derived from the option table.
 */
import type { Kind, V5_FORM } from "../options/kinds.js";
import type { OptionKey, Options } from "../options/table.js";
import { PROPERTY_OPTION_NAMES, type OptionInput, type OptionValue, type SHADOWED } from "./options.js";

type LowerName<N> = N extends `ZMQ_${infer R}` ? Lowercase<R> : never;
type ShortName<R> = R extends { v5: { short: infer S extends string } } ? S : never;
/** The property names of a row: its v5 short name and its libzmq names in lower case without ZMQ_. */
type NamesOf<R> = R extends { v5: object; zmq: readonly (infer N)[] }
  ? Exclude<ShortName<R> | LowerName<N>, (typeof SHADOWED)[number]>
  : never;
type RowNamed<P> = { [K in OptionKey]: P extends NamesOf<Options[K]> ? Options[K] : never }[OptionKey];

type Form<R> = R extends { kind: infer K extends Kind } ? (typeof V5_FORM)[K] : never;
/** What reading gives: getsockopt's value (booleans as 0/1). */
type ReadType<R> = Form<R> extends "string" ? string | null : number;
/** What assigning takes: what setsockopt takes for the option. */
type WriteType<R> =
  Form<R> extends "string" ? string | Buffer | null : Form<R> extends "bool" ? number | boolean : number;
type ReadOnly<R> = R extends { v5: { set: string } } ? false : true;
type PropertyType<R> = R extends { v5: { refused: "both" } }
  ? never
  : ReadOnly<R> extends true
    ? ReadType<R>
    : WriteType<R>;
type AllNames = { [K in OptionKey]: NamesOf<Options[K]> }[OptionKey];

/**
 * The socket options as properties: each name is the libzmq option's name in lower case without
 * `ZMQ_` (`sndhwm` is ZMQ_SNDHWM, `routing_id` ZMQ_ROUTING_ID) or its v5 short name
 * (`identity`, `_ioevents`). Reading gives what `getsockopt` gives (0/1 for booleans, null for
 * unset strings); assigning calls `setsockopt` with a string as a Buffer (as zeromq's sugar
 * does). Options `setsockopt` does not know are `readonly`; options v5 refuses are `never`.
 */
export type OptionProperties = {
  readonly [P in AllNames as ReadOnly<RowNamed<P>> extends true ? P : never]: PropertyType<RowNamed<P>>;
} & {
  -readonly [P in AllNames as ReadOnly<RowNamed<P>> extends true ? never : P]: PropertyType<RowNamed<P>>;
};

interface OptionAccess {
  getsockopt(option: string): OptionValue;
  setsockopt(option: string, value: OptionInput): unknown;
}

/** @internal Defines the option properties on the compat socket class (skipping names it already has). */
export function installOptionProperties(proto: OptionAccess): void {
  for (const name of PROPERTY_OPTION_NAMES) {
    if (name in proto) continue;
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: false,
      get(this: OptionAccess): OptionValue {
        return this.getsockopt(name);
      },
      set(this: OptionAccess, value: OptionInput) {
        this.setsockopt(name, typeof value === "string" ? Buffer.from(value, "utf8") : value);
      },
    });
  }
}
