/**
 * Rows for the root module's shape (exports, classes, prototypes) and its constructors called
 * with wrong arguments (issue 9 item 1): Context, Socket and the socket classes, Proxy, Observer.
 */
import { type Env, type Loose, type Row, rowsOf } from "./harness.js";
import { SOCKET_CLASSES } from "./reflect.js";

const CLASSES = ["Context", "Socket", "Observer", "Proxy", ...SOCKET_CLASSES] as const;

/** Every property name along a class's prototype chain (below Object.prototype). */
function protoNames(C: Loose): string[] {
  const out = new Set<string>();
  for (
    let p = C.prototype as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const k of Object.getOwnPropertyNames(p)) out.add(k);
    for (const s of Object.getOwnPropertySymbols(p)) out.add(String(s));
  }
  return [...out].sort();
}

export function moduleRows(): Row[] {
  const { rows, row } = rowsOf("module");
  row("root: enumerable keys", (env) => Object.keys(env.zmq).sort());
  row("root: typeof each export", (env) => Object.fromEntries(Object.keys(env.zmq).map((k) => [k, typeof env.zmq[k]])));
  row("version", (env) => env.zmq.version);
  row("capability", (env) => env.zmq.capability);
  row("capability is frozen", (env) => Object.isFrozen(env.zmq.capability));
  row("curveKeyPair() shape", (env) => {
    const kp = env.zmq.curveKeyPair();
    return { keys: Object.keys(kp).sort(), lengths: [kp.publicKey.length, kp.secretKey.length] };
  });
  row("curveKeyPair(extra)", (env) => env.probe(() => Object.keys(env.zmq.curveKeyPair(1)).sort()));
  row("context is a Context", (env) => env.zmq.context instanceof env.zmq.Context);
  for (const cls of CLASSES) {
    row(`${cls}: name and length`, (env) => [env.zmq[cls].name, env.zmq[cls].length]);
    row(`${cls}: prototype members`, (env) => protoNames(env.zmq[cls]));
  }
  for (const cls of SOCKET_CLASSES) {
    row(`${cls}: instanceof Socket, type`, (env) => {
      const s = env.sock(cls);
      return [s instanceof env.zmq.Socket, s.type];
    });
  }
  row("Context instance: sealed, own keys", (env) => {
    const c = new env.zmq.Context();
    return { sealed: Object.isSealed(c), keys: Object.keys(c), add: env.probe(() => (c.bogus = 1)) };
  });
  return rows;
}

/** Calls a constructor and records what happened (the instance's class if it worked). */
function construct(env: Env, make: () => unknown): unknown {
  return env.probe(() => {
    const x = make();
    if (x && typeof (x as { close?: unknown }).close === "function") env.own(x);
    return x;
  });
}

