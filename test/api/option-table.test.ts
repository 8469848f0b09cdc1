/**
 * The option table (src/options/) walked row by row: each row's default, a value written and
 * read back, and its validator's invalid value, through the v6 property, the v6 raw accessor
 * and v5 setsockopt/getsockopt (by number and by name); the ZMQ_* constants and `zmq.options`
 * derived from it; the option store's defaults; and each row's TSDoc (it names the libzmq
 * option and the default, and says "stored only" exactly for the options that are).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as v6 from "../../src/index.js";
import * as v5 from "../../src/v5-compat.js";
import * as draft from "../../src/draft.js";
import { RAW_FAMILY, V5_FORM, showStored, z85Key, type OptionRow, type TypeName } from "../../src/options/kinds.js";
import { OPTIONS, ROWS, type OptionKey } from "../../src/options/table.js";
import { SocketOptions } from "../../src/socket/options.js";

const V6_CLASS: Record<TypeName, new (o?: v6.SocketOptionsInit) => v6.Socket> = {
  PAIR: v6.Pair,
  PUB: v6.Publisher,
  SUB: v6.Subscriber,
  REQ: v6.Request,
  REP: v6.Reply,
  DEALER: v6.Dealer,
  ROUTER: v6.Router,
  PULL: v6.Pull,
  PUSH: v6.Push,
  XPUB: v6.XPublisher,
  XSUB: v6.XSubscriber,
  STREAM: v6.Stream,
  SERVER: draft.Server,
  CLIENT: draft.Client,
  RADIO: draft.Radio,
  DISH: draft.Dish,
  GATHER: draft.Gather,
  SCATTER: draft.Scatter,
  DGRAM: draft.Datagram,
  PEER: draft.Peer,
  CHANNEL: draft.Channel,
};

/** A socket type that has the row (DEALER sends and receives, so it has every "all"/"send"/"receive" row). */
function typeFor(row: OptionRow): TypeName {
  return typeof row.scope === "string" ? "DEALER" : row.scope[0]!;
}

type Bag = Record<string, unknown>;
const bag = (s: object): Bag => s as Bag;

function rawGet(s: v6.Socket, row: OptionRow): unknown {
  return (bag(s)[`get${RAW_FAMILY[row.kind]}Option`] as (id: number) => unknown).call(s, row.id);
}
function rawSet(s: v6.Socket, row: OptionRow, value: unknown): void {
  (bag(s)[`set${RAW_FAMILY[row.kind]}Option`] as (id: number, v: unknown) => void).call(s, row.id, value);
}

/** How v5 getsockopt shows a v6 value. */
function asV5(key: OptionKey, row: OptionRow, value: unknown): unknown {
  if (key === "securityMechanism") return value === "plain" ? 1 : value === "curve" ? 2 : 0;
  return V5_FORM[row.kind] === "bool" ? (value ? 1 : 0) : value;
}

/** A valid value different from `current` (the default itself where only it is accepted); `n` picks another one. */
function sample(key: OptionKey, row: OptionRow, current: unknown, n = 1): unknown {
  if (row.status === "unsupported") return current;
  if (key === "verbosity") return n === 1 ? "allSubs" : "allSubsUnsubs";
  if (key === "tcpAcceptFilter") return n === 1 ? "127.0.0.1" : "10.0.0.0/8";
  if (key === "tcpKeepalive") return n === 1 ? 1 : 0;
  if (row.kind === "z85key")
    return n === 1 ? "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7" : "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6";
  if (V5_FORM[row.kind] === "bool") return !current;
  if (V5_FORM[row.kind] === "int") return 700 * n;
  return n === 1 ? "abc" : "de";
}

/** What a row reads as on a fresh socket, by the table: its default as shown (through its own getter if it has one). */
function tableDefault(row: OptionRow): unknown {
  if (row.field === undefined) return undefined;
  const target = { [row.field]: row.default };
  return row.get ? (row.get as (t: Bag) => unknown)(target) : showStored(row.kind, row.default);
}

const present = ROWS.filter(([, row]) => row.status !== "absent");

