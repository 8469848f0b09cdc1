// ZMQ_SOCKS_PROXY (issue 9, item 7): tcp connects go through a SOCKS5 proxy (RFC 1928), with
// username/password authentication (RFC 1929) from ZMQ_SOCKS_USERNAME/_PASSWORD (raw options
// 99/100; DRAFT in libzmq 4.3.5, which the binding's draft build has). The proxy is a tiny
// loopback server the test starts (test/support/socks5.ts). zmtp and the binding connect through
// it to the same zmtp and libzmq peers and report the same monitor events (naming the proxy,
// `tcp://` + ZMQ_SOCKS_PROXY, as libzmq's socks_connecter does).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import * as zmtp from "../../src/index.js";
import { freePort } from "../monitor/differential-harness.js";
import { Socks5Server, type Socks5Options } from "../support/socks5.js";
import { withBag } from "../support/sockets.js";
import type { SocksChildArgs } from "./socks-child.js";
import { LIBZMQ, ZMTP, assertMsg, both, type Bag, type Sock } from "./helpers.js";

interface Ev {
  type: string;
  address?: string;
}

/** Reads `sock.events` from now on; `take(n)` resolves with the first n. */
function eventsOf(sock: Sock): { take(n: number): Promise<Ev[]> } {
  const events = sock.events as { receive(): Promise<{ type: string; address?: string }> };
  const seen: Ev[] = [];
  return {
    async take(n) {
      while (seen.length < n) {
        const e = await events.receive();
        seen.push(e.address === undefined ? { type: e.type } : { type: e.type, address: e.address });
      }
      return seen.slice(0, n);
    },
  };
}

async function proxyOf(bag: Bag, opts: Socks5Options = {}): Promise<{ proxy: Socks5Server; address: string }> {
  const proxy = bag.add(new Socks5Server(opts));
  return { proxy, address: await proxy.listen() };
}

const reached = (address: string): Ev[] => [
  { type: "connect:delay", address: `tcp://${address}` },
  { type: "connect", address: `tcp://${address}` },
  { type: "handshake", address: `tcp://${address}` },
];

both("SOCKS5, no authentication: connects reach zmtp and libzmq peers through the proxy", async (impl, bag) => {
  const { proxy, address } = await proxyOf(bag);
  for (const peerImpl of [ZMTP, LIBZMQ]) {
    const peer = bag.make(peerImpl.lib.Router);
    const endpoint = await bag.bind(peer, "tcp");
    const client = bag.make(impl.lib.Dealer, { routingId: "c", socksProxy: address });
    const events = eventsOf(client);
    client.connect(endpoint);
    await client.send("hello");
    assertMsg(await peer.receive(), ["c", "hello"], `${peerImpl.name} peer`);
    await peer.send(["c", "back"]);
    assertMsg(await client.receive(), ["back"]);
    assert.deepEqual(await events.take(3), reached(address));
    const port = Number(new URL(endpoint).port);
    assert.deepEqual(proxy.requests.at(-1), {
      methods: [0],
      connect: { command: 1, atyp: 1, host: "127.0.0.1", port },
    });
  }
});

both("SOCKS5: a host name is sent to the proxy unresolved (address type 3)", async (impl, bag) => {
  const { proxy, address } = await proxyOf(bag);
  const peer = bag.make(impl.lib.Pull);
  const endpoint = await bag.bind(peer, "tcp");
  const port = Number(new URL(endpoint).port);
  const client = bag.make(impl.lib.Push, { socksProxy: address });
  client.connect(`tcp://localhost:${port}`);
  await client.send("by name");
  assertMsg(await peer.receive(), ["by name"]);
  assert.deepEqual(proxy.requests[0]!.connect, { command: 1, atyp: 3, host: "localhost", port });
});

both("SOCKS5 with username/password (RFC 1929): options 99/100, sent to the proxy, connected", async (impl, bag) => {
  const { proxy, address } = await proxyOf(bag, { credentials: { username: "user", password: "secret" } });
  const peer = bag.make(impl.lib.Pull);
  const endpoint = await bag.bind(peer, "tcp");
  const client = bag.make(impl.lib.Push, { socksProxy: address });
  client.setStringOption(99, "user");
  client.setStringOption(100, "secret");
  assert.equal(client.getStringOption(99), "user");
  const events = eventsOf(client);
  client.connect(endpoint);
  await client.send("authenticated");
  assertMsg(await peer.receive(), ["authenticated"]);
  assert.deepEqual(await events.take(3), reached(address));
  assert.deepEqual(proxy.requests[0]!.methods, [2]);
  assert.deepEqual(proxy.requests[0]!.auth, { version: 1, username: "user", password: "secret" });
});

both("SOCKS5: a proxy that asks for username/password when none was offered gets empty ones", async (impl, bag) => {
  const { proxy, address } = await proxyOf(bag, { method: 2, credentials: { username: "", password: "" } });
  const peer = bag.make(impl.lib.Pull);
  const endpoint = await bag.bind(peer, "tcp");
  const client = bag.make(impl.lib.Push, { socksProxy: address });
  client.connect(endpoint);
  await client.send("x");
  assertMsg(await peer.receive(), ["x"]);
  assert.deepEqual(proxy.requests[0]!.methods, [0]);
  assert.deepEqual(proxy.requests[0]!.auth, { version: 1, username: "", password: "" });
});

