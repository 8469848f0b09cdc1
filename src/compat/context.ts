import { context } from "../api/context.js";

/**
 * The v5 `zmq.Context`: static accessors for the options of the default context (the one all
 * compat sockets use). It cannot be instantiated.
 */
export class Context {
  /** zmq_ctx_set(ZMQ_IO_THREADS) on the default context (accepted; zmtp runs on Node's event loop). */
  static setMaxThreads(value: number): void {
    context.ioThreads = value;
  }

  /** zmq_ctx_get(ZMQ_IO_THREADS) of the default context. */
  static getMaxThreads(): number {
    return context.ioThreads;
  }

  /** zmq_ctx_set(ZMQ_MAX_SOCKETS) on the default context. */
  static setMaxSockets(value: number): void {
    context.maxSockets = value;
  }

  /** zmq_ctx_get(ZMQ_MAX_SOCKETS) of the default context. */
  static getMaxSockets(): number {
    return context.maxSockets;
  }

  /** Always throws: compat sockets share the default context. */
  constructor() {
    throw new Error("Context cannot be instantiated in compatibility mode");
  }
}
