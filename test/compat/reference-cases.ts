/**
 * Differential tests: the same v5 code against zmtp's v5-compat and against the real
 * `zeromq/v5-compat` (zeromq 6.8.0, libzmq 4.3.5): same exports, same constants, same option
 * defaults, same error texts, same event names and listener arguments.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import * as ours from "../../src/v5-compat.js";
import type { Socket } from "../../src/v5-compat.js";
import { MONITOR_EVENTS, bind, next, until } from "./helpers.js";

type Compat = typeof ours;
const ref = createRequire(import.meta.url)("zeromq/v5-compat") as Compat;
const impls: Array<[string, Compat]> = [
  ["zmtp", ours],
  ["zeromq", ref],
];
const T = { timeout: 15000 };

test("same export names, and the same value for every numeric constant", () => {
  assert.deepEqual(Object.keys(ours).sort(), Object.keys(ref).sort());
  const table = ours as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(ref as unknown as Record<string, unknown>)) {
    if (typeof v === "number") assert.equal(table[k], v, k);
  }
  assert.deepEqual(ours.options, ref.options);
  assert.equal(ours.version, ref.version);
});

test("same option defaults on a dealer (options both layers back on this build)", () => {
  const ids = [
    "ZMQ_AFFINITY",
    "ZMQ_IDENTITY",
    "ZMQ_SNDBUF",
    "ZMQ_RCVBUF",
    "ZMQ_EVENTS",
    "ZMQ_TYPE",
    "ZMQ_LINGER",
    "ZMQ_RECONNECT_IVL",
    "ZMQ_BACKLOG",
    "ZMQ_RECONNECT_IVL_MAX",
    "ZMQ_MAXMSGSIZE",
    "ZMQ_SNDHWM",
    "ZMQ_RCVHWM",
    "ZMQ_RCVTIMEO",
    "ZMQ_SNDTIMEO",
    "ZMQ_LAST_ENDPOINT",
    "ZMQ_TCP_KEEPALIVE",
    "ZMQ_TCP_KEEPALIVE_CNT",
    "ZMQ_TCP_KEEPALIVE_IDLE",
    "ZMQ_TCP_KEEPALIVE_INTVL",
    "ZMQ_DELAY_ATTACH_ON_CONNECT",
    "ZMQ_IPV6",
    "ZMQ_MECHANISM",
    "ZMQ_ZAP_DOMAIN",
    "ZMQ_HEARTBEAT_IVL",
    "ZMQ_HEARTBEAT_TTL",
    "ZMQ_HEARTBEAT_TIMEOUT",
    "ZMQ_CONNECT_TIMEOUT",
  ] as const;
  const a = ours.socket("dealer");
  const b = ref.socket("dealer");
  try {
    for (const id of ids) assert.equal(a.getsockopt(ours[id]), b.getsockopt(ref[id]), id);
    for (const name of ["backlog", "linger", "identity", "last_endpoint", "reconnect_ivl", "sndbuf"] as const) {
      assert.equal(a[name], b[name], name);
    }
  } finally {
    a.close();
    b.close();
  }
});

test("same error messages for the v5-only failure cases", () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      return (err as Error).message;
    }
    return "no error";
  };
  for (const [name, fn] of [
    ["new Context", (z: Compat) => new z.Context()],
    ["bad type", (z: Compat) => z.socket("bogus" as ours.SocketType)],
    ["read", (z: Compat) => withSocket(z, (s) => s.read())],
    ["subscribe on dealer", (z: Compat) => withSocket(z, (s) => s.subscribe("x"))],
    ["unknown option", (z: Compat) => withSocket(z, (s) => s.getsockopt(999))],
    ["ZMQ_FD", (z: Compat) => withSocket(z, (s) => s.getsockopt(z.ZMQ_FD))],
    ["ZMQ_ROUTER_RAW", (z: Compat) => withSocket(z, (s) => s.setsockopt(z.ZMQ_ROUTER_RAW, 1))],
    ["bind when closed", (z: Compat) => withSocket(z, (s) => (s.close(), s.bind("tcp://127.0.0.1:*")))],
    ["bad proxy", (z: Compat) => withSocket(z, (s) => z.proxy(s, s))],
  ] as const) {
    assert.equal(
      message(() => fn(ours)),
      message(() => fn(ref)),
      name,
    );
  }
});

function withSocket<T>(z: Compat, fn: (s: Socket) => T): T {
  const s = z.socket("dealer");
  try {
    return fn(s);
  } finally {
    s.close();
  }
}

/** Makes a listener argument comparable across implementations (ports, error objects). */
function norm(v: unknown): unknown {
  if (v === undefined) return "<undefined>";
  if (Buffer.isBuffer(v)) return `buf:${v.toString()}`;
  if (v instanceof Error) {
    const e = v as Error & { code?: string; errno?: number; address?: string };
    return { message: e.message, code: e.code, errno: e.errno, address: norm(e.address) };
  }
  if (typeof v === "string") return v.replace(/:\d+$/, ":PORT");
  return v;
}

