// Subscriptions without sockets: prefix matching, reference counts, per-pipe tables, and the
// subscription messages that travel through pipes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPipe } from "../../src/pipe/pipe.js";
import { isSubscriptionMessage, subscriptionMessage } from "../../src/pipe/subscription.js";
import { SubscriptionTable, TopicSet } from "../../src/routing/subscriptions.js";

const b = (s: string): Buffer => Buffer.from(s, "latin1");

test("TopicSet: a topic matches data it is a byte prefix of; the empty topic matches everything", () => {
  const t = new TopicSet();
  t.add(b("weather."));
  assert.equal(t.matches(b("weather.paris")), true);
  assert.equal(t.matches(b("weather")), false, "shorter than the topic");
  assert.equal(t.matches(b("news")), false);
  t.add(b(""));
  assert.equal(t.matches(b("news")), true);
  assert.equal(t.matches(b("")), true);
});

test("TopicSet: binary topics compare as bytes", () => {
  const t = new TopicSet();
  t.add(Buffer.from([0x00, 0xff]));
  assert.equal(t.matches(Buffer.from([0x00, 0xff, 0x10])), true);
  assert.equal(t.matches(Buffer.from([0x00, 0xfe, 0x10])), false);
});

test("TopicSet: subscriptions are counted; the topic goes with its last reference", () => {
  const t = new TopicSet();
  assert.equal(t.add(b("a")), true, "new");
  assert.equal(t.add(b("a")), false, "counted");
  assert.deepEqual([...t.all()].map(String), ["a", "a"]);
  assert.equal(t.remove(b("a")), false, "one reference left");
  assert.equal(t.has(b("a")), true);
  assert.equal(t.remove(b("a")), true, "gone");
  assert.equal(t.remove(b("a")), false, "not there");
  assert.equal(t.size, 0);
});

test("TopicSet: the stored topic is a copy (a reused buffer cannot change it)", () => {
  const t = new TopicSet();
  const buf = b("abc");
  t.add(buf);
  buf.write("xyz");
  assert.equal(t.matches(b("abc")), true);
  assert.equal(t.matches(b("xyz")), false);
});

test("SubscriptionTable: 'new' and 'gone' are across all pipes (XPUB passes up only those)", () => {
  const [p1] = createPipe(1, 1);
  const [p2] = createPipe(1, 1);
  const s = new SubscriptionTable();
  assert.equal(s.add(p1, b("t")), true, "first subscriber");
  assert.equal(s.add(p2, b("t")), false, "another pipe, same topic");
  assert.equal(s.add(p1, b("t")), false, "same pipe again");
  assert.equal(s.remove(p1, b("t")), false, "p1 still holds one reference");
  assert.equal(s.remove(p1, b("t")), false, "p2 still subscribes");
  assert.equal(s.remove(p1, b("t")), false, "p1 holds none");
  assert.equal(s.remove(p2, b("t")), true, "last one");
});

test("SubscriptionTable: matching is per pipe", () => {
  const [p1] = createPipe(1, 1);
  const [p2] = createPipe(1, 1);
  const s = new SubscriptionTable();
  s.add(p1, b("a"));
  s.add(p2, b("b"));
  assert.equal(s.matches(p1, b("apple")), true);
  assert.equal(s.matches(p1, b("banana")), false);
  assert.equal(s.matches(p2, b("banana")), true);
  const [p3] = createPipe(1, 1);
  assert.equal(s.matches(p3, b("apple")), false, "an unknown pipe matches nothing");
});

test("SubscriptionTable: removing a pipe returns the topics nobody else subscribes to, once each", () => {
  const [p1] = createPipe(1, 1);
  const [p2] = createPipe(1, 1);
  const s = new SubscriptionTable();
  s.add(p1, b("only-p1"));
  s.add(p1, b("only-p1"));
  s.add(p1, b("shared"));
  s.add(p2, b("shared"));
  assert.deepEqual(s.removePipe(p1).map(String), ["only-p1"]);
  assert.equal(s.matches(p1, b("shared")), false);
  assert.deepEqual(s.removePipe(p2).map(String), ["shared"]);
  assert.deepEqual(s.removePipe(p2), [], "unknown now");
});

test("subscription messages: [0x01 topic] / [0x00 topic], tagged as commands unless asked not to", () => {
  const sub = subscriptionMessage(true, b("t"));
  assert.deepEqual([...sub], [Buffer.from([1, 0x74])]);
  assert.equal(isSubscriptionMessage(sub), true);
  const cancel = subscriptionMessage(false, b("t"));
  assert.deepEqual([...cancel], [Buffer.from([0, 0x74])]);
  const asData = subscriptionMessage(true, b("t"), false);
  assert.equal(isSubscriptionMessage(asData), false, "an XSUB user's message stays data");
  assert.equal(isSubscriptionMessage([Buffer.from([1, 0x74])]), false, "the same bytes, untagged");
});
