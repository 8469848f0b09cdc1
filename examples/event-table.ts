/**
 * Produces every monitor event from the situation that causes it, once with zmtp and once with
 * libzmq (the `zeromq` binding), and prints them side by side: value and endpoint.
 * zmtp's values come from its detailed watcher (raw values); libzmq's from zeromq's
 * `socket.events`, which exposes errno/interval/status but not file descriptors.
 *
 *   node dist/examples/event-table.js
 */
import { createServer, connect as netConnect, type Server } from "node:net";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as zmq from "zeromq";
import * as zmtp from "../src/index.js";
import {
  watch,
  socketMonitorVersioned,
  socketMonitorPipesStats,
  decodeMonitorEvent,
  EVENT_PIPES_STATS,
  type DetailedEvent,
} from "../src/monitor.js";

type Row = { event: string; scenario: string; ours: string; theirs: string };
const rows: Row[] = [];

type Lib = typeof zmtp | typeof zmq;
interface AnyEvent {
  type: string;
  address?: string;
  interval?: number;
  error?: { errno?: number; code?: string; status?: number };
}

const TYPE_OF: Record<string, string> = {
  CONNECTED: "connect",
  CONNECT_DELAYED: "connect:delay",
  CONNECT_RETRIED: "connect:retry",
  LISTENING: "bind",
  BIND_FAILED: "bind:error",
  ACCEPTED: "accept",
  ACCEPT_FAILED: "accept:error",
  CLOSED: "close",
  CLOSE_FAILED: "close:error",
  DISCONNECTED: "disconnect",
  MONITOR_STOPPED: "end",
  HANDSHAKE_FAILED_NO_DETAIL: "handshake:error:other",
  HANDSHAKE_SUCCEEDED: "handshake",
  HANDSHAKE_FAILED_PROTOCOL: "handshake:error:protocol",
  HANDSHAKE_FAILED_AUTH: "handshake:error:auth",
};

function fmtOurs(e: DetailedEvent | undefined): string {
  if (!e) return "—";
  let v = String(e.value);
  if ("code" in e) v = `${e.value} (${e.code})`;
  if (e.type === "HANDSHAKE_FAILED_PROTOCOL") v = `0x${e.value.toString(16)} (${e.protocolError})`;
  if (
    e.type === "LISTENING" ||
    e.type === "ACCEPTED" ||
    e.type === "CONNECTED" ||
    e.type === "DISCONNECTED" ||
    e.type === "CLOSED"
  ) {
    v = e.value >= 0x40000000 ? `synthetic ${e.value}` : `fd ${e.value}`;
  }
  return `${v} \`${e.endpoint || '""'}\``;
}

function fmtTheirs(e: AnyEvent | undefined): string {
  if (!e) return "—";
  let v = "(not exposed)";
  if (e.interval !== undefined) v = String(e.interval);
  if (e.error?.errno !== undefined && e.error.code && !e.error.code.startsWith("ERR_"))
    v = `${e.error.errno} (${e.error.code})`;
  if (e.error?.code?.startsWith("ERR_")) v = e.error.code.slice(4);
  if (e.error?.status !== undefined) v = String(e.error.status);
  if (e.type === "end" || e.type === "handshake") v = "(0)";
  return `${v} \`${e.address ?? '""'}\``;
}

/** Runs a scenario with one library, collecting events (ours: detailed; theirs: v6 objects). */
async function collect<T>(
  lib: Lib,
  scenario: (lib: Lib, sink: (s: zmtp.Socket | zmq.Socket) => void) => Promise<T>,
): Promise<{ ours: DetailedEvent[]; theirs: AnyEvent[] }> {
  const ours: DetailedEvent[] = [];
  const theirs: AnyEvent[] = [];
  const sink = (s: zmtp.Socket | zmq.Socket) => {
    if (lib === zmtp)
      void (async () => {
        for await (const e of watch(s as zmtp.Socket)) ours.push(e);
      })();
    else
      void (async () => {
        try {
          for await (const e of (s as zmq.Socket).events) theirs.push(e);
        } catch {
          /* closed */
        }
      })();
  };
  await scenario(lib, sink);
  await new Promise((r) => setTimeout(r, 100));
  return { ours, theirs };
}

