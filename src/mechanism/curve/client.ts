import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../../events/events.js";
import type { Command } from "../../wire/commands.js";
import type { Metadata } from "../../wire/metadata.js";
import { MALFORMED_ERROR, errorCommandFailure, ownMetadata, peerProperties, protocolFailure } from "../common.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost, TrafficTransform } from "../mechanism.js";
import {
  HELLO_SIGNATURE_PLAIN,
  buildHello,
  buildInitiate,
  parseReady,
  parseWelcome,
  splitWelcomePlain,
} from "./commands.js";
import { generateKeyPair, open, precompute, random, seal, type CurveKeyPair, type SharedKey } from "./crypto.js";
import type { CurveClientKeys } from "./keys.js";
import { CurveMessageCodec } from "./message.js";
import {
  FIRST_SHORT_NONCE,
  LONG_NONCE_BYTES,
  LONG_PREFIX,
  SHORT_PREFIX,
  longNonce,
  shortNonce,
  shortNonceFrom,
} from "./nonce.js";

type ClientState = "hello" | "welcome" | "ready" | "done";

/**
 * CurveZMQ client (RFC 26) as libzmq's curve_client: HELLO → WELCOME → INITIATE (vouch and
 * metadata) → READY, or ERROR. Failure codes as libzmq: a WELCOME of the wrong size or that does
 * not open is CRYPTOGRAPHIC, a READY under 30 bytes MALFORMED_COMMAND_READY, a READY with bad
 * metadata INVALID_METADATA, any other name UNEXPECTED_COMMAND. Once ready, `codec` seals and
 * opens MESSAGE commands. Secrets sit in #private fields, so util.inspect cannot show them.
 */
export class CurveClient implements Mechanism {
  readonly name = "CURVE";
  status: "handshaking" | "ready" | "error" = "handshaking";
  peerMetadata: Metadata = new Map();
  /** The MESSAGE transform, once ready. */
  codec: CurveMessageCodec | null = null;

  #state: ClientState = "hello";
  readonly #keys: CurveClientKeys;
  readonly #ctx: HandshakeContext;
  readonly #transient: CurveKeyPair = generateKeyPair();
  #nonce = FIRST_SHORT_NONCE;
  /** Box key C' ↔ S, for HELLO and WELCOME. */
  #helloKey: SharedKey | null = null;
  /** Box key C' ↔ S', for INITIATE, READY and every MESSAGE. */
  #sessionKey: SharedKey | null = null;

  constructor(ctx: HandshakeContext, keys: CurveClientKeys) {
    this.#ctx = ctx;
    this.#keys = keys;
  }

  start(host: MechanismHost): void {
    this.#helloKey = precompute(this.#keys.serverKey, this.#transient.secretKey);
    if (!this.#helloKey) {
      // libzmq reports CRYPTOGRAPHIC, sends no HELLO and waits for the handshake timer or the peer.
      host.mechanismProgress({ protocolError: PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC, keepOpen: true });
      return;
    }
    const nonce = shortNonce(SHORT_PREFIX.hello, this.#nextNonce());
    const signature = seal(this.#helloKey, nonce, new Uint8Array(HELLO_SIGNATURE_PLAIN));
    host.sendCommand(buildHello(this.#transient.publicKey, nonce.subarray(16), signature));
    this.#state = "welcome";
  }

  process(command: Command, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
    if (this.#state === "hello") return null; // stalled: no HELLO could be built
    switch (command.kind) {
      case "WELCOME":
        // libzmq would process a second WELCOME again; we refuse it as out of turn.
        if (this.#state !== "welcome") return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
        return this.#welcome(command.data, host);
      case "READY":
        // Before WELCOME libzmq opens READY with an all-zero key, which fails as CRYPTOGRAPHIC.
        return this.#ready(command.data);
      case "ERROR":
        return this.#fail(errorCommandFailure(command.reason));
      case "Malformed":
        if (command.command === "ERROR") return this.#fail(MALFORMED_ERROR);
        break;
      default:
        break;
    }
    return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
  }

  #welcome(data: Buffer, host: MechanismHost): MechanismFailure | null {
    const welcome = parseWelcome(data);
    if (!welcome.ok) return this.#fail(protocolFailure(welcome.code));
    const plain = open(this.#helloKey!, longNonce(LONG_PREFIX.welcome, welcome.nonceSuffix), welcome.box);
    if (!plain) return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC));
    const { serverTransientKey, cookie } = splitWelcomePlain(plain);
    this.#sessionKey = precompute(serverTransientKey, this.#transient.secretKey);
    // vouch = Box[C' + S](C → S'), so the server learns that C stands behind C'.
    const vouchKey = precompute(serverTransientKey, this.#keys.secretKey);
    if (!this.#sessionKey || !vouchKey) return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC));
    const vouchSuffix = random(LONG_NONCE_BYTES);
    const vouchBox = seal(
      vouchKey,
      longNonce(LONG_PREFIX.vouch, vouchSuffix),
      Buffer.concat([this.#transient.publicKey, this.#keys.serverKey]),
    );
    vouchKey.fill(0);
    const metadata = ownMetadata(this.#ctx);
    const nonce = shortNonce(SHORT_PREFIX.initiate, this.#nextNonce());
    const box = seal(this.#sessionKey, nonce, Buffer.concat([this.#keys.publicKey, vouchSuffix, vouchBox, metadata]));
    host.sendCommand(buildInitiate(cookie, nonce.subarray(16), box));
    this.#helloKey!.fill(0);
    this.#state = "ready";
    return null;
  }

  #ready(data: Buffer): MechanismFailure | null {
    const ready = parseReady(data);
    if (!ready.ok) return this.#fail(protocolFailure(ready.code));
    const key = this.#state === "ready" ? this.#sessionKey : null;
    const plain = key && open(key, shortNonceFrom(SHORT_PREFIX.ready, ready.nonceBytes), ready.box);
    if (!key || !plain) return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC));
    const meta = peerProperties(this.#ctx, plain);
    if (!meta) return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_INVALID_METADATA));
    this.peerMetadata = meta;
    this.codec = new CurveMessageCodec(key, "client", this.#nonce, ready.nonce);
    this.#state = "done";
    this.status = "ready";
    return null;
  }

  trafficTransform(): TrafficTransform | null {
    return this.codec;
  }

  #nextNonce(): bigint {
    const n = this.#nonce;
    this.#nonce = n + 1n;
    return n;
  }

  /** The connection is gone: forget the handshake keys (the codec keeps its own reference). */
  dispose(): void {
    this.#helloKey?.fill(0);
    if (this.status !== "ready") this.#sessionKey?.fill(0);
  }

  #fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    this.#state = "done";
    return f;
  }
}
