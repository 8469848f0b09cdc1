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
  event(event: number, value: number, local: string, remote: string, bindSide: boolean): void;
}
