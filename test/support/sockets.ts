// The one socket-lifetime harness of the tests: every socket a test makes is closed (linger 0)
// when the test ends or times out, and every ipc file it used is removed. Closing rejects
// pending receives, so a hung test unwinds instead of keeping the process up.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";

export type Transport = "tcp" | "ipc" | "inproc";

/**
 * The slice of the zeromq v6 socket API the tests use, loosely typed so that one harness
 * serves every socket class of both implementations (ours and the native binding).
 */
export interface Sock {
  bind(address: string): Promise<void>;
  unbind(address: string): Promise<void>;
  connect(address: string, options?: { routingId?: string }): void;
  disconnect(address: string): void;
  send(message: unknown): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly closed: boolean;
  readonly lastEndpoint: string | null;
  readonly readable: boolean;
  receiveTimeout: number;
  sendTimeout: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [option: string]: any;
}

let counter = 0;

/** A fresh ipc path in the temp directory (register it with `bag.file` to have it removed). */
export function ipcPath(): string {
  return join(tmpdir(), `zmtp-test-${process.pid}-${++counter}.sock`);
}

/** A fresh inproc endpoint. */
export function inprocName(tag = "test"): string {
  return `inproc://${tag}-${process.pid}-${++counter}`;
}

/** Owns the sockets and ipc files of one test. */
export class Bag {
  private readonly socks: Array<{ close(): void }> = [];
  private readonly files: string[] = [];

  constructor(t?: TestContext) {
    t?.signal.addEventListener("abort", () => this.closeAll(), { once: true });
  }

  /** `new Ctor({linger: 0, ...options})`, registered for cleanup. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  make(Ctor: new (options?: any) => unknown, options: Record<string, unknown> = {}): Sock {
    return this.add(new Ctor({ linger: 0, ...options }) as Sock);
  }

  /** Registers something made elsewhere that has a close(). */
  add<T extends { close(): void }>(s: T): T {
    this.socks.push(s);
    return s;
  }

  /** A fresh endpoint for a transport (tcp gets its port at bind time: use `bind`). */
  endpoint(transport: Transport): string {
    if (transport === "tcp") return "tcp://127.0.0.1:*";
    if (transport === "ipc") return `ipc://${this.file(ipcPath())}`;
    return inprocName();
  }

  /** Binds on a fresh endpoint and returns the address peers connect to. */
  async bind(sock: Pick<Sock, "bind" | "lastEndpoint">, transport: Transport): Promise<string> {
    const ep = this.endpoint(transport);
    await sock.bind(ep);
    if (transport === "tcp") {
      const last = sock.lastEndpoint;
      assert.ok(last && /^tcp:\/\/127\.0\.0\.1:\d+$/.test(last), `lastEndpoint after tcp bind: ${last}`);
      return last;
    }
    return ep;
  }

  /** Registers a file to delete at the end. */
  file(path: string): string {
    this.files.push(path);
    return path;
  }

  closeAll(): void {
    for (const s of this.socks.splice(0)) {
      try {
        s.close();
      } catch {
        // best-effort cleanup
      }
    }
    for (const f of this.files.splice(0)) rmSync(f, { force: true });
  }
}

/** Runs `body` with a fresh Bag that is always cleaned up. */
export async function withBag<T>(t: TestContext, body: (bag: Bag) => Promise<T>): Promise<T> {
  const bag = new Bag(t);
  try {
    return await body(bag);
  } finally {
    bag.closeAll();
  }
}
