/**
 * Issue 9 item 15: a context's `maxSockets` is enforced as in libzmq: one socket more throws
 * EMFILE "Too many open file descriptors"; a closed socket frees its slot at once; the limit is
 * fixed when the context creates its first socket; 0 is EINVAL. Runs on zmtp and the binding.
 */
import { outcome, sameOnBoth, type Lib } from "./same.js";

/** Creates a Dealer on `ctx`: "ok" (kept in `open`) or the error. */
async function make(lib: Lib, ctx: unknown, open: Array<{ close(): void }>): Promise<unknown> {
  return outcome(() => {
    const s = new lib.Dealer({ context: ctx, linger: 0 });
    open.push(s);
    return "ok";
  });
}

sameOnBoth("maxSockets 3: the fourth socket is EMFILE; closing one frees a slot", async (lib) => {
  const open: Array<{ close(): void }> = [];
  try {
    const ctx = new lib.Context({ maxSockets: 3 });
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await make(lib, ctx, open));
    open[0]!.close();
    // libzmq frees the slot when its reaper thread has disposed of the socket (zmtp: at once).
    let again = await make(lib, ctx, open);
    for (let turn = 0; turn < 1000 && again !== "ok"; turn++) {
      await new Promise((r) => setImmediate(r));
      again = await make(lib, ctx, open);
    }
    seen.push(again, await make(lib, ctx, open));
    return seen;
  } finally {
    for (const s of open) s.close();
  }
});

sameOnBoth("maxSockets is fixed by the context's first socket; later values are stored only", async (lib) => {
  const open: Array<{ close(): void }> = [];
  try {
    const ctx = new lib.Context();
    const seen: unknown[] = [await make(lib, ctx, open)];
    ctx.maxSockets = 1;
    seen.push(ctx.maxSockets, await make(lib, ctx, open));
    const limited = new lib.Context();
    limited.maxSockets = 2;
    limited.maxSockets = 1;
    seen.push(await make(lib, limited, open), await make(lib, limited, open));
    return seen;
  } finally {
    for (const s of open) s.close();
  }
});

// (Set on a made context: a Context constructor that throws crashes the binding at exit.)
sameOnBoth("maxSockets: default 1023, 0 and negatives are EINVAL", async (lib) => {
  const ctx = new lib.Context();
  return [
    ctx.maxSockets,
    lib.context.maxSockets,
    await outcome(() => (ctx.maxSockets = 0)),
    await outcome(() => (ctx.maxSockets = -1)),
    ctx.maxSockets,
  ];
});