for (const [key, row] of present) {
  test(`option ${key} (${row.zmq[0] ?? "v6 only"}): v6 property and raw accessor`, () => {
    const s = new V6_CLASS[typeFor(row)]();
    try {
      // (Without a property the class may still have a member of that name: `type`, `subscribe`.)
      if (row.property !== false) assert.ok(key in s, "property presence");
      // A setter-only property reads undefined, as the binding's: the raw accessor reads it (where it can).
      if (row.property === "setter") assert.equal(bag(s)[key], undefined, "setter-only property reads undefined");
      const hasProperty = row.property === undefined;
      const setVia = (v: unknown): void => {
        if (row.property !== false) bag(s)[key] = v;
        else rawSet(s, row, v);
      };
      const viaId = row.id >= 0;
      // (`verbosity` stands for two ids and has no getter: nothing reads it back.)
      const readable = row.access !== "w" && (hasProperty || viaId);
      const writable = row.access !== "r";
      let initial: unknown;
      if (readable) {
        initial = hasProperty ? bag(s)[key] : rawGet(s, row);
        if (hasProperty && viaId) assert.deepEqual(rawGet(s, row), initial, "raw default = property default");
        if (row.field !== undefined) assert.deepEqual(initial, tableDefault(row), "default");
      } else {
        if (hasProperty) assert.throws(() => bag(s)[key], { code: "EINVAL" });
        if (viaId) assert.throws(() => rawGet(s, row), { code: "EINVAL" });
      }
      if (!writable) {
        if (hasProperty) assert.throws(() => (bag(s)[key] = initial), TypeError);
        // A value of the accessor's type (a wrong type is the argument check's TypeError).
        const ofFamily = { Bool: false, String: "x" }[RAW_FAMILY[row.kind] as string] ?? 0;
        if (viaId) assert.throws(() => rawSet(s, row, ofFamily), { code: "EINVAL" });
        return;
      }
      const value = sample(key, row, initial);
      if (row.status === "refused") {
        assert.throws(() => setVia(value), { code: "EINVAL" }, "refused");
        return;
      }
      setVia(value);
      const readBack = (): unknown => (hasProperty ? bag(s)[key] : rawGet(s, row));
      if (readable && key !== "subscribe" && key !== "unsubscribe") {
        assert.deepEqual(readBack(), value, "written value reads back");
        if (viaId) {
          const other = sample(key, row, value, 2);
          rawSet(s, row, other);
          assert.deepEqual(readBack(), other, "raw write reads back");
        }
      }
      const invalid = row.check?.invalid;
      if (invalid !== undefined) {
        const code = row.status === "unsupported" ? "ENOTSUP" : undefined;
        const fails = (err: unknown): boolean =>
          err instanceof TypeError || (err as { code?: string }).code === (code ?? "EINVAL");
        if (row.property !== false)
          assert.throws(() => (bag(s)[key] = invalid), fails, `property rejects ${JSON.stringify(invalid)}`);
        if (viaId) assert.throws(() => rawSet(s, row, invalid), fails, `raw rejects ${JSON.stringify(invalid)}`);
      }
    } finally {
      s.linger = 0;
      s.close();
    }
  });
}

/** A v5 socket type whose v6 class has the row's property. */
function v5TypeFor(key: OptionKey, row: OptionRow): v5.SocketType {
  if (key === "xpubVerbose") return "xpub";
  if (key === "subscribe" || key === "unsubscribe") return "sub";
  return typeFor(row).toLowerCase() as v5.SocketType;
}

for (const [key, row] of ROWS.filter(([, r]) => r.v5 !== undefined)) {
  test(`option ${key} (${row.zmq[0]}): v5 setsockopt/getsockopt by number and by name`, () => {
    const s = v5.socket(v5TypeFor(key, row));
    try {
      const name = row.zmq[0]!;
      const col = row.v5!;
      if (col.short) assert.equal(v5.options[col.short as v5.ShortOptionName], row.id, "zmq.options");
      if (col.refused) {
        const refused = new RegExp(`^Error: ${name} is not supported in compatibility mode$`);
        assert.throws(() => s.getsockopt(row.id), refused);
        assert.throws(() => s.setsockopt(name, 1), col.refused === "both" ? refused : /^Error: Unknown option$/);
        return;
      }
      if (!col.get) assert.throws(() => s.getsockopt(row.id), /^Error: Unknown option$/);
      if (!col.set) assert.throws(() => s.setsockopt(row.id, 1), /^Error: Unknown option$/);
      // Options this build lacks or libzmq cannot read fail as their v6 property does (compared with
      // zeromq's v5-compat in test/differential); the rest read their default and read back a write.
      const plain = row.status !== "absent" && row.access !== "w" && key !== "ipv4Only" && key !== "xpubVerbose";
      if (!plain || !col.get) return;
      const initial = s.getsockopt(row.id);
      assert.equal(s.getsockopt(name.slice(4).toLowerCase()), initial, "by lower-case name");
      if (row.field !== undefined) assert.equal(initial, asV5(key, row, tableDefault(row)), "default");
      if (!col.set) return;
      const value = sample(key, row, initial);
      const v5Value = col.set === "flag" ? Number(value) : value;
      s.setsockopt(row.id, v5Value as v5.OptionInput);
      assert.equal(s.getsockopt(name), v5Value, "written value reads back");
      const invalid = row.check?.invalid;
      if (invalid !== undefined && col.set !== "flag") {
        assert.throws(
          () => s.setsockopt(name, invalid as v5.OptionInput),
          (err: unknown) => err instanceof TypeError || ["EINVAL", "ENOTSUP"].includes((err as { code: string }).code),
        );
      }
    } finally {
      s.close();
    }
  });
}

