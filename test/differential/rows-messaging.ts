/**
 * Rows for send/receive as a program sees them: what each message-like value arrives as, one
 * pending send/receive at a time, timeouts, cancellation by close(), operations a socket type
 * does not have, the REQ state machine (issue 9 item 11) and the context's socket limit (item 15).
 */
import { type Env, type Loose, type Row, rowsOf, turn } from "./harness.js";

/** A connected inproc Pair couple (bound and connected, nothing sent yet). */
async function pairs(env: Env): Promise<[Loose, Loose]> {
  const a = env.sock("Pair");
  const b = env.sock("Pair");
  const ep = env.inproc();
  await a.bind(ep);
  b.connect(ep);
  return [a, b];
}

/** Frames as hex strings, or the outcome if receiving failed. */
async function receiveOutcome(env: Env, s: Loose): Promise<unknown> {
  return env.settle(async () => ((await s.receive()) as Buffer[]).map((f) => f.toString("hex")));
}

const MESSAGES: ReadonlyArray<readonly [string, () => unknown]> = [
  ['"abc"', () => "abc"],
  ['"é"', () => "é"],
  ['""', () => ""],
  ["Buffer", () => Buffer.from([1, 2, 3])],
  ["Buffer 200 bytes", () => Buffer.alloc(200, 7)],
  ["Uint8Array", () => new Uint8Array([1, 2])],
  ["Int32Array", () => new Int32Array([1, 2])],
  ["DataView", () => new DataView(new ArrayBuffer(3))],
  ["ArrayBuffer", () => new Uint8Array([4, 5]).buffer],
  ["SharedArrayBuffer", () => new SharedArrayBuffer(2)],
  ["null", () => null],
  ["16.19", () => 16.19],
  ["true", () => true],
  ["{}", () => ({})],
  ["function", () => function f() {}],
  ["10n", () => 10n],
  ["Symbol", () => Symbol("s")],
  ["[]", () => []],
  ['["a", "b"]', () => ["a", "b"]],
  ['["a", null]', () => ["a", null]],
  ['[["a"]]', () => [["a"]]],
  ['["a", undefined]', () => ["a", undefined]],
  ['["a", 1]', () => ["a", 1]],
];

