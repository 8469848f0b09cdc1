/**
 * The address a tcp bind listens on, resolved as libzmq resolves a local address: an IP literal
 * as it is (an IPv6 one only with ZMQ_IPV6), then a network interface name ("lo", "eth0"), then
 * a host name. null where libzmq gives ENODEV.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

export async function resolveBindHost(host: string, ipv6: boolean): Promise<string | null> {
  const literal = isIP(host);
  if (literal !== 0) return literal === 6 && !ipv6 ? null : host;
  const nic = interfaceAddress(host, ipv6);
  if (nic !== null) return nic;
  return lookup(host, { family: ipv6 ? 0 : 4 }).then(
    (r) => r.address,
    () => null,
  );
}

/** The interface's first IPv4 address (first IPv6 one, else IPv4, with ZMQ_IPV6). */
function interfaceAddress(name: string, ipv6: boolean): string | null {
  const addrs = networkInterfaces()[name];
  if (addrs === undefined) return null;
  const v6 = ipv6 ? addrs.find((a) => a.family === "IPv6") : undefined;
  return (v6 ?? addrs.find((a) => a.family === "IPv4"))?.address ?? null;
}