test("every ZMQ_* option constant v5-compat exports is its row's id, and every row's constant is exported", () => {
  const exported = v5 as unknown as Bag;
  for (const [, row] of ROWS) {
    for (const c of row.v5?.constants ?? []) assert.equal(exported[c], row.id, c);
  }
});

test("ids and libzmq names are unique across the table", () => {
  const ids = ROWS.map(([, r]) => r.id).filter((id) => id >= 0);
  assert.equal(new Set(ids).size, ids.length);
  const names = ROWS.flatMap(([, r]) => r.zmq);
  assert.equal(new Set(names).size, names.length);
});

test("the option store starts at the table's defaults", () => {
  const o = new SocketOptions() as unknown as Bag;
  for (const [, row] of ROWS) {
    if (row.on === "options" && row.field !== undefined) assert.deepEqual(o[row.field], row.default, row.field);
  }
  assert.equal(o["connectRoutingId"], null);
  // Each store gets its own mutable default (the accept-filter list).
  assert.notEqual((new SocketOptions() as unknown as Bag)["acceptFilters"], o["acceptFilters"]);
});

test("z85key kind: 32 bytes or 40 Z85 characters in, 40 Z85 characters out", () => {
  const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7));
  const text = showStored("z85key", z85Key.parse(raw)) as string;
  assert.equal(text.length, 40);
  assert.deepEqual(z85Key.parse(text), raw);
  assert.equal(showStored("z85key", null), null);
  assert.throws(() => z85Key.parse(raw.subarray(1)), { code: "EINVAL" });
  assert.throws(() => z85Key.parse(text.slice(1)), { code: "EINVAL" });
  assert.throws(() => z85Key.parse(`${text.slice(1)}"`), { code: "EINVAL" });
  assert.throws(() => z85Key.parse(5), TypeError);
});

/** The TSDoc comment written just before each row key, from the table's source files. */
function rowDocs(): Map<string, string> {
  const docs = new Map<string, string>();
  for (const file of [
    "rows-socket",
    "rows-transport",
    "rows-socks",
    "rows-other-transports",
    "rows-security",
    "rows-types",
  ]) {
    const text = readFileSync(new URL(`../../../src/options/${file}.ts`, import.meta.url), "utf8");
    for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(\w+): \{/g)) docs.set(m[2]!, m[1]!);
  }
  return docs;
}

test("each row's TSDoc names its libzmq option and default, and says 'stored only' when it is", () => {
  const docs = rowDocs();
  assert.deepEqual([...docs.keys()].sort(), Object.keys(OPTIONS).sort());
  for (const [key, row] of ROWS) {
    const doc = docs.get(key)!;
    const names = row.zmq.length > 0 ? row.zmq : ["ZMQ_"];
    assert.ok(
      names.some((n) => doc.includes(n)),
      `${key}: TSDoc names ${names[0]}`,
    );
    assert.equal(doc.includes("stored only"), row.status === "stored", `${key}: "stored only" iff stored`);
    if (row.status === "unsupported") assert.match(doc, /not supported/, key);
    // Only options with a value of their own have a default (not ZMQ_TYPE, ZMQ_EVENTS, ZMQ_SUBSCRIBE...).
    if (
      row.status === "absent" ||
      row.access === "w" ||
      (row.property === false && row.field === undefined) ||
      row.property === "setter"
    )
      continue;
    const s = new V6_CLASS[typeFor(row)]({ linger: -1 });
    try {
      const value = row.property === false ? rawGet(s, row) : bag(s)[key];
      assert.match(doc, new RegExp(`Default ${String(value)}\\b`), `${key}: TSDoc states the default ${String(value)}`);
    } finally {
      s.linger = 0;
      s.close();
    }
  }
});
