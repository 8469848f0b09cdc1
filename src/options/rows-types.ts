/**
 * Option table rows that only some socket types have; most live on the type's core (the
 * socket/ class of that type). The TSDoc of each row documents its v6 property.
 */
import { bool, optionalView, prefix, truthy, type OptionRow, type Validator } from "./kinds.js";

/** A SUB core subscribes; an XPUB core in manual mode (un)subscribes its last subscriber. */
export type Subscribable = { subscribe(topic: Buffer): void; unsubscribe(topic: Buffer): void } | XPubManual;
export interface XPubManual {
  manualSubscription(subscribe: boolean, topic: Buffer): void;
}

function subscription(target: Subscribable, subscribe: boolean, topic: Buffer): void {
  if ("manualSubscription" in target) target.manualSubscription(subscribe, topic);
  else if (subscribe) target.subscribe(topic);
  else target.unsubscribe(topic);
}

type Verbosity = null | "allSubs" | "allSubsUnsubs";
/** Any value passes, as the binding's `verbosity` setter checks none (the setter ignores the others). */
const verbosity: Validator<Verbosity> = { parse: (v) => v as Verbosity };

export const TYPE_ROWS = {
  /** ZMQ_SUBSCRIBE: adds a prefix filter (SUB), or a subscription of the last subscriber (XPUB in manual mode). */
  subscribe: {
    id: 6,
    zmq: ["ZMQ_SUBSCRIBE"],
    kind: "string",
    scope: ["SUB", "XPUB"],
    status: "applied",
    warns: false,
    access: "w",
    on: "core",
    property: false,
    check: prefix,
    set: (core: Subscribable, topic: Buffer) => subscription(core, true, topic),
    v5: { short: "_subscribe", constants: ["ZMQ_SUBSCRIBE"], set: "value" },
  },
  /** ZMQ_UNSUBSCRIBE: removes a prefix filter (SUB), or a subscription of the last subscriber (XPUB in manual mode). */
  unsubscribe: {
    id: 7,
    zmq: ["ZMQ_UNSUBSCRIBE"],
    kind: "string",
    scope: ["SUB", "XPUB"],
    status: "applied",
    warns: false,
    access: "w",
    on: "core",
    property: false,
    check: prefix,
    set: (core: Subscribable, topic: Buffer) => subscription(core, false, topic),
    v5: { short: "_unsubscribe", constants: ["ZMQ_UNSUBSCRIBE"], set: "value" },
  },
  /** ZMQ_PROBE_ROUTER: send an empty message to each new peer, so a ROUTER learns our id at once. Default false. */
  probeRouter: {
    id: 51,
    zmq: ["ZMQ_PROBE_ROUTER"],
    kind: "bool",
    scope: ["REQ", "DEALER", "ROUTER"],
    status: "applied",
    warns: false,
    access: "w",
    property: "setter",
    on: "core",
    field: "probe",
    default: false,
    check: bool,
  },
  /** ZMQ_REQ_CORRELATE: prefix requests with an id and drop replies that do not carry the last one. Default false. */
  correlate: {
    id: 52,
    zmq: ["ZMQ_REQ_CORRELATE"],
    kind: "bool",
    scope: ["REQ"],
    status: "applied",
    warns: false,
    access: "w",
    property: "setter",
    on: "core",
    field: "correlate",
    default: false,
    check: bool,
  },
  /** ZMQ_REQ_RELAXED: allow a new request before the reply to the last one (which is then dropped). Default false. */
  relaxed: {
    id: 53,
    zmq: ["ZMQ_REQ_RELAXED"],
    kind: "bool",
    scope: ["REQ"],
    status: "applied",
    warns: false,
    access: "w",
    property: "setter",
    on: "core",
    field: "relaxed",
    default: false,
    check: bool,
  },
  /** ZMQ_ROUTER_MANDATORY: EHOSTUNREACH for unknown ids, and sends wait instead of dropping when a peer is full. Default false. */
  mandatory: {
    id: 33,
    zmq: ["ZMQ_ROUTER_MANDATORY"],
    kind: "bool",
    scope: ["ROUTER"],
    status: "applied",
    warns: false,
    access: "w",
    on: "core",
    field: "mandatory",
    default: false,
    check: bool,
    v5: { constants: ["ZMQ_ROUTER_MANDATORY"], get: "flag", set: "flag" },
  },
  /** ZMQ_ROUTER_HANDOVER: a new peer with a routing id already in use takes it over. Default false. */
  handover: {
    id: 56,
    zmq: ["ZMQ_ROUTER_HANDOVER"],
    kind: "bool",
    scope: ["ROUTER"],
    status: "applied",
    warns: false,
    access: "w",
    property: "setter",
    on: "core",
    field: "handover",
    default: false,
    check: bool,
    v5: { constants: ["ZMQ_ROUTER_HANDOVER"], set: "flag" },
  },
  /** ZMQ_ROUTER_RAW: not offered (a STREAM socket does raw TCP). */
  routerRaw: {
    id: 41,
    zmq: ["ZMQ_ROUTER_RAW"],
    kind: "bool",
    scope: ["ROUTER"],
    status: "absent",
    warns: true,
    on: "core",
    v5: { constants: ["ZMQ_ROUTER_RAW"], refused: "both" },
  },
  /** ZMQ_XPUB_NODROP: sends wait (EAGAIN on timeout) instead of dropping when a subscriber (or a RADIO's joined DISH) is full. Default false. */
  noDrop: {
    id: 69,
    zmq: ["ZMQ_XPUB_NODROP"],
    kind: "bool",
    scope: ["PUB", "XPUB"],
    rawOnly: ["RADIO"],
    status: "applied",
    warns: true,
    access: "w",
    property: "setter",
    on: "core",
    field: "noDrop",
    default: false,
    check: bool,
  },
  /** ZMQ_INVERT_MATCHING: deliver the messages that do not match the subscriptions. Default false. */
  invertMatching: {
    id: 74,
    zmq: ["ZMQ_INVERT_MATCHING"],
    kind: "bool",
    scope: ["PUB", "SUB", "XPUB"],
    status: "applied",
    warns: true,
    on: "core",
    field: "invert",
    default: false,
    check: bool,
  },
  /** ZMQ_XPUB_MANUAL: subscriptions take effect only through ZMQ_SUBSCRIBE/ZMQ_UNSUBSCRIBE set by the application. Default false. */
  manual: {
    id: 71,
    zmq: ["ZMQ_XPUB_MANUAL"],
    kind: "bool",
    scope: ["XPUB"],
    status: "applied",
    warns: true,
    access: "w",
    property: "setter",
    on: "core",
    field: "manual",
    default: false,
    check: bool,
  },
  /** ZMQ_XPUB_WELCOME_MSG: a message sent to each new subscriber; null = none. Default null. */
  welcomeMessage: {
    id: 72,
    zmq: ["ZMQ_XPUB_WELCOME_MSG"],
    kind: "buffer",
    scope: ["XPUB"],
    status: "applied",
    warns: true,
    access: "w",
    property: "setter",
    on: "core",
    field: "welcome",
    default: null as Buffer | null,
    // An empty message is a message ("" is sent), unlike null.
    check: optionalView,
  },
  /** ZMQ_XPUB_VERBOSE (`"allSubs"`: pass on every subscribe) / ZMQ_XPUB_VERBOSER (`"allSubsUnsubs"`: and every unsubscribe); null = new ones only. Default null. */
  verbosity: {
    id: -1,
    zmq: [],
    kind: "string",
    scope: ["XPUB"],
    status: "applied",
    warns: false,
    property: "setter",
    on: "core",
    check: verbosity,
    // As the binding's setter: each value sets one of the two options; anything else does nothing.
    set: (core: { verbose: boolean; verboser: boolean }, v: Verbosity) => {
      if (v === null) core.verbose = false;
      else if (v === "allSubs") core.verbose = true;
      else if (v === "allSubsUnsubs") core.verboser = true;
    },
  },
  /** ZMQ_XPUB_VERBOSE: pass every subscribe up, duplicates included (raw accessors; the property is `verbosity`). Default false. */
  xpubVerbose: {
    id: 40,
    zmq: ["ZMQ_XPUB_VERBOSE"],
    kind: "bool",
    scope: ["XPUB"],
    status: "applied",
    warns: false,
    access: "w",
    on: "core",
    property: false,
    field: "verbose",
    default: false,
    check: truthy,
    v5: { constants: ["ZMQ_XPUB_VERBOSE"], get: "value", set: "value" },
  },
  /** ZMQ_XPUB_VERBOSER: pass every subscribe and unsubscribe up (raw accessors; the property is `verbosity`). Default false. */
  xpubVerboser: {
    id: 78,
    zmq: ["ZMQ_XPUB_VERBOSER"],
    kind: "bool",
    scope: ["XPUB"],
    status: "applied",
    warns: false,
    access: "w",
    on: "core",
    property: false,
    field: "verboser",
    default: false,
    check: truthy,
  },
  /** ZMQ_STREAM_NOTIFY: announce each connect and disconnect with an empty message. Default true. */
  notify: {
    id: 73,
    zmq: ["ZMQ_STREAM_NOTIFY"],
    kind: "bool",
    scope: ["STREAM"],
    status: "applied",
    warns: true,
    access: "w",
    property: "setter",
    on: "options",
    field: "streamNotify",
    default: true,
    check: bool,
  },
} as const satisfies Record<string, OptionRow>;