both("SOCKS5: the peer's first bytes in the same read as the proxy's reply are not lost", async (impl, bag) => {
  const { address } = await proxyOf(bag, { coalesce: true });
  for (const peerImpl of [ZMTP, LIBZMQ]) {
    const peer = bag.make(peerImpl.lib.Pull);
    const endpoint = await bag.bind(peer, "tcp");
    const client = bag.make(impl.lib.Push, { socksProxy: address });
    client.connect(endpoint);
    await client.send("after a coalesced reply");
    assertMsg(await peer.receive(), ["after a coalesced reply"], `${peerImpl.name} peer`);
  }
});

both(
  'socksProxy option: string or Buffer, read back as a string; null or an empty Buffer clears; "" is EINVAL',
  (impl, bag) => {
    const s = bag.make(impl.lib.Dealer);
    assert.equal(s.socksProxy, null);
    s.socksProxy = "127.0.0.1:1080";
    assert.equal(s.socksProxy, "127.0.0.1:1080");
    s.socksProxy = Buffer.from("proxy.example:9050");
    assert.equal(s.socksProxy, "proxy.example:9050");
    assert.throws(() => (s.socksProxy = ""), { code: "EINVAL" });
    s.socksProxy = null;
    assert.equal(s.socksProxy, null);
    s.socksProxy = "h:1";
    s.socksProxy = Buffer.alloc(0);
    assert.equal(s.socksProxy, null);
    assert.equal(s.getStringOption(68), null);
    for (const id of [99, 100]) {
      assert.equal(s.getStringOption(id), null);
      s.setStringOption(id, Buffer.from("x".repeat(255)));
      assert.equal(s.getStringOption(id), "x".repeat(255));
      assert.throws(() => s.setStringOption(id, "x".repeat(256)), { code: "EINVAL" });
      s.setStringOption(id, "");
      assert.equal(s.getStringOption(id), null);
    }
  },
);

// ---- failures: the same events as libzmq (whose run happens in a child, see socks-child.ts) ----

interface Failure {
  name: string;
  proxy: Socks5Options | "down" | "no port";
  username?: string;
  password?: string;
  /** Events of two attempts. */
  events: number;
}

const failures: Failure[] = [
  { name: "the proxy accepts none of the offered methods", proxy: { method: 0xff }, events: 6 },
  {
    name: "the proxy refuses the username/password",
    proxy: { credentials: { username: "user", password: "secret" } },
    username: "user",
    password: "wrong",
    events: 6,
  },
  {
    name: "the proxy wants username/password, none is set (empty ones are refused)",
    proxy: { credentials: { username: "user", password: "secret" } },
    events: 6,
  },
  { name: "the proxy cannot reach the endpoint (reply 5)", proxy: { connectReply: 5 }, events: 6 },
  { name: "nothing listens at the proxy's address", proxy: "down", events: 6 },
  { name: "the proxy address has no port (no socket is opened)", proxy: "no port", events: 2 },
];

/** The proxy address of a failure case, with what to close afterwards. */
async function failingProxy(bag: Bag, f: Failure): Promise<string> {
  if (f.proxy === "down") return `127.0.0.1:${await freePort()}`;
  if (f.proxy === "no port") return "127.0.0.1";
  return (await proxyOf(bag, f.proxy)).address;
}

async function libzmqEvents(args: SocksChildArgs): Promise<Ev[]> {
  const child = spawn(process.execPath, [
    fileURLToPath(new URL("./socks-child.js", import.meta.url)),
    JSON.stringify(args),
  ]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.resume();
  await new Promise((resolve) => child.once("close", resolve));
  return JSON.parse(out) as Ev[];
}

async function zmtpEvents(bag: Bag, args: SocksChildArgs): Promise<Ev[]> {
  const s = bag.make(zmtp.Dealer, { reconnectInterval: 20, socksProxy: args.proxy });
  if (args.username !== undefined) s.setStringOption(99, args.username);
  if (args.password !== undefined) s.setStringOption(100, args.password);
  const events = eventsOf(s);
  s.connect(args.target);
  const seen = await events.take(args.events);
  s.close();
  return seen;
}

for (const f of failures) {
  test(`SOCKS5 failure, ${f.name}: CLOSED and CONNECT_RETRIED as libzmq, retried`, { timeout: 20_000 }, (t) =>
    withBag(t, async (bag) => {
      const peer = bag.make(zmtp.Pull);
      const target = await bag.bind(peer, "tcp");
      const args: SocksChildArgs = {
        proxy: await failingProxy(bag, f),
        target,
        username: f.username,
        password: f.password,
        events: f.events,
      };
      const reference = await libzmqEvents(args);
      const ours = await zmtpEvents(bag, args);
      assert.deepEqual(ours, reference);
      const proxyUri = `tcp://${args.proxy}`;
      const attempt =
        f.proxy === "no port"
          ? [{ type: "connect:retry", address: proxyUri }]
          : [
              { type: "connect:delay", address: proxyUri },
              { type: "close", address: proxyUri },
              { type: "connect:retry", address: proxyUri },
            ];
      assert.deepEqual(reference, [...attempt, ...attempt], "libzmq itself");
    }),
  );
}
