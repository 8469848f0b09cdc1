import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { test } from "node:test";
import { Dealer, Pair } from "../../src/index.js";
import { watch, type DetailedEvent } from "../../src/monitor.js";

async function take(w: ReturnType<typeof watch>, type: DetailedEvent["type"]): Promise<DetailedEvent[]> {
  const out: DetailedEvent[] = [];
  for await (const ev of w) {
    out.push(ev);
    if (ev.type === type) break;
  }
  return out;
}

test("tcp IPv6: bind [::1]:*, connect, endpoints in bracket form", { timeout: 10000 }, async () => {
  const server = new Dealer({ linger: 0, ipv6: true });
  const client = new Dealer({ linger: 0, ipv6: true });
  const ws = watch(server);
  try {
    await server.bind("tcp://[::1]:*");
    const ep = server.lastEndpoint!;
    assert.match(ep, /^tcp:\/\/\[::1\]:\d+$/);
    client.connect(ep);
    await client.send("v6");
    assert.deepEqual((await server.receive()).map(String), ["v6"]);
    const evs = await take(ws, "HANDSHAKE_SUCCEEDED");
    assert.deepEqual(
      evs.map((e) => [e.type, e.endpoint]),
      [
        ["LISTENING", ep],
        ["ACCEPTED", ep],
        ["HANDSHAKE_SUCCEEDED", ep],
      ],
    );
    assert.match(evs[1]!.remote, /^tcp:\/\/\[::1\]:\d+$/);
  } finally {
    client.close();
    server.close();
  }
});

test(
  "tcp wildcard: LISTENING shows 0.0.0.0, per-connection events the concrete local address; host names connect",
  { timeout: 10000 },
  async () => {
    const server = new Dealer({ linger: 0 });
    const client = new Dealer({ linger: 0 });
    const ws = watch(server);
    try {
      await server.bind("tcp://*:*");
      const port = server.lastEndpoint!.split(":").at(-1);
      assert.equal(server.lastEndpoint, `tcp://0.0.0.0:${port}`);
      client.connect(`tcp://localhost:${port}`);
      const evs = await take(ws, "ACCEPTED");
      assert.equal(evs[0]!.endpoint, `tcp://0.0.0.0:${port}`);
      assert.equal(evs[1]!.endpoint, `tcp://127.0.0.1:${port}`);
    } finally {
      client.close();
      server.close();
    }
  },
);

test("ipc: the socket file exists while bound and is removed on unbind and on close", { timeout: 10000 }, async () => {
  const path = `${tmpdir()}/zmtp-file-${process.pid}.sock`;
  const a = new Pair({ linger: 0 });
  try {
    await a.bind(`ipc://${path}`);
    assert.ok(existsSync(path));
    await a.unbind(`ipc://${path}`);
    assert.ok(!existsSync(path), "removed on unbind");
    await a.bind(`ipc://${path}`);
    assert.ok(existsSync(path));
    a.close();
    assert.ok(!existsSync(path), "removed on close");
  } finally {
    a.close();
  }
});

test("ipc: Linux abstract namespace (@name) works both ways and leaves no file", { timeout: 10000 }, async () => {
  const name = `ipc://@zmtp-abstract-${process.pid}`;
  const a = new Pair({ linger: 0 });
  const b = new Pair({ linger: 0 });
  const w = watch(a);
  try {
    await a.bind(name);
    b.connect(name);
    await b.send("hello");
    assert.deepEqual((await a.receive()).map(String), ["hello"]);
    const evs = await take(w, "HANDSHAKE_SUCCEEDED");
    assert.deepEqual(
      evs.map((e) => e.endpoint),
      [name, name, name],
    );
    assert.ok(!existsSync(`@zmtp-abstract-${process.pid}`));
  } finally {
    a.close();
    b.close();
  }
});

test(
  "ipc://*: a fresh path under the temp directory, removed with its directory on close",
  { timeout: 10000 },
  async () => {
    const a = new Pair({ linger: 0 });
    await a.bind("ipc://*");
    const path = a.lastEndpoint!.slice("ipc://".length);
    assert.ok(path.startsWith("/") && path.endsWith("/socket") && existsSync(path));
    a.close();
    assert.ok(!existsSync(path.slice(0, -"/socket".length)));
  },
);
