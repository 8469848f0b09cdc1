// CURVE failures through whole sockets, zmtp and libzmq side by side: bytes after a failed
// handshake or a bad MESSAGE never reach the application; a wrong server key; a client key that
// ZAP refuses (AUTH 400 on both sides, one ZAP request, no reconnect); mechanism mismatches.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as ours from "../../src/index.js";
import { ManualClient } from "./manual.js";
import {
  IMPLS,
  Recorder,
  absentFor,
  clientOptions,
  keysFor,
  lib,
  serverOptions,
  type ImplName,
  type Sock,
} from "./peers.js";
import { RawPeer, clientLongTerm, frame, rawClientAfterWelcome } from "./raw-curve.js";
import { z85Decode } from "../../src/wire/z85.js";

const other = (i: ImplName): ImplName => (i === "zmtp" ? "libzmq" : "zmtp");

/** A ZAP handler in `impl`'s global context answering every request with `status`; counts requests. */
async function zapHandler(impl: ImplName, status: string): Promise<{ requests: number; close(): void }> {
  const r = new lib[impl].Router({ linger: 0 });
  if (impl === "zmtp") (r as unknown as ours.Router).bindSync("inproc://zeromq.zap.01");
  else await r.bind("inproc://zeromq.zap.01");
  const state = { requests: 0, close: () => r.close() };
  void (async () => {
    for (;;) {
      let req: Buffer[];
      try {
        req = await r.receive();
      } catch {
        return;
      }
      state.requests++;
      await r.send([req[0]!, "", "1.0", req[3]!, status, "", "", ""]).catch(() => undefined);
    }
  })();
  return state;
}

async function expectNothing(sock: Sock): Promise<void> {
  await assert.rejects(sock.receive(), { code: "EAGAIN" }, "nothing reaches the application");
}

describe("bytes after a failure never reach the application", () => {
  for (const t of IMPLS) {
    test(`${t}: data frames behind a HELLO that does not open`, { timeout: 10_000 }, async () => {
      const keys = keysFor(t, t);
      const server = new lib[t].Dealer({ ...serverOptions(keys), receiveTimeout: 300 }) as Sock;
      const rec = new Recorder(server);
      await server.bind("tcp://127.0.0.1:*");
      const raw = await RawPeer.connect(server.lastEndpoint!);
      try {
        await raw.greet("CURVE");
        const hello = new ManualClient(z85Decode(keys.server.publicKey)!).hello();
        hello[150]! ^= 1;
        await raw.write(Buffer.concat([frame(hello, true), frame(Buffer.from("sneaky"), false)]));
        await rec.next("handshake:error:protocol");
        await expectNothing(server);
      } finally {
        raw.destroy();
        server.close();
      }
    });

    test(
      `${t}: a MESSAGE that does not open ends the connection; the one behind it is never delivered`,
      { timeout: 10_000 },
      async () => {
        const keys = keysFor(t, t);
        const server = new lib[t].Dealer({ ...serverOptions(keys), receiveTimeout: 300 }) as Sock;
        const rec = new Recorder(server);
        await server.bind("tcp://127.0.0.1:*");
        const { raw, client } = await rawClientAfterWelcome(server.lastEndpoint!, keys);
        try {
          await raw.command(client.initiate(clientLongTerm(keys)));
          await raw.readFrame(); // READY
          const codec = client.codec();
          const good = codec.encode(Buffer.from("first"), 0);
          const bad = codec.encode(Buffer.from("second"), 0);
          bad[bad.length - 1]! ^= 1;
          const late = codec.encode(Buffer.from("third"), 0);
          await raw.write(Buffer.concat([frame(good, false), frame(bad, false), frame(late, false)]));
          assert.deepEqual((await server.receive()).map(String), ["first"]);
          assert.deepEqual(await rec.next("handshake:error:protocol"), {
            type: "handshake:error:protocol",
            value: "ERR_ZMTP_CRYPTOGRAPHIC",
          });
          await expectNothing(server);
        } finally {
          raw.destroy();
          server.close();
        }
      },
    );
  }
});

describe("wrong server key", () => {
  for (const s of IMPLS)
    test(
      `${other(s)} client with another server's key → ${s} server: CRYPTOGRAPHIC, as libzmq`,
      { timeout: 10_000 },
      async () => {
        const keys = keysFor(s, other(s));
        const wrong = { ...keys, server: { ...keys.server, publicKey: lib[s].curveKeyPair().publicKey } };
        const server = new lib[s].Dealer(serverOptions(keys)) as Sock;
        const client = new lib[other(s)].Dealer(clientOptions(wrong)) as Sock;
        const rs = new Recorder(server);
        try {
          await server.bind("tcp://127.0.0.1:*");
          client.connect(server.lastEndpoint!);
          assert.deepEqual(await rs.next("handshake:error:protocol"), {
            type: "handshake:error:protocol",
            value: "ERR_ZMTP_CRYPTOGRAPHIC",
          });
          assert.equal(rs.count("handshake"), 0);
        } finally {
          client.close();
          server.close();
        }
      },
    );
});

describe("a client key ZAP refuses", () => {
  for (const s of IMPLS)
    test(
      `${s} server, ${other(s)} client: AUTH 400 on both sides, one ZAP request, no reconnect`,
      { timeout: 10_000 },
      async () => {
        const zap = await zapHandler(s, "400");
        const keys = keysFor(s, other(s));
        const server = new lib[s].Dealer(serverOptions(keys)) as Sock;
        const client = new lib[other(s)].Dealer({ ...clientOptions(keys), reconnectInterval: 20 }) as Sock;
        const rs = new Recorder(server);
        const rc = new Recorder(client);
        try {
          await server.bind("tcp://127.0.0.1:*");
          client.connect(server.lastEndpoint!);
          assert.deepEqual(await rc.next("handshake:error:auth"), { type: "handshake:error:auth", value: 400 });
          assert.deepEqual(await rs.next("handshake:error:auth"), { type: "handshake:error:auth", value: 400 });
          // 25 reconnect intervals: a client that retried would have asked ZAP again.
          await absentFor(rc, "connect:retry", 500);
          assert.equal(zap.requests, 1);
          assert.equal(rc.count("handshake:error:auth"), 1);
        } finally {
          client.close();
          server.close();
          zap.close();
        }
      },
    );
});

describe("mechanism mismatch on both sides", () => {
  const cases: Array<[string, (keys: ReturnType<typeof keysFor>) => Record<string, unknown>]> = [
    ["NULL", () => ({ linger: 0 })],
    ["PLAIN client", () => ({ linger: 0, plainUsername: "u", plainPassword: "p" })],
    ["PLAIN server", () => ({ linger: 0, plainServer: true })],
  ];
  for (const s of IMPLS)
    for (const [name, opts] of cases)
      test(`${s} CURVE server ↔ ${other(s)} ${name}: MECHANISM_MISMATCH on both`, { timeout: 10_000 }, async () => {
        const keys = keysFor(s, other(s));
        const server = new lib[s].Dealer(serverOptions(keys)) as Sock;
        const peer = new lib[other(s)].Dealer(opts(keys)) as Sock;
        const rs = new Recorder(server);
        const rp = new Recorder(peer);
        try {
          await server.bind("tcp://127.0.0.1:*");
          peer.connect(server.lastEndpoint!);
          const want = { type: "handshake:error:protocol", value: "ERR_ZMTP_MECHANISM_MISMATCH" };
          assert.deepEqual(await rs.next("handshake:error:protocol"), want);
          assert.deepEqual(await rp.next("handshake:error:protocol"), want);
        } finally {
          peer.close();
          server.close();
        }
      });
});
