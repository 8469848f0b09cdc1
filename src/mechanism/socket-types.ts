/** Socket type numbers (ZMQ_PAIR ... ZMQ_CHANNEL) and their wire names. */
export const SocketTypeNames: Readonly<Record<number, string>> = {
  0: "PAIR",
  1: "PUB",
  2: "SUB",
  3: "REQ",
  4: "REP",
  5: "DEALER",
  6: "ROUTER",
  7: "PULL",
  8: "PUSH",
  9: "XPUB",
  10: "XSUB",
  11: "STREAM",
  12: "SERVER",
  13: "CLIENT",
  14: "RADIO",
  15: "DISH",
  16: "GATHER",
  17: "SCATTER",
  18: "DGRAM",
  19: "PEER",
  20: "CHANNEL",
};

/** Which peer Socket-Type names each local type accepts (RFC 37, as libzmq's check_socket_type). */
const COMPATIBLE: Readonly<Record<string, readonly string[]>> = {
  REQ: ["REP", "ROUTER"],
  REP: ["REQ", "DEALER"],
  DEALER: ["REP", "DEALER", "ROUTER"],
  ROUTER: ["REQ", "DEALER", "ROUTER"],
  PUB: ["SUB", "XSUB"],
  XPUB: ["SUB", "XSUB"],
  SUB: ["PUB", "XPUB"],
  XSUB: ["PUB", "XPUB"],
  PUSH: ["PULL"],
  PULL: ["PUSH"],
  PAIR: ["PAIR"],
  SERVER: ["CLIENT"],
  CLIENT: ["SERVER"],
  RADIO: ["DISH"],
  DISH: ["RADIO"],
  SCATTER: ["GATHER"],
  GATHER: ["SCATTER"],
  DGRAM: ["DGRAM"],
  PEER: ["PEER"],
  CHANNEL: ["CHANNEL"],
};

export function socketTypesCompatible(local: string, peer: string): boolean {
  const ok = COMPATIBLE[local];
  return ok !== undefined && ok.includes(peer);
}

/** Types whose READY carries an Identity property (libzmq: REQ, DEALER, ROUTER). */
export function sendsIdentity(type: number): boolean {
  return type === 3 || type === 5 || type === 6;
}
