import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../events/events.js";
import { FLAG_COMMAND, FLAG_MORE } from "../../wire/constants.js";
import type { FrameSink } from "../../wire/transform.js";
import type { MechanismFailure, TrafficTransform } from "../mechanism.js";
import { basicStructureOk } from "./commands.js";
import { MAC_BYTES, NONCE_BYTES, type SharedKey } from "./crypto.js";
import { SecretBox } from "./secretbox.js";
import { SHORT_NONCE_BYTES, SHORT_PREFIX } from "./nonce.js";

/** Inner flags byte of a MESSAGE box: libzmq carries msg_t's MORE and COMMAND bits. */
export const CURVE_FLAG_MORE = 0x01;
export const CURVE_FLAG_COMMAND = 0x02;
const FLAG_MASK = CURVE_FLAG_MORE | CURVE_FLAG_COMMAND;

const NAME = Buffer.from("\x07MESSAGE", "latin1");
const NAME_BYTES = NAME.length; // 8
const HEADER_BYTES = NAME_BYTES + SHORT_NONCE_BYTES; // 16
/** name + nonce + MAC + flags: the smallest MESSAGE libzmq accepts (33). */
export const MESSAGE_MIN = HEADER_BYTES + MAC_BYTES + 1;
const FLAGS_AT = HEADER_BYTES + MAC_BYTES;
const TWO_32 = 0x100000000;

/** A decoded MESSAGE: the frame and its inner flags, or the protocol error to report. */
export type DecodedMessage =
  { readonly ok: true; readonly frame: Buffer; readonly flags: number } | { readonly ok: false; readonly code: number };

const failures = new Map<number, MechanismFailure>();
/** One frozen failure object per code: the hot path allocates nothing to report. */
function failure(code: number): MechanismFailure {
  let f = failures.get(code);
  if (f === undefined) failures.set(code, (f = Object.freeze({ protocolError: code })));
  return f;
}

/** A 24-byte nonce buffer whose 16-byte prefix is written once; the counter goes in bytes 16..23. */
function nonceBuffer(prefix: string): Buffer {
  const n = Buffer.alloc(NONCE_BYTES);
  n.write(prefix, 0, 16, "latin1");
  return n;
}

/**
 * The post-handshake transform of CurveZMQ: every frame (data or command) travels as the body
 * of one MESSAGE command, sealed with the connection's precomputed key under strictly increasing
 * short nonces. Sealed bodies go out as ordinary frames with flags 0: MORE and COMMAND live only
 * inside the box, because libzmq ORs the outer flags into the inner ones and drops anything with
 * an outer COMMAND bit as an unknown command. On input we do the same as libzmq: outer MORE and
 * COMMAND are OR-ed into the frame's flags.
 *
 * A short nonce is a 64-bit counter; ours counts in a double (2^53 frames is out of reach), the
 * peer's is compared as two 32-bit halves.
 */
export class CurveMessageCodec implements TrafficTransform {
  /** One box per direction: each keeps the subkey of its direction's fixed nonce prefix. */
  readonly #sendBox: SecretBox;
  readonly #recvBox: SecretBox;
  readonly #sendNonce: Buffer;
  readonly #recvNonce: Buffer;
  #next: number;
  #peerHi: number;
  #peerLo: number;

  /**
   * @param side which end we are (picks the "CurveZMQMESSAGEC"/"…S" nonce prefixes)
   * @param nextNonce our next short nonce (client 3, server 2 after a libzmq handshake)
   * @param lastPeerNonce the peer's last short nonce (INITIATE's on the server, READY's on the client)
   */
  constructor(key: SharedKey, side: "client" | "server", nextNonce: bigint, lastPeerNonce: bigint) {
    this.#sendBox = new SecretBox(key, true, true);
    this.#recvBox = new SecretBox(key, true, true);
    const fromClient = SHORT_PREFIX.messageFromClient;
    const fromServer = SHORT_PREFIX.messageFromServer;
    this.#sendNonce = nonceBuffer(side === "client" ? fromClient : fromServer);
    this.#recvNonce = nonceBuffer(side === "client" ? fromServer : fromClient);
    this.#next = Number(nextNonce);
    this.#peerHi = Number(lastPeerNonce >> 32n);
    this.#peerLo = Number(lastPeerNonce & 0xffffffffn);
  }

