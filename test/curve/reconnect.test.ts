// Which CURVE failures stop the connecting side from reconnecting, zmtp and libzmq side by side
// (docs/curve.md has the table): failures the client detects itself (a mismatch, a server key it
// cannot use, an ERROR from ZAP) end its session; failures only the server sees (a wrong server
// key) look like a dropped connection to the client, which reconnects.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as zmq from "zeromq";
import { IMPLS, Recorder, absentFor, lib, type ImplName, type Sock } from "./peers.js";

const other = (i: ImplName): ImplName => (i === "zmtp" ? "libzmq" : "zmtp");

interface Case {
  readonly name: string;
  /** The client's first failure event. */
  readonly failure: { type: string; value: string | number };
  readonly reconnects: boolean;
  options(): { server: Record<string, unknown>; client: Record<string, unknown> };
}

const pair = () => ({ s: zmq.curveKeyPair(), c: zmq.curveKeyPair() });
const curveClient = (serverKey: string, c: { publicKey: string; secretKey: string }) => ({
  curveServerKey: serverKey,
  curvePublicKey: c.publicKey,
  curveSecretKey: c.secretKey,
});

const CASES: Case[] = [
  {
    name: "wrong server key (the server reports CRYPTOGRAPHIC and drops the connection)",
    failure: { type: "handshake:error:other", value: "EPIPE" },
    reconnects: true,
    options() {
      const { s, c } = pair();
      return {
        server: { curveServer: true, curveSecretKey: s.secretKey },
        client: curveClient(zmq.curveKeyPair().publicKey, c),
      };
    },
  },
  {
    name: "NULL client, CURVE server",
    failure: { type: "handshake:error:protocol", value: "ERR_ZMTP_MECHANISM_MISMATCH" },
    reconnects: false,
    options() {
      const { s } = pair();
      return { server: { curveServer: true, curveSecretKey: s.secretKey }, client: {} };
    },
  },
  {
    name: "CURVE client, NULL server",
    failure: { type: "handshake:error:protocol", value: "ERR_ZMTP_MECHANISM_MISMATCH" },
    reconnects: false,
    options() {
      const { s, c } = pair();
      return { server: {}, client: curveClient(s.publicKey, c) };
    },
  },
  {
    name: "client without a server key (32 zero bytes: no HELLO can be made)",
    failure: { type: "handshake:error:protocol", value: "ERR_ZMTP_CRYPTOGRAPHIC" },
    reconnects: false,
    options() {
      const { s, c } = pair();
      return {
        server: { curveServer: true, curveSecretKey: s.secretKey },
        client: { curvePublicKey: c.publicKey, curveSecretKey: c.secretKey },
      };
    },
  },
];

describe("reconnect after a CURVE failure, as libzmq", () => {
  for (const k of CASES)
    for (const client of IMPLS)
      test(`${client} client, ${other(client)} server: ${k.name}`, { timeout: 10_000 }, async () => {
        const o = k.options();
        const server = new lib[other(client)].Dealer({ linger: 0, ...o.server }) as Sock;
        const c = new lib[client].Dealer({ linger: 0, reconnectInterval: 20, ...o.client }) as Sock;
        const rc = new Recorder(c);
        try {
          await server.bind("tcp://127.0.0.1:*");
          c.connect(server.lastEndpoint!);
          const first = await Promise.race([
            rc.next("handshake:error:protocol"),
            rc.next("handshake:error:other"),
            rc.next("handshake:error:auth"),
          ]);
          assert.deepEqual(first, k.failure);
          if (k.reconnects) {
            // Three more attempts, each failing the same way.
            await rc.atLeast("connect:retry", 3);
            assert.ok(rc.count("connect") >= 3);
          } else {
            await absentFor(rc, "connect:retry", 300);
            assert.equal(rc.count("connect"), 1);
          }
        } finally {
          c.close();
          server.close();
        }
      });
});