function log(sock: Socket, names: readonly string[], out: unknown[][]): void {
  for (const name of names) {
    (sock as unknown as NodeJS.EventEmitter).on(name, (...args: unknown[]) =>
      out.push([name, args.length, ...args.map(norm)]),
    );
  }
}

/** One v5 program: bind, connect, exchange, a refused double bind (with and without callback), disconnect, unbind. */
async function scenario(z: Compat): Promise<Record<string, unknown[][]>> {
  const server = z.socket("dealer");
  const client = z.socket("dealer");
  const third = z.socket("dealer");
  const r: Record<string, unknown[][]> = {
    serverMon: [],
    clientMon: [],
    thirdMon: [],
    server: [],
    client: [],
    third: [],
    cb: [],
  };
  log(server, MONITOR_EVENTS, r.serverMon!);
  log(client, MONITOR_EVENTS, r.clientMon!);
  log(third, MONITOR_EVENTS, r.thirdMon!);
  log(server, ["bind", "unbind", "message", "error"], r.server!);
  log(client, ["message", "error"], r.client!);
  log(third, ["bind", "error"], r.third!);
  try {
    server.monitor();
    client.monitor();
    third.monitor();
    const accepted = next(server, "accept");
    const ep = await bind(server, "tcp://127.0.0.1:*");
    const connected = next(client, "connect");
    client.connect(ep);
    await accepted;
    await connected;

    const got = next(server, "message");
    await new Promise<void>((resolve) =>
      client.send(["a", "b"], 0, (err) => (r.cb!.push(["send", norm(err)]), resolve())),
    );
    await got;
    const reply = next(client, "message");
    server.send("c");
    await reply;

    const err = await new Promise<Error | undefined>((resolve) => third.bind(ep, resolve));
    r.cb!.push(["bind", norm(err)]);
    const errorEvent = next(third, "error");
    third.bind(ep);
    await errorEvent;
    await until(() => r.thirdMon!.filter((e) => e[0] === "bind_error").length === 2);

    const disconnected = next(server, "disconnect");
    client.close();
    await disconnected;
    const listenerClosed = next(server, "close");
    await new Promise<void>((resolve) => server.unbind(ep, (e) => (r.cb!.push(["unbind", norm(e)]), resolve())));
    await listenerClosed;
    return r;
  } finally {
    server.close();
    client.close();
    third.close();
  }
}

test(
  "the same v5 program yields the same events, in the same order per socket, with the same arguments",
  T,
  async () => {
    const results: Record<string, Record<string, unknown[][]>> = {};
    for (const [name, z] of impls) results[name] = await scenario(z);
    assert.deepEqual(results["zmtp"], results["zeromq"]);
    // And the shape is the one v5 users rely on:
    assert.deepEqual(
      results["zmtp"]!["serverMon"]!.map((e) => e[0]),
      ["listen", "accept", "disconnect", "close"],
    );
    assert.deepEqual(
      results["zmtp"]!["clientMon"]!.map((e) => e[0]),
      ["connect_delay", "connect"],
    );
  },
);

test("the same multipart/SNDMORE and callback behaviour on inproc", T, async () => {
  const results: unknown[][][] = [];
  for (const [, z] of impls) {
    const a = z.socket("pair");
    const b = z.socket("pair");
    const out: unknown[][] = [];
    try {
      log(a, ["message"], out);
      const ep = `inproc://compat-ref-${process.pid}-${results.length}`;
      a.bindSync(ep);
      b.connect(ep);
      let messages = 0;
      const done = new Promise<void>((resolve) => a.on("message", () => ++messages === 3 && resolve()));
      b.send("one", 0, (e) => out.push(["cb1", norm(e)]));
      b.send(["two", "parts"], null, (e) => out.push(["cb2", norm(e)]));
      b.send("x", z.ZMQ_SNDMORE);
      b.send(["y", Buffer.from("z")], z.ZMQ_SNDMORE);
      b.send(7);
      await done;
      out.sort((p, q) => String(p[0]).localeCompare(String(q[0])));
      results.push(out);
    } finally {
      a.close();
      b.close();
    }
  }
  assert.deepEqual(results[0], results[1]);
});