  /** The MESSAGE body carrying `frame` with inner `flags` (CURVE_FLAG_MORE | CURVE_FLAG_COMMAND). */
  encode(frame: Uint8Array, flags: number): Buffer {
    const body = Buffer.allocUnsafe(MESSAGE_MIN + frame.length);
    body.set(frame, MESSAGE_MIN);
    this.#sealBody(body, flags);
    return body;
  }

  /** Like `encode`, into `body` (MESSAGE_MIN + frame.length bytes), e.g. straight into the output. */
  encodeInto(body: Buffer, frame: Uint8Array, flags: number): void {
    body.set(frame, MESSAGE_MIN);
    this.#sealBody(body, flags);
  }

  /** Seals a body whose plaintext frame already sits at MESSAGE_MIN; writes name, nonce, MAC and flags. */
  #sealBody(body: Buffer, flags: number): void {
    const n = this.#next++;
    const hi = Math.floor(n / TWO_32);
    const lo = n >>> 0;
    body[FLAGS_AT] = flags & FLAG_MASK;
    const nonce = this.#sendNonce;
    nonce.writeUInt32BE(hi, 16);
    nonce.writeUInt32BE(lo, 20);
    this.#sendBox.seal(nonce, body, HEADER_BYTES, FLAGS_AT, body.length);
    NAME.copy(body, 0);
    body.writeUInt32BE(hi, NAME_BYTES);
    body.writeUInt32BE(lo, NAME_BYTES + 4);
  }

  seal(body: Buffer, flags: number, out: FrameSink): void {
    const inner = (flags & FLAG_MORE ? CURVE_FLAG_MORE : 0) | (flags & FLAG_COMMAND ? CURVE_FLAG_COMMAND : 0);
    // Sealed where it will be sent from: no MESSAGE buffer of its own, no copy into the output.
    if (out.slot) this.encodeInto(out.slot(MESSAGE_MIN + body.length, 0), body, inner);
    else out.frame(this.encode(body, inner), 0);
  }

  open(body: Buffer, flags: number, out: FrameSink): MechanismFailure | null {
    const d = this.decode(body);
    if (!d.ok) return failure(d.code);
    const f = (flags & (FLAG_MORE | FLAG_COMMAND)) | (d.flags & CURVE_FLAG_MORE ? FLAG_MORE : 0);
    out.frame(d.frame, d.flags & CURVE_FLAG_COMMAND ? f | FLAG_COMMAND : f);
    return null;
  }

  /**
   * Opens one MESSAGE body (checks in libzmq's order: structure, name, size, nonce, box). The
   * nonce must exceed the last accepted one; gaps are allowed. Decrypts in place: the frame
   * returned is a view of `body`, whose bytes the caller hands over.
   */
  decode(body: Buffer): DecodedMessage {
    if (!basicStructureOk(body)) return { ok: false, code: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED };
    if (body.length < NAME_BYTES || NAME.compare(body, 0, NAME_BYTES) !== 0)
      return { ok: false, code: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND };
    if (body.length < MESSAGE_MIN) return { ok: false, code: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_MESSAGE };
    const hi = body.readUInt32BE(NAME_BYTES);
    const lo = body.readUInt32BE(NAME_BYTES + 4);
    if (hi < this.#peerHi || (hi === this.#peerHi && lo <= this.#peerLo))
      return { ok: false, code: PROTOCOL_ERROR_ZMTP_INVALID_SEQUENCE };
    this.#peerHi = hi;
    this.#peerLo = lo;
    const nonce = this.#recvNonce;
    body.copy(nonce, 16, NAME_BYTES, HEADER_BYTES);
    if (!this.#recvBox.open(nonce, body, HEADER_BYTES, FLAGS_AT, body.length))
      return { ok: false, code: PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC };
    return { ok: true, frame: body.subarray(MESSAGE_MIN), flags: body[FLAGS_AT]! & FLAG_MASK };
  }
}
