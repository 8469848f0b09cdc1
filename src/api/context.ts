import { zmqError } from "../errors.js";
import { ContextCore } from "../context/context-core.js";

const cores = new WeakMap<Context, ContextCore>();

/** @internal */
export function contextCore(ctx: Context): ContextCore {
  const c = cores.get(ctx);
  if (!c) throw zmqError("EINVAL");
  return c;
}

/** Writable context options, as the binding's constructor takes them. */
export interface ContextOptions {
  blocky?: boolean;
  ioThreads?: number;
  maxMessageSize?: number;
  maxSockets?: number;
  ipv6?: boolean;
  threadPriority?: number;
  threadSchedulingPolicy?: number;
}

/**
 * A ZeroMQ context (zmq_ctx_new): the scope of inproc:// names and of termination. There are no
 * I/O threads; the options exist for compatibility and are stored as given.
 */
export class Context {
  #blocky = true;
  #ioThreads = 1;
  #maxMessageSize = 2147483647;
  #maxSockets = 1023;
  #ipv6 = false;

  constructor(options: ContextOptions = {}) {
    if (options === null || typeof options !== "object") throw new TypeError("Options must be an object");
    cores.set(this, new ContextCore());
    Object.seal(this);
    Object.assign(this, options);
  }

  /** ZMQ_BLOCKY: when false, new sockets default to linger 0. */
  get blocky(): boolean {
    return this.#blocky;
  }
  set blocky(v: boolean) {
    this.#blocky = checkBool(v);
  }
  /** ZMQ_IO_THREADS (accepted, unused: one event loop). */
  get ioThreads(): number {
    return this.#ioThreads;
  }
  set ioThreads(v: number) {
    this.#ioThreads = checkInt(v);
  }
  /** ZMQ_MAX_MSGSZ */
  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }
  set maxMessageSize(v: number) {
    this.#maxMessageSize = checkInt(v);
  }
  /** ZMQ_MAX_SOCKETS */
  get maxSockets(): number {
    return this.#maxSockets;
  }
  set maxSockets(v: number) {
    this.#maxSockets = checkInt(v);
  }
  /** ZMQ_SOCKET_LIMIT (read-only) */
  get maxSocketsLimit(): number {
    return 65535;
  }
  /** ZMQ_THREAD_PRIORITY (write-only; accepted, there are no I/O threads). */
  set threadPriority(v: number) {
    checkInt(v);
  }
  /** ZMQ_THREAD_SCHED_POLICY (write-only; accepted, there are no I/O threads). */
  set threadSchedulingPolicy(v: number) {
    checkInt(v);
  }
  /** ZMQ_IPV6: default for new sockets. */
  get ipv6(): boolean {
    return this.#ipv6;
  }
  set ipv6(v: boolean) {
    this.#ipv6 = checkBool(v);
  }
}

function checkBool(v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError("Option value must be a boolean");
  return v;
}
function checkInt(v: unknown): number {
  if (typeof v !== "number") throw new TypeError("Option value must be a number");
  return v;
}

/** The default context (the binding's `zmq.context`). */
export const context = new Context();

/**
 * zmq_ctx_term for a context: closes all its sockets (each monitor emits MONITOR_STOPPED) and
 * makes later socket creation, bind, connect and monitoring fail with ETERM.
 */
export function terminate(ctx: Context): void {
  contextCore(ctx).terminate();
}