export function constructorRows(): Row[] {
  const { rows, row } = rowsOf("constructor");
  const C = (env: Env, name: string): Loose => env.zmq[name];
  const ctx: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
    ["()", () => []],
    ["({})", () => [{}]],
    ["(undefined)", () => [undefined]],
    ["(null)", () => [null]],
    ["(1)", () => [1]],
    ['("x")', () => ["x"]],
    ["({}, 2)", () => [{}, 2]],
    ["({bogus: 1})", () => [{ bogus: 1 }]],
    ["({maxSocketsLimit: 1})", () => [{ maxSocketsLimit: 1 }]],
    ['({ioThreads: "x"})', () => [{ ioThreads: "x" }]],
  ];
  for (const [label, args] of ctx)
    row(`new Context${label}`, (env) => construct(env, () => new (C(env, "Context"))(...args(env))));
  row("Context() without new", (env) => construct(env, () => C(env, "Context")()));

  const sockArgs: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
    ["()", () => []],
    ["(5)", () => [5]],
    ['("5")', () => ["5"]],
    ["(99)", () => [99]],
    ["(-1)", () => [-1]],
    ["(12)", () => [12]],
    ["(5, {linger: 0})", () => [5, { linger: 0 }]],
    ["(5, null)", () => [5, null]],
    ["(5, 1)", () => [5, 1]],
    ["(5, {context: {}})", () => [5, { context: {} }]],
    ["(5, {context: null})", () => [5, { context: null }]],
    ["(5, {context: ctx}, 2)", (env) => [5, { context: new env.zmq.Context() }, 2]],
    ["(1, ctx, 2)", (env) => [1, new env.zmq.Context(), 2]],
  ];
  for (const [label, args] of sockArgs)
    row(`new Socket${label}`, (env) => construct(env, () => new (C(env, "Socket"))(...args(env))));
  row("Socket(5) without new", (env) => construct(env, () => C(env, "Socket")(5)));
  row("subclass of Socket with a raw type", (env) => {
    class Mine extends (C(env, "Socket") as new (type: number, o?: object) => Loose) {
      constructor() {
        super(5, { linger: 0 });
      }
    }
    const s = env.own(new Mine());
    return [s.type, s instanceof C(env, "Socket"), Object.isSealed(s)];
  });

  const clsArgs: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
    ["(1)", () => [1]],
    ["(null)", () => [null]],
    ['("x")', () => ["x"]],
    ["({}, 2)", () => [{}, 2]],
    ["({bogus: 1})", () => [{ bogus: 1 }]],
    ["({type: 1})", () => [{ type: 1 }]],
    ["({securityMechanism: null})", () => [{ securityMechanism: null }]],
    ['({linger: "x"})', () => [{ linger: "x" }]],
    ["({linger: 0, context: ctx})", (env) => [{ linger: 0, context: new env.zmq.Context() }]],
  ];
  for (const cls of ["Dealer", "Router", "Subscriber", "XPublisher"]) {
    for (const [label, args] of clsArgs)
      row(`new ${cls}${label}`, (env) => construct(env, () => new (C(env, cls))(...args(env))));
    row(`${cls}() without new`, (env) => construct(env, () => C(env, cls)()));
  }
  row("options object: context is deleted, other keys kept", (env) => {
    const o = { linger: 0, context: new env.zmq.Context() };
    env.own(new (C(env, "Dealer"))(o));
    return Object.keys(o);
  });
  row("options apply in key order", (env) => {
    const s = env.own(new (C(env, "Dealer"))({ linger: 0, sendTimeout: 5, receiveTimeout: 6, routingId: "r" }));
    return [s.linger, s.sendTimeout, s.receiveTimeout, s.routingId];
  });

  const proxyArgs: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
    ["()", () => []],
    ["(router)", (env) => [env.sock("Router")]],
    ["({}, {})", () => [{}, {}]],
    ["(router, {})", (env) => [env.sock("Router"), {}]],
    ["({}, dealer)", (env) => [{}, env.sock("Dealer")]],
    ["(router, dealer)", (env) => [env.sock("Router"), env.sock("Dealer")]],
    ["(router, dealer, 3)", (env) => [env.sock("Router"), env.sock("Dealer"), 3]],
    ["(1, 2)", () => [1, 2]],
    ["(closed, dealer)", (env) => [closedSock(env, "Router"), env.sock("Dealer")]],
  ];
  for (const [label, args] of proxyArgs)
    row(`new Proxy${label}`, (env) => construct(env, () => new (C(env, "Proxy"))(...args(env))));
  row("Proxy() without new", (env) => construct(env, () => C(env, "Proxy")()));

  const obsArgs: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
    ["()", () => []],
    ["({})", () => [{}]],
    ["(1)", () => [1]],
    ["(null)", () => [null]],
    ["(dealer)", (env) => [env.sock("Dealer")]],
    ["(dealer, 2)", (env) => [env.sock("Dealer"), 2]],
    ["(closed)", (env) => [closedSock(env, "Dealer")]],
  ];
  // Left out: new Observer(new Context()) throws ENOTSOCK in the binding and then segfaults the
  // process (not every time) once the half-built observer is collected.
  for (const [label, args] of obsArgs) {
    row(`new Observer${label}`, (env) => construct(env, () => new (C(env, "Observer"))(...args(env))));
  }
  row("Observer() without new", (env) => construct(env, () => C(env, "Observer")()));
  return rows;
}

function closedSock(env: Env, cls: string): Loose {
  const s = env.sock(cls);
  s.close();
  return s;
}
