import assert from "node:assert/strict";
import { test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

interface Impl {
  name: string;
  Dealer: new (o?: Record<string, unknown>) => {
    events: AsyncIterable<{ type: string; address?: string; interval?: number }>;
    bind(a: string): Promise<void>;
    connect(a: string): void;
    send(m: string): Promise<void>;
    receive(): Promise<Buffer[]>;
    close(): void;
    readonly lastEndpoint: string | null;
  };
}
const impls: Impl[] = [
  { name: "zmtp", Dealer: zmtp.Dealer },
  { name: "libzmq", Dealer: zmq.Dealer },
];

/** `socket.events` types as they arrive (addresses with ports normalised), read in the background. */
class Collected {
  readonly out: string[] = [];
  readonly done: Promise<void>;
  private wakes: Array<() => void> = [];

  /** Reads until `stop` is seen (inclusive). */
  constructor(events: AsyncIterable<{ type: string; address?: string }>, stop: string) {
    this.done = (async () => {
      for await (const ev of events) {
        this.out.push(ev.address === undefined ? ev.type : `${ev.type}@${ev.address.replace(/:\d+$/, ":PORT")}`);
        for (const wake of this.wakes.splice(0)) wake();
        if (ev.type === stop) return;
      }
    })();
  }

  /** Resolves once an event starting with `prefix` has arrived. */
  async seen(prefix: string): Promise<void> {
    while (!this.out.some((e) => e.startsWith(prefix))) await new Promise<void>((r) => this.wakes.push(r));
  }
}

/** bind, connect, bounce, client closes, server closes: the same scenario on each implementation. */
async function scenario(impl: Impl, transport: "tcp" | "ipc"): Promise<{ server: string[]; client: string[] }> {
  const server = new impl.Dealer({ linger: 0 });
  const client = new impl.Dealer({ linger: 0 });
  // The binding loses events before the first access to `events`: touch both first.
  const s = new Collected(server.events, "end");
  const c = new Collected(client.events, "end");
  const addr = transport === "tcp" ? "tcp://127.0.0.1:*" : `ipc:///tmp/zmtp-diff-${process.pid}.sock`;
  await server.bind(addr);
  client.connect(server.lastEndpoint!);
  await client.send("ping");
  await server.receive();
  await server.send("pong");
  await client.receive();
  await s.seen("handshake");
  await c.seen("handshake");
  client.close();
  await c.done;
  await s.seen("disconnect");
  server.close();
  await s.done;
  return { server: s.out, client: c.out };
}

for (const transport of ["tcp", "ipc"] as const) {
  test(`differential ${transport}: socket.events sequences match libzmq's`, { timeout: 15000 }, async () => {
    const ours = await scenario(impls[0]!, transport);
    const theirs = await scenario(impls[1]!, transport);
    assert.deepEqual(ours.client, theirs.client);
    assert.deepEqual(ours.server, theirs.server);
    assert.ok(ours.server.length >= 5, `server flow: ${ours.server.join(", ")}`);
  });
}

test(
  "differential: connect refused with ivl 50 / max 200 gives the same events and intervals",
  { timeout: 15000 },
  async () => {
    const result: Record<string, string[]> = {};
    for (const impl of impls) {
      const s = new impl.Dealer({ linger: 0, reconnectInterval: 50, reconnectMaxInterval: 200 });
      const seen: string[] = [];
      const it = s.events[Symbol.asyncIterator]();
      s.connect("tcp://127.0.0.1:9"); // discard port: nothing listens
      while (seen.filter((x) => x.startsWith("connect:retry")).length < 4) {
        const { value } = await it.next();
        const ev = value as { type: string; interval?: number };
        seen.push(ev.interval === undefined ? ev.type : `${ev.type}:${ev.interval}`);
      }
      s.close();
      result[impl.name] = seen;
    }
    assert.deepEqual(result["zmtp"], result["libzmq"]);
  },
);
