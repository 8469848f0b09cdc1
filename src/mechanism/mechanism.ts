import type { Command } from "../wire/commands.js";
import type { Metadata } from "../wire/metadata.js";
import type { FrameSink } from "../wire/transform.js";
import type { SocketTypeName } from "./socket-types.js";
import type { ZapConnector } from "./zap.js";

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
  /** Queues a command body for the peer (sent in the clear: handshake commands, ERROR). */
  sendCommand(body: Buffer): void;
  /** Something happened outside `process` (a ZAP reply): re-check status, or report the failure. */
  mechanismProgress(failure: MechanismFailure | null): void;
}

/**
 * A mechanism's rewriting of the traffic after its handshake (CURVE: every frame and command
 * travels boxed in a MESSAGE). Per connection; the engine asks for it once, when the mechanism
 * is ready. Without one (NULL, PLAIN) frames go to and from the wire unchanged.
 */
export interface TrafficTransform {
  /**
   * One outgoing frame → the wire frame(s) that carry it, written to `out` (the encoder).
   * `flags` is FLAG_MORE for a non-final message part, FLAG_COMMAND for a command (PING, PONG,
   * SUBSCRIBE, ...), 0 for a final part.
   */
  seal(body: Buffer, flags: number, out: FrameSink): void;
  /**
   * One incoming wire frame → the frame it carries (at most one), written to `out`; or a failure,
   * reported as HANDSHAKE_FAILED_PROTOCOL even after the handshake (as libzmq) before the
   * connection is dropped. Must not throw on any input.
   */
  open(body: Buffer, flags: number, out: FrameSink): MechanismFailure | null;
}

/**
 * A security mechanism as a state machine over handshake commands. It never touches sockets
 * or timers; the engine feeds it every handshake frame, read into a typed command, and acts on
 * its answers.
 */
export interface Mechanism {
  /** Name as it appears in the greeting ("NULL", "PLAIN", "CURVE"). */
  readonly name: string;
  readonly status: "handshaking" | "ready" | "error";
  /** The peer's READY/INITIATE properties (plus ZAP's User-Id) once ready. */
  readonly peerMetadata: Metadata;
  /** Called once the greetings are exchanged: send the opening commands. */
  start(host: MechanismHost): void;
  /**
   * One handshake frame (command or not: libzmq matches on the body alone), already parsed;
   * returns a failure, or null to go on (then check `status`).
   */
  process(command: Command, host: MechanismHost): MechanismFailure | null;
  /**
   * A frame that arrived after this side refused the peer and kept the connection open for it
   * to leave (ZAP said no): a failure drops the connection now, null ignores the frame. Without
   * this method such frames are ignored.
   */
  afterRefusal?(command: Command): MechanismFailure | null;
  /** The transform for post-handshake traffic, asked for once when `status` becomes "ready". */
  trafficTransform?(): TrafficTransform | null;
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
  readonly zap: ZapConnector | null;
  /** Our socket type, announced as Socket-Type and checked against the peer's. */
  readonly socketType: SocketTypeName;
  /** Our ZMQ_ROUTING_ID, sent as Identity for REQ/DEALER/ROUTER; null for other types. */
  readonly identity: Buffer | null;
}
