/**
 * Rows for every socket method: arity and argument types, closed sockets, sockets busy binding
 * or unbinding (issue 9 items 1 and 3), and every endpoint form through bind, connect, unbind
 * and disconnect (item 2: unbind/disconnect parse the endpoint first).
 */
import { type Env, type Loose, type Row, rowsOf, turn } from "./harness.js";

/** Argument lists tried on every method: missing, wrong types, one too many. */
function argSets(valid: (env: Env) => unknown[]): ReadonlyArray<readonly [string, (env: Env) => unknown[]]> {
  return [
    ["()", () => []],
    ["(undefined)", () => [undefined]],
    ["(null)", () => [null]],
    ["(1)", () => [1]],
    ["({})", () => [{}]],
    ['(Buffer("inproc://x"))', () => [Buffer.from("inproc://x")]],
    ["(valid)", valid],
    ["(valid, extra)", (env) => [...valid(env), 1]],
  ];
}

/** Socket methods and a valid argument list for each (on a fresh, idle Dealer). */
const METHODS: ReadonlyArray<readonly [string, (env: Env) => unknown[]]> = [
  ["bind", (env) => [env.inproc()]],
  ["unbind", (env) => [env.inproc()]],
  ["bindSync", (env) => [env.inproc()]],
  ["unbindSync", (env) => [env.inproc()]],
  ["connect", (env) => [env.inproc()]],
  ["disconnect", (env) => [env.inproc()]],
  ["send", () => ["a"]],
  ["receive", () => []],
  ["close", () => []],
  ["join", () => ["g"]],
  ["leave", () => ["g"]],
];

/**
 * The endpoint forms tried on bind, connect, unbind and disconnect. Those marked "no bind"
 * name a fixed port (the binding would really listen there, as root even on port 1).
 */
const ENDPOINTS: ReadonlyArray<readonly [string, (env: Env) => string, "no bind"?]> = [
  ['""', () => ""],
  ["no scheme", () => "127.0.0.1:5555", "no bind"],
  ["unknown scheme", () => "foo://127.0.0.1:5555", "no bind"],
  ["scheme only", () => "tcp://"],
  ["upper-case scheme", () => "TCP://127.0.0.1:*"],
  ["leading space", () => " tcp://127.0.0.1:*"],
  ["tcp no port", () => "tcp://127.0.0.1"],
  ["tcp empty port", () => "tcp://127.0.0.1:"],
  ["tcp port abc", () => "tcp://127.0.0.1:abc"],
  ["tcp port 99999", () => "tcp://127.0.0.1:99999"],
  ["tcp port -1", () => "tcp://127.0.0.1:-1"],
  ["tcp port 0", () => "tcp://127.0.0.1:0"],
  ["tcp port 1", () => "tcp://127.0.0.1:1", "no bind"],
  ["tcp wildcard port", () => "tcp://127.0.0.1:*"],
  ["tcp wildcard host", () => "tcp://*:*"],
  ["tcp localhost", () => "tcp://localhost:*"],
  ["tcp ipv6 loopback", () => "tcp://[::1]:*"],
  ["tcp unclosed bracket", () => "tcp://[::1:*"],
  ["tcp interface lo", () => "tcp://lo:*"],
  ["tcp unknown interface", () => "tcp://no-such-if0:*"],
  ["tcp bad ipv4", () => "tcp://999.1.1.1:*"],
  ["tcp source address", () => "tcp://127.0.0.1:0;127.0.0.1:1", "no bind"],
  ["tcp trailing path", () => "tcp://127.0.0.1:*/x"],
  ["udp", () => "udp://127.0.0.1:5555", "no bind"],
  ["pgm", () => "pgm://127.0.0.1;239.192.1.1:5555", "no bind"],
  ["epgm", () => "epgm://127.0.0.1;239.192.1.1:5555", "no bind"],
  ["tipc", () => "tipc://{5560,0,0}"],
  ["vmci", () => "vmci://1:5555", "no bind"],
  ["norm", () => "norm://127.0.0.1:5555", "no bind"],
  ["ws", () => "ws://127.0.0.1:5555", "no bind"],
  ["ws wildcard port", () => "ws://127.0.0.1:*"],
  ["inproc empty name", () => "inproc://"],
  ["inproc", (env) => env.inproc()],
  ["ipc empty path", () => "ipc://"],
  ["ipc", (env) => env.ipc()],
  ["ipc missing directory", () => `ipc:///no/such/dir-${process.pid}/x.sock`],
  ["ipc wildcard", () => "ipc://*"],
];

