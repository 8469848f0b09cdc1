import type { Metadata } from "../wire/metadata.js";

/** How a handshake failed, and which monitor event (if any) libzmq reports for it. */
export interface MechanismFailure {
  /** HANDSHAKE_FAILED_PROTOCOL with this PROTOCOL_ERROR_* value. */
  readonly protocolError?: number;
  /** HANDSHAKE_FAILED_AUTH with this ZAP status (300, 400, 500). */
  readonly authStatus?: number;
  /** Neither: the connection is dropped with DISCONNECTED only (libzmq reports nothing). */
}

/** What a mechanism needs from its engine. */
export interface MechanismHost {
  sendCommand(body: Buffer): void;
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
}

/** Local facts a mechanism needs to build and check READY. */
export interface HandshakeContext {
  /** Our socket type name, e.g. "DEALER". */
  readonly socketType: string;
  /** Our ZMQ_ROUTING_ID, sent as Identity for REQ/DEALER/ROUTER; null for other types. */
  readonly identity: Buffer | null;
}
