import type { Metadata } from "../wire/metadata.js";

/** One ZAP request (RFC 27), as a mechanism server builds it. */
export interface ZapRequest {
  readonly domain: string;
  /** The peer's numeric address (no port). */
  readonly address: string;
  /** libzmq sends the server socket's own ZMQ_ROUTING_ID here. */
  readonly identity: Buffer;
  readonly mechanism: string;
  readonly credentials: readonly Buffer[];
}

/** What came back from the ZAP handler. */
export type ZapOutcome =
  | { readonly kind: "reply"; readonly status: number; readonly userId: Buffer; readonly metadata: Metadata }
  /** The reply was malformed: HANDSHAKE_FAILED_PROTOCOL with this ZAP_* code. */
  | { readonly kind: "protocol"; readonly code: number }
  /** The handler went away without answering. */
  | { readonly kind: "gone" };

/**
 * Starts a ZAP request against the handler bound at inproc://zeromq.zap.01 of the socket's
 * context. Returns null when no handler is bound, else a function that abandons the request.
 */
export type ZapConnector = (request: ZapRequest, done: (outcome: ZapOutcome) => void) => (() => void) | null;
