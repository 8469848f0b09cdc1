// Wire interop for PAIR<->PAIR and DEALER<->DEALER, over the matrix
// socket type x transport x (binder impl, connecter impl).
// Test names read e.g. "DEALER tcp zmtp-bind<-libzmq-connect: multipart".
import { test } from "node:test";
import { orderedPairs, type Impl, type TestSocket } from "./impls.js";
import { withBag } from "../support/sockets.js";
import { assertFrames, pattern, transfer, transports } from "./harness.js";

const TIMEOUT = 20_000;
const socketTypes = ["PAIR", "DEALER"] as const;
type SocketType = (typeof socketTypes)[number];

const ctorOf = (impl: Impl, type: SocketType) => (type === "PAIR" ? impl.Pair : impl.Dealer);

/** Sends `message` binder->connecter, then connecter->binder. */
async function bothWays(b: TestSocket, c: TestSocket, message: Buffer | string | Array<Buffer | string>) {
  await transfer(b, c, message, "binder->connecter");
  await transfer(c, b, message, "connecter->binder");
}

/** Streams `count` messages from `from` to `to`; checks completeness and order. */
async function stream(from: TestSocket, to: TestSocket, count: number, what: string) {
  // Two frames per message: a sequence number and a payload whose size sweeps
  // across the 255/256 short/long frame boundary.
  const message = (i: number) => {
    const seq = Buffer.alloc(4);
    seq.writeUInt32BE(i);
    return [seq, pattern(i % 300, i)];
  };
  const sending = (async () => {
    for (let i = 0; i < count; i++) await from.send(message(i));
  })();
  const receiving = (async () => {
    for (let i = 0; i < count; i++) {
      const got = await to.receive();
      assertFrames(got, message(i), `${what} #${i}`);
    }
  })();
  await Promise.all([sending, receiving]);
}

for (const type of socketTypes) {
  for (const transport of transports) {
    for (const [binder, connecter] of orderedPairs()) {
      const cell = `${type} ${transport} ${binder.name}-bind<-${connecter.name}-connect`;

      // One fresh, connected socket pair per case.
      const cellTest = (name: string, body: (b: TestSocket, c: TestSocket) => Promise<void>): void =>
        void test(`${cell}: ${name}`, { timeout: TIMEOUT }, (t) =>
          withBag(t, async (s) => {
            const b = s.make(ctorOf(binder, type));
            const c = s.make(ctorOf(connecter, type));
            c.connect(await s.bind(b, transport));
            await body(b, c);
          }),
        );

      cellTest("single-part", async (b, c) => {
        await transfer(b, c, "hello", "binder->connecter");
        await transfer(c, b, Buffer.from("world"), "connecter->binder");
      });

      cellTest("multipart", (b, c) => bothWays(b, c, ["one", "two", "three"]));

      cellTest("one empty frame", (b, c) => bothWays(b, c, [Buffer.alloc(0)]));

      cellTest("empty, x, empty", (b, c) => bothWays(b, c, [Buffer.alloc(0), "x", Buffer.alloc(0)]));

      for (const size of [0, 255, 256, 65536, 10 * 1024 * 1024]) {
        cellTest(`frame size ${size}`, (b, c) => bothWays(b, c, pattern(size, size)));
      }

      cellTest("multipart mixed sizes", (b, c) =>
        bothWays(b, c, [pattern(255), pattern(256, 1), Buffer.alloc(0), pattern(65536, 2)]),
      );

      cellTest("1000 messages in order, both ways at once", async (b, c) => {
        await Promise.all([stream(b, c, 1000, "binder->connecter"), stream(c, b, 1000, "connecter->binder")]);
      });
    }
  }
}