export function methodRows(): Row[] {
  const { rows, row } = rowsOf("socket.method");
  for (const [method, valid] of METHODS) {
    for (const [label, args] of argSets(valid)) {
      const draft = method === "join" || method === "leave";
      row(`${method}${label}`, (env) => env.probe(() => env.sock("Dealer")[method](...args(env))), {
        leftOut:
          draft && label === "(valid, extra)"
            ? "aborts the binding: a second failing group throws a C++ Napi::Error (std::terminate)"
            : undefined,
      });
    }
    row(`${method}(valid) closed`, (env) => {
      const s = env.sock("Dealer");
      s.close();
      return env.probe(() => s[method](...valid(env)));
    });
  }
  row("close() twice", (env) => {
    const s = env.sock("Dealer");
    s.close();
    return { second: env.probe(() => s.close()), closed: s.closed };
  });
  row("events on closed socket", (env) => {
    const s = env.sock("Dealer");
    s.close();
    return env.probe(() => s.events);
  });
  row("events is one object", (env) => {
    const s = env.sock("Dealer");
    return s.events === s.events;
  });
  row("asyncIterator on closed socket", async (env) => {
    const s = env.sock("Dealer");
    s.close();
    return env.settle(() => s[Symbol.asyncIterator]().next());
  });
  row("readable/writable", (env) => {
    const s = env.sock("Dealer");
    const open = { readable: s.readable, writable: s.writable };
    s.close();
    return { open, closed: { readable: s.readable, writable: s.writable } };
  });
  row("sealed: add property", (env) => env.probe(() => (env.sock("Dealer").bogus = 1)));
  row("sealed: Object.isSealed", (env) => Object.isSealed(env.sock("Dealer")));
  row("own enumerable keys", (env) => Object.keys(env.sock("Dealer")).sort());
  for (const [label, args] of [
    ["()", []],
    ['("a")', ["a"]],
    ['("a", "b")', ["a", "b"]],
    ["(Buffer)", [Buffer.from([0, 1])]],
    ["(1)", [1]],
    ["(null)", [null]],
    ["(undefined)", [undefined]],
    ["({})", [{}]],
  ] as const) {
    for (const m of ["subscribe", "unsubscribe"]) {
      row(`Subscriber.${m}${label}`, (env) => env.probe(() => env.sock("Subscriber")[m](...args)));
    }
  }
  for (const m of ["subscribe", "unsubscribe"]) {
    row(`Subscriber.${m}("a") closed`, (env) => {
      const s = env.sock("Subscriber");
      s.close();
      return env.probe(() => s[m]("a"));
    });
    row(`Subscriber.${m}("a") while bound`, async (env) => {
      const s = env.sock("Subscriber");
      await s.bind(env.inproc());
      return env.probe(() => s[m]("a"));
    });
  }
  for (const cls of ["Router", "Stream"]) {
    for (const [label, opts] of [
      ["{routingId: string}", { routingId: "x" }],
      ["{routingId: Buffer}", { routingId: Buffer.from("x") }],
      ["{routingId: 1}", { routingId: 1 }],
      ['{routingId: ""}', { routingId: "" }],
      ["{routingId: null}", { routingId: null }],
      ["{bogus: 1}", { bogus: 1 }],
      ["null", null],
      ["1", 1],
    ] as const) {
      row(`${cls}.connect(valid, ${label})`, (env) => {
        const s = env.sock(cls);
        return env.probe(() => s.connect(env.inproc(), opts));
      });
    }
    row(
      `${cls}.connect twice with the same routingId`,
      (env) => {
        const s = env.sock(cls);
        s.connect(env.inproc(), { routingId: "x" });
        return env.probe(() => s.connect(env.inproc(), { routingId: "x" }));
      },
      { leftOut: "aborts the binding: libzmq asserts !has_out_pipe (routing_id) in router.cpp:438" },
    );
  }
  return rows;
}

