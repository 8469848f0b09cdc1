import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import { zmqError } from "../errors.js";

/**
 * A `udp://[interface-or-source;]address:port` endpoint (libzmq's udp_address_t), as far as
 * it can be checked without the socket's options or the network.
 */
export interface UdpEndpoint {
  readonly transport: "udp";
  /** As given by the user. */
  readonly address: string;
  /** ZMQ_LAST_ENDPOINT: libzmq shows the endpoint as given, without `udp://`, ports unresolved. */
  readonly shown: string;
  /** The address: a literal, a name to resolve, or "*" (bind only: any address). */
  readonly host: string;
  /** 0 for `*` or `0`: an ephemeral port. */
  readonly port: number;
  /** The interface (name, address or "*") before `;`; only with a multicast address. */
  readonly iface: string | null;
  /** Whether `host` is a multicast literal (224.0.0.0/4, ff00::/8). */
  readonly multicast: boolean;
}

/** Parses what follows `udp://`; EINVAL for what libzmq refuses before touching the network. */
export function parseUdp(address: string, rest: string, forBind: boolean): UdpEndpoint {
  const bad = () => zmqError("EINVAL", undefined, address);
  const semi = rest.indexOf(";");
  const iface = semi >= 0 ? rest.slice(0, semi) : null;
  const target = semi >= 0 ? rest.slice(semi + 1) : rest;
  const colon = target.lastIndexOf(":");
  if (colon <= 0) throw bad();
  let host = target.slice(0, colon);
  const portText = target.slice(colon + 1);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  let port: number;
  if (portText === "*") port = 0;
  else if (/^[0-9]{1,5}$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
  else throw bad();
  if (host === "*" && !forBind) throw bad();
  const multicast = isMulticast(host);
  // An interface or source only makes sense for a multicast group, and must not be one itself.
  if (iface !== null && (!multicast || iface === "" || isMulticast(iface))) throw bad();
  return { transport: "udp", address, shown: rest, host, port, iface, multicast };
}

export function isMulticast(host: string): boolean {
  const family = isIP(host);
  if (family === 4) {
    const first = Number(host.slice(0, host.indexOf(".")));
    return first >= 224 && first <= 239;
  }
  return family === 6 && /^ff/i.test(host);
}

/**
 * The local address of a multicast interface given by name ("lo", "eth0"), address or "*"
 * (null: the system's choice); ENODEV for a name this machine does not have.
 */
export function interfaceAddress(iface: string, family: 4 | 6, address: string): string | null {
  if (iface === "*") return null;
  if (isIP(iface) !== 0) return iface;
  const entries = networkInterfaces()[iface];
  const match = entries?.find((e) => (family === 4 ? e.family === "IPv4" : e.family === "IPv6"));
  if (!match) throw zmqError("ENODEV", undefined, address);
  // An IPv6 multicast interface is named by its scope (Node takes "::%lo").
  return family === 4 ? match.address : `::%${iface}`;
}
