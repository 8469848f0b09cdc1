/**
 * Rows for `v5-compat` (zmtp/v5-compat vs zeromq/v5-compat): exports and constants, socket
 * types by name, every option by ZMQ_* number and by short name (get, set, property sugar),
 * the callback-style methods, monitor(), Context, proxy and curveKeypair.
 */
import { type Env, type Loose, type Row, type RowAdder, WEDGES_REAPER, ZEROMQ, rowsOf } from "./harness.js";

const V5_TYPES = [
  "pair",
  "req",
  "rep",
  "pub",
  "sub",
  "dealer",
  "xreq",
  "router",
  "xrep",
  "pull",
  "push",
  "xpub",
  "xsub",
  "stream",
] as const;

const NOT_OPTION =
  /^(ZMQ_(PAIR|PUB|SUB|REQ|REP|DEALER|XREQ|ROUTER|XREP|PULL|PUSH|XPUB|XSUB|STREAM|POLL\w+|SNDMORE|CAN_\w+)|STATE_\w+)$/;

/** The option constants of the binding's v5 module (ZMQ_* numbers that are not types/flags). */
function optionConstants(): Array<[string, number]> {
  return Object.entries(ZEROMQ.v5 as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === "number" && e[0].startsWith("ZMQ_") && !NOT_OPTION.test(e[0]))
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

function shortNames(): string[] {
  return Object.keys(ZEROMQ.v5.options as Record<string, number>).sort();
}

/**
 * A v5 Pair couple over tcp, bound with bind(ep, cb). (Over inproc the binding's receiver, whose
 * receive loop starts at construction, does not see a message until something else touches the
 * socket; zmtp's bindSync does not do tcp.)
 */
async function v5pair(env: Env): Promise<{ a: Loose; b: Loose }> {
  const a = env.v5sock("pair");
  const b = env.v5sock("pair");
  await new Promise((r) => a.bind("tcp://127.0.0.1:*", r));
  b.connect(String(a.getsockopt(32)));
  return { a, b };
}

/** Resolves with the arguments of the next `name` event (or the error event). */
function nextEvent(s: Loose, name: string): Promise<unknown[]> {
  return new Promise((resolve) => {
    s.once(name, (...args: unknown[]) => resolve(args));
  });
}

export function v5Rows(): Row[] {
  const { rows, row } = rowsOf("v5");
  row("exports: keys", (env) => Object.keys(env.v5).sort());
  row("exports: typeof each", (env) =>
    Object.fromEntries(
      Object.keys(env.v5)
        .sort()
        .map((k) => [k, typeof env.v5[k]]),
    ),
  );
  row("exports: numeric constants", (env) =>
    Object.fromEntries(
      Object.entries(env.v5 as Record<string, unknown>)
        .filter(([, v]) => typeof v === "number")
        .sort(),
    ),
  );
  row("exports: options map", (env) => env.v5.options);
  row("exports: version", (env) => env.v5.version);
  row("curveKeypair() shape", (env) =>
    env.probe(() => {
      const kp = env.v5.curveKeypair();
      return { keys: Object.keys(kp).sort(), lengths: [kp.public.length, kp.secret.length] };
    }),
  );
  row("Socket: prototype members", (env) => Object.getOwnPropertyNames(env.v5.Socket.prototype).sort());

  for (const t of [...V5_TYPES, "PAIR", "foo", "", 5, null, undefined]) {
    const label = typeof t === "string" ? `"${t}"` : String(t);
    row(`socket(${label})`, (env) =>
      env.probe(() => {
        const s = env.v5sock(t as string);
        return { type: s.type, ZMQ_TYPE: s.getsockopt(16), closed: s.closed };
      }),
    );
  }
  row("createSocket is socket", (env) => env.v5.createSocket === env.v5.socket);
  row('socket("dealer", options)', (env) =>
    env.probe(() => {
      const s = env.own(env.v5.socket("dealer", { linger: 0, identity: "id", backlog: 7 }));
      return [s.getsockopt(17), s.identity, s.backlog];
    }),
  );
  row('socket("dealer", {bogus: 1})', (env) => env.probe(() => env.own(env.v5.socket("dealer", { bogus: 1 })).bogus));
  row('socket("dealer", {rcvhwm: 5})', (env) =>
    env.probe(() => env.own(env.v5.socket("dealer", { rcvhwm: 5 })).rcvhwm),
  );
  row("new Socket() direct", (env) => env.probe(() => env.own(new env.v5.Socket("dealer")).type));

  for (const [name, id] of optionConstants()) {
    const on = (env: Env) => env.v5sock(name === "ZMQ_SUBSCRIBE" || name === "ZMQ_UNSUBSCRIBE" ? "sub" : "dealer");
    row(`getsockopt(${name})`, (env) => env.probe(() => on(env).getsockopt(id)));
    for (const [label, v] of [
      ["1", 1],
      ["0", 0],
      ['"abc"', "abc"],
      ["Buffer", Buffer.from("abc")],
      ["null", null],
      ["true", true],
    ] as const) {
      row(`setsockopt(${name}, ${label})`, (env) => {
        const s = on(env);
        return { set: env.probe(() => s.setsockopt(id, v) === s), get: env.probe(() => s.getsockopt(id)) };
      });
    }
    row(`setsockopt(${name}, 1) closed`, (env) => {
      const s = on(env);
      s.close();
      return env.probe(() => s.setsockopt(id, 1));
    });
    row(`getsockopt(${name}) closed`, (env) => {
      const s = on(env);
      s.close();
      return env.probe(() => s.getsockopt(id));
    });
  }
  for (const name of shortNames()) {
    row(`getsockopt("${name}")`, (env) => env.probe(() => env.v5sock("dealer").getsockopt(name)));
    row(`property ${name}`, (env) => env.probe(() => env.v5sock("dealer")[name]));
    row(`property ${name} = 1`, (env) => {
      const s = env.v5sock("dealer");
      return { set: env.probe(() => (s[name] = 1)), get: env.probe(() => s[name]) };
    });
    row(`property ${name} = "abc"`, (env) => {
      const s = env.v5sock("dealer");
      return { set: env.probe(() => (s[name] = "abc")), get: env.probe(() => s[name]) };
    });
  }
  for (const [label, args] of [
    ["()", []],
    ['("bogus")', ["bogus"]],
    ["(9999)", [9999]],
    ["(null)", [null]],
  ] as const) {
    row(`getsockopt${label}`, (env) => env.probe(() => env.v5sock("dealer").getsockopt(...args)));
  }
  for (const [label, args] of [
    ["()", []],
    ['("bogus", 1)', ["bogus", 1]],
    ["(9999, 1)", [9999, 1]],
    ["(null, 1)", [null, 1]],
  ] as const) {
    row(`setsockopt${label}`, (env) => env.probe(() => env.v5sock("dealer").setsockopt(...args)));
  }
  methodRows(row);
  return rows;
}

function methodRows(row: RowAdder): void {
  row("bind(ep, cb)", async (env) => {
    const s = env.v5sock("dealer");
    const events = nextEvent(s, "bind");
    const cbArgs = await new Promise<unknown[]>((r) => s.bind(env.inproc(), (...a: unknown[]) => r(a)));
    return { cbArgs, bindEvent: await events };
  });
  row("bind(bad, cb)", async (env) => {
    const s = env.v5sock("dealer");
    return new Promise<unknown[]>((r) => s.bind("tcp://", (...a: unknown[]) => r(a)));
  });
  row("bind(bad) without cb emits error", async (env) => {
    const s = env.v5sock("dealer");
    const returned = s.bind("tcp://") === s;
    await nextEvent(s, "error");
    return { returned };
  });
  row("unbind(never bound, cb)", async (env) => {
    const s = env.v5sock("dealer");
    return new Promise<unknown[]>((r) => s.unbind(env.inproc(), (...a: unknown[]) => r(a)));
  });
  row("unbind(bound, cb)", async (env) => {
    const s = env.v5sock("dealer");
    const ep = env.inproc();
    await new Promise((r) => s.bind(ep, r));
    const ev = nextEvent(s, "unbind");
    const cbArgs = await new Promise<unknown[]>((r) => s.unbind(ep, (...a: unknown[]) => r(a)));
    return { cbArgs, unbindEvent: await ev };
  });
  row("bindSync returns", (env) => env.probe(() => env.v5sock("dealer").bindSync(env.inproc())));
  row("bindSync(bad)", (env) => env.probe(() => env.v5sock("dealer").bindSync("tcp://")));
  row("unbindSync(bound)", (env) => {
    const s = env.v5sock("dealer");
    const ep = env.inproc();
    s.bindSync(ep);
    return env.probe(() => s.unbindSync(ep));
  });
  row("connect returns this", (env) => {
    const s = env.v5sock("dealer");
    return env.probe(() => s.connect(env.inproc()) === s);
  });
  row("connect(bad)", (env) => env.probe(() => env.v5sock("dealer").connect("foo")));
  row("disconnect(never connected)", (env) => env.probe(() => env.v5sock("dealer").disconnect("tcp://127.0.0.1:1")));
  row("disconnect(bad)", (env) => env.probe(() => env.v5sock("dealer").disconnect("foo")));
  row("read() throws", (env) => env.probe(() => env.v5sock("dealer").read()));
  row("pause/resume return", (env) => {
    const s = env.v5sock("dealer");
    return [env.probe(() => s.pause()), env.probe(() => s.resume())];
  });
  row("close returns this, twice", (env) => {
    const s = env.v5sock("dealer");
    return [env.probe(() => s.close() === s), env.probe(() => s.close() === s), s.closed];
  });
  row("subscribe on a dealer", (env) => env.probe(() => env.v5sock("dealer").subscribe("a")));
  row("subscribe/unsubscribe on a sub return this", (env) => {
    const s = env.v5sock("sub");
    return [s.subscribe("a") === s, s.unsubscribe("a") === s];
  });
  row("send returns this (no peer)", (env) => {
    const s = env.v5sock("dealer");
    return env.probe(() => s.send("a") === s);
  });
  row("send on a pull", (env) => {
    const s = env.v5sock("pull");
    return env.probe(() => s.send("a"));
  });
  row("send on a closed socket with cb", async (env) => {
    const s = env.v5sock("dealer");
    s.close();
    return env.afterTurns(new Promise<unknown[]>((r) => s.send("a", 0, (...a: unknown[]) => r(a))));
  });
  for (const [label, parts, flags] of [
    ['"a"', ["a"], [0]],
    ['["a", "b"]', [["a", "b"]], [0]],
    ['"a" SNDMORE, "b"', ["a", "b"], [2, 0]],
    ["Buffer", [Buffer.from([1, 2])], [0]],
    ["1", [1], [0]],
    ["null", [null], [0]],
  ] as const) {
    row(`message ${label}`, async (env) => {
      const { a, b } = await v5pair(env);
      const got = nextEvent(b, "message");
      parts.forEach((p, i) => a.send(p, flags[i]));
      return ((await got) as Buffer[]).map((f) => (Buffer.isBuffer(f) ? f.toString("hex") : f));
    });
  }
  row("send cb is called", async (env) => {
    const { a } = await v5pair(env);
    return new Promise<unknown[]>((r) => a.send("x", 0, (...args: unknown[]) => r(args)));
  });
  row("monitor() returns this", (env) => {
    const s = env.v5sock("dealer");
    return env.probe(() => s.monitor() === s);
  });
  row("monitor(10, 0) warns", (env) => env.probe(() => env.v5sock("dealer").monitor(10, 0) !== null));
  row(
    "unmonitor() before monitor()",
    (env) => {
      const s = env.v5sock("dealer");
      return env.probe(() => s.unmonitor() === s);
    },
    { isolated: WEDGES_REAPER },
  );
  row("monitor: listen event arguments", async (env) => {
    const s = env.v5sock("dealer");
    s.monitor();
    const ev = nextEvent(s, "listen");
    s.bindSync("tcp://127.0.0.1:*");
    return ev;
  });
  row("Context: new Context()", (env) => env.probe(() => new env.v5.Context()));
  row("Context: getMaxThreads/getMaxSockets", (env) => [
    env.v5.Context.getMaxThreads(),
    env.v5.Context.getMaxSockets(),
  ]);
  row("Context: setMaxSockets(same value)", (env) =>
    env.probe(() => env.v5.Context.setMaxSockets(env.v5.Context.getMaxSockets())),
  );
  row("Context: setMaxThreads(same value)", (env) =>
    env.probe(() => env.v5.Context.setMaxThreads(env.v5.Context.getMaxThreads())),
  );
  row("proxy()", (env) => env.probe(() => env.v5.proxy()));
  row("proxy(dealer, dealer)", (env) => env.probe(() => env.v5.proxy(env.v5sock("dealer"), env.v5sock("dealer"))));
  row("proxy(pull, push)", (env) => env.probe(() => env.v5.proxy(env.v5sock("pull"), env.v5sock("push"))));
  row("proxy(router, dealer, capture)", (env) =>
    env.probe(() => env.v5.proxy(env.v5sock("router"), env.v5sock("dealer"), env.v5sock("pub"))),
  );
}
