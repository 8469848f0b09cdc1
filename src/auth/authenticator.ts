import { EventEmitter } from "node:events";
import { debuglog } from "node:util";
import type { Context } from "../api/context.js";
import { Router } from "../api/sockets.js";
import { loadCertificateKeys } from "./certificates.js";
import { AuthPolicy, normalizeKey, type AuthDecision } from "./policy.js";

const debug = debuglog("zmtp");

/** Where libzmq (and zmtp) send ZAP requests. */
export const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** Lifecycle of an authenticator: one way, Idle → Running → Stopped. */
const enum State {
  Idle,
  Running,
  Stopped,
}

/** Which CURVE clients a domain admits. */
export type CurveClients =
  /** Any client that completes the handshake (it still has to know the server's key). */
  | "any"
  /** These public keys (40 Z85 characters or 32 bytes each). */
  | ReadonlyArray<string | Uint8Array>
  /** The public keys of the certificate files in this directory (czmq zcert format). */
  | { readonly directory: string };

export interface AuthenticatorOptions {
  /** The context whose sockets it authenticates (each context has its own ZAP endpoint). Default: the global context. */
  readonly context?: Context;
}

/**
 * A ready ZAP handler (RFC 27), like pyzmq's `zmq.auth` and czmq's `zauth`: allows or denies
 * connections of one context by peer address, PLAIN username and password, and CURVE client key,
 * per ZAP domain. It is a zmtp Router bound at `inproc://zeromq.zap.01`; every answer it gives is
 * also emitted as a `decision` event (after the reply went out).
 *
 * Rules: with an allow list only listed addresses pass, otherwise denied addresses fail; then NULL
 * passes, PLAIN needs a configured user, CURVE a configured key. A domain without its own PLAIN or
 * CURVE configuration uses the one given for "*".
 */
export class Authenticator extends EventEmitter<{ decision: [AuthDecision] }> {
  readonly #policy = new AuthPolicy();
  readonly #context: Context | undefined;
  #router: Router | null = null;
  #state = State.Idle;

  constructor(options: AuthenticatorOptions = {}) {
    super();
    this.#context = options.context;
  }

  /** Binds the handler; throws EADDRINUSE when the context already has one. */
  start(): this {
    if (this.#state !== State.Idle)
      throw new Error(`Authenticator already ${this.#state === State.Running ? "started" : "stopped"}`);
    const router = new Router({ linger: 0, ...(this.#context ? { context: this.#context } : {}) });
    try {
      router.bindSync(ZAP_ENDPOINT);
    } catch (e) {
      router.close();
      throw e;
    }
    this.#router = router;
    this.#state = State.Running;
    void this.#serve(router);
    return this;
  }

  /** Unbinds the handler; later ZAP requests find none. */
  stop(): void {
    if (this.#state !== State.Running) {
      this.#state = State.Stopped;
      return;
    }
    this.#state = State.Stopped;
    this.#router?.close();
    this.#router = null;
  }

  /** Admits only these addresses (and any added later); clears nothing else. */
  allow(...addresses: string[]): this {
    for (const a of addresses) this.#policy.allowed.add(a);
    return this;
  }

  /** Refuses these addresses (ignored while an allow list exists). */
  deny(...addresses: string[]): this {
    for (const a of addresses) this.#policy.denied.add(a);
    return this;
  }

  /** PLAIN users (username → password) of a ZAP domain ("*": every domain without its own). Replaces earlier ones. */
  configurePlain(domain: string, users: Readonly<Record<string, string>> | ReadonlyMap<string, string>): this {
    this.#policy.users.set(domain, new Map(users instanceof Map ? users : Object.entries(users)));
    return this;
  }

  /**
   * CURVE clients of a ZAP domain ("*": every domain without its own): "any", a list of public
   * keys, or a directory of certificates (read now; call again to reload). Replaces earlier ones.
   */
  configureCurve(domain: string, clients: CurveClients): this {
    if (clients === "any") this.#policy.curve.set(domain, { any: true });
    else if ("directory" in clients) this.#policy.curve.set(domain, { keys: loadCertificateKeys(clients.directory) });
    else this.#policy.curve.set(domain, { keys: new Set(clients.map(normalizeKey)) });
    return this;
  }

  async #serve(router: Router): Promise<void> {
    for (;;) {
      let frames: Buffer[];
      try {
        frames = await router.receive();
      } catch {
        return; // closed
      }
      // [routing id, empty delimiter, version, request id, domain, address, identity, mechanism, credentials...]
      const [routingId, delimiter, version, requestId, domain, address, identity, mechanism, ...credentials] = frames;
      if (!routingId || !delimiter || delimiter.length !== 0 || !requestId || !mechanism || !identity) {
        debug("auth: dropped a malformed ZAP request of %d frames", frames.length);
        continue;
      }
      const decision = this.#policy.decide({
        version: version?.toString("latin1") ?? "",
        domain: domain?.toString("utf8") ?? "",
        address: address?.toString("utf8") ?? "",
        identity,
        mechanism: mechanism.toString("latin1"),
        credentials,
      });
      try {
        await router.send([
          routingId,
          "",
          "1.0",
          requestId,
          String(decision.status),
          decision.reason,
          decision.userId,
          "",
        ]);
      } catch {
        return;
      }
      try {
        this.emit("decision", decision);
      } catch (e) {
        // A throwing listener surfaces as an uncaught exception, as from any emitter; the handler goes on.
        process.nextTick(() => {
          throw e;
        });
      }
    }
  }
}
