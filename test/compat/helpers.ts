/** Shared helpers of the v5-compat tests (not a test file itself). */
import { createServer } from "node:net";
import * as sockets from "../../src/api/sockets.js";
import type { Socket, SocketEvents } from "../../src/v5-compat.js";

/** A skip reason if some zeromq v6 classes are not exported by src/api/sockets.ts yet. */
export function missingClasses(...names: string[]): string | undefined {
  const exported = sockets as unknown as Readonly<Record<string, unknown>>;
  const missing = names.filter((n) => typeof exported[n] !== "function");
  return missing.length > 0 ? `zmtp has no ${missing.join(", ")} class yet` : undefined;
}

let counter = 0;
/** A fresh endpoint: a tcp wildcard on loopback, or a unique inproc name. */
export function address(transport: "tcp" | "inproc", tag: string): string {
  return transport === "tcp" ? "tcp://127.0.0.1:*" : `inproc://compat-${tag}-${process.pid}-${++counter}`;
}

/** Resolves with the listener arguments of the next `name` event. */
export function next<K extends keyof SocketEvents>(sock: Socket, name: K): Promise<SocketEvents[K]> {
  return new Promise((resolve) => {
    (sock as unknown as NodeJS.EventEmitter).once(name, (...args: unknown[]) => resolve(args as SocketEvents[K]));
  });
}

/** bind(address, cb) as a promise of the bound endpoint (resolved wildcard port). */
export function bind(sock: Socket, addr: string): Promise<string> {
  return new Promise((resolve, reject) => {
    sock.bind(addr, (err) => (err ? reject(err) : resolve(String(sock.last_endpoint ?? addr))));
  });
}

/** send(msg, flags, cb) as a promise. */
export function send(sock: Socket, msg: Parameters<Socket["send"]>[0]): Promise<void> {
  return new Promise((resolve, reject) => {
    sock.send(msg, 0, (err) => (err ? reject(err) : resolve()));
  });
}

/** Frames of the next message, as strings. */
export async function nextMessage(sock: Socket): Promise<string[]> {
  return (await next(sock, "message")).map(String);
}

/** Waits, one macrotask at a time, until `cond()` holds (the test's timeout bounds it). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

/** A tcp port on 127.0.0.1 that nothing listens on (bound by Node, then released). */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Records the given events of a socket as `[name, ...args]`, in order. */
export function record(sock: Socket, names: readonly (keyof SocketEvents)[]): Array<[string, ...unknown[]]> {
  const log: Array<[string, ...unknown[]]> = [];
  for (const name of names) {
    (sock as unknown as NodeJS.EventEmitter).on(name, (...args: unknown[]) => log.push([name, ...args]));
  }
  return log;
}

/** All v5 monitor event names. */
export const MONITOR_EVENTS = [
  "connect",
  "connect_delay",
  "connect_retry",
  "listen",
  "bind_error",
  "accept",
  "accept_error",
  "close",
  "close_error",
  "disconnect",
] as const;
