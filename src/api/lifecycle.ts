import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";

/** Where a public socket is in its life; the one guard of which operations it accepts. */
export const enum Phase {
  /** Accepts every operation. */
  Open,
  /** A bind or unbind is in flight: other operations are EBUSY until it settles. */
  Blocked,
  /** `close()` came while blocked: the socket closes as soon as the operation settles. */
  CloseWhenSettled,
  /** Closed; every operation but `close()` (a no-op) is EBADF, options are ENOTSOCK. */
  Closed,
}

const BLOCKED = "Socket is blocked by a bind or unbind operation";

/**
 * The state of one public socket that the binding makes observable: its phase, and its count
 * of endpoints, which decides when setting an option warns that it waits for the next
 * connect/bind. The count follows the binding exactly: every settled bind (failed ones too)
 * adds one, every settled unbind (failed ones too) takes one, a successful connect adds one and
 * a successful disconnect takes one.
 */
/** A socket's own send and receive, without the Blocked check (for a Proxy, which blocks the socket for everyone else). */
export interface SocketIo {
  send(msg: Buffer[]): Promise<void>;
  receive(): Promise<Buffer[]>;
}

export class SocketState {
  phase = Phase.Open;
  endpoints = 0;

  constructor(
    readonly core: SocketBase,
    readonly io: SocketIo,
  ) {}

  /** True once closed (by `close()`, or by its context's termination). */
  get closed(): boolean {
    return this.phase === Phase.Closed || this.core.closed;
  }

  /** EBADF when closed, EBUSY while a bind or unbind is in flight. */
  checkOpen(): void {
    if (this.closed) throw zmqError("EBADF");
    if (this.phase !== Phase.Open) throw zmqError("EBUSY", BLOCKED);
  }

  /** True when an option set now waits for the next connect/bind (the binding warns then). */
  get deferring(): boolean {
    return this.endpoints !== 0 || this.phase !== Phase.Open || this.core.closed;
  }
}
