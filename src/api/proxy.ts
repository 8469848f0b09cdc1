import { zmqError, type ErrnoError } from "../errors.js";
import { checkArguments, invalidObject } from "./args.js";
import { socketState } from "./core.js";
import { Phase, type SocketState } from "./lifecycle.js";
import { Socket, socketCore } from "./socket.js";

/**
 * zmq_proxy_steerable for two sockets: forwards every message from the front-end to the
 * back-end and back, until `terminate()`; `pause()`/`resume()` stop and restart forwarding.
 * Runs on the event loop (no worker thread). As in the binding, both sockets are blocked while
 * it runs (any other operation on them throws EBUSY; a `close()` waits) and are closed on
 * termination.
 */
export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  readonly #frontEnd: F;
  readonly #backEnd: B;
  #state: "idle" | "running" | "paused" | "terminated" = "idle";
  #resumers: Array<() => void> = [];

  constructor(frontEnd: F, backEnd: B) {
    if (!(frontEnd instanceof Socket) || !(backEnd instanceof Socket)) throw invalidObject();
    this.#frontEnd = frontEnd;
    this.#backEnd = backEnd;
    Object.seal(this);
  }

  /** The front-end socket (read-only, as the binding's accessor). */
  get frontEnd(): F {
    return this.#frontEnd;
  }

  /** The back-end socket (read-only, as the binding's accessor). */
  get backEnd(): B {
    return this.#backEnd;
  }

  /**
   * Forwards until terminated; EINVAL (thrown) when a side is closed or has no endpoint, EBUSY
   * (thrown) when it runs already (the binding would start a second proxy on the same sockets
   * and never settle either).
   */
  run(): Promise<void> {
    if (this.#state !== "idle") throw zmqError("EBUSY", "Socket is blocked by a bind or unbind operation");
    const f = socketCore(this.frontEnd);
    const b = socketCore(this.backEnd);
    if (f.closed || !f.hasEndpoints()) throw zmqError("EINVAL", "Front-end socket must be bound or connected");
    if (b.closed || !b.hasEndpoints()) throw zmqError("EINVAL", "Back-end socket must be bound or connected");
    this.#state = "running";
    const front = socketState(this.frontEnd);
    const back = socketState(this.backEnd);
    front.phase = back.phase = Phase.Blocked;
    return Promise.all([
      this.#pump(this.frontEnd, front, this.backEnd, back),
      this.#pump(this.backEnd, back, this.frontEnd, front),
    ]).then(() => {
      this.#state = "terminated";
    });
  }

  /** Unblocks a socket of this proxy and closes it (a close requested meanwhile is done now). */
  #close(socket: Socket): void {
    const state = socketState(socket);
    if (state.phase === Phase.Blocked || state.phase === Phase.CloseWhenSettled) state.phase = Phase.Open;
    socket.close();
  }

  async #pump(from: Socket, fromState: SocketState, to: Socket, toState: SocketState): Promise<void> {
    for (;;) {
      await this.#whileRunning();
      if (this.#terminated() || from.closed || to.closed) return;
      let msg: Buffer[];
      try {
        msg = await fromState.io.receive();
      } catch (err) {
        if (from.closed || (err as ErrnoError).code === "ENOTSUP") return;
        throw err;
      }
      // A message taken just before a pause waits for the resume, as zmq_proxy_steerable holds it.
      await this.#whileRunning();
      if (this.#terminated() || to.closed) return;
      try {
        await toState.io.send(msg);
      } catch (err) {
        if (to.closed) return;
        throw err;
      }
    }
  }

  #terminated(): boolean {
    return this.#state === "terminated";
  }

  async #whileRunning(): Promise<void> {
    while (this.#state === "paused") await new Promise<void>((r) => this.#resumers.push(r));
  }

  #wake(): void {
    const r = this.#resumers;
    this.#resumers = [];
    for (const f of r) f();
  }

  /** PAUSE: stop forwarding (messages queue per the sockets' high-water marks). */
  pause(): void {
    this.#check();
    this.#state = "paused";
  }

  /** RESUME */
  resume(): void {
    this.#check();
    this.#state = "running";
    this.#wake();
  }

  /** TERMINATE: stop and close both sockets; `run()` then resolves. */
  terminate(): void {
    this.#check();
    this.#state = "terminated";
    this.#close(this.frontEnd);
    this.#close(this.backEnd);
    this.#wake();
  }

  #check(): void {
    if (this.#state === "idle" || this.#state === "terminated") throw zmqError("EBADF");
  }
}

checkArguments(Proxy.prototype, { run: [], pause: [], resume: [], terminate: [] });
