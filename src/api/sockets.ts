import { zmqError } from "../errors.js";
import type { SocketBase } from "../socket/base.js";
import type { DealerSocket } from "../socket/dealer.js";
import type { ReqSocket } from "../socket/req.js";
import type { RouterSocket } from "../socket/router.js";
import type { XPubSocket } from "../socket/xpub.js";
import type { XSubSocket } from "../socket/xsub.js";
import { ROUTING_ID_OPTION } from "./options.js";
import {
  Socket,
  socketCore,
  registerIoOptions,
  registerTypeOptions,
  type Readable,
  type SocketOptionsInit,
  type TypeOptionSpec,
  type Writable,
} from "./socket.js";

const bool = (v: unknown): boolean => {
  if (typeof v !== "boolean") throw new TypeError("Option value must be a boolean");
  return v;
};
const bytes = (v: unknown): Buffer => {
  if (typeof v === "string") return Buffer.from(v, "utf8");
  if (Buffer.isBuffer(v)) return v;
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError("Option value must be a string or buffer");
};

/** ZMQ_PAIR: one exclusive peer. */
export class Pair extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(0, options);
  }
}

/** ZMQ_PUB: sends to every subscriber whose subscription prefixes the message; drops for slow ones. */
export class Publisher extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(1, options);
  }
}
/** Publisher options. */
export interface Publisher {
  /** ZMQ_XPUB_NODROP: wait (EAGAIN on timeout) instead of dropping when a subscriber is full. */ noDrop: boolean;
  /** ZMQ_CONFLATE: keep only the newest message per queue. */ conflate: boolean;
  /** ZMQ_INVERT_MATCHING: send to peers whose subscriptions do not match. */ invertMatching: boolean;
}

/** ZMQ_SUB: receives what matches its subscriptions. */
export class Subscriber extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(2, options);
  }
  /** ZMQ_SUBSCRIBE for each prefix; no argument subscribes to everything. */
  subscribe(...prefixes: Array<string | Buffer>): void {
    const core = socketCore(this) as XSubSocket;
    if (core.closed) throw zmqError("EBADF");
    for (const p of prefixes.length ? prefixes : [""]) core.subscribe(bytes(p));
  }
  /** ZMQ_UNSUBSCRIBE for each prefix; no argument removes the subscribe-all. */
  unsubscribe(...prefixes: Array<string | Buffer>): void {
    const core = socketCore(this) as XSubSocket;
    if (core.closed) throw zmqError("EBADF");
    for (const p of prefixes.length ? prefixes : [""]) core.unsubscribe(bytes(p));
  }
}
/** Subscriber options. */
export interface Subscriber {
  /** ZMQ_CONFLATE */ conflate: boolean;
  /** ZMQ_INVERT_MATCHING */ invertMatching: boolean;
}

/** ZMQ_REQ: strict request/reply alternation (EFSM out of turn). */
export class Request extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(3, options);
  }
}
/** Request options. */
export interface Request {
  /** ZMQ_ROUTING_ID */ routingId: string | null;
  /** ZMQ_PROBE_ROUTER */ probeRouter: boolean;
  /** ZMQ_REQ_CORRELATE */ correlate: boolean;
  /** ZMQ_REQ_RELAXED */ relaxed: boolean;
}

/** ZMQ_REP: one reply per request, routed back along the request's envelope. */
export class Reply extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(4, options);
  }
}

/** Reply options. */
export interface Reply {
  /** ZMQ_ROUTING_ID */ routingId: string | null;
}

/** ZMQ_DEALER: round-robin send, fair-queued receive. */
export class Dealer extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(5, options);
  }
}
/** Dealer options. */
export interface Dealer {
  /** ZMQ_ROUTING_ID */ routingId: string | null;
  /** ZMQ_PROBE_ROUTER */ probeRouter: boolean;
  /** ZMQ_CONFLATE */ conflate: boolean;
}

/** Options of `Router.connect` / `Stream.connect`. */
export interface RouterConnectOptions {
  /** ZMQ_CONNECT_ROUTING_ID: the id this peer gets in our routing table. */
  routingId?: string;
}

/** ZMQ_ROUTER: messages are prefixed with / routed by the peer's routing id. */
export class Router extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(6, options);
  }
  /** zmq_connect, with ZMQ_CONNECT_ROUTING_ID set first when `routingId` is given. */
  override connect(address: string, options: RouterConnectOptions = {}): void {
    if (options.routingId !== undefined) socketCore(this).options.connectRoutingId = bytes(options.routingId);
    super.connect(address);
  }
}
/** Router options. */
export interface Router {
  /** ZMQ_ROUTING_ID */ routingId: string | null;
  /** ZMQ_ROUTER_MANDATORY: EHOSTUNREACH for unknown ids, waiting instead of dropping when full. */ mandatory: boolean;
  /** ZMQ_PROBE_ROUTER */ probeRouter: boolean;
  /** ZMQ_ROUTER_HANDOVER: a new peer with a taken id takes it over. */ handover: boolean;
}