/** The outcome of an address method, with what the socket reports afterwards. */
async function addressCall(env: Env, s: Loose, method: string, ep: string): Promise<unknown> {
  const outcome = await env.settle(() => s[method](ep));
  return { outcome, lastEndpoint: env.probe(() => s.lastEndpoint) };
}

export function endpointRows(): Row[] {
  const { rows, row } = rowsOf("socket.endpoint");
  for (const [label, ep, noBind] of ENDPOINTS) {
    if (!noBind) {
      row(`bind ${label}`, (env) => addressCall(env, env.sock("Dealer"), "bind", ep(env)));
      row(`bindSync ${label}`, (env) => addressCall(env, env.sock("Dealer"), "bindSync", ep(env)));
    }
    row(`connect ${label}`, (env) => addressCall(env, env.sock("Dealer"), "connect", ep(env)));
    row(`unbind ${label} (never bound)`, (env) => addressCall(env, env.sock("Dealer"), "unbind", ep(env)));
    row(`disconnect ${label} (never connected)`, (env) => addressCall(env, env.sock("Dealer"), "disconnect", ep(env)));
  }
  row("unbind the bound inproc endpoint", async (env) => {
    const s = env.sock("Dealer");
    const ep = env.inproc();
    await s.bind(ep);
    return addressCall(env, s, "unbind", ep);
  });
  row("unbind the resolved tcp endpoint", async (env) => {
    const s = env.sock("Dealer");
    await s.bind("tcp://127.0.0.1:*");
    return addressCall(env, s, "unbind", s.lastEndpoint);
  });
  row("unbind the tcp wildcard that was bound", async (env) => {
    const s = env.sock("Dealer");
    await s.bind("tcp://127.0.0.1:*");
    return addressCall(env, s, "unbind", "tcp://127.0.0.1:*");
  });
  row("unbind twice", async (env) => {
    const s = env.sock("Dealer");
    const ep = env.inproc();
    await s.bind(ep);
    await s.unbind(ep);
    return addressCall(env, s, "unbind", ep);
  });
  row("disconnect the connected endpoint", (env) => {
    const s = env.sock("Dealer");
    s.connect("tcp://127.0.0.1:1");
    return addressCall(env, s, "disconnect", "tcp://127.0.0.1:1");
  });
  row("disconnect twice", (env) => {
    const s = env.sock("Dealer");
    s.connect("tcp://127.0.0.1:1");
    s.disconnect("tcp://127.0.0.1:1");
    return addressCall(env, s, "disconnect", "tcp://127.0.0.1:1");
  });
  row("bind the same inproc name twice", async (env) => {
    const ep = env.inproc();
    await env.sock("Dealer").bind(ep);
    return addressCall(env, env.sock("Dealer"), "bind", ep);
  });
  row("bind the same tcp port twice", async (env) => {
    const a = env.sock("Dealer");
    await a.bind("tcp://127.0.0.1:*");
    return addressCall(env, env.sock("Dealer"), "bind", a.lastEndpoint);
  });
  row("bind the same socket twice to one inproc name", async (env) => {
    const s = env.sock("Dealer");
    const ep = env.inproc();
    await s.bind(ep);
    return addressCall(env, s, "bind", ep);
  });
  row("connect the same endpoint twice", (env) => {
    const s = env.sock("Dealer");
    s.connect("tcp://127.0.0.1:1");
    return addressCall(env, s, "connect", "tcp://127.0.0.1:1");
  });
  row("unbindSync the bound inproc endpoint", async (env) => {
    const s = env.sock("Dealer");
    const ep = env.inproc();
    await s.bind(ep);
    return addressCall(env, s, "unbindSync", ep);
  });
  row("lastEndpoint after inproc, ipc and tcp binds", async (env) => {
    const s = env.sock("Dealer");
    const seen: unknown[] = [];
    for (const ep of [env.inproc(), env.ipc(), "tcp://127.0.0.1:*"]) {
      await s.bind(ep);
      seen.push(s.lastEndpoint);
    }
    return seen;
  });
  return rows;
}

