const EMPTY = Buffer.alloc(0);

/** Past this many subscribers of one topic, a Map finds a subscriber's place instead of a scan. */
const INDEX_FROM = 16;

/**
 * The subscribers of one topic and their reference counts, as two dense arrays: matching walks
 * them in a plain loop (a Map's forEach calls back from native code for each entry).
 */
class Subscribers<K> {
  readonly keys: K[] = [];
  readonly counts: number[] = [];
  private index: Map<K, number> | null = null;

  find(key: K): number {
    return this.index !== null ? (this.index.get(key) ?? -1) : this.keys.indexOf(key);
  }

  /** One more reference of `key`; returns its count afterwards. */
  add(key: K): number {
    let i = this.find(key);
    if (i < 0) {
      i = this.keys.length;
      this.keys.push(key);
      this.counts.push(0);
      if (this.index !== null) this.index.set(key, i);
      else if (i >= INDEX_FROM) this.index = new Map(this.keys.map((k, j) => [k, j]));
    }
    return ++this.counts[i]!;
  }

  /** Forgets the subscriber at `i` (the last one takes its place). */
  removeAt(i: number): void {
    const keys = this.keys;
    const gone = keys[i]!;
    const last = keys.length - 1;
    if (i !== last) {
      keys[i] = keys[last]!;
      this.counts[i] = this.counts[last]!;
      this.index?.set(keys[i], i);
    }
    keys.pop();
    this.counts.pop();
    this.index?.delete(gone);
  }
}

/** One prefix: the bytes from its parent, its children by their first byte, and its subscribers. */
class TrieNode<K> {
  children: Map<number, TrieNode<K>> | null = null;
  /** Subscribers of exactly this prefix; null when there are none. */
  refs: Subscribers<K> | null = null;

  constructor(
    public parent: TrieNode<K> | null,
    /** The bytes between the parent and this node (a copy: a caller's buffer may be reused). */
    public edge: Buffer,
  ) {}
}

/**
 * Byte-prefix subscriptions as a radix trie (libzmq keeps a trie too): matching a message walks
 * its first bytes once, comparing them byte by byte, so its cost depends on the topic lengths
 * and the subscribers it finds, not on how many subscriptions there are. Chains without a branch
 * are one node, so the trie has fewer nodes than twice the topics whatever their lengths. Each
 * topic counts references per subscriber `K` (a pipe for PUB, one constant for SUB).
 */
export class PrefixTrie<K> {
  private readonly root = new TrieNode<K>(null, EMPTY);
  /** Topics with at least one subscriber. */
  size = 0;

  /** One more reference of `key` to `topic`; returns the key's count there afterwards. */
  add(topic: Buffer, key: K): number {
    const node = this.nodeFor(topic);
    if (node.refs === null) {
      node.refs = new Subscribers();
      this.size++;
    }
    return node.refs.add(key);
  }

  /** How many references `key` holds to `topic`. */
  count(topic: Buffer, key: K): number {
    const refs = this.find(topic)?.refs;
    const i = refs?.find(key) ?? -1;
    return i < 0 ? 0 : refs!.counts[i]!;
  }

  /** Drops one reference (or, with `all`, every reference) of `key` to `topic`; returns the count left. */
  remove(topic: Buffer, key: K, all = false): number {
    const node = this.find(topic);
    const refs = node?.refs;
    if (node === undefined || refs == null) return 0;
    const i = refs.find(key);
    if (i < 0) return 0;
    if (refs.counts[i]! > 1 && !all) return --refs.counts[i]!;
    refs.removeAt(i);
    if (refs.keys.length === 0) {
      node.refs = null;
      this.size--;
      this.tidy(node);
    }
    return 0;
  }

  /** Whether some subscribed topic is a prefix of `data`. */
  matchesAny(data: Buffer): boolean {
    let node: TrieNode<K> = this.root;
    let i = 0;
    for (;;) {
      if (node.refs !== null) return true;
      const next = this.step(node, data, i);
      if (next === null) return false;
      i += next.edge.length;
      node = next;
    }
  }

  /**
   * Calls `visit(count, key)` for each subscriber of each topic that is a prefix of `data`,
   * shortest topic first (a subscriber of several such topics is visited once per topic).
   */
  match(data: Buffer, visit: (count: number, key: K) => void): void {
    let node: TrieNode<K> = this.root;
    let i = 0;
    for (;;) {
      const refs = node.refs;
      if (refs !== null) {
        const keys = refs.keys;
        const counts = refs.counts;
        for (let k = 0; k < keys.length; k++) visit(counts[k]!, keys[k]!);
      }
      const next = this.step(node, data, i);
      if (next === null) return;
      i += next.edge.length;
      node = next;
    }
  }

  clear(): void {
    this.root.children = null;
    this.root.refs = null;
    this.size = 0;
  }

  /** The child of `node` whose edge `data[i..]` continues with, or null. */
  private step(node: TrieNode<K>, data: Buffer, i: number): TrieNode<K> | null {
    if (i === data.length || node.children === null) return null;
    const child = node.children.get(data[i]!);
    if (child === undefined) return null;
    const edge = child.edge;
    const n = edge.length;
    if (data.length - i < n) return null;
    // The first byte matched as the key.
    for (let k = 1; k < n; k++) if (data[i + k] !== edge[k]) return null;
    return child;
  }

  /** The node of exactly `topic`, if there is one. */
  private find(topic: Buffer): TrieNode<K> | undefined {
    let node: TrieNode<K> = this.root;
    let i = 0;
    while (i < topic.length) {
      const next = this.step(node, topic, i);
      if (next === null) return undefined;
      i += next.edge.length;
      node = next;
    }
    return node;
  }

  /** The node of `topic`, made (splitting an edge where the topic ends or branches) if needed. */
  private nodeFor(topic: Buffer): TrieNode<K> {
    let node = this.root;
    let i = 0;
    while (i < topic.length) {
      const first = topic[i]!;
      const child = node.children?.get(first);
      if (child === undefined) {
        const leaf = new TrieNode<K>(node, Buffer.from(topic.subarray(i)));
        (node.children ??= new Map()).set(first, leaf);
        return leaf;
      }
      const edge = child.edge;
      let common = 1;
      while (common < edge.length && i + common < topic.length && edge[common] === topic[i + common]) common++;
      if (common < edge.length) {
        // Split: a node for the shared part, the old child below it.
        const mid = new TrieNode<K>(node, Buffer.from(edge.subarray(0, common)));
        child.edge = Buffer.from(edge.subarray(common));
        child.parent = mid;
        mid.children = new Map([[child.edge[0]!, child]]);
        node.children!.set(first, mid);
        node = mid;
      } else {
        node = child;
      }
      i += common;
    }
    return node;
  }

  /** After `node` lost its last subscriber: drop it if it is a leaf, merge it into its only child. */
  private tidy(node: TrieNode<K>): void {
    let n: TrieNode<K> | null = node;
    while (n !== null && n.parent !== null && n.refs === null) {
      const parent: TrieNode<K> = n.parent;
      const kids = n.children;
      if (kids === null || kids.size === 0) {
        parent.children!.delete(n.edge[0]!);
        if (parent.children!.size === 0) parent.children = null;
        n = parent;
      } else if (kids.size === 1) {
        const only = kids.values().next().value!;
        only.edge = Buffer.concat([n.edge, only.edge]);
        only.parent = parent;
        parent.children!.set(only.edge[0]!, only);
        return;
      } else {
        return;
      }
    }
  }
}
