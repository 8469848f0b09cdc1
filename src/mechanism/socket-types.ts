/**
 * libzmq's socket types (zmq.h ZMQ_PAIR ... ZMQ_CHANNEL): number and wire name (the READY
 * Socket-Type property), in one place. Types 12–20 are libzmq drafts.
 */
export const SocketType = {
  PAIR: 0,
  PUB: 1,
  SUB: 2,
  REQ: 3,
  REP: 4,
  DEALER: 5,
  ROUTER: 6,
  PULL: 7,
  PUSH: 8,
  XPUB: 9,
  XSUB: 10,
  STREAM: 11,
  SERVER: 12,
  CLIENT: 13,
  RADIO: 14,
  DISH: 15,
  GATHER: 16,
  SCATTER: 17,
  DGRAM: 18,
  PEER: 19,
  CHANNEL: 20,
} as const;

/** A socket type number (ZMQ_PAIR = 0 ... ZMQ_CHANNEL = 20). */
export type SocketType = (typeof SocketType)[keyof typeof SocketType];
/** A socket type's wire name, as sent in the Socket-Type property. */
export type SocketTypeName = keyof typeof SocketType;

/** Number → wire name, derived from SocketType. */
export const SocketTypeNames: Readonly<Record<number, SocketTypeName>> = Object.fromEntries(
  (Object.keys(SocketType) as SocketTypeName[]).map((name) => [SocketType[name], name]),
);

/** The wire name of a socket type number; a number libzmq does not define is a bug of ours. */
export function socketTypeName(type: number): SocketTypeName {
  const name = SocketTypeNames[type];
  if (name === undefined) throw new RangeError(`no socket type ${type}`);
  return name;
}

/**
 * Which peer Socket-Types each type accepts: RFC 37's table, as libzmq's
 * mechanism_t::check_socket_type (draft pairs included). STREAM speaks no ZMTP.
 */
const COMPATIBLE: { readonly [T in SocketTypeName]: readonly SocketTypeName[] } = {
  PAIR: ["PAIR"],
  PUB: ["SUB", "XSUB"],
  SUB: ["PUB", "XPUB"],
  REQ: ["REP", "ROUTER"],
  REP: ["REQ", "DEALER"],
  DEALER: ["REP", "DEALER", "ROUTER"],
  ROUTER: ["REQ", "DEALER", "ROUTER"],
  PULL: ["PUSH"],
  PUSH: ["PULL"],
  XPUB: ["SUB", "XSUB"],
  XSUB: ["PUB", "XPUB"],
  STREAM: [],
  SERVER: ["CLIENT"],
  CLIENT: ["SERVER"],
  RADIO: ["DISH"],
  DISH: ["RADIO"],
  GATHER: ["SCATTER"],
  SCATTER: ["GATHER"],
  DGRAM: ["DGRAM"],
  PEER: ["PEER"],
  CHANNEL: ["CHANNEL"],
};

/** Whether a local type accepts a peer announcing `peer` as its Socket-Type (compared byte-exact). */
export function socketTypesCompatible(local: SocketTypeName, peer: string): boolean {
  return (COMPATIBLE[local] as readonly string[]).includes(peer);
}

/** Types whose READY carries an Identity property (libzmq: REQ, DEALER, ROUTER). */
export function sendsIdentity(type: number): boolean {
  return type === SocketType.REQ || type === SocketType.DEALER || type === SocketType.ROUTER;
}

/**
 * What a socket does with a SUBSCRIBE or CANCEL command from a peer, as libzmq 4.3.5 does
 * (measured through the binding): PUB/XPUB read it as a subscription; REQ's session ignores
 * commands; every other type gets the command body as an ordinary one-part message (libzmq's
 * session pushes it into the pipe like data: `\x09SUBSCRIBE topic`), subject to its filters.
 * Either way it passes through the receive high-water mark.
 */
export type SubscriptionCommandUse = "subscription" | "message" | "ignored";

export function subscriptionCommandUse(type: number): SubscriptionCommandUse {
  if (type === SocketType.PUB || type === SocketType.XPUB) return "subscription";
  if (type === SocketType.REQ) return "ignored";
  return "message";
}
