import type { Metadata } from "../wire/metadata.js";

/** How a handshake failed, and which monitor event (if any) libzmq reports for it. */
export interface MechanismFailure {
  /** HANDSHAKE_FAILED_PROTOCOL with this PROTOCOL_ERROR_* value. */
  readonly protocolError?: number;
  /** HANDSHAKE_FAILED_AUTH with this ZAP status (300, 400, 500). */
  readonly authStatus?: number;
  /** Keep the connection open after reporting (a ZAP-refused server waits for the client to close). */
  readonly keepOpen?: boolean;
  /** HANDSHAKE_FAILED_NO_DETAIL with this errno (libzmq's missing-ZAP-handler cases). */
  readonly noDetailErrno?: number;
  /** After a NO_DETAIL: the handshake stalls instead of dropping the connection. */
  readonly stall?: boolean;
  /** Neither: the connection is dropped with DISCONNECTED only (libzmq reports nothing). */
}

/** What a mechanism needs from its engine. */
export interface MechanismHost {
  sendCommand(body: Buffer): void;
  /** Something happened outside `process` (a ZAP reply): re-check status, or report the failure. */
  mechanismProgress(failure: MechanismFailure | null): void;
}

/**
 * A security mechanism as a state machine over handshake commands. It never touches sockets
 * or timers; the engine feeds it every handshake frame and acts on its answers.
 */
export interface Mechanism {
  /** Name as it appears in the greeting ("NULL", "PLAIN", "CURVE"). */
  readonly name: string;
  readonly status: "handshaking" | "ready" | "error";
  /** The peer's READY/INITIATE properties once ready. */
  readonly peerMetadata: Metadata;
  /** Called once the greetings are exchanged: send the opening commands. */
  start(host: MechanismHost): void;
  /** One handshake frame body; returns a failure, or null to go on (check `status`). */
  process(body: Buffer, host: MechanismHost): MechanismFailure | null;
  /** The connection is gone: abandon anything pending (a ZAP request). */
  dispose?(): void;
}

/** Local facts a mechanism needs to build and check READY (and to ask ZAP). */
export interface HandshakeContext {
  /** ZMQ_ZAP_DOMAIN ("" = none: NULL then skips ZAP). */
  readonly zapDomain: string;
  /** ZMQ_ZAP_ENFORCE_DOMAIN */
  readonly zapEnforceDomain: boolean;
  /** Our own ZMQ_ROUTING_ID (sent in ZAP requests, as libzmq does). */
  readonly ownRoutingId: Buffer;
  /** The peer's numeric address for ZAP requests. */
  readonly peerAddress: string;
  /** Starts ZAP requests (null: no ZAP in this context). */
  readonly zap: import("./zap.js").ZapConnector | null;
  /** Our socket type name, e.g. "DEALER". */
  readonly socketType: string;
  /** Our ZMQ_ROUTING_ID, sent as Identity for REQ/DEALER/ROUTER; null for other types. */
  readonly identity: Buffer | null;
}
