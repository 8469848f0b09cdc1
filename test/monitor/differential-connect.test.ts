// Differential monitor tests, connect side: peer restart, refused connects (default jitter and
// exponential backoff), and zmq_disconnect of an established connection. Each scenario runs with
// libzmq's sockets (zeromq 6.8.0) and with ours; see differential-harness.ts.
import assert from "node:assert/strict";
import { constants as osc, tmpdir } from "node:os";
import { test } from "node:test";
import {
  both,
  closeAll,
  closeRaw,
  reconnectIntervals,
  EventLog,
  freePort,
  norm,
  range,
  rawLog,
  sameAsLibzmq,
  show,
  type AnySocket,
  type Ev,
  type Impl,
  type Norm,
} from "./differential-harness.js";

const E = osc.errno;
const T = { timeout: 20000 };
let ipcN = 0;
const ipcEndpoint = (impl: Impl) => `ipc://${tmpdir()}/zmtp-diffc-${process.pid}-${impl.name}-${++ipcN}.sock`;

// ---------------------------------------------------------------------------------------------
// Peer restart: the connect side sees DISCONNECTED, CONNECT_RETRIED at once (value = the armed
// jittered interval), and after the peer re-binds: [CONNECT_DELAYED], CONNECTED, HANDSHAKE_SUCCEEDED.

for (const transport of ["tcp", "ipc", "tcp-localhost"] as const) {
  test(`differential peer restart (${transport}): connect side and both servers match libzmq`, T, async () => {
    const IVL = 250;
    const res = await both(async (impl) => {
      const client = new impl.Dealer({ linger: 0, reconnectInterval: IVL });
      const clog = new EventLog(client, `${impl.name} client`);
      const craw = rawLog(impl, client);
      const server1 = new impl.Dealer({ linger: 0 });
      const s1log = new EventLog(server1, `${impl.name} server1`);
      const s1raw = rawLog(impl, server1);
      let server2: AnySocket | null = null;
      let s2log: EventLog | null = null;
      try {
        await server1.bind(transport === "ipc" ? ipcEndpoint(impl) : "tcp://127.0.0.1:*");
        const bound = server1.lastEndpoint!;
        const port = transport === "ipc" ? "" : bound.slice(bound.lastIndexOf(":") + 1);
        const ep = transport === "tcp-localhost" ? `tcp://localhost:${port}` : bound;
        client.connect(ep);
        await clog.until("handshake");
        await s1log.until("handshake");
        server1.close();
        const drop = await clog.until("connect:retry");
        await s1log.ending();
        // Re-bind before the retry timer fires (>= IVL ms after CONNECT_RETRIED).
        server2 = new impl.Dealer({ linger: 0 });
        s2log = new EventLog(server2, `${impl.name} server2`);
        await server2.bind(bound);
        const back = await clog.until("handshake");
        await s2log.until("handshake");

        // Timing: CONNECT_RETRIED right after DISCONNECTED (the order is pinned below); the next
        // attempt only after the interval.
        const retry = drop.at(-1)!;
        assert.ok(
          back[0]!.t - retry.t >= retry.interval! - 30,
          `${impl.name}: reconnected ${back[0]!.t - retry.t} ms after CONNECT_RETRIED(${retry.interval})`,
        );

        if (craw && s1raw) {
          await new Promise((r) => setImmediate(r));
          const conn = craw.of("CONNECTED");
          const disc = craw.of("DISCONNECTED");
          assert.equal(conn.length, 2);
          assert.equal(disc.length, 1);
          assert.equal(
            disc[0]!.value,
            conn[0]!.value,
            "CONNECTED and DISCONNECTED of one connection carry the same fd",
          );
          assert.equal(
            craw.of("CONNECT_RETRIED")[0]!.value,
            retry.interval,
            "raw CONNECT_RETRIED value = the interval",
          );
          for (const d of craw.of("CONNECT_DELAYED")) assert.equal(d.value, E.EINPROGRESS);
          assert.equal(
            s1raw.of("LISTENING")[0]!.value,
            s1raw.of("CLOSED")[0]!.value,
            "LISTENING and the listener's CLOSED carry the same fd",
          );
        }
        const subs = transport === "ipc" ? [[bound, "EP"] as const] : [[`:${port}`, ":PORT"] as const];
        const o = { subs, interval: range(IVL, 2 * IVL) };
        return { client: norm(clog.all, o), server1: norm(s1log.all, o), server2: norm(s2log.all, o) };
      } finally {
        closeAll(client, server1, server2);
        await closeRaw(craw, s1raw);
      }
    });
    const h = transport === "ipc" ? "EP" : "tcp://127.0.0.1:PORT";
    const first = transport === "tcp-localhost" ? "tcp://localhost:PORT" : h;
    const connectDelayed = (a: string): Norm[] => (transport === "ipc" ? [] : [{ type: "connect:delay", address: a }]);
    sameAsLibzmq("client", { libzmq: res.libzmq.client, zmtp: res.zmtp.client }, [
      ...connectDelayed(first),
      { type: "connect", address: first },
      { type: "handshake", address: first },
      { type: "disconnect", address: first },
      // libzmq: CONNECT_RETRIED already comes from the new connecter, created with the resolved
      // address, so from here on the endpoint is numeric (facts §3.1, §7.25).
      { type: "connect:retry", address: h, interval: `[${IVL},${2 * IVL})` },
      ...connectDelayed(h),
      { type: "connect", address: h },
      { type: "handshake", address: h },
    ]);
    sameAsLibzmq("server1", { libzmq: res.libzmq.server1, zmtp: res.zmtp.server1 }, [
      { type: "bind", address: h },
      { type: "accept", address: h },
      { type: "handshake", address: h },
      { type: "close", address: h },
      { type: "end" },
    ]);
    sameAsLibzmq("server2", { libzmq: res.libzmq.server2, zmtp: res.zmtp.server2 }, [
      { type: "bind", address: h },
      { type: "accept", address: h },
      { type: "handshake", address: h },
    ]);
  });
}

