import type { EventSink } from "../events/sink.js";
import type { SubscriptionCommandUse } from "../mechanism/socket-types.js";
import type { PipeEnd } from "../pipe/pipe.js";
import type { EngineOptions } from "./options.js";

/**
 * Why an engine stopped. `connection` and `timeout` let a connecting session retry;
 * `protocol` (bad peer, failed handshake, oversized frame) makes it give up, as in libzmq.
 */
export type EngineErrorReason = "connection" | "timeout" | "protocol";

/** What a session sees of an engine (ZMTP or raw). */
export interface Engine {
  readonly place: EnginePlace;
  readonly handshaking: boolean;
  readonly peerMetadata: Map<string, Buffer>;
  start(): void;
  /**
   * Local teardown, silent; lingers up to `lingerMs` (-1: no limit) for queued messages, and
   * with `throughHandshake` first completes a handshake in progress so they can still go out.
   */
  terminate(lingerMs: number, throughHandshake?: boolean): void;
}

/** The engine's owner (a session). */
export interface EngineHost {
  readonly events: EventSink;
  readonly options: EngineOptions;
  /** The handshake finished: hand over the pipe end the engine should serve, or null to refuse. */
  engineReady(engine: Engine): PipeEnd | null;
  /** The connection failed (DISCONNECTED already emitted); the engine is gone. */
  engineError(engine: Engine, reason: EngineErrorReason): void;
  /** Socket-type rule on what a peer may send (libzmq's req_session): false drops the connection. */
  readonly checkInbound?: (msg: Buffer[]) => boolean;
  /** RADIO: JOIN/LEAVE from the peer go into the pipe. DISH: the pipe's JOIN/LEAVE go out as commands. */
  readonly groupCommands?: "receive" | "send";
  /** What the socket does with a peer's SUBSCRIBE/CANCEL. */
  readonly subscriptionCommands: SubscriptionCommandUse;
  /** A local teardown finished (after lingering); called from a microtask. */
  engineClosed?(engine: Engine): void;
}

/** Where the connection sits, for monitor events (libzmq's endpoint_uri_pair_t). */
export interface EnginePlace {
  readonly local: string;
  readonly remote: string;
  readonly bindSide: boolean;
  readonly fd: number;
}
