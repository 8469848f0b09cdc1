import {
  PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
  PROTOCOL_ERROR_ZAP_BAD_VERSION,
  PROTOCOL_ERROR_ZAP_INVALID_METADATA,
  PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
  PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
  PROTOCOL_ERROR_ZAP_UNSPECIFIED,
} from "../events/events.js";
import { parseMetadata, type Metadata } from "../wire/metadata.js";

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

/** libzmq's request id: it never has more than one request in flight per connection. */
export const ZAP_REQUEST_ID = "1";
export const ZAP_VERSION = "1.0";

/**
 * A ZAP reply as it arrives in the ZAP pipe (delimiter first), checked in libzmq's order
 * (zap_client_t::receive_and_process_zap_reply): 7 frames, empty delimiter, version "1.0",
 * request id "1", a status `[2-5]00`, metadata that parses. Never throws.
 */
export function validateZapReply(reply: readonly Buffer[]): ZapOutcome {
  if (reply.length !== 7) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_MALFORMED_REPLY };
  const [delimiter, version, requestId, status, , userId, metadata] = reply as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  if (delimiter.length !== 0) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_UNSPECIFIED };
  if (!frameIs(version, ZAP_VERSION)) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_VERSION };
  if (!frameIs(requestId, ZAP_REQUEST_ID)) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID };
  const code = status.length === 3 ? status.toString("latin1") : "";
  if (!/^[2-5]00$/.test(code)) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE };
  const meta = parseMetadata(metadata, 0);
  if (!meta) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_INVALID_METADATA };
  return { kind: "reply", status: Number(code), userId, metadata: meta };
}

function frameIs(frame: Buffer, text: string): boolean {
  return frame.length === text.length && frame.toString("latin1") === text;
}
