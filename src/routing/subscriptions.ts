import type { PipeEnd } from "../pipe/pipe.js";
import { PrefixTrie } from "./topic-trie.js";

/**
 * Prefix subscriptions with reference counts: per pipe for PUB/XPUB (what each subscriber
 * asked for), or one set for SUB/XSUB (what we asked for). Topics are compared as bytes; the
 * set of topics is matched through a trie, the counts and their order kept beside it.
 */
export class TopicSet {
  private readonly topics = new Map<string, { topic: Buffer; count: number }>();
  /** Built on the first `matches` (a PUB's per-pipe sets are never matched). */
  private trie: PrefixTrie<0> | null = null;

  get size(): number {
    return this.topics.size;
  }

  /** Adds one reference; true when the topic is new. */
  add(topic: Buffer): boolean {
    const key = topic.toString("latin1");
    const e = this.topics.get(key);
    if (e) {
      e.count++;
      return false;
    }
    this.topics.set(key, { topic: Buffer.from(topic), count: 1 });
    this.trie?.add(topic, 0);
    return true;
  }

  /** Drops one reference; true when the topic is now gone. */
  remove(topic: Buffer): boolean {
    const key = topic.toString("latin1");
    const e = this.topics.get(key);
    if (!e) return false;
    if (--e.count > 0) return false;
    this.topics.delete(key);
    this.trie?.remove(topic, 0);
    return true;
  }

  has(topic: Buffer): boolean {
    return this.topics.has(topic.toString("latin1"));
  }

  /** True when some topic is a prefix of `data`. */
  matches(data: Buffer): boolean {
    if (this.trie === null) {
      this.trie = new PrefixTrie<0>();
      for (const { topic } of this.topics.values()) this.trie.add(topic, 0);
    }
    return this.trie.matchesAny(data);
  }

  *all(): IterableIterator<Buffer> {
    for (const { topic, count } of this.topics.values()) for (let i = 0; i < count; i++) yield topic;
  }

  clear(): void {
    this.topics.clear();
    this.trie = null;
  }
}

/**
 * Per-pipe topic sets plus a global count, for XPUB's "first subscriber / last cancel" rules,
 * and one trie of (topic, pipe) for matching: a message costs one walk over its first bytes,
 * however many subscribers and topics there are.
 */
export class SubscriptionTable {
  private readonly byPipe = new Map<PipeEnd, TopicSet>();
  private readonly global = new TopicSet();
  private readonly trie = new PrefixTrie<PipeEnd>();

  /** Returns true when the topic is new across all pipes. */
  add(pipe: PipeEnd, topic: Buffer): boolean {
    let set = this.byPipe.get(pipe);
    if (!set) this.byPipe.set(pipe, (set = new TopicSet()));
    if (!set.add(topic)) return false;
    this.trie.add(topic, pipe);
    return this.global.add(topic);
  }

  /** Returns true when no pipe subscribes to the topic any more. */
  remove(pipe: PipeEnd, topic: Buffer): boolean {
    const set = this.byPipe.get(pipe);
    if (!set || !set.has(topic)) return false;
    set.remove(topic);
    if (set.has(topic)) return false;
    this.trie.remove(topic, pipe, true);
    return this.global.remove(topic);
  }

  /** Calls `visit(count, pipe)` for every pipe subscribed to a prefix of `data` (once per such topic). */
  match(data: Buffer, visit: (count: number, pipe: PipeEnd) => void): void {
    this.trie.match(data, visit);
  }

  /** Forgets a pipe; returns the topics no pipe subscribes to any more. */
  removePipe(pipe: PipeEnd): Buffer[] {
    const set = this.byPipe.get(pipe);
    this.byPipe.delete(pipe);
    const gone: Buffer[] = [];
    if (!set) return gone;
    const seen = new Set<string>();
    for (const t of set.all()) {
      const k = t.toString("latin1");
      if (seen.has(k)) continue;
      seen.add(k);
      this.trie.remove(t, pipe, true);
      if (this.global.remove(t)) gone.push(t);
    }
    return gone;
  }

  matches(pipe: PipeEnd, data: Buffer): boolean {
    const set = this.byPipe.get(pipe);
    return set !== undefined && set.matches(data);
  }
}
