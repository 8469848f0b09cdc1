/**
 * Issue 9 item 3: bind and unbind are asynchronous and settle at least one event-loop turn
 * later (also for inproc, failures and addresses never bound); while one is pending every
 * other operation throws EBUSY "Socket is blocked by a bind or unbind operation", and
 * `close()` takes effect when it settles. Every case runs on zmtp and on the binding.
 */
import { outcome, sameOnBoth, type Lib } from "./same.js";

/** True if `p` settles within a burst of microtasks (that is, before the event loop turns). */
async function settlesWithinMicrotasks(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 50; i++) await Promise.resolve();
  return settled;
}

let n = 0;
const inproc = (): string => `inproc://blocking-${process.pid}-${++n}`;

const PENDING: Record<string, (s: Lib) => Promise<unknown>> = {
  "bind inproc": (s) => s.bind(inproc()),
  "bind tcp": (s) => s.bind("tcp://127.0.0.1:*"),
  "failed bind": (s) => s.bind("tcp://127.0.0.1:1"),
  "unbind of a bound inproc endpoint": async (s) => {
    const ep = inproc();
    await s.bind(ep);
    return s.unbind(ep);
  },
  "unbind of a bound tcp endpoint": async (s) => {
    await s.bind("tcp://127.0.0.1:*");
    return s.unbind(s.lastEndpoint);
  },
  "unbind never bound (inproc)": (s) => Promise.resolve(s.unbind("inproc://blocking-never-bound")),
  "unbind never bound (tcp)": (s) => Promise.resolve(s.unbind("tcp://127.0.0.1:5555")),
  "unbind without ://": (s) => Promise.resolve(s.unbind("nothing")),
};

for (const name of Object.keys(PENDING)) {
  sameOnBoth(`${name}: settles only after the event loop turns`, async (lib) => {
    const s = new lib.Dealer({ linger: 0 });
    try {
      const p = PENDING[name]!(s);
      p.catch(() => {});
      const early = await settlesWithinMicrotasks(p);
      return { early, outcome: await outcome(() => p) };
    } finally {
      s.close();
    }
  });
}

const OTHERS: Record<string, (s: Lib) => unknown> = {
  bind: (s) => s.bind(inproc()),
  unbind: (s) => s.unbind("inproc://x"),
  bindSync: (s) => s.bindSync(inproc()),
  unbindSync: (s) => s.unbindSync("inproc://x"),
  connect: (s) => s.connect("inproc://x"),
  disconnect: (s) => s.disconnect("inproc://x"),
  send: (s) => s.send("x"),
  receive: (s) => s.receive(),
};

for (const blocker of ["bind", "unbind"] as const) {
  sameOnBoth(`while ${blocker} is pending, every other operation throws EBUSY`, async (lib) => {
    const s = new lib.Dealer({ linger: 0 });
    try {
      const ep = inproc();
      if (blocker === "unbind") await s.bind(ep);
      const pending = blocker === "bind" ? s.bind(ep) : s.unbind(ep);
      const results: Record<string, unknown> = {};
      for (const [op, call] of Object.entries(OTHERS)) results[op] = await outcome(() => call(s));
      results["pending"] = await outcome(() => pending);
      return results;
    } finally {
      s.close();
    }
  });

  sameOnBoth(`close() while ${blocker} is pending takes effect when it settles`, async (lib) => {
    const s = new lib.Dealer({ linger: 0 });
    const ep = inproc();
    if (blocker === "unbind") await s.bind(ep);
    const pending: Promise<void> = blocker === "bind" ? s.bind(ep) : s.unbind(ep);
    s.close();
    const closedAtOnce = s.closed;
    let closedWhenSettled: boolean | undefined;
    const settled = await outcome(() =>
      pending.then(
        () => (closedWhenSettled = s.closed),
        (err: unknown) => {
          closedWhenSettled = s.closed;
          throw err;
        },
      ),
    );
    return { closedAtOnce, closedWhenSettled, settled, closedAfter: s.closed, send: await outcome(() => s.send("x")) };
  });
}