/** ZMQ_PULL: fair-queued receive. */
export class Pull extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(7, options);
  }
}
/** Pull options. */
export interface Pull {
  /** ZMQ_CONFLATE */ conflate: boolean;
}

/** ZMQ_PUSH: round-robin send. */
export class Push extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(8, options);
  }
}
/** Push options. */
export interface Push {
  /** ZMQ_CONFLATE */ conflate: boolean;
}

/** ZMQ_XPUB: a publisher that hands subscription messages to the application. */
export class XPublisher extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(9, options);
  }
}
/** XPublisher options. */
export interface XPublisher {
  /** ZMQ_XPUB_NODROP */ noDrop: boolean;
  /** ZMQ_XPUB_MANUAL */ manual: boolean;
  /** ZMQ_XPUB_WELCOME_MSG */ welcomeMessage: string | null;
  /** ZMQ_INVERT_MATCHING */ invertMatching: boolean;
  /** ZMQ_XPUB_VERBOSE (`"allSubs"`) / ZMQ_XPUB_VERBOSER (`"allSubsUnsubs"`); null = neither. */
  verbosity: null | "allSubs" | "allSubsUnsubs";
}

/** ZMQ_XSUB: a subscriber that sends subscription messages (`\x01topic` / `\x00topic`) itself. */
export class XSubscriber extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(10, options);
  }
}

type Core<T> = (s: Socket) => T;
const dealer: Core<DealerSocket> = (s) => socketCore(s) as DealerSocket;
const req: Core<ReqSocket> = (s) => socketCore(s) as ReqSocket;
const router: Core<RouterSocket> = (s) => socketCore(s) as RouterSocket;
const xpub: Core<XPubSocket> = (s) => socketCore(s) as XPubSocket;
const xsub: Core<XSubSocket> = (s) => socketCore(s) as XSubSocket;
const base: Core<SocketBase> = (s) => socketCore(s);

/** ZMQ_ROUTING_ID as a per-type property. */
const routingId: TypeOptionSpec = {
  name: "routingId",
  id: 5,
  kind: "string",
  get: (s) => ROUTING_ID_OPTION.get(base(s).options),
  set: (s, v) => ROUTING_ID_OPTION.set!(base(s).options, v),
};

const conflate = {
  name: "conflate",
  id: 54,
  kind: "bool" as const,
  get: (s: Socket) => base(s).options.conflate,
  set: (s: Socket, v: unknown) => (base(s).options.conflate = bool(v)),
};
const probeRouter = (core: Core<{ probe: boolean }>) => ({
  name: "probeRouter",
  id: 51,
  kind: "bool" as const,
  get: (s: Socket) => core(s).probe,
  set: (s: Socket, v: unknown) => (core(s).probe = bool(v)),
});

