// CURVE interop with libzmq 4.3.5 (the zeromq binding) through the whole stack: every pairing of
// implementations (libzmq↔libzmq included as the control), the CURVE server on the bind or the
// connect side, tcp and ipc; multipart messages of 0 B to 1 MiB both ways, PUB/SUB topic filters
// (subscriptions travel inside boxes), REQ/REP, heartbeats over an idle connection, and the
// HANDSHAKE_SUCCEEDED events on both sides.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  IMPLS,
  Recorder,
  absentFor,
  clientOptions,
  keysFor,
  lib,
  link,
  serverOptions,
  type ImplName,
  type Sock,
} from "./peers.js";

const SIZES = [0, 1, 255, 256, 70_000, 1 << 20];
const TRANSPORTS = ["tcp", "ipc"] as const;
const BIND_SIDES = ["server binds", "client binds"] as const;

function parts(seed: number): Buffer[] {
  return SIZES.map((n, i) => {
    const b = Buffer.allocUnsafe(n);
    for (let j = 0; j < n; j++) b[j] = (j * 31 + i * 7 + seed) & 0xff;
    return b;
  });
}

describe("CURVE interop: DEALER↔DEALER, multipart 0 B..1 MiB both ways", () => {
  for (const transport of TRANSPORTS)
    for (const bindSide of BIND_SIDES)
      for (const s of IMPLS)
        for (const c of IMPLS)
          test(`${s} server, ${c} client, ${transport}, ${bindSide}`, { timeout: 20_000 }, async () => {
            const keys = keysFor(s, c);
            const server = new lib[s].Dealer(serverOptions(keys)) as Sock;
            const client = new lib[c].Dealer(clientOptions(keys)) as Sock;
            const rs = new Recorder(server);
            const rc = new Recorder(client);
            try {
              if (bindSide === "server binds") await link(server, client, transport);
              else await link(client, server, transport);
              assert.equal(String(server.securityMechanism), "curve");
              assert.equal(String(client.securityMechanism), "curve");
              await client.send(parts(1));
              assert.deepEqual(await server.receive(), parts(1));
              await server.send(parts(2));
              assert.deepEqual(await client.receive(), parts(2));
              await rs.next("handshake");
              await rc.next("handshake");
              assert.equal(rs.count("handshake"), 1);
              assert.equal(rc.count("handshake"), 1);
              for (const r of [rs, rc])
                assert.ok(!r.types().some((t) => t.startsWith("handshake:error")), r.types().join());
            } finally {
              client.close();
              server.close();
            }
          });
});

/** The other implementation, so that mixed pairs are what these tests exercise. */
const other = (i: ImplName): ImplName => (i === "zmtp" ? "libzmq" : "zmtp");

describe("CURVE interop: PUB/SUB topic filters", () => {
  for (const transport of TRANSPORTS)
    for (const bindSide of BIND_SIDES)
      for (const pub of IMPLS)
        test(`${pub} PUB (server) → ${other(pub)} SUB, ${transport}, ${bindSide}`, { timeout: 20_000 }, async () => {
          const keys = keysFor(pub, other(pub));
          const p = new lib[pub].Publisher(serverOptions(keys)) as Sock & InstanceType<typeof lib.zmtp.Publisher>;
          const sub = new lib[other(pub)].Subscriber(clientOptions(keys)) as Sock &
            InstanceType<typeof lib.zmtp.Subscriber>;
          sub.subscribe("a", "b");
          let timer: NodeJS.Timeout | undefined;
          try {
            if (bindSide === "server binds") await link(p, sub, transport);
            else await link(sub, p, transport);
            // Publish a round of topics until the subscriptions have arrived and both matches are in.
            let n = 0;
            timer = setInterval(() => {
              n++;
              void p.send(`c${n}`).catch(() => undefined);
              void p.send(`a${n}`).catch(() => undefined);
              void p.send(`b${n}`).catch(() => undefined);
            }, 5);
            const got = new Set<string>();
            while (!(got.has("a") && got.has("b"))) {
              const [m] = await sub.receive();
              const topic = m!.toString()[0]!;
              assert.notEqual(topic, "c", "a message outside the subscriptions arrived");
              got.add(topic);
            }
          } finally {
            clearInterval(timer);
            sub.close();
            p.close();
          }
        });
});

describe("CURVE interop: REQ/REP", () => {
  for (const transport of TRANSPORTS)
    for (const rep of IMPLS)
      test(`${rep} REP (server, binds) ↔ ${other(rep)} REQ, ${transport}`, { timeout: 20_000 }, async () => {
        const keys = keysFor(rep, other(rep));
        const r = new lib[rep].Reply(serverOptions(keys)) as Sock;
        const q = new lib[other(rep)].Request(clientOptions(keys)) as Sock;
        try {
          await link(r, q, transport);
          for (let i = 0; i < 3; i++) {
            await q.send(`ping ${i}`);
            assert.deepEqual((await r.receive()).map(String), [`ping ${i}`]);
            await r.send(`pong ${i}`);
            assert.deepEqual((await q.receive()).map(String), [`pong ${i}`]);
          }
        } finally {
          q.close();
          r.close();
        }
      });
});

describe("CURVE interop: heartbeats over an idle connection", () => {
  for (const s of IMPLS)
    test(
      `${s} server ↔ ${other(s)} client: PING/PONG inside boxes keep a 50 ms heartbeat alive`,
      { timeout: 20_000 },
      async () => {
        const keys = keysFor(s, other(s));
        // A timeout of 3 intervals on both sides: a PING or PONG that does not get through boxed drops the connection.
        const hb = { heartbeatInterval: 50, heartbeatTimeout: 150, heartbeatTimeToLive: 300 };
        const server = new lib[s].Dealer({ ...serverOptions(keys), ...hb }) as Sock;
        const client = new lib[other(s)].Dealer({ ...clientOptions(keys), ...hb }) as Sock;
        const rs = new Recorder(server);
        const rc = new Recorder(client);
        try {
          await link(server, client, "tcp");
          await client.send("first");
          await server.receive();
          // Idle for 12 heartbeat intervals: neither side may see the connection drop.
          await Promise.all([absentFor(rs, "disconnect", 600), absentFor(rc, "disconnect", 600)]);
          await client.send("after idling");
          assert.deepEqual((await server.receive()).map(String), ["after idling"]);
          assert.equal(rs.count("handshake"), 1);
          assert.equal(rc.count("handshake"), 1);
        } finally {
          client.close();
          server.close();
        }
      },
    );
});
