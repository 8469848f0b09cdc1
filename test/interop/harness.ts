// Shared helpers for the interop tests: endpoints, socket lifetime, payloads
// and frame-exact comparison.
import { strict as assert } from "node:assert";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { SocketCtor, TestSocket } from "./impls.js";

export type Transport = "tcp" | "ipc";
export const transports: readonly Transport[] = ["tcp", "ipc"];

let ipcCounter = 0;

/**
 * Owns the sockets (and ipc files) of one test. All are created with linger 0
 * and closed when the test ends, or as soon as it times out (closing rejects
 * pending receives, so a hung test unwinds instead of keeping the process up).
 */
export class Sockets {
  private readonly sockets: TestSocket[] = [];
  private readonly files: string[] = [];

  constructor(t: TestContext) {
    t.signal.addEventListener("abort", () => this.closeAll(), { once: true });
  }

  make(ctor: SocketCtor): TestSocket {
    const sock = new ctor({ linger: 0 });
    this.sockets.push(sock);
    return sock;
  }

  /** Binds on a fresh endpoint and returns the address peers connect to. */
  async bind(sock: TestSocket, transport: Transport): Promise<string> {
    if (transport === "tcp") {
      await sock.bind("tcp://127.0.0.1:*");
      const endpoint = sock.lastEndpoint;
      if (!endpoint?.startsWith("tcp://127.0.0.1:")) assert.fail(`lastEndpoint after tcp bind: ${endpoint}`);
      return endpoint;
    }
    const path = join(tmpdir(), `zmtp-${process.pid}-${++ipcCounter}.sock`);
    this.files.push(path);
    await sock.bind(`ipc://${path}`);
    return `ipc://${path}`;
  }

  closeAll(): void {
    for (const sock of this.sockets.splice(0)) {
      try {
        sock.close();
      } catch {
        // closing is best-effort cleanup
      }
    }
    for (const path of this.files.splice(0)) rmSync(path, { force: true });
  }
}

/** Runs `body` with a fresh socket registry that is always cleaned up. */
export async function withSockets(t: TestContext, body: (s: Sockets) => Promise<void>): Promise<void> {
  const s = new Sockets(t);
  try {
    await body(s);
  } finally {
    s.closeAll();
  }
}

/** A buffer of `size` bytes with a position-dependent pattern (not all zeros). */
export function pattern(size: number, seed = 0): Buffer {
  const buf = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) buf[i] = (i * 31 + seed + (i >>> 8)) & 0xff;
  return buf;
}

/** Frame-by-frame comparison with a short message (no multi-MB diffs). */
export function assertFrames(actual: Buffer[], expected: Buffer[], what = "message"): void {
  assert.ok(Array.isArray(actual), `${what}: receive() did not yield an array`);
  assert.equal(actual.length, expected.length, `${what}: number of frames`);
  expected.forEach((want, i) => {
    const got = actual[i];
    assert.ok(Buffer.isBuffer(got), `${what}: frame ${i} is not a Buffer`);
    assert.equal(got.length, want.length, `${what}: length of frame ${i}`);
    if (!got.equals(want)) {
      let at = 0;
      while (got[at] === want[at]) at++;
      assert.fail(`${what}: frame ${i} differs first at byte ${at} (got ${got[at]}, want ${want[at]})`);
    }
  });
}

/**
 * Sends `message` on `from` and receives it on `to`, concurrently (a DEALER or
 * PAIR send may wait until the peer is connected), then checks it arrived intact.
 */
export async function transfer(
  from: TestSocket,
  to: TestSocket,
  message: Buffer | string | Array<Buffer | string>,
  what?: string,
): Promise<void> {
  const parts = (Array.isArray(message) ? message : [message]).map((p) => Buffer.from(p));
  const [, got] = await Promise.all([from.send(message), to.receive()]);
  assertFrames(got, parts, what);
}
