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

export interface SocketOptions extends OptionFields {}

/** The options of one socket, in libzmq's units, starting at libzmq's defaults. */
export class SocketOptions {
  /** ZMQ_CONNECT_ROUTING_ID: the id the next connect gives its peer (Router/Stream `connect` options). */
  connectRoutingId: Buffer | null = null;
  /** Told after ZMQ_SNDHWM or ZMQ_RCVHWM is set: libzmq (>= 4.2) applies them to the existing pipes. */
  onHighWaterMarkChange: (() => void) | null = null;
  #sendHwm = 0;
  #receiveHwm = 0;

  get sendHighWaterMark(): number {
    return this.#sendHwm;
  }
  set sendHighWaterMark(hwm: number) {
    this.#sendHwm = hwm;
    this.onHighWaterMarkChange?.();
  }
  get receiveHighWaterMark(): number {
    return this.#receiveHwm;
  }
  set receiveHighWaterMark(hwm: number) {
    this.#receiveHwm = hwm;
    this.onHighWaterMarkChange?.();
  }

  constructor() {
    const fields = this as unknown as Record<string, unknown>;
    for (const [field, value] of DEFAULTS) fields[field] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
}
