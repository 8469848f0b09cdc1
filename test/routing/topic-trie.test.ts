// PrefixTrie without sockets: byte-prefix matching through a radix trie, reference counts per
// subscriber, edges split and merged back, and matching checked against a plain scan.
import assert from "node:assert/strict";
import { test } from "node:test";
import { PrefixTrie } from "../../src/routing/topic-trie.js";

const b = (s: string): Buffer => Buffer.from(s, "latin1");

function matched(t: PrefixTrie<string>, data: string): string[] {
  const out: string[] = [];
  t.match(b(data), (_count, key) => out.push(key));
  return out;
}

test("a subscriber is visited for each of its topics that prefixes the data, shortest first", () => {
  const t = new PrefixTrie<string>();
  t.add(b("weather"), "p1");
  t.add(b("weather.paris"), "p2");
  t.add(b(""), "p3");
  t.add(b("weather.par"), "p1");
  assert.deepEqual(matched(t, "weather.paris.today"), ["p3", "p1", "p1", "p2"]);
  assert.deepEqual(matched(t, "weather.pa"), ["p3", "p1"]);
  assert.deepEqual(matched(t, "news"), ["p3"]);
  assert.equal(t.matchesAny(b("x")), true);
  assert.equal(t.size, 4);
});

test("a topic longer than the data, or differing inside an edge, does not match", () => {
  const t = new PrefixTrie<string>();
  t.add(b("abcdef"), "k");
  assert.equal(t.matchesAny(b("abcde")), false);
  assert.equal(t.matchesAny(b("abcdxf")), false);
  assert.equal(t.matchesAny(b("abcdefg")), true);
  assert.equal(t.matchesAny(b("")), false);
});

test("counts per subscriber; a topic goes with its last reference and the trie merges back", () => {
  const t = new PrefixTrie<string>();
  assert.equal(t.add(b("ab"), "k"), 1);
  assert.equal(t.add(b("ab"), "k"), 2);
  assert.equal(t.add(b("abcd"), "k"), 1);
  assert.equal(t.add(b("abxy"), "j"), 1);
  assert.equal(t.remove(b("ab"), "k"), 1);
  assert.equal(t.count(b("ab"), "k"), 1);
  assert.equal(t.remove(b("ab"), "k"), 0);
  assert.equal(t.remove(b("ab"), "k"), 0, "nothing left to remove");
  assert.deepEqual(matched(t, "abcdz"), ["k"]);
  assert.deepEqual(matched(t, "abxyz"), ["j"]);
  t.add(b("zz"), "k");
  t.add(b("zz"), "k");
  assert.equal(t.remove(b("zz"), "k", true), 0, "all references at once");
  assert.equal(t.remove(b("abcd"), "k"), 0);
  assert.equal(t.remove(b("abxy"), "j"), 0);
  assert.equal(t.size, 0);
  assert.equal(t.matchesAny(b("abcd")), false);
});

test("the stored topic is a copy (a reused buffer cannot change it)", () => {
  const t = new PrefixTrie<string>();
  const buf = b("abc");
  t.add(buf, "k");
  buf.write("xyz");
  assert.equal(t.matchesAny(b("abc")), true);
  assert.equal(t.matchesAny(b("xyz")), false);
});

/** Random adds and removes by `keys` subscribers over short topics, each step checked against a plain prefix scan. */
function randomRun(keys: number, seed: number): void {
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const word = (): string => Array.from({ length: rnd(5) }, () => "ab\u00ff"[rnd(3)]).join("");
  const t = new PrefixTrie<string>();
  const ref = new Map<string, number>(); // "key|topic" -> count
  for (let step = 0; step < 5000; step++) {
    const key = `k${rnd(keys)}`;
    const topic = word();
    const id = `${key}|${topic}`;
    const op = rnd(6);
    if (op < 2 && ref.has(id)) {
      const left = t.remove(b(topic), key);
      const n = ref.get(id)! - 1;
      assert.equal(left, n);
      if (n === 0) ref.delete(id);
      else ref.set(id, n);
    } else if (op === 2 && ref.has(id)) {
      assert.equal(t.remove(b(topic), key, true), 0, "every reference at once");
      ref.delete(id);
    } else {
      assert.equal(t.add(b(topic), key), (ref.get(id) ?? 0) + 1);
      ref.set(id, (ref.get(id) ?? 0) + 1);
    }
    assert.equal(t.count(b(topic), key), ref.get(id) ?? 0);
    const data = word() + word();
    const expected = [...ref.keys()]
      .filter((k) => data.startsWith(k.slice(k.indexOf("|") + 1)))
      .map((k) => k.slice(0, k.indexOf("|")))
      .sort();
    assert.deepEqual(matched(t, data).sort(), expected, `step ${step}: ${JSON.stringify(data)}`);
    assert.equal(t.size, new Set([...ref.keys()].map((k) => k.slice(k.indexOf("|") + 1))).size);
  }
}

test("random topics, adds and removes: matching equals a plain prefix scan", () => {
  randomRun(4, 12345);
});

test("random adds and removes by many subscribers per topic (past the size where a topic indexes them)", () => {
  randomRun(60, 777);
});
