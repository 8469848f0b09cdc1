import { zmqError } from "../errors.js";
import { parseUdp, type UdpEndpoint } from "./udp-endpoint.js";

export type Endpoint =
  | { transport: "tcp"; host: string; port: number; wildcardHost: boolean; wildcardPort: boolean; address: string }
  | { transport: "ipc"; path: string; wildcard: boolean; address: string }
  | { transport: "inproc"; name: string; address: string }
  | UdpEndpoint;

/** Splits `scheme://rest` as libzmq does: EINVAL for no `://` or an empty part. */
export function splitUri(address: string): { scheme: string; rest: string } {
  const i = address.indexOf("://");
  if (i <= 0 || i + 3 >= address.length) throw zmqError("EINVAL", undefined, address);
  return { scheme: address.slice(0, i), rest: address.slice(i + 3) };
}

/**
 * Parses an endpoint. Unknown schemes → EPROTONOSUPPORT; malformed addresses → EINVAL.
 * `forBind` allows the wildcards `*` (host) and `*`/`0` (port).
 */
export function parseEndpoint(address: string, forBind: boolean): Endpoint {
  const { scheme, rest } = splitUri(address);
  switch (scheme) {
    case "tcp":
      return parseTcp(address, rest, forBind);
    case "ipc": {
      if (rest === "*" && forBind) return { transport: "ipc", path: "", wildcard: true, address };
      return { transport: "ipc", path: rest, wildcard: false, address };
    }
    case "inproc":
      return { transport: "inproc", name: rest, address };
    case "udp":
      return parseUdp(address, rest, forBind);
    default:
      // Known but unavailable here (pgm, tipc, ws, ...) and unknown schemes alike.
      throw zmqError("EPROTONOSUPPORT", undefined, address);
  }
}

function parseTcp(address: string, rest: string, forBind: boolean): Endpoint {
  // A libzmq "source;destination" connect address: we only use the destination.
  const semi = rest.lastIndexOf(";");
  if (semi >= 0) rest = rest.slice(semi + 1);
  const colon = rest.lastIndexOf(":");
  if (colon < 0) throw zmqError("EINVAL", undefined, address);
  let host = rest.slice(0, colon);
  const portStr = rest.slice(colon + 1);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  // libzmq accepts an interface name or a scoped address after '%'; keep the address part.
  if (host.length === 0) throw zmqError("EINVAL", undefined, address);
  let port: number;
  let wildcardPort = false;
  if (portStr === "*" || (forBind && portStr === "0")) {
    if (!forBind) throw zmqError("EINVAL", undefined, address);
    port = 0;
    wildcardPort = true;
  } else {
    if (!/^[0-9]{1,5}$/.test(portStr)) throw zmqError("EINVAL", undefined, address);
    port = Number(portStr);
    if (port > 65535 || (!forBind && port === 0)) throw zmqError("EINVAL", undefined, address);
  }
  const wildcardHost = host === "*";
  if (wildcardHost && !forBind) throw zmqError("EINVAL", undefined, address);
  return { transport: "tcp", host, port, wildcardHost, wildcardPort, address };
}

/** `tcp://a.b.c.d:port` or `tcp://[v6]:port`, as libzmq renders addresses; `host` is numeric (only v6 has colons). */
export function tcpUri(host: string, port: number): string {
  return host.includes(":") ? `tcp://[${host}]:${port}` : `tcp://${host}:${port}`;
}

/**
 * An address with a wildcard port (or `ipc://*`) names no endpoint to unbind: libzmq looks up
 * only the resolved endpoint, so unbinding the address as given is ENOENT.
 */
export function namesNoEndpoint(address: string): boolean {
  return address.endsWith(":*") || address === "ipc://*";
}
