/**
 * The socket option table: every option zmtp knows, one row each, keyed by its zeromq v6
 * property name. Everything else is derived from it: the option store (socket/options.ts), the
 * v6 properties, their types and the raw accessors (api/options.ts), v5 `setsockopt`/
 * `getsockopt`, `zmq.options` and the ZMQ_* option constants (compat/). Adding an option is
 * adding a row to one of the groups below.
 */
import type { OptionRow } from "./kinds.js";
import { OTHER_TRANSPORT_ROWS } from "./rows-other-transports.js";
import { SECURITY_ROWS } from "./rows-security.js";
import { SOCKET_ROWS } from "./rows-socket.js";
import { TRANSPORT_ROWS } from "./rows-transport.js";
import { TYPE_ROWS } from "./rows-types.js";

export const OPTIONS = { ...SOCKET_ROWS, ...TRANSPORT_ROWS, ...OTHER_TRANSPORT_ROWS, ...SECURITY_ROWS, ...TYPE_ROWS };

export type Options = typeof OPTIONS;
export type OptionKey = keyof Options;

type Overlap<A, B> = keyof A & keyof B;
type MustBeNever<T extends never> = T;
/** Compile-time check: the groups share no key (a spread would silently keep the last). */
export type GroupsShareNoKey = [
  MustBeNever<Overlap<typeof SOCKET_ROWS, typeof TRANSPORT_ROWS>>,
  MustBeNever<Overlap<typeof SOCKET_ROWS & typeof TRANSPORT_ROWS, typeof SECURITY_ROWS>>,
  MustBeNever<Overlap<typeof SOCKET_ROWS & typeof TRANSPORT_ROWS & typeof SECURITY_ROWS, typeof TYPE_ROWS>>,
  MustBeNever<
    Overlap<
      typeof SOCKET_ROWS & typeof TRANSPORT_ROWS & typeof SECURITY_ROWS & typeof TYPE_ROWS,
      typeof OTHER_TRANSPORT_ROWS
    >
  >,
];

/** Every row with its key, in table order. */
export const ROWS: ReadonlyArray<readonly [OptionKey, OptionRow]> = Object.entries(OPTIONS) as Array<
  [OptionKey, OptionRow]
>;

/** The row of each libzmq option id. */
export const ROW_BY_ID: ReadonlyMap<number, readonly [OptionKey, OptionRow]> = new Map(
  ROWS.filter(([, row]) => row.id >= 0).map((entry) => [entry[1].id, entry]),
);
