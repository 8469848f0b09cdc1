/** How a tcp bind resolves its host, as libzmq resolves a local address. */
import assert from "node:assert/strict";
import { networkInterfaces } from "node:os";
import { test } from "node:test";
import { resolveBindHost } from "../../src/transport/bind-host.js";

test("IP literals as they are; an IPv6 literal only with ipv6 (libzmq: ENODEV)", async () => {
  assert.equal(await resolveBindHost("127.0.0.1", false), "127.0.0.1");
  assert.equal(await resolveBindHost("::1", true), "::1");
  assert.equal(await resolveBindHost("::1", false), null);
});

test("a network interface name resolves to its address before any host name lookup", async (t) => {
  const lo = Object.entries(networkInterfaces()).find(([, addrs]) =>
    addrs?.some((a) => a.family === "IPv4" && a.internal),
  );
  if (!lo) {
    t.skip("no IPv4 loopback interface on this machine");
    return;
  }
  const [name, addrs] = lo;
  const v4 = addrs!.find((a) => a.family === "IPv4")!.address;
  assert.equal(await resolveBindHost(name, false), v4);
  const v6 = addrs!.find((a) => a.family === "IPv6")?.address;
  assert.equal(await resolveBindHost(name, true), v6 ?? v4);
});

test("host names resolve through the system resolver (IPv4 without ipv6)", async () => {
  assert.equal(await resolveBindHost("localhost", false), "127.0.0.1");
});