/**
 * A method call on a socket that is in the middle of bind() or unbind(). (Not lastEndpoint: in
 * the binding it races with the thread-pool bind.)
 */
const BUSY_CALLS: ReadonlyArray<readonly [string, (env: Env, s: Loose) => unknown]> = [
  ["bind", (env, s) => s.bind(env.inproc())],
  ["unbind", (env, s) => s.unbind(env.inproc())],
  ["bindSync", (env, s) => s.bindSync(env.inproc())],
  ["connect", (env, s) => s.connect(env.inproc())],
  ["disconnect", (_env, s) => s.disconnect("tcp://127.0.0.1:1")],
  ["send", (_env, s) => s.send("a")],
  ["receive", (_env, s) => s.receive()],
  ["linger = 0", (_env, s) => (s.linger = 0)],
  ["events", (_env, s) => s.events !== null],
];

export function busyRows(): Row[] {
  const { rows, row } = rowsOf("socket.busy");
  for (const phase of ["binding", "unbinding"] as const) {
    /** Starts the phase on a fresh Dealer; the pending promise is boxed (an async function would adopt it). */
    const start = async (env: Env, s: Loose): Promise<{ p: Promise<unknown> }> => {
      const ep = env.inproc();
      if (phase === "binding") return { p: s.bind(ep) };
      await s.bind(ep);
      return { p: s.unbind(ep) };
    };
    for (const [label, call] of BUSY_CALLS) {
      row(`${phase}: ${label}`, async (env) => {
        const s = env.sock("Dealer");
        const { p: pending } = await start(env, s);
        const during = env.probe(() => call(env, s));
        return { during, phase: await env.settle(() => pending) };
      });
    }
    row(`${phase}: close()`, async (env) => {
      const s = env.sock("Dealer");
      const { p: pending } = await start(env, s);
      const close = env.probe(() => s.close());
      const closedDuring = s.closed;
      const settled = await env.settle(() => pending);
      return { close, closedDuring, settled, closedAfter: s.closed };
    });
    row(`${phase}: settles within microtasks (inproc)`, async (env) => {
      const s = env.sock("Dealer");
      return env.settlesInMicrotasks((await start(env, s)).p);
    });
  }
  row("bind tcp settles within microtasks", (env) =>
    env.settlesInMicrotasks(env.sock("Dealer").bind("tcp://127.0.0.1:*")),
  );
  row("unbind never-bound inproc settles within microtasks", (env) => {
    const p = env.sock("Dealer").unbind(env.inproc());
    return env.settlesInMicrotasks(p);
  });
  row("unbind never-bound tcp settles within microtasks", (env) =>
    env.settlesInMicrotasks(env.sock("Dealer").unbind("tcp://127.0.0.1:1")),
  );
  row("unbind tcp settles within microtasks", async (env) => {
    const s = env.sock("Dealer");
    await s.bind("tcp://127.0.0.1:*");
    return env.settlesInMicrotasks(s.unbind(s.lastEndpoint));
  });
  row("failed bind settles within microtasks", (env) => env.settlesInMicrotasks(env.sock("Dealer").bind("tcp://")));
  row("connect then bind on one socket", async (env) => {
    const s = env.sock("Dealer");
    s.connect("tcp://127.0.0.1:1");
    await s.bind(env.inproc());
    await turn();
    return s.lastEndpoint;
  });
  return rows;
}
