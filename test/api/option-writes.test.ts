/**
 * Issue 9 item 5: option writes as the binding makes them. uint64 options (affinity) take any
 * Number (clamped into range, read back as a Number, with the binding's warning above 2^53-1);
 * numbers are taken as the option's C type; and setting an option that does not apply at once
 * (the option table's `warns` column) while the socket has endpoints, is binding or unbinding,
 * or is closed emits "Socket option will not take effect until next connect/bind.". Every case
 * runs on zmtp and on the binding, comparing values, errors and the warning objects.
 */
import { OPTIONS, ROWS, type OptionKey } from "../../src/options/table.js";
import { outcome, sameOnBoth, warningsOf, type Lib } from "./same.js";

const AFFINITY_VALUES = [
  0,
  5,
  -1,
  -0.5,
  1.5,
  2 ** 31,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 60,
  2 ** 64,
  2 ** 65,
  Infinity,
  -Infinity,
  NaN,
];

for (const via of ["property", "setUint64Option"] as const) {
  sameOnBoth(
    `affinity through the ${via}: any Number, clamped, read back as a Number, warned above 2^53-1`,
    async (lib) => {
      const s = new lib.Dealer({ linger: 0 });
      try {
        const seen = [];
        for (const v of AFFINITY_VALUES) {
          seen.push(
            await warningsOf(async () => {
              const set = await outcome(() => (via === "property" ? (s.affinity = v) : s.setUint64Option(4, v)));
              return { v: String(v), set, read: await outcome(() => s.affinity) };
            }),
          );
        }
        return seen;
      } finally {
        s.close();
      }
    },
  );
}

sameOnBoth(
  "numbers are taken as the option's C type (int32 wraps, int64 saturates, fractions truncate)",
  async (lib) => {
    const s = new lib.Dealer({ linger: 0 });
    try {
      const seen = [];
      for (const key of ["linger", "sendHighWaterMark", "typeOfService", "maxMessageSize"]) {
        for (const v of [1.9, -1.9, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 2 ** 63, 2 ** 64, -(2 ** 64), NaN, Infinity]) {
          seen.push([key, String(v), await outcome(() => (s[key] = v)), await outcome(() => s[key])]);
        }
      }
      return seen;
    } finally {
      s.close();
    }
  },
);

/** A valid value for each writable Dealer option: its default where it has one, else false. */
function valueFor(key: OptionKey): unknown {
  const special: Partial<Record<OptionKey, unknown>> = {
    routingId: "abc",
    zapDomain: "abc",
    tcpAcceptFilter: null,
    plainUsername: null,
    plainPassword: null,
  };
  if (key in special) return special[key];
  const row = OPTIONS[key] as { default?: unknown };
  return row.default ?? false;
}

/** Every option a Dealer has as a writable property in both libraries (those zmtp cannot honour left out). */
const DEALER_OPTIONS: OptionKey[] = ROWS.filter(
  ([, row]) =>
    row.property !== false &&
    row.access !== "r" &&
    row.status !== "absent" &&
    row.status !== "unsupported" &&
    (typeof row.scope === "string" || row.scope.includes("DEALER")),
).map(([key]) => key);

let n = 0;
/**
 * The bind left pending by "while binding", awaited before the socket closes: closing a binding
 * socket while its bind runs on the thread pool crashed the test process once (SIGSEGV), and the
 * close-during-bind case is test/api/blocking.test.ts's, not this file's.
 */
let pendingBind: Promise<unknown> | null = null;
/** Socket states in which an option is set, each prepared on a fresh Dealer. */
const STATES: Record<string, (s: Lib) => unknown> = {
  fresh: () => {},
  "with a connect": (s) => s.connect(`inproc://option-writes-${++n}`),
  "while binding": (s) => {
    pendingBind = s.bind(`inproc://option-writes-${++n}`).catch(() => {});
  },
  "after a bind": (s) => s.bind(`inproc://option-writes-${++n}`),
  "after a failed bind": (s) => s.bind("tcp://127.0.0.1:1").catch(() => {}),
  "after connect and disconnect": (s) => {
    const ep = `inproc://option-writes-${++n}`;
    s.connect(ep);
    s.disconnect(ep);
  },
  "after bind and unbind": async (s) => {
    const ep = `inproc://option-writes-${++n}`;
    await s.bind(ep);
    await s.unbind(ep);
  },
  closed: (s) => s.close(),
};

for (const [state, prepare] of Object.entries(STATES)) {
  sameOnBoth(`setting each Dealer option ${state}: outcome and process warnings`, async (lib) => {
    const seen: Record<string, unknown> = {};
    for (const key of DEALER_OPTIONS) {
      const s = new lib.Dealer({ linger: 0 });
      try {
        await prepare(s);
        seen[key] = await warningsOf(() => outcome(() => (s[key] = valueFor(key))));
      } finally {
        await pendingBind;
        pendingBind = null;
        s.close();
      }
    }
    return seen;
  });
}
