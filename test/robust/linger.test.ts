// `linger` delivers everything pending on close, against libzmq peers (issue 11): a zmtp PUSH
// closed right after queueing its messages, with the receiver there already or binding only
// after the close. The second case also needed the receiving side to deliver what it holds when
// the sender's FIN arrives while its pipe is full (it used to drop the rest of the chunk).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as zmq from "zeromq";
import * as zmtp from "../../src/index.js";

type Pull = {
  bind(a: string): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly lastEndpoint: string | null;
};
const RECEIVERS: Array<[string, () => Pull]> = [
  ["libzmq", () => new zmq.Pull({ linger: 0 })],
  ["zmtp", () => new zmtp.Pull({ linger: 0 })],
];

async function receiveAll(pull: Pull, n: number): Promise<number[]> {
  const got: number[] = [];
  while (got.length < n) got.push(Number((await pull.receive())[0]!.toString()));
  return got;
}

describe("linger delivers what is pending on close", () => {
  for (const [name, makePull] of RECEIVERS) {
    test(`to a ${name} PULL that is connected: 10 000 messages, in order`, { timeout: 30000 }, async () => {
      const pull = makePull();
      try {
        await pull.bind("tcp://127.0.0.1:*");
        const push = new zmtp.Push({ linger: 10000, sendHighWaterMark: 20000 });
        push.connect(pull.lastEndpoint!);
        for (let i = 0; i < 10000; i++) await push.send(String(i));
        push.close();
        assert.deepEqual(
          await receiveAll(pull, 10000),
          Array.from({ length: 10000 }, (_, i) => i),
        );
      } finally {
        pull.close();
      }
    });

    test(`to a ${name} PULL that binds after the close: 1 000 messages`, { timeout: 30000 }, async () => {
      // A free port: bind, note it, close.
      const probe = new zmtp.Pull({ linger: 0 });
      await probe.bind("tcp://127.0.0.1:*");
      const endpoint = probe.lastEndpoint!;
      probe.close();
      const push = new zmtp.Push({ linger: 10000, reconnectInterval: 20 });
      push.connect(endpoint);
      for (let i = 0; i < 1000; i++) await push.send(String(i));
      push.close();
      const pull = makePull();
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            await pull.bind(endpoint);
            break;
          } catch (err) {
            if (attempt > 200) throw err;
            await new Promise((r) => setTimeout(r, 10)); // the probe's port is being released
          }
        }
        assert.deepEqual(
          await receiveAll(pull, 1000),
          Array.from({ length: 1000 }, (_, i) => i),
        );
      } finally {
        pull.close();
      }
    });
  }
});

describe("linger through CURVE: large frames sealed in parts into pooled buffers", () => {
  const keyPairs = { libzmq: zmq.curveKeyPair, zmtp: zmtp.curveKeyPair };
  for (const name of ["libzmq", "zmtp"] as const) {
    test(
      `to a ${name} PULL that is connected: 300 frames of 64-70 KiB, intact and in order`,
      { timeout: 30000 },
      async () => {
        const server = keyPairs[name]();
        const client = zmtp.curveKeyPair();
        const options = { linger: 0, curveServer: true, curveSecretKey: server.secretKey };
        const pull: Pull = name === "libzmq" ? new zmq.Pull(options) : new zmtp.Pull(options);
        const frame = (i: number) => Buffer.alloc(65536 + (i % 7) * 1000, i & 0xff).fill(String(i), 0, 8);
        try {
          await pull.bind("tcp://127.0.0.1:*");
          const push = new zmtp.Push({
            linger: 10000,
            curveServerKey: server.publicKey,
            curvePublicKey: client.publicKey,
            curveSecretKey: client.secretKey,
          });
          push.connect(pull.lastEndpoint!);
          for (let i = 0; i < 300; i++) await push.send(frame(i));
          push.close();
          for (let i = 0; i < 300; i++) assert.ok((await pull.receive())[0]!.equals(frame(i)), `frame ${i}`);
        } finally {
          pull.close();
        }
      },
    );
  }
});
