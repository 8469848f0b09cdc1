// Shared by the draft tests: both implementations' draft classes under one name, a free udp
// port, and waits for group membership to take effect (a JOIN travels after the handshake, and a
// libzmq RADIO only applies it when its socket is used), all without fixed sleeps.
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { createRequire } from "node:module";
import * as ours from "../../src/draft.js";
import type { Bag, Sock } from "../support/sockets.js";
import { nextTurn } from "../support/waits.js";

export type DraftClass =
  "Server" | "Client" | "Radio" | "Dish" | "Gather" | "Scatter" | "Datagram" | "Peer" | "Channel";
export type ImplName = "zmtp" | "libzmq";
/** A draft socket of either implementation: the test harness's socket, with send options. */
export type DraftSock = Sock & { send(message: unknown, options?: object): Promise<void> };
type Ctor = new (options?: Record<string, unknown>) => DraftSock;

// The binding's draft module is CommonJS only (no exports map); it prints its own warning.
const theirs = createRequire(import.meta.url)("zeromq/draft") as Record<string, Ctor>;

/** A draft class of an implementation (libzmq has no Peer or Channel). */
export function draftClass(impl: ImplName, name: DraftClass): Ctor {
  const cls = impl === "zmtp" ? (ours as unknown as Record<string, Ctor>)[name] : theirs[name];
  assert.ok(cls, `${impl} has ${name}`);
  return cls;
}

/** A udp port nobody uses right now (bound and released; the tests bind it right after). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket("udp4");
  await new Promise<void>((resolve) => s.bind(0, "127.0.0.1", resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

let fences = 0;

/**
 * Waits until `dish` receives what `radio` sends to `group`: sends a probe every loop turn until
 * one arrives, drains what is queued, then sends a fence and reads up to it, so no probe is left
 * queued. Over one connection messages stay in order; over udp a lost probe is sent again, and
 * a fence the kernel dropped (the probes can fill a loaded receiver's buffer) is replaced by a
 * new one when a receive times out: earlier fences cannot arrive after it, so reading up to the
 * newest is enough.
 */
export async function untilJoined(radio: DraftSock, dish: DraftSock, group: string): Promise<void> {
  let arrived = false;
  const first = dish.receive().then(() => (arrived = true));
  while (!arrived) {
    await radio.send("probe", { group });
    await nextTurn();
  }
  await first;
  // Drop what is queued, so a small HWM cannot make the RADIO drop the fence.
  while (dish.readable) await dish.receive();
  const saved = dish.receiveTimeout;
  dish.receiveTimeout = 1000;
  try {
    for (;;) {
      const fence = `fence-${++fences}`;
      await radio.send(fence, { group });
      try {
        for (;;) {
          const [body] = await dish.receive();
          if (body!.toString() === fence) return;
        }
      } catch (err) {
        if ((err as { code?: string }).code !== "EAGAIN") throw err;
      }
    }
  } finally {
    dish.receiveTimeout = saved;
  }
}

/** `new Cls({linger: 0, ...options})` of an implementation, closed with the bag. */
export function make(bag: Bag, impl: ImplName, name: DraftClass, options: Record<string, unknown> = {}): DraftSock {
  return bag.make(draftClass(impl, name), options);
}

/** A message body as text. */
export const text = (msg: unknown[]): string => String(msg[0]);