// ---------------------------------------------------------------------------------------------
// Connect refused with the default reconnect: CONNECT_DELAYED, CLOSED, CONNECT_RETRIED(100..199),
// again and again.

test(
  "differential connect refused, default reconnect: CONNECT_DELAYED, CLOSED, CONNECT_RETRIED in [100, 200)",
  T,
  async () => {
    const res = await both(async (impl) => {
      const port = await freePort();
      const ep = `tcp://127.0.0.1:${port}`;
      const client = new impl.Dealer({ linger: 0 });
      const log = new EventLog(client, `${impl.name} client`);
      const raw = rawLog(impl, client);
      try {
        client.connect(ep);
        for (let i = 0; i < 4; i++) await log.until("connect:retry");
        checkRetryGaps(impl, log.all);
        if (raw) {
          await new Promise((r) => setImmediate(r));
          for (const d of raw.of("CONNECT_DELAYED"))
            assert.equal(d.value, E.EINPROGRESS, "CONNECT_DELAYED value = EINPROGRESS");
          const retries = raw.of("CONNECT_RETRIED").map((e) => e.value);
          assert.deepEqual(
            retries.slice(0, 4),
            log.all.filter((e) => e.type === "connect:retry").map((e) => e.interval),
          );
        }
        return norm(log.all.slice(0, 12), { subs: [[ep, "EP"]], interval: range(100, 200) });
      } finally {
        closeAll(client);
        await closeRaw(raw);
      }
    });
    const round: Norm[] = [
      { type: "connect:delay", address: "EP" },
      { type: "close", address: "EP" },
      { type: "connect:retry", address: "EP", interval: "[100,200)" },
    ];
    sameAsLibzmq("refused", res, [...round, ...round, ...round, ...round]);
  },
);

