/**
 * The zeromq v6 socket classes. Each class's option properties come from the option table
 * (src/options/): its own options (`OptionProps<"DEALER">`, ...) and, as in the binding,
 * the send options (`Writable`) if it sends and the receive options (`Readable`) if it receives.
 */
import { OPTIONS } from "../options/table.js";
import { SOCKET_TYPES } from "./factory.js";
import { installOptions, type OptionProps } from "./options.js";
import { Socket } from "./native.js";
import type { SocketOptionsInit } from "./socket.js";

const SUBSCRIBE = OPTIONS.subscribe.id;
const UNSUBSCRIBE = OPTIONS.unsubscribe.id;

/** The options of a socket that sends (the binding's Writable). */
export interface Writable extends OptionProps<"send"> {}
/** The options of a socket that receives (the binding's Readable). */
export interface Readable extends OptionProps<"receive"> {}

/** ZMQ_PAIR: one exclusive peer. */
export class Pair extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.PAIR.id, options);
  }
}
export interface Pair extends OptionProps<"PAIR">, Readable, Writable {}

/** ZMQ_PUB: sends to every subscriber whose subscription prefixes the message; drops for slow ones. */
export class Publisher extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.PUB.id, options);
  }
}
export interface Publisher extends OptionProps<"PUB">, Writable {}

/** ZMQ_SUB: receives what matches its subscriptions. */
export class Subscriber extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.SUB.id, options);
  }
  /**
   * ZMQ_SUBSCRIBE for each prefix (a string, Buffer or typed array; null is the empty prefix);
   * no argument subscribes to everything. Each is a raw option write, as in the binding: on a
   * closed socket it throws ENOTSOCK.
   */
  subscribe(...prefixes: Array<string | Buffer>): void {
    if (prefixes.length === 0) this.setStringOption(SUBSCRIBE, null);
    for (const p of prefixes) this.setStringOption(SUBSCRIBE, p);
  }
  /** ZMQ_UNSUBSCRIBE for each prefix; no argument removes the subscribe-all. */
  unsubscribe(...prefixes: Array<string | Buffer>): void {
    if (prefixes.length === 0) this.setStringOption(UNSUBSCRIBE, null);
    for (const p of prefixes) this.setStringOption(UNSUBSCRIBE, p);
  }
}
export interface Subscriber extends OptionProps<"SUB">, Readable {}

/** ZMQ_REQ: strict request/reply alternation (EFSM out of turn). */
export class Request extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.REQ.id, options);
  }
}
export interface Request extends OptionProps<"REQ">, Readable, Writable {}

/** ZMQ_REP: one reply per request, routed back along the request's envelope. */
export class Reply extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.REP.id, options);
  }
}
export interface Reply extends OptionProps<"REP">, Readable, Writable {}

/** ZMQ_DEALER: round-robin send, fair-queued receive. */
export class Dealer extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.DEALER.id, options);
  }
}
export interface Dealer extends OptionProps<"DEALER">, Readable, Writable {}

/** Options of `Router.connect` / `Stream.connect`. */
export interface RouterConnectOptions {
  /** ZMQ_CONNECT_ROUTING_ID: the id this peer gets in our routing table. */
  routingId?: string;
}

/** Sets ZMQ_CONNECT_ROUTING_ID for the next connect when `routingId` is given (as the binding, when it is truthy). */
function connectWithId(socket: Socket, options: RouterConnectOptions): void {
  if (options.routingId) socket.setStringOption(OPTIONS.connectRoutingId.id, options.routingId);
}

/** ZMQ_ROUTER: messages are prefixed with / routed by the peer's routing id. */
export class Router extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.ROUTER.id, options);
  }
  /** zmq_connect, with ZMQ_CONNECT_ROUTING_ID set first when `routingId` is given. */
  override connect(address: string, options: RouterConnectOptions = {}): void {
    connectWithId(this, options);
    super.connect(address);
  }
}
export interface Router extends OptionProps<"ROUTER">, Readable, Writable {}

/** ZMQ_PULL: fair-queued receive. */
export class Pull extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.PULL.id, options);
  }
}
export interface Pull extends OptionProps<"PULL">, Readable {}

/** ZMQ_PUSH: round-robin send. */
export class Push extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.PUSH.id, options);
  }
}
export interface Push extends OptionProps<"PUSH">, Writable {}

/** ZMQ_XPUB: a publisher that hands subscription messages to the application. */
export class XPublisher extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.XPUB.id, options);
  }
}
export interface XPublisher extends OptionProps<"XPUB">, Readable, Writable {}

/** ZMQ_XSUB: a subscriber that sends subscription messages (`\x01topic` / `\x00topic`) itself. */
export class XSubscriber extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.XSUB.id, options);
  }
}
export interface XSubscriber extends OptionProps<"XSUB">, Readable, Writable {}

/** ZMQ_STREAM: raw TCP peers; receive `[id, data]` (empty data = connected/disconnected), send `[id, data]` (empty = close). */
export class Stream extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.STREAM.id, options);
  }
  /** zmq_connect, with ZMQ_CONNECT_ROUTING_ID set first when `routingId` is given. */
  override connect(address: string, options: RouterConnectOptions = {}): void {
    connectWithId(this, options);
    super.connect(address);
  }
}
export interface Stream extends OptionProps<"STREAM">, Readable, Writable {}

installOptions(Pair, "PAIR");
installOptions(Publisher, "PUB");
installOptions(Subscriber, "SUB");
installOptions(Request, "REQ");
installOptions(Reply, "REP");
installOptions(Dealer, "DEALER");
installOptions(Router, "ROUTER");
installOptions(Pull, "PULL");
installOptions(Push, "PUSH");
installOptions(XPublisher, "XPUB");
installOptions(XSubscriber, "XSUB");
installOptions(Stream, "STREAM");
