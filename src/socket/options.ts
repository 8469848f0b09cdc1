/**
 * A socket's option store: one field per option-table row that keeps its value in the socket's
 * options (`on: "options"` with a `field`), typed and initialised from the row's default. The
 * table (src/options/table.ts) documents each field's option, units and default.
 */
import { OPTIONS, ROWS, type OptionKey } from "../options/table.js";

type Row<K extends OptionKey> = (typeof OPTIONS)[K];

/** The rows stored here. */
type StoredKey = {
  [K in OptionKey]: Row<K> extends { readonly on: "options"; readonly field: string; readonly default: unknown }
    ? K
    : never;
}[OptionKey];

/** A default's type as a field type (1000 → number, readonly string[] → string[]). */
type FieldType<T> = T extends number
  ? number
  : T extends boolean
    ? boolean
    : T extends string
      ? string
      : T extends readonly (infer E)[]
        ? E[]
        : T;

/** The stored fields, named and typed by the table. */
export type OptionFields = {
  -readonly [K in StoredKey as Row<K>["field"]]: FieldType<Row<K>["default"]>;
};

const DEFAULTS: ReadonlyArray<readonly [string, unknown]> = ROWS.flatMap(([, row]) =>
  row.on === "options" && row.field !== undefined ? [[row.field, row.default] as const] : [],
);

const SEND_HWM = Symbol("sendHighWaterMark");
const RECEIVE_HWM = Symbol("receiveHighWaterMark");
/** Options kept behind accessors (below): their defaults go to the fields behind them. */
const ACCESSORS: Readonly<Record<string, symbol>> = {
  sendHighWaterMark: SEND_HWM,
  receiveHighWaterMark: RECEIVE_HWM,
};

/**
 * Every field at its default, as one object a store is spread from. A store whose fields were
 * added one by one (46 of them) fell into V8's dictionary mode: 3.2 KB per socket, and every
 * option read on the hot path (sendTimeout per send, receiveTimeout per receive) a hash lookup.
 * Spread from a template, a store has the template's fast shape.
 */
const TEMPLATE: Record<string | symbol, unknown> = {
  ...Object.fromEntries(DEFAULTS.map(([field, value]) => [ACCESSORS[field] ?? field, value])),
  connectRoutingId: null,
  onHighWaterMarkChange: null,
};
/** Fields whose default is a list: each store gets its own copy. */
const LIST_FIELDS = DEFAULTS.filter(([, value]) => Array.isArray(value)).map(([field]) => field);

export interface SocketOptions extends OptionFields {}

/** The options of one socket, in libzmq's units, starting at libzmq's defaults. */
export class SocketOptions {
  /** ZMQ_CONNECT_ROUTING_ID: the id the next connect gives its peer (Router/Stream `connect` options). */
  declare connectRoutingId: Buffer | null;
  /** Told after ZMQ_SNDHWM or ZMQ_RCVHWM is set: libzmq (>= 4.2) applies them to the existing pipes. */
  declare onHighWaterMarkChange: (() => void) | null;
  declare [SEND_HWM]: number;
  declare [RECEIVE_HWM]: number;

  get sendHighWaterMark(): number {
    return this[SEND_HWM];
  }
  set sendHighWaterMark(hwm: number) {
    this[SEND_HWM] = hwm;
    this.onHighWaterMarkChange?.();
  }
  get receiveHighWaterMark(): number {
    return this[RECEIVE_HWM];
  }
  set receiveHighWaterMark(hwm: number) {
    this[RECEIVE_HWM] = hwm;
    this.onHighWaterMarkChange?.();
  }

  constructor() {
    // The store is the template's copy with this class's prototype (getters above); a constructor
    // may return another object than the one `new` gives. A bare spread is V8's fast object clone,
    // and the prototype set after it is a cached map transition, so every store shares one fast
    // shape: 0.4 µs a socket, where a literal with `__proto__` and the spread took 1.7.
    const store = { ...TEMPLATE } as unknown as Record<string, unknown>;
    Object.setPrototypeOf(store, new.target.prototype);
    for (const field of LIST_FIELDS) store[field] = [...(TEMPLATE[field] as unknown[])];
    return store as unknown as SocketOptions;
  }
}
