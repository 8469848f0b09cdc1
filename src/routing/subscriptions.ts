import type { PipeEnd } from "../pipe/pipe.js";

/**
 * Prefix subscriptions with reference counts: per pipe for PUB/XPUB (what each subscriber
 * asked for), or one set for SUB/XSUB (what we asked for). Topics are compared as bytes.
 */
export class TopicSet {
  private readonly topics = new Map<string, { topic: Buffer; count: number }>();

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
    return true;
  }

  /** Drops one reference; true when the topic is now gone. */
  remove(topic: Buffer): boolean {
    const key = topic.toString("latin1");
    const e = this.topics.get(key);
    if (!e) return false;
    if (--e.count > 0) return false;
    this.topics.delete(key);
    return true;
  }

  has(topic: Buffer): boolean {
    return this.topics.has(topic.toString("latin1"));
  }

  /** True when some topic is a prefix of `data`. */
  matches(data: Buffer): boolean {
    for (const { topic } of this.topics.values()) {
      const n = topic.length;
      if (n === 0) return true;
      if (data.length >= n && data.compare(topic, 0, n, 0, n) === 0) return true;
    }
    return false;
  }

  *all(): IterableIterator<Buffer> {
    for (const { topic, count } of this.topics.values()) for (let i = 0; i < count; i++) yield topic;
  }

  clear(): void {
    this.topics.clear();
  }
}

/** Per-pipe topic sets plus a global count, for XPUB's "first subscriber / last cancel" rules. */
export class SubscriptionTable {
  private readonly byPipe = new Map<PipeEnd, TopicSet>();
  private readonly global = new TopicSet();

  /** Returns true when the topic is new across all pipes. */
  add(pipe: PipeEnd, topic: Buffer): boolean {
    let set = this.byPipe.get(pipe);
    if (!set) this.byPipe.set(pipe, (set = new TopicSet()));
    if (!set.add(topic)) return false;
    return this.global.add(topic);
  }

  /** Returns true when no pipe subscribes to the topic any more. */
  remove(pipe: PipeEnd, topic: Buffer): boolean {
    const set = this.byPipe.get(pipe);
    if (!set || !set.has(topic)) return false;
    set.remove(topic);
    if (set.has(topic)) return false;
    return this.global.remove(topic);
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
      if (this.global.remove(t)) gone.push(t);
    }
    return gone;
  }

  matches(pipe: PipeEnd, data: Buffer): boolean {
    const set = this.byPipe.get(pipe);
    return set !== undefined && set.matches(data);
  }
}
