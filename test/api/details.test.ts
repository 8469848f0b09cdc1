/**
 * Differences the differential table found beyond issue 9's list, fixed in the API layer: the
 * binding's write-only properties (no getter), options libzmq cannot read, SUB/XSUB linger,
 * raw accessor families of another size, message conversion, final attempts on close, the
 * async iterator's end, Proxy accessors, capability. Every case runs on zmtp and the binding.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import * as zmtpV5 from "../../src/v5-compat.js";
import { outcome, sameOnBoth, turns, warningsOf, type Lib } from "./same.js";

/** Runs `body` with a fresh socket of `cls`, closed afterwards. */
function withSocket(cls: string, body: (s: Lib, lib: Lib) => unknown): (lib: Lib) => Promise<unknown> {
  return async (lib) => {
    const s = new lib[cls]({ linger: 0 });
    try {
      return await outcome(() => body(s, lib));
    } finally {
      s.close();
    }
  };
}

const WRITE_ONLY: Record<string, string[]> = {
  Dealer: ["conflate", "probeRouter"],
  Request: ["correlate", "relaxed", "probeRouter"],
  Router: ["handover", "probeRouter"],
  XPublisher: ["noDrop", "manual", "welcomeMessage", "verbosity"],
  Stream: ["notify"],
};
for (const [cls, keys] of Object.entries(WRITE_ONLY)) {
  sameOnBoth(`${cls}: write-only options read as undefined, before and after a write`, (lib) => {
    const s = new lib[cls]({ linger: 0 });
    try {
      return keys.map((k) => {
        const before = s[k];
        s[k] = k === "verbosity" ? "allSubs" : k === "welcomeMessage" ? "hi" : true;
        return [k, before, s[k]];
      });
    } finally {
      s.close();
    }
  });
}

sameOnBoth(
  "Router.mandatory: reading is EINVAL (libzmq cannot read it)",
  withSocket("Router", (s) => s.mandatory),
);
sameOnBoth(
  "XPublisher.verbosity ignores values it does not know",
  withSocket("XPublisher", (s) => {
    s.verbosity = "bogus";
    s.verbosity = 1;
    return "no error";
  }),
);
sameOnBoth("SUB and XSUB start with linger 0, the others with -1", (lib) =>
  ["Subscriber", "XSubscriber", "Dealer", "Publisher"].map((cls) => {
    const s = new lib[cls]();
    const linger = s.linger as number;
    s.close();
    return [cls, linger];
  }),
);
sameOnBoth(
  "heartbeatTimeToLive -1 reads back 0",
  withSocket("Dealer", (s) => {
    s.heartbeatTimeToLive = -1;
    return Object.is(s.heartbeatTimeToLive, 0);
  }),
);
sameOnBoth("raw accessors of another size than the option are EINVAL; of the same size read the same int", (lib) =>
  Promise.all(
    [
      "getStringOption(54)",
      "getInt32Option(39)",
      "getBoolOption(17)",
      "getInt64Option(17)",
      "setInt64Option(17, 5)",
    ].map(async (call) => {
      const s = new lib.Dealer({ linger: 0 });
      try {
        const [, name, args] = /^(\w+)\((.*)\)$/.exec(call)!;
        const values = args!.split(", ").map(Number);
        return [call, await outcome(() => s[name!](...values))];
      } finally {
        s.close();
      }
    }),
  ),
);

const MESSAGES: Record<string, () => unknown> = {
  DataView: () => new DataView(new ArrayBuffer(3)),
  SharedArrayBuffer: () => new SharedArrayBuffer(4),
  Symbol: () => Symbol("s"),
  "[]": () => [],
  '["a", undefined]': () => ["a", undefined],
  "[1, true, null, 10n]": () => [1, true, null, 10n],
  Uint16Array: () => new Uint16Array([0x6261]),
};
let n = 0;
for (const [name, make] of Object.entries(MESSAGES)) {
  sameOnBoth(`send ${name}: what is sent, or the error`, async (lib) => {
    const pull = new lib.Pull({ linger: 0, receiveTimeout: 50 });
    const push = new lib.Push({ linger: 0 });
    try {
      const ep = `inproc://details-${++n}`;
      await pull.bind(ep);
      push.connect(ep);
      const sent = await outcome(() => push.send(make()));
      if (sent.how !== "resolved") return { sent };
      const received = await outcome(() => pull.receive());
      return { sent, received };
    } finally {
      push.close();
      pull.close();
    }
  });
}

for (const [cls, op] of [
  ["Push", "receive"],
  ["Pull", "send"],
  ["Publisher", "receive"],
  ["Subscriber", "send"],
  ["Dealer", "receive"],
  ["Request", "receive"],
] as const) {
  sameOnBoth(`${cls}.${op}() pending when the socket closes: its final attempt's outcome`, async (lib) => {
    const s = new lib[cls]({ linger: 0 });
    const pending = op === "send" ? s.send("x") : s.receive();
    pending.catch(() => {});
    await turns(2);
    s.close();
    return outcome(() => pending);
  });
}

sameOnBoth("async iteration ends with {done: true} once the socket is closed", async (lib) => {
  const s = new lib.Dealer({ linger: 0 });
  const it = s[Symbol.asyncIterator]();
  const pending = it.next();
  await turns(2);
  s.close();
  return [await pending, await it.next()];
});

sameOnBoth("Proxy.frontEnd and backEnd are read-only accessors", async (lib) => {
  const a = new lib.Router({ linger: 0 });
  const b = new lib.Dealer({ linger: 0 });
  try {
    const p = new lib.Proxy(a, b);
    return [p.frontEnd === a, p.backEnd === b, await outcome(() => (p.frontEnd = b))];
  } finally {
    a.close();
    b.close();
  }
});

sameOnBoth("capability is a plain (mutable) object", (lib: Lib) => Object.isFrozen(lib.capability));

const zeromqV5: Lib = createRequire(import.meta.url)("zeromq/v5-compat");
// (unbindSync is left out: the binding's binds again, zeromq.js #704.)
test("v5: bindSync returns undefined; monitor(10, 0) warns that its arguments are ignored", async () => {
  const results = [];
  for (const v5 of [zmtpV5, zeromqV5] as Lib[]) {
    results.push(
      await warningsOf(async () => {
        const s = v5.socket("dealer");
        try {
          const returned = s.bindSync("inproc://details-v5");
          s.monitor(10, 0);
          await turns(1);
          return returned;
        } finally {
          s.close();
        }
      }),
    );
  }
  assert.deepEqual(results[0], results[1]);
});

sameOnBoth("lastEndpoint is the endpoint as given after a connect", (lib) =>
  ["tcp://127.0.0.1:1", "inproc://details-connect", "ipc:///tmp/zmtp-details-connect.sock"].map((ep) => {
    const s = new lib.Dealer({ linger: 0 });
    try {
      s.connect(ep);
      return s.lastEndpoint as string;
    } finally {
      s.close();
    }
  }),
);

sameOnBoth("the sockets of a running Proxy are blocked; terminate() closes both", async (lib) => {
  const front = new lib.Router({ linger: 0 });
  const back = new lib.Dealer({ linger: 0 });
  await front.bind(`inproc://details-proxy-${++n}`);
  await back.bind(`inproc://details-proxy-${++n}`);
  const proxy = new lib.Proxy(front, back);
  const running = proxy.run();
  await turns(2);
  const during = [await outcome(() => back.send("x")), await outcome(() => front.connect("inproc://y"))];
  front.close();
  const closedAtOnce = front.closed;
  proxy.terminate();
  await running;
  return { during, closedAtOnce, closed: [front.closed, back.closed] };
});
