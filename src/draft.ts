/**
 * `zmtp/draft`: libzmq 4.3.5's draft socket types, as the zeromq binding's `zeromq/draft`
 * (Server, Client, Radio, Dish, Gather, Scatter, Datagram) plus Peer and Channel. Loading it
 * prints the binding's process warning, once per process.
 */
import { warnDraftOnce } from "./api/draft-warning.js";

export { Server, Client, Radio, Dish, Gather, Scatter, Datagram, Peer, Channel } from "./api/draft-sockets.js";
export type {
  DishGroupOptions,
  DishMessage,
  RadioGroupOptions,
  ServerMessage,
  ServerRoutingOptions,
} from "./api/draft-sockets.js";

warnDraftOnce();
