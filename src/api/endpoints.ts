/**
 * What zmq_unbind and zmq_disconnect check before looking an endpoint up, as libzmq 4.3.5 in
 * the binding's build does: the endpoint must parse (EINVAL) and name a transport libzmq knows
 * (EPROTONOSUPPORT) that fits the socket type (ENOCOMPATPROTO); only then is it ENOENT when
 * it is not bound or connected.
 */
import { zmqError } from "../errors.js";
import { usesUdp } from "../socket/transports.js";
import { splitUri } from "../transport/endpoint.js";

/**
 * Transports the binding's libzmq is built with. zmtp speaks tcp, ipc and inproc; an endpoint
 * of the others can never be bound or connected here, so it is simply not found.
 */
const KNOWN_TRANSPORTS: ReadonlySet<string> = new Set(["tcp", "ipc", "inproc", "tipc", "ws", "udp"]);

/** Throws EINVAL, EPROTONOSUPPORT or ENOCOMPATPROTO (with `address`) for an endpoint unbind/disconnect cannot name. */
export function checkTermEndpoint(address: string, socketType: number): void {
  const { scheme } = splitUri(address);
  if (!KNOWN_TRANSPORTS.has(scheme)) throw zmqError("EPROTONOSUPPORT", undefined, address);
  // udp is only for the draft RADIO, DISH and DGRAM sockets.
  if (scheme === "udp" && !usesUdp(socketType)) throw zmqError("ENOCOMPATPROTO", undefined, address);
}
