// Byte compatibility with libzmq 4.3.5 (the zeromq binding) without our engine: a raw TCP peer
// built from the sans-I/O CURVE parts (mini-peer.ts) completes the handshake with libzmq in both
// roles, exchanges multipart messages both ways, and receives libzmq's PINGs, which travel as
// MESSAGE boxes with the inner COMMAND flag. A wrong server key is reported by libzmq as CRYPTOGRAPHIC.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import * as zmq from "zeromq";
import { CurveClient } from "../../src/mechanism/curve/client.js";
import { CurveServer } from "../../src/mechanism/curve/server.js";
import { curveClientKeys, curveKeyPair, curveServerKeys } from "../../src/mechanism/curve/keys.js";
import { context } from "./helpers.js";
import { MiniCurvePeer } from "./mini-peer.js";

function connectTo(endpoint: string): Promise<net.Socket> {
  const u = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
}

async function nextEvent(events: zmq.Observer, types: string[]): Promise<zmq.Event> {
  for (;;) {
    const e = await events.receive();
    if (types.includes(e.type)) return e;
  }
}

describe("CURVE against libzmq 4.3.5, no engine in between", () => {
  test("our client ↔ libzmq server: handshake, messages both ways, libzmq PINGs in COMMAND-flagged boxes", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const zs = new zmq.Dealer({
      curveServer: true,
      curveSecretKey: server.secretKey,
      heartbeatInterval: 20,
      linger: 0,
    });
    try {
      await zs.bind("tcp://127.0.0.1:*");
      const keys = curveClientKeys(client.publicKey, client.secretKey, server.publicKey)!;
      const peer = new MiniCurvePeer(await connectTo(zs.lastEndpoint!), new CurveClient(context(), keys));
      assert.equal((await nextEvent(zs.events, ["handshake", "handshake:error:protocol"])).type, "handshake");
      await peer.until(() => peer.mechanism.status === "ready");
      assert.equal(peer.mechanism.peerMetadata.get("Socket-Type")?.toString(), "DEALER");

      await zs.send(["from", "libzmq"]);
      await peer.until(() => peer.messages.length === 1);
      assert.deepEqual(peer.messages[0]!.map(String), ["from", "libzmq"]);

      peer.send([Buffer.from("from"), Buffer.from("us"), Buffer.alloc(300, 1)]);
      const got = await zs.receive();
      assert.deepEqual(got.slice(0, 2).map(String), ["from", "us"]);
      assert.deepEqual(got[2], Buffer.alloc(300, 1));

      await peer.until(() => peer.commands.length > 0);
      assert.equal(peer.commands[0]!.subarray(0, 5).toString("latin1"), "\x04PING");
      peer.close();
    } finally {
      zs.close();
    }
  });

  test("libzmq client ↔ our server: handshake, messages both ways", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const peers: MiniCurvePeer[] = [];
    const accepted = new Promise<MiniCurvePeer>((resolve) => {
      const listener = net.createServer((sock) => {
        listener.close();
        const p = new MiniCurvePeer(sock, new CurveServer(context(), curveServerKeys(server.secretKey)!));
        peers.push(p);
        resolve(p);
      });
      listener.listen(0, "127.0.0.1", () => {
        const port = (listener.address() as net.AddressInfo).port;
        zc.connect(`tcp://127.0.0.1:${port}`);
      });
    });
    const zc = new zmq.Dealer({
      curveServerKey: server.publicKey,
      curvePublicKey: client.publicKey,
      curveSecretKey: client.secretKey,
      linger: 0,
    });
    try {
      const peer = await accepted;
      assert.equal((await nextEvent(zc.events, ["handshake", "handshake:error:protocol"])).type, "handshake");
      await peer.until(() => peer.mechanism.status === "ready");
      await zc.send(["hello", "server"]);
      await peer.until(() => peer.messages.length === 1);
      assert.deepEqual(peer.messages[0]!.map(String), ["hello", "server"]);
      peer.send([Buffer.from("hello"), Buffer.from("client")]);
      assert.deepEqual((await zc.receive()).map(String), ["hello", "client"]);
    } finally {
      for (const p of peers) p.close();
      zc.close();
    }
  });

  test("a client with the wrong server key: libzmq's server reports CRYPTOGRAPHIC", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const zs = new zmq.Dealer({ curveServer: true, curveSecretKey: server.secretKey, linger: 0 });
    try {
      await zs.bind("tcp://127.0.0.1:*");
      const keys = curveClientKeys(client.publicKey, client.secretKey, curveKeyPair().publicKey)!;
      const peer = new MiniCurvePeer(await connectTo(zs.lastEndpoint!), new CurveClient(context(), keys));
      const e = await nextEvent(zs.events, ["handshake", "handshake:error:protocol"]);
      assert.equal(e.type, "handshake:error:protocol");
      assert.equal((e as { error: { code: string } }).error.code, "ERR_ZMTP_CRYPTOGRAPHIC");
      peer.close();
    } finally {
      zs.close();
    }
  });
});