/** Each new attempt (CONNECT_DELAYED) starts no earlier than the CONNECT_RETRIED interval before it. */
function checkRetryGaps(impl: Impl, evs: readonly Ev[]): void {
  for (let i = 0; i + 1 < evs.length; i++) {
    const e = evs[i]!;
    const next = evs[i + 1]!;
    if (e.type === "connect:retry" && next.type === "connect:delay") {
      assert.ok(
        next.t - e.t >= e.interval! - 30,
        `${impl.name}: next attempt ${next.t - e.t} ms after CONNECT_RETRIED(${e.interval}): ${show(evs)}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Exponential backoff: reconnectInterval 50, reconnectMaxInterval 400 ⇒ 50, 100, 200, 400, 400.

test("differential reconnect backoff 50/400: intervals 50, 100, 200, 400, 400", T, async () => {
  const res = await both(async (impl) => {
    const port = await freePort();
    const ep = `tcp://127.0.0.1:${port}`;
    const client = new impl.Dealer({ linger: 0, reconnectInterval: 50, reconnectMaxInterval: 400 });
    const log = new EventLog(client, `${impl.name} client`);
    try {
      client.connect(ep);
      for (let i = 0; i < 5; i++) await log.until("connect:retry");
      checkRetryGaps(impl, log.all);
      return norm(log.all.slice(0, 15), { subs: [[ep, "EP"]] });
    } finally {
      closeAll(client);
    }
  });
  const round = (interval: number): Norm[] => [
    { type: "connect:delay", address: "EP" },
    { type: "close", address: "EP" },
    { type: "connect:retry", address: "EP", interval },
  ];
  sameAsLibzmq("backoff", res, [50, 100, 200, 400, 400].flatMap(round));
});

// ---------------------------------------------------------------------------------------------
// zmq_disconnect of an established connection: nothing on the connect side, DISCONNECTED (with
// the accepted fd) on the bind side.

for (const transport of ["tcp", "ipc"] as const) {
  test(
    `differential disconnect (${transport}): nothing on the connect side, DISCONNECTED on the bind side`,
    T,
    async () => {
      const res = await both(async (impl) => {
        const server = new impl.Dealer({ linger: 0 });
        const slog = new EventLog(server, `${impl.name} server`);
        const sraw = rawLog(impl, server);
        const client = new impl.Dealer({ linger: 0, reconnectInterval: 100 });
        const clog = new EventLog(client, `${impl.name} client`);
        try {
          await server.bind(transport === "ipc" ? ipcEndpoint(impl) : "tcp://127.0.0.1:*");
          const ep = server.lastEndpoint!;
          client.connect(ep);
          await clog.until("handshake");
          await slog.until("handshake");
          // A pending receive, as an application would have: libzmq's teardown of the connection only
          // progresses when the client socket processes commands (facts §2.5), which the binding does
          // when its fd polls readable for a waiting receive.
          const pending = client.receive().catch(() => undefined);
          client.disconnect(ep);
          await slog.until("disconnect");
          // Nothing more on either side (the client must not reconnect) over four reconnect intervals.
          await reconnectIntervals(impl, 4);
          const extraC = clog.rest();
          const extraS = slog.rest();
          assert.deepEqual(extraC, [], `${impl.name} client after disconnect: ${show(extraC)}`);
          assert.deepEqual(extraS, [], `${impl.name} server after its DISCONNECTED: ${show(extraS)}`);
          if (sraw) {
            await new Promise((r) => setImmediate(r));
            assert.equal(
              sraw.of("DISCONNECTED")[0]!.value,
              sraw.of("ACCEPTED")[0]!.value,
              "ACCEPTED and DISCONNECTED carry the same fd",
            );
          }
          const o = { subs: [[ep, "EP"] as const] };
          const out = { client: norm(clog.all, o), server: norm(slog.all, o) };
          closeAll(client);
          await pending;
          return out;
        } finally {
          closeAll(client, server);
          await closeRaw(sraw);
        }
      });
      const connectDelayed: Norm[] = transport === "ipc" ? [] : [{ type: "connect:delay", address: "EP" }];
      sameAsLibzmq("client", { libzmq: res.libzmq.client, zmtp: res.zmtp.client }, [
        ...connectDelayed,
        { type: "connect", address: "EP" },
        { type: "handshake", address: "EP" },
      ]);
      sameAsLibzmq("server", { libzmq: res.libzmq.server, zmtp: res.zmtp.server }, [
        { type: "bind", address: "EP" },
        { type: "accept", address: "EP" },
        { type: "handshake", address: "EP" },
        { type: "disconnect", address: "EP" },
      ]);
    },
  );
}
