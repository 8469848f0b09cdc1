import { zmqError } from "../errors.js";
import { SocketType } from "../mechanism/socket-types.js";
import type { Endpoint } from "../transport/endpoint.js";
import type { UdpMode } from "../transport/udp.js";

/**
 * Which socket types may use udp:// and how, as libzmq 4.3.5: a DISH and a DGRAM bind, a RADIO
 * connects; any other use of udp:// is ENOCOMPATPROTO.
 */
const UDP: Readonly<Partial<Record<number, { readonly mode: UdpMode; readonly side: "bind" | "connect" }>>> = {
  [SocketType.DISH]: { mode: "dish", side: "bind" },
  [SocketType.DGRAM]: { mode: "dgram", side: "bind" },
  [SocketType.RADIO]: { mode: "radio", side: "connect" },
};

/**
 * ENOCOMPATPROTO for a transport the socket type cannot use this way. DGRAM is udp-only: libzmq
 * lets it bind tcp:// and speak raw TCP there, which zmtp refuses rather than half-supports.
 */
export function checkTransport(type: number, ep: Endpoint, side: "bind" | "connect"): void {
  const udp = UDP[type];
  const ok = ep.transport === "udp" ? udp?.side === side : type !== SocketType.DGRAM;
  if (!ok) throw zmqError("ENOCOMPATPROTO", undefined, ep.address);
}

/** The udp engine mode of a socket type that may use udp:// (after `checkTransport`). */
export function udpMode(type: number): UdpMode {
  const udp = UDP[type];
  if (!udp) throw zmqError("ENOCOMPATPROTO");
  return udp.mode;
}

/** True for the socket types that may use udp:// at all (zmq_unbind/zmq_disconnect check only this). */
export function usesUdp(type: number): boolean {
  return UDP[type] !== undefined;
}
