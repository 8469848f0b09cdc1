import { zmqError } from "../errors.js";
import { ContextCore } from "../context/context-core.js";
import { BOOLEAN_VALUE, checkArguments, IDENTIFIER, NUMBER_VALUE } from "./args.js";

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
 * One zmq_ctx_set/zmq_ctx_get option of libzmq 4.3.5, by id: its initial value (absent: not
 * readable), the least value zmq_ctx_set accepts (absent: not writable), whether it is stored
 * as a flag (0/1), and a fixed value read in its place.
 */
interface ContextOption {
  readonly initial?: number;
  readonly min?: number;
  readonly flag?: true;
  readonly fixed?: number;
}

const MAX_SOCKETS = 2;
const IPV6 = 42;
const BLOCKY = 70;

const CONTEXT_OPTIONS: ReadonlyMap<number, ContextOption> = new Map<number, ContextOption>([
  [1, { initial: 1, min: 0 }], // ZMQ_IO_THREADS
  [MAX_SOCKETS, { initial: 1023, min: 1 }], // ZMQ_MAX_SOCKETS
  [3, { fixed: 65535, min: 0 }], // ZMQ_SOCKET_LIMIT (read) and ZMQ_THREAD_PRIORITY (write) share the id
  [4, { initial: -1, min: 0 }], // ZMQ_THREAD_SCHED_POLICY
  [5, { initial: 2147483647, min: 0 }], // ZMQ_MAX_MSGSZ
  [6, { fixed: 64 }], // ZMQ_MSG_T_SIZE
  [7, { min: 0 }], // ZMQ_THREAD_AFFINITY_CPU_ADD
  [8, { min: 0 }], // ZMQ_THREAD_AFFINITY_CPU_REMOVE
  [9, { initial: 0, min: -2147483648 }], // ZMQ_THREAD_NAME_PREFIX (as a number)
  [10, { initial: 1, min: 0, flag: true }], // ZMQ_ZERO_COPY_RECV
  [IPV6, { initial: 0, min: 0, flag: true }], // ZMQ_IPV6
  [BLOCKY, { initial: 1, min: 0, flag: true }], // ZMQ_BLOCKY
]);

/**
 * A ZeroMQ context (zmq_ctx_new): the scope of inproc:// names, of `maxSockets` and of
 * termination. There are no I/O threads: the thread options are validated and stored as
 * libzmq does, without effect.
 */
export class Context {
  readonly #values = new Map<number, number>();

  constructor(options: ContextOptions = {}) {
    cores.set(this, new ContextCore());
    for (const [id, o] of CONTEXT_OPTIONS) if (o.initial !== undefined) this.#values.set(id, o.initial);
    Object.seal(this);
    Object.assign(this, options);
  }

  /** zmq_ctx_get as an int (the binding's raw accessor). EINVAL for an id it cannot read. */
  getInt32Option(id: number): number {
    const o = CONTEXT_OPTIONS.get(id);
    const value = o?.fixed ?? this.#values.get(id);
    if (value === undefined) throw zmqError("EINVAL");
    // zmq_ctx_get returns -1 for an unset scheduling policy and the binding reports errno 0.
    if (value < 0) throw zmqError("", "Success");
    return value;
  }

  /** zmq_ctx_set of an int (the binding's raw accessor; the value is taken as a C int). EINVAL when libzmq refuses it. */
  setInt32Option(id: number, value: number): void {
    const o = CONTEXT_OPTIONS.get(id);
    const v = value | 0;
    if (o?.min === undefined || v < o.min) throw zmqError("EINVAL");
    if (o.fixed === undefined && o.initial !== undefined) this.#values.set(id, o.flag && v !== 0 ? 1 : v);
    if (id === MAX_SOCKETS) cores.get(this)!.requestedMaxSockets = v;
  }

  /** zmq_ctx_get as a boolean (the binding's raw accessor). */
  getBoolOption(id: number): boolean {
    return this.getInt32Option(id) !== 0;
  }

  /** zmq_ctx_set of a boolean (the binding's raw accessor). */
  setBoolOption(id: number, value: boolean): void {
    this.setInt32Option(id, value ? 1 : 0);
  }

  /** ZMQ_BLOCKY: when false, new sockets default to linger 0. Default true. */
  get blocky(): boolean {
    return this.getBoolOption(BLOCKY);
  }
  set blocky(v: boolean) {
    this.setBoolOption(BLOCKY, v);
  }
  /** ZMQ_IO_THREADS: stored only (one event loop, no I/O threads). Default 1. */
  get ioThreads(): number {
    return this.getInt32Option(1);
  }
  set ioThreads(v: number) {
    this.setInt32Option(1, v);
  }
  /** ZMQ_MAX_MSGSZ: stored only (the socket option `maxMessageSize` limits messages). Default 2147483647. */
  get maxMessageSize(): number {
    return this.getInt32Option(5);
  }
  set maxMessageSize(v: number) {
    this.setInt32Option(5, v);
  }
  /**
   * ZMQ_MAX_SOCKETS: how many sockets may be open at once in this context; one more throws
   * EMFILE. As in libzmq the limit is fixed when the context creates its first socket (later
   * changes are stored but have no effect). Default 1023.
   */
  get maxSockets(): number {
    return this.getInt32Option(MAX_SOCKETS);
  }
  set maxSockets(v: number) {
    this.setInt32Option(MAX_SOCKETS, v);
  }
  /** ZMQ_SOCKET_LIMIT: the largest `maxSockets` accepted (read-only). 65535. */
  get maxSocketsLimit(): number {
    return this.getInt32Option(3);
  }
  /** ZMQ_THREAD_PRIORITY: write-only; validated and stored only (there are no I/O threads). */
  set threadPriority(v: number) {
    this.setInt32Option(3, v);
  }
  /** ZMQ_THREAD_SCHED_POLICY: write-only; validated and stored only (there are no I/O threads). */
  set threadSchedulingPolicy(v: number) {
    this.setInt32Option(4, v);
  }
  /** ZMQ_IPV6: the `ipv6` option of new sockets. Default false. */
  get ipv6(): boolean {
    return this.getBoolOption(IPV6);
  }
  set ipv6(v: boolean) {
    this.setBoolOption(IPV6, v);
  }
}

checkArguments(Context.prototype, {
  getInt32Option: [IDENTIFIER],
  setInt32Option: [IDENTIFIER, NUMBER_VALUE],
  getBoolOption: [IDENTIFIER],
  setBoolOption: [IDENTIFIER, BOOLEAN_VALUE],
});

/** The default context (the binding's `zmq.context`). */
export const context = new Context();

/**
 * zmq_ctx_term for a context: closes all its sockets (each monitor emits MONITOR_STOPPED) and
 * makes later socket creation, bind, connect and monitoring fail with ETERM.
 */
export function terminate(ctx: Context): void {
  contextCore(ctx).terminate();
}
