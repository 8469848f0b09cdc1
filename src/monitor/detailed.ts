import { constants as osConstants } from "node:os";
import * as E from "../events/events.js";
import type { EventDetail } from "../events/sink.js";

const ERRNO_NAMES: Record<number, string> = {};
for (const [name, n] of Object.entries(osConstants.errno as Record<string, number>)) {
  if (!(n in ERRNO_NAMES)) ERRNO_NAMES[n] = name;
}

/** Fields every detailed event has. */
interface Base {
  /** ZMQ_EVENT_* number. */
  readonly event: number;
  /** The raw 32-bit value libzmq would put in the v1 frame. */
  readonly value: number;
  /** Local endpoint ("" when none). */
  readonly local: string;
  /** Remote endpoint ("" when none). */
  readonly remote: string;
  /** The endpoint the v1 format carries (local on the bind side, remote on the connect side). */
  readonly endpoint: string;
  /** Date.now() when the event happened. */
  readonly timestamp: number;
}

/** An event carrying a file descriptor (or zmtp's synthetic handle, >= 2^30). */
export interface FdEvent<N extends string> extends Base {
  readonly type: N;
  readonly fd: number;
}
/** An event carrying an errno. */
export interface ErrnoEvent<N extends string> extends Base {
  readonly type: N;
  readonly errno: number;
  /** POSIX name of `errno`, e.g. "EADDRINUSE". */
  readonly code: string;
}

/**
 * Every monitor event with everything zmtp knows about it, as a union that narrows on `type`
 * (libzmq's event name without the ZMQ_EVENT_ prefix).
 */
export type DetailedEvent =
  | FdEvent<"CONNECTED">
  | ErrnoEvent<"CONNECT_DELAYED">
  | (Base & { readonly type: "CONNECT_RETRIED"; readonly interval: number })
  | FdEvent<"LISTENING">
  | ErrnoEvent<"BIND_FAILED">
  | FdEvent<"ACCEPTED">
  | ErrnoEvent<"ACCEPT_FAILED">
  | FdEvent<"CLOSED">
  | ErrnoEvent<"CLOSE_FAILED">
  | FdEvent<"DISCONNECTED">
  | (Base & { readonly type: "MONITOR_STOPPED" })
  | ErrnoEvent<"HANDSHAKE_FAILED_NO_DETAIL">
  | (Base & {
      readonly type: "HANDSHAKE_SUCCEEDED";
      /** The peer's Socket-Type, e.g. "DEALER" (undefined if it sent none). */
      readonly peerSocketType: string | undefined;
      /** The peer's routing id (its Identity property), if it sent a non-empty one. */
      readonly peerRoutingId: Buffer | undefined;
      /** "NULL", "PLAIN" or "CURVE". */
      readonly mechanism: string;
      /** 0 for a ZMTP 3.0 peer, 1 for 3.1. */
      readonly zmtpMinor: number;
      /** The User-Id the ZAP handler gave this peer (UTF-8), if any. */
      readonly userId: string | undefined;
      /** Every property of the peer: its READY/INITIATE metadata, then ZAP's User-Id and metadata. */
      readonly properties: ReadonlyMap<string, Buffer>;
    })
  | (Base & {
      readonly type: "HANDSHAKE_FAILED_PROTOCOL";
      /** The PROTOCOL_ERROR_* name, e.g. "ZMTP_MECHANISM_MISMATCH". */
      readonly protocolError: string;
    })
  | (Base & { readonly type: "HANDSHAKE_FAILED_AUTH"; readonly status: number })
  | (Base & { readonly type: "PIPES_STATS"; readonly outbound: number; readonly inbound: number })
  | (Base & { readonly type: "UNKNOWN" });

export type DetailedEventType = DetailedEvent["type"];

const NO_PROPERTIES: ReadonlyMap<string, Buffer> = new Map();

/** Builds the detailed event for one raw event. */
export function toDetailedEvent(
  event: number,
  value: number,
  local: string,
  remote: string,
  bindSide: boolean,
  detail: EventDetail | undefined,
): DetailedEvent {
  const base: Base = { event, value, local, remote, endpoint: bindSide ? local : remote, timestamp: Date.now() };
  const fd = <N extends string>(type: N): FdEvent<N> => ({ ...base, type, fd: value });
  const err = <N extends string>(type: N): ErrnoEvent<N> => ({
    ...base,
    type,
    errno: value,
    code: ERRNO_NAMES[value] ?? "UNKNOWN",
  });
  switch (event) {
    case E.EVENT_CONNECTED:
      return fd("CONNECTED");
    case E.EVENT_CONNECT_DELAYED:
      return err("CONNECT_DELAYED");
    case E.EVENT_CONNECT_RETRIED:
      return { ...base, type: "CONNECT_RETRIED", interval: value };
    case E.EVENT_LISTENING:
      return fd("LISTENING");
    case E.EVENT_BIND_FAILED:
      return err("BIND_FAILED");
    case E.EVENT_ACCEPTED:
      return fd("ACCEPTED");
    case E.EVENT_ACCEPT_FAILED:
      return err("ACCEPT_FAILED");
    case E.EVENT_CLOSED:
      return fd("CLOSED");
    case E.EVENT_CLOSE_FAILED:
      return err("CLOSE_FAILED");
    case E.EVENT_DISCONNECTED:
      return fd("DISCONNECTED");
    case E.EVENT_MONITOR_STOPPED:
      return { ...base, type: "MONITOR_STOPPED" };
    case E.EVENT_HANDSHAKE_FAILED_NO_DETAIL:
      return err("HANDSHAKE_FAILED_NO_DETAIL");
    case E.EVENT_HANDSHAKE_SUCCEEDED:
      return {
        ...base,
        type: "HANDSHAKE_SUCCEEDED",
        peerSocketType: detail?.peerSocketType,
        peerRoutingId: detail?.peerRoutingId && detail.peerRoutingId.length > 0 ? detail.peerRoutingId : undefined,
        mechanism: detail?.mechanism ?? "NULL",
        zmtpMinor: detail?.zmtpMinor ?? 1,
        userId: detail?.properties?.get("User-Id")?.toString("utf8"),
        properties: detail?.properties ?? NO_PROPERTIES,
      };
    case E.EVENT_HANDSHAKE_FAILED_PROTOCOL:
      return { ...base, type: "HANDSHAKE_FAILED_PROTOCOL", protocolError: E.PROTOCOL_ERROR_NAMES[value] ?? "UNKNOWN" };
    case E.EVENT_HANDSHAKE_FAILED_AUTH:
      return { ...base, type: "HANDSHAKE_FAILED_AUTH", status: value };
    case E.EVENT_PIPES_STATS:
      return { ...base, type: "PIPES_STATS", outbound: detail?.values?.[0] ?? 0, inbound: detail?.values?.[1] ?? 0 };
    default:
      return { ...base, type: "UNKNOWN" };
  }
}