export function messageRows(): Row[] {
  const { rows, row } = rowsOf("socket.message");
  for (const [label, make] of MESSAGES) {
    row(`send ${label}`, async (env) => {
      const [a, b] = await pairs(env);
      const sent = await env.settle(() => a.send(make()));
      if (sent.kind !== "resolve") return { sent };
      b.receiveTimeout = 200;
      return { sent, received: await receiveOutcome(env, b) };
    });
  }
  row("send()", async (env) => {
    const [a] = await pairs(env);
    return env.probe(() => a.send());
  });
  row("send(undefined)", async (env) => {
    const [a] = await pairs(env);
    return env.probe(() => a.send(undefined));
  });
  row("send while a send is pending", (env) => {
    const s = env.sock("Dealer");
    s.send("a").catch(() => {});
    return env.probe(() => s.send("b"));
  });
  row("receive while a receive is pending", (env) => {
    const s = env.sock("Dealer");
    s.receive().catch(() => {});
    return env.probe(() => s.receive());
  });
  row("pending send rejects on close()", (env) => {
    const s = env.sock("Dealer");
    const p = s.send("a");
    s.close();
    return p;
  });
  row("pending receive rejects on close()", (env) => {
    const s = env.sock("Dealer");
    const p = s.receive();
    s.close();
    return p;
  });
  row("send with sendTimeout 0 and no peer", (env) => env.sock("Dealer", { sendTimeout: 0 }).send("a"));
  row("send with sendTimeout 10 and no peer", (env) => env.sock("Dealer", { sendTimeout: 10 }).send("a"));
  row("receive with receiveTimeout 0", (env) => env.sock("Dealer", { receiveTimeout: 0 }).receive());
  row("receive with receiveTimeout 10", (env) => env.sock("Dealer", { receiveTimeout: 10 }).receive());
  for (const cls of ["Publisher", "Push"]) {
    row(`${cls}.receive() then close()`, (env) => {
      const s = env.sock(cls);
      let p: unknown = null;
      const call = env.probe(() => (p = s.receive()));
      s.close();
      return call.kind === "promise" ? env.settle(() => p) : call;
    });
  }
  for (const cls of ["Subscriber", "Pull"]) {
    row(`${cls}.send("a")`, (env) => env.afterTurns(env.sock(cls).send("a")));
    row(`${cls}.send("a"), sendTimeout 0`, (env) => env.sock(cls, { sendTimeout: 0 }).send("a"));
  }
  row("Publisher.send with no subscriber resolves", (env) => env.sock("Publisher").send("a"));
  row("Router.send to unknown peer", (env) => env.sock("Router").send(["nobody", "a"]));
  row("Router.send with one frame", (env) => env.sock("Router").send("a"));
  row("Stream.send with one frame", (env) => env.sock("Stream").send("a"));
  // A send/receive the socket's state forbids: with no timeout the binding waits.
  const forbidden: ReadonlyArray<readonly [string, string, Record<string, unknown>, (s: Loose) => unknown]> = [
    ["Router.send to unknown peer, mandatory", "Router", { mandatory: true }, (s) => s.send(["nobody", "a"])],
    ["Reply.send before receive", "Reply", {}, (s) => s.send("a")],
    ["Request.receive before send", "Request", {}, (s) => s.receive()],
  ];
  for (const [label, cls, options, op] of forbidden) {
    row(`${label}, no timeout`, (env) => env.afterTurns(op(env.sock(cls, options)) as Promise<unknown>));
    row(`${label}, timeout 0`, (env) => op(env.sock(cls, { ...options, sendTimeout: 0, receiveTimeout: 0 })));
  }
  row("async iteration ends on close", async (env) => {
    const s = env.sock("Dealer");
    const it = s[Symbol.asyncIterator]();
    const first = it.next();
    s.close();
    return env.settle(() => first);
  });

  // Issue 9 item 11: REQ with a reply outstanding.
  const reqRep = async (env: Env, options: Record<string, unknown>): Promise<Loose> => {
    const rep = env.sock("Reply");
    const req = env.sock("Request", options);
    const ep = env.inproc();
    await rep.bind(ep);
    req.connect(ep);
    await req.send("first");
    await rep.receive();
    return req;
  };
  row("Request second send, sendTimeout 0", async (env) => (await reqRep(env, { sendTimeout: 0 })).send("second"));
  row("Request second send, sendTimeout 10", async (env) => (await reqRep(env, { sendTimeout: 10 })).send("second"));
  row("Request second send, no timeout: settles within two loop turns", async (env) => {
    const req = await reqRep(env, {});
    let settled: unknown = "pending";
    req.send("second").then(
      () => (settled = "resolved"),
      (e: { code?: string }) => (settled = e.code ?? "rejected"),
    );
    await turn();
    await turn();
    return settled;
  });
  row("Request second send, relaxed", async (env) => (await reqRep(env, { relaxed: true, sendTimeout: 0 })).send("x"));

  // Issue 9 item 15: ZMQ_MAX_SOCKETS.
  row("maxSockets 1: second socket", (env) => {
    const context = new env.zmq.Context({ maxSockets: 1 });
    env.sock("Dealer", { context });
    return env.probe(() => env.sock("Dealer", { context }));
  });
  // Not compared: whether a closed socket's slot is free at once (the binding frees it when
  // libzmq's reaper thread gets to it, a race).
  row("maxSockets lowered below open sockets", (env) => {
    const context = new env.zmq.Context();
    env.sock("Dealer", { context });
    env.sock("Dealer", { context });
    return { set: env.probe(() => (context.maxSockets = 1)), get: env.probe(() => context.maxSockets) };
  });
  row("blocky false: new sockets linger 0", (env) => {
    const context = new env.zmq.Context({ blocky: false });
    return env.plain("Dealer", { context }).linger;
  });
  row("context ipv6: new sockets ipv6", (env) => {
    const context = new env.zmq.Context({ ipv6: true });
    return env.plain("Dealer", { context }).ipv6;
  });
  row("socket.context is the given context", (env) => {
    const context = new env.zmq.Context();
    return env.sock("Dealer", { context }).context === context;
  });
  row("socket.context defaults to the global context", (env) => env.sock("Dealer").context === env.zmq.context);
  return rows;
}