async function both(
  events: string[],
  scenario: string,
  run: (lib: Lib, sink: (s: zmtp.Socket | zmq.Socket) => void) => Promise<void>,
): Promise<void> {
  const a = await collect(zmtp, run);
  const b = await collect(zmq, run);
  for (const ev of events) {
    rows.push({
      event: ev,
      scenario,
      ours: fmtOurs(a.ours.find((e) => e.type === ev)),
      theirs: fmtTheirs(b.theirs.find((e) => e.type === TYPE_OF[ev])),
    });
  }
}

const until = async (cond: () => boolean, ms = 3000) => {
  const t = Date.now();
  while (!cond() && Date.now() - t < ms) await new Promise((r) => setTimeout(r, 10));
};
async function freePort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

async function main(): Promise<void> {
  // libzmq puts ipc://* under $TMPDIR, or under the working directory when it is unset.
  process.env["TMPDIR"] ??= tmpdir();
  await both(
    ["LISTENING", "ACCEPTED", "HANDSHAKE_SUCCEEDED", "CLOSED", "MONITOR_STOPPED"],
    "server: bind, a peer connects, close",
    async (lib, sink) => {
      const s = new lib.Dealer({ linger: 0 });
      sink(s);
      const c = new lib.Dealer({ linger: 0 });
      await s.bind("tcp://127.0.0.1:*");
      c.connect(s.lastEndpoint!);
      await c.send("x");
      await s.receive();
      s.close();
      c.close();
    },
  );
  await both(["CONNECT_DELAYED", "CONNECTED"], "client: connect, bounce", async (lib, sink) => {
    const s = new lib.Dealer({ linger: 0 });
    const c = new lib.Dealer({ linger: 0 });
    sink(c);
    await s.bind("tcp://127.0.0.1:*");
    c.connect(s.lastEndpoint!);
    await c.send("x");
    await s.receive();
    await new Promise((r) => setTimeout(r, 50));
    c.close();
    s.close();
  });
  const refused = await freePort();
  await both(["CONNECT_RETRIED"], "connect refused (ivl 50, max 200): first retry", async (lib, sink) => {
    const c = new lib.Dealer({ linger: 0, reconnectInterval: 50, reconnectMaxInterval: 200 });
    sink(c);
    c.connect(`tcp://127.0.0.1:${refused}`);
    await new Promise((r) => setTimeout(r, 120));
    c.close();
  });
  rows.push({ ...rows.at(-1)!, event: "CLOSED", scenario: "connect refused: the failed attempt's socket" });
  {
    const a = await collect(zmtp, async (lib, sink) => {
      const c = new lib.Dealer({ linger: 0, reconnectInterval: 10000 });
      sink(c);
      c.connect(`tcp://127.0.0.1:${refused}`);
      await new Promise((r) => setTimeout(r, 100));
      c.close();
    });
    const b = await collect(zmq, async (lib, sink) => {
      const c = new lib.Dealer({ linger: 0, reconnectInterval: 10000 });
      sink(c);
      c.connect(`tcp://127.0.0.1:${refused}`);
      await new Promise((r) => setTimeout(r, 100));
      c.close();
    });
    rows[rows.length - 1] = {
      event: "CLOSED",
      scenario: "connect refused: the failed attempt's socket",
      ours: fmtOurs(a.ours.find((e) => e.type === "CLOSED")),
      theirs: fmtTheirs(b.theirs.find((e) => e.type === "close")),
    };
  }
  await both(["BIND_FAILED"], "bind a tcp port in use", async (lib, sink) => {
    const a = new lib.Dealer({ linger: 0 });
    await a.bind("tcp://127.0.0.1:*");
    const b = new lib.Dealer({ linger: 0 });
    sink(b);
    await b.bind(a.lastEndpoint!).catch(() => undefined);
    a.close();
    b.close();
  });
  await both(["ACCEPT_FAILED"], "peer rejected by tcpAcceptFilter", async (lib, sink) => {
    const s = new lib.Dealer({ linger: 0 });
    sink(s);
    (s as unknown as { tcpAcceptFilter: string }).tcpAcceptFilter = "10.9.9.9";
    await s.bind("tcp://127.0.0.1:*");
    const raw = netConnect(Number(s.lastEndpoint!.split(":").at(-1)), "127.0.0.1");
    raw.on("error", () => {});
    await new Promise((r) => setTimeout(r, 150));
    raw.destroy();
    s.close();
  });
  await both(["CLOSE_FAILED"], "ipc://* whose temp dir cannot be removed", async (lib, sink) => {
    const s = new lib.Dealer({ linger: 0 });
    sink(s);
    await s.bind("ipc://*");
    const path = s.lastEndpoint!.slice("ipc://".length);
    try {
      writeFileSync(path.replace(/socket$/, "intruder"), "x");
    } catch {
      /* no dir to spoil */
    }
    s.close();
  });
  await both(["DISCONNECTED"], "bind side: the peer closes", async (lib, sink) => {
    const s = new lib.Dealer({ linger: 0 });
    sink(s);
    const c = new lib.Dealer({ linger: 0 });
    await s.bind("tcp://127.0.0.1:*");
    c.connect(s.lastEndpoint!);
    await c.send("x");
    await s.receive();
    c.close();
    await new Promise((r) => setTimeout(r, 100));
    s.close();
  });
  const silent = createServer((sock) => sock.on("error", () => {}));
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
  const silentPort = (silent.address() as { port: number }).port;
  await both(
    ["HANDSHAKE_FAILED_NO_DETAIL"],
    "handshake timeout (200 ms) against a silent server",
    async (lib, sink) => {
      const c = new lib.Dealer({ linger: 0, handshakeInterval: 200, reconnectInterval: 10000 });
      sink(c);
      c.connect(`tcp://127.0.0.1:${silentPort}`);
      await new Promise((r) => setTimeout(r, 400));
      c.close();
    },
  );
  silent.close();
  await both(
    ["HANDSHAKE_FAILED_PROTOCOL"],
    "NULL client vs a PLAIN server (libzmq's in both runs)",
    async (lib, sink) => {
      const server = new zmq.Dealer({ linger: 0, plainServer: true });
      await server.bind("tcp://127.0.0.1:*");
      const c = new lib.Dealer({ linger: 0 });
      sink(c);
      c.connect(server.lastEndpoint!);
      await new Promise((r) => setTimeout(r, 1500));
      c.close();
      server.close();
    },
  );
  // AUTH: a ZAP handler (REP at inproc://zeromq.zap.01, in the server's library) answering 400.
  await both(["HANDSHAKE_FAILED_AUTH"], "server with zapDomain, ZAP handler answers 400", async (lib, sink) => {
    const ctx = lib === zmtp ? new zmtp.Context() : new zmq.Context();
    const rep = new lib.Reply({ context: ctx as never, linger: 0 });
    await rep.bind("inproc://zeromq.zap.01");
    void (async () => {
      try {
        for await (const [, id] of rep) await rep.send(["1.0", id!, "400", "no", "", ""]);
      } catch {
        /* closed */
      }
    })();
    const s = new lib.Dealer({ context: ctx as never, linger: 0, zapDomain: "d" });
    sink(s);
    await s.bind("tcp://127.0.0.1:*");
    const c = new lib.Dealer({ linger: 0 });
    c.connect(s.lastEndpoint!);
    await new Promise((r) => setTimeout(r, 300));
    c.close();
    s.close();
    rep.close();
  });
  // PIPES_STATS: v2 only; zeromq.js has no pipes-stats call, so ours only.
  {
    const push = new zmtp.Push({ linger: 0 });
    const pull = new zmtp.Pull({ linger: 0 });
    socketMonitorVersioned(push, "inproc://table-stats", EVENT_PIPES_STATS, 2);
    const mon = new zmtp.Pair({ linger: 0 });
    mon.connect("inproc://table-stats");
    await pull.bind("tcp://127.0.0.1:*");
    push.connect(pull.lastEndpoint!);
    await push.send("a");
    await pull.receive();
    await push.send("b");
    socketMonitorPipesStats(push);
    const ev = decodeMonitorEvent(await mon.receive());
    rows.push({
      event: "PIPES_STATS",
      scenario: "PUSH with one message queued (v2 monitor)",
      ours: `[${ev.values.join(", ")}] local \`${ev.local}\` remote \`${ev.remote}\``,
      theirs: "(zeromq.js has no pipes-stats call)",
    });
    push.close();
    pull.close();
    mon.close();
  }
  await until(() => true);
  console.log("| event | scenario | zmtp value, endpoint | libzmq value, endpoint |");
  console.log("|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.event} | ${r.scenario} | ${r.ours} | ${r.theirs} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
