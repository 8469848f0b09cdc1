import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../events/events.js";
import { isCommand } from "../../wire/commands.js";
import { basicStructureOk } from "./commands.js";
import { MAC_BYTES, open, sealInPlace, type SharedKey } from "./crypto.js";
import { SHORT_NONCE_BYTES, SHORT_PREFIX, shortNonce, shortNonceFrom } from "./nonce.js";

/** Inner flags byte of a MESSAGE box: libzmq carries msg_t's MORE and COMMAND bits. */
export const CURVE_FLAG_MORE = 0x01;
export const CURVE_FLAG_COMMAND = 0x02;
const FLAG_MASK = CURVE_FLAG_MORE | CURVE_FLAG_COMMAND;

const NAME_BYTES = 8; // 07 "MESSAGE"
const HEADER_BYTES = NAME_BYTES + SHORT_NONCE_BYTES; // 16
/** name + nonce + MAC + flags: the smallest MESSAGE libzmq accepts (33). */
export const MESSAGE_MIN = HEADER_BYTES + MAC_BYTES + 1;

/** A decoded MESSAGE: the frame and its inner flags, or the protocol error to report. */
export type DecodedMessage =
  { readonly ok: true; readonly frame: Buffer; readonly flags: number } | { readonly ok: false; readonly code: number };

/**
 * The post-handshake transform of CurveZMQ: every frame (data or command) travels as the body
 * of one MESSAGE command, sealed with the connection's precomputed key under strictly increasing
 * short nonces. The engine must send each body as an ordinary frame with flags 0 (MORE and
 * COMMAND live only inside the box: libzmq ORs the outer flags in).
 */
export class CurveMessageCodec {
  readonly #key: SharedKey;
  readonly #encodePrefix: string;
  readonly #decodePrefix: string;
  #nextNonce: bigint;
  #lastPeerNonce: bigint;

  /**
   * @param side which end we are (picks the "CurveZMQMESSAGEC"/"…S" nonce prefixes)
   * @param nextNonce our next short nonce (client 3, server 2 after a libzmq handshake)
   * @param lastPeerNonce the peer's last short nonce (INITIATE's on the server, READY's on the client)
   */
  constructor(key: SharedKey, side: "client" | "server", nextNonce: bigint, lastPeerNonce: bigint) {
    this.#key = key;
    const fromClient = SHORT_PREFIX.messageFromClient;
    const fromServer = SHORT_PREFIX.messageFromServer;
    this.#encodePrefix = side === "client" ? fromClient : fromServer;
    this.#decodePrefix = side === "client" ? fromServer : fromClient;
    this.#nextNonce = nextNonce;
    this.#lastPeerNonce = lastPeerNonce;
  }

  /** The MESSAGE body carrying `frame` with inner `flags` (CURVE_FLAG_MORE | CURVE_FLAG_COMMAND). */
  encode(frame: Uint8Array, flags: number): Buffer {
    const nonce = this.#nextNonce;
    this.#nextNonce = BigInt.asUintN(64, nonce + 1n);
    const body = Buffer.allocUnsafe(MESSAGE_MIN + frame.length);
    body[HEADER_BYTES + MAC_BYTES] = flags & FLAG_MASK;
    body.set(frame, MESSAGE_MIN);
    sealInPlace(this.#key, shortNonce(this.#encodePrefix, nonce), body, HEADER_BYTES);
    body[0] = 7;
    body.write("MESSAGE", 1, "latin1");
    body.writeBigUInt64BE(nonce, NAME_BYTES);
    return body;
  }

  /**
   * Opens one MESSAGE body (checks in libzmq's order: structure, name, size, nonce, box). The
   * nonce must exceed the last accepted one; gaps are allowed. The returned frame is a view of
   * a fresh buffer, never of `body`.
   */
  decode(body: Buffer): DecodedMessage {
    if (!basicStructureOk(body)) return { ok: false, code: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED };
    if (!isCommand(body, "MESSAGE")) return { ok: false, code: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND };
    if (body.length < MESSAGE_MIN) return { ok: false, code: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE };
    const nonce = body.readBigUInt64BE(NAME_BYTES);
    if (nonce <= this.#lastPeerNonce) return { ok: false, code: PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE };
    this.#lastPeerNonce = nonce;
    const nonceBytes = body.subarray(NAME_BYTES, HEADER_BYTES);
    const plain = open(this.#key, shortNonceFrom(this.#decodePrefix, nonceBytes), body.subarray(HEADER_BYTES));
    if (plain === null) return { ok: false, code: PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC };
    return { ok: true, frame: plain.subarray(1), flags: plain[0]! & FLAG_MASK };
  }
}