registerTypeOptions(Publisher, [
  { name: "noDrop", id: 69, kind: "bool", get: (s) => xpub(s).noDrop, set: (s, v) => (xpub(s).noDrop = bool(v)) },
  conflate,
  {
    name: "invertMatching",
    id: 74,
    kind: "bool",
    get: (s) => xpub(s).invert,
    set: (s, v) => (xpub(s).invert = bool(v)),
  },
]);
registerTypeOptions(Subscriber, [
  conflate,
  {
    name: "invertMatching",
    id: 74,
    kind: "bool",
    get: (s) => xsub(s).invert,
    set: (s, v) => (xsub(s).invert = bool(v)),
  },
  {
    name: "subscribe",
    id: 6,
    kind: "string",
    rawOnly: true,
    get: () => null,
    set: (s, v) => xsub(s).subscribe(bytes(v)),
  },
  {
    name: "unsubscribe",
    id: 7,
    kind: "string",
    rawOnly: true,
    get: () => null,
    set: (s, v) => xsub(s).unsubscribe(bytes(v)),
  },
]);
registerTypeOptions(Request, [
  routingId,
  probeRouter(req),
  {
    name: "correlate",
    id: 52,
    kind: "bool",
    get: (s) => req(s).correlate,
    set: (s, v) => (req(s).correlate = bool(v)),
  },
  { name: "relaxed", id: 53, kind: "bool", get: (s) => req(s).relaxed, set: (s, v) => (req(s).relaxed = bool(v)) },
]);
registerTypeOptions(Dealer, [routingId, probeRouter(dealer), conflate]);
registerTypeOptions(Reply, [routingId]);
registerTypeOptions(Router, [
  routingId,
  {
    name: "mandatory",
    id: 33,
    kind: "bool",
    get: (s) => router(s).mandatory,
    set: (s, v) => (router(s).mandatory = bool(v)),
  },
  probeRouter(router),
  {
    name: "handover",
    id: 56,
    kind: "bool",
    get: (s) => router(s).handover,
    set: (s, v) => (router(s).handover = bool(v)),
  },
]);
registerTypeOptions(Pull, [conflate]);
registerTypeOptions(Push, [conflate]);
registerTypeOptions(XPublisher, [
  { name: "noDrop", id: 69, kind: "bool", get: (s) => xpub(s).noDrop, set: (s, v) => (xpub(s).noDrop = bool(v)) },
  { name: "manual", id: 71, kind: "bool", get: (s) => xpub(s).manual, set: (s, v) => (xpub(s).manual = bool(v)) },
  {
    name: "welcomeMessage",
    id: 72,
    kind: "string",
    get: (s) => xpub(s).welcome?.toString("utf8") ?? null,
    set: (s, v) => (xpub(s).welcome = v === null ? null : bytes(v)),
  },
  {
    name: "invertMatching",
    id: 74,
    kind: "bool",
    get: (s) => xpub(s).invert,
    set: (s, v) => (xpub(s).invert = bool(v)),
  },
  {
    name: "verbosity",
    id: -1,
    kind: "string",
    get: (s) => (xpub(s).verboser ? "allSubsUnsubs" : xpub(s).verbose ? "allSubs" : null),
    set: (s, v) => {
      if (v !== null && v !== "allSubs" && v !== "allSubsUnsubs")
        throw new TypeError('Option value must be null, "allSubs" or "allSubsUnsubs"');
      xpub(s).verbose = v === "allSubs";
      xpub(s).verboser = v === "allSubsUnsubs";
    },
  },
  {
    name: "verbose",
    id: 40,
    kind: "bool",
    rawOnly: true,
    get: (s) => xpub(s).verbose,
    set: (s, v) => (xpub(s).verbose = Boolean(v)),
  },
  {
    name: "verboser",
    id: 78,
    kind: "bool",
    rawOnly: true,
    get: (s) => xpub(s).verboser,
    set: (s, v) => (xpub(s).verboser = Boolean(v)),
  },
  {
    name: "subscribe",
    id: 6,
    kind: "string",
    rawOnly: true,
    get: () => null,
    set: (s, v) => xpub(s).manualSubscription(true, bytes(v)),
  },
  {
    name: "unsubscribe",
    id: 7,
    kind: "string",
    rawOnly: true,
    get: () => null,
    set: (s, v) => xpub(s).manualSubscription(false, bytes(v)),
  },
]);

/** ZMQ_STREAM: raw TCP peers; receive `[id, data]` (empty data = connected/disconnected), send `[id, data]` (empty = close). */
export class Stream extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(11, options);
  }
  /** zmq_connect, with ZMQ_CONNECT_ROUTING_ID set first when `routingId` is given. */
  override connect(address: string, options: RouterConnectOptions = {}): void {
    if (options.routingId !== undefined) socketCore(this).options.connectRoutingId = bytes(options.routingId);
    super.connect(address);
  }
}
/** Stream options. */
export interface Stream {
  /** ZMQ_STREAM_NOTIFY: announce connects and disconnects with empty messages (default true). */ notify: boolean;
}
registerTypeOptions(Stream, [
  {
    name: "notify",
    id: 73,
    kind: "bool",
    get: (s) => base(s).options.streamNotify,
    set: (s, v) => (base(s).options.streamNotify = bool(v)),
  },
]);

export interface Pair extends Readable, Writable {}
registerIoOptions(Pair, true, true);
export interface Publisher extends Writable {}
registerIoOptions(Publisher, true, false);
export interface Subscriber extends Readable {}
registerIoOptions(Subscriber, false, true);
export interface Request extends Readable, Writable {}
registerIoOptions(Request, true, true);
export interface Reply extends Readable, Writable {}
registerIoOptions(Reply, true, true);
export interface Dealer extends Readable, Writable {}
registerIoOptions(Dealer, true, true);
export interface Router extends Readable, Writable {}
registerIoOptions(Router, true, true);
export interface Pull extends Readable {}
registerIoOptions(Pull, false, true);
export interface Push extends Writable {}
registerIoOptions(Push, true, false);
export interface XPublisher extends Readable, Writable {}
registerIoOptions(XPublisher, true, true);
export interface XSubscriber extends Readable, Writable {}
registerIoOptions(XSubscriber, true, true);
export interface Stream extends Readable, Writable {}
registerIoOptions(Stream, true, true);
