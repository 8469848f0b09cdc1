/**
 * Where transports and engines report monitor events. The socket implements it and fans the
 * event out to its monitors; emitting never throws and never blocks.
 */
export interface EventSink {
  /**
   * @param event a ZMQ_EVENT_* number
   * @param value the event's value (fd, errno, interval, protocol error or status)
   * @param local local endpoint ("" when none)
   * @param remote remote endpoint ("" when none)
   * @param bindSide true when the event belongs to the bind side (v1 then carries `local`)
   */
  event(event: number, value: number, local: string, remote: string, bindSide: boolean, detail?: EventDetail): void;
}

/** What the engine knows about the peer when a handshake succeeds (for the detailed view). */
export interface EventDetail {
  /** The peer's Socket-Type property, e.g. "DEALER". */
  readonly peerSocketType?: string;
  /** The peer's Identity property (its routing id), if it sent one. */
  readonly peerRoutingId?: Buffer;
  /** Security mechanism of the connection ("NULL", "PLAIN", "CURVE"). */
  readonly mechanism?: string;
  /** ZMTP minor version the peer announced (0 = ZMTP 3.0). */
  readonly zmtpMinor?: number;
  /** The peer's properties (READY/INITIATE metadata, ZAP's User-Id and metadata). */
  readonly properties?: ReadonlyMap<string, Buffer>;
  /** PIPES_STATS values. */
  readonly values?: readonly number[];
}
