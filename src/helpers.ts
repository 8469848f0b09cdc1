/**
 * `zmtp/helpers`: fixes for what users of the zeromq binding complain about, without changing
 * the drop-in classes: a send queue that never throws EBUSY, and event-style receiving.
 */
export { QueuedSender, onMessage } from "./api/queued.js";
