import { timingSafeEqual } from "node:crypto";
import { errnoOf } from "../../errors.js";
import {
  PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC,
  PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
  PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
} from "../../events/events.js";
import type { Command } from "../../wire/commands.js";
import type { Metadata } from "../../wire/metadata.js";
import { ownMetadata, peerProperties, protocolFailure, zapRefusal } from "../common.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost, TrafficTransform } from "../mechanism.js";
import type { ZapOutcome } from "../zap.js";
import {
  buildReady,
  buildWelcome,
  parseHello,
  parseInitiate,
  splitInitiatePlain,
  type Hello,
  type Initiate,
} from "./commands.js";
import { KEY_BYTES, generateKeyPairWithSecret, open, precompute, random, seal } from "./crypto.js";
import type { CurveKeyPair, SharedKey } from "./crypto.js";
import type { CurveServerKeys } from "./keys.js";
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

type ServerState = "hello" | "initiate" | "zap" | "done";

const cryptographic = (): MechanismFailure => protocolFailure(PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);

/**
 * CurveZMQ server (RFC 26) as libzmq's curve_server: HELLO → WELCOME with a fresh transient key
 * pair and a fresh cookie key for this connection → INITIATE (cookie, box and vouch checked) →
 * ZAP (mechanism "CURVE", credential = the client's 32-byte long-term key) → READY, or ERROR for
 * ZAP 400/500 (300: nothing). Codes and their order follow libzmq; INITIATE metadata that does
 * not parse drops the connection with no event. Secrets sit in #private fields.
 */
export class CurveServer implements Mechanism {
  readonly name = "CURVE";
  status: "handshaking" | "ready" | "error" = "handshaking";
  peerMetadata: Metadata = new Map();
  /** The MESSAGE transform, once ready. */
  codec: CurveMessageCodec | null = null;

  #state: ServerState = "hello";
  readonly #keys: CurveServerKeys;
  readonly #ctx: HandshakeContext;
  #nonce = FIRST_SHORT_NONCE;
  #clientTransientKey: Buffer | null = null;
  /** S'/s', made when HELLO arrives. */
  #transient: CurveKeyPair | null = null;
  /** s', kept raw for the cookie comparison. */
  #transientSecret: Buffer | null = null;
  #cookieKey: Buffer | null = null;
  /** Box key S' ↔ C', for INITIATE, READY and every MESSAGE. */
  #sessionKey: SharedKey | null = null;
  #peerNonce = 0n;
  #cancelZap: (() => void) | null = null;

  constructor(ctx: HandshakeContext, keys: CurveServerKeys) {
    this.#ctx = ctx;
    this.#keys = keys;
  }

  start(): void {
    // The client speaks first.
  }

  process(command: Command, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
    if (this.#state === "zap") {
      // A command while ZAP is deciding (libzmq: "invalid handshake command").
      return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNSPECIFIED));
    }
    // libzmq's order: the basic structure check, then the name, then the command's own checks.
    if (command.kind === "Malformed" && command.command === null)
      return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED));
    if (this.#state === "hello") {
      if (command.kind !== "HELLO") return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
      const hello = parseHello(command.data);
      return hello.ok ? this.#hello(hello, host) : this.#fail(protocolFailure(hello.code));
    }
    if (command.kind !== "INITIATE") return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND));
    const initiate = parseInitiate(command.data);
    return initiate.ok ? this.#initiate(initiate, host) : this.#fail(protocolFailure(initiate.code));
  }

  #hello(hello: Hello, host: MechanismHost): MechanismFailure | null {
    const helloKey = precompute(hello.clientTransientKey, this.#keys.secretKey);
    const signature =
      helloKey && open(helloKey, shortNonceFrom(SHORT_PREFIX.hello, hello.nonceBytes), hello.signatureBox);
    if (!helloKey || !signature) return this.#fail(cryptographic()); // wrong server key, most likely
    this.#peerNonce = hello.nonce;
    const clientKey = Buffer.from(hello.clientTransientKey);
    const { pair: transient, secret: transientSecret } = generateKeyPairWithSecret();
    // cookie = secretbox[C' + s'] under a key that exists only for this connection.
    const cookieKey = random(KEY_BYTES);
    const cookieSuffix = random(LONG_NONCE_BYTES);
    const cookieBox = seal(
      cookieKey,
      longNonce(LONG_PREFIX.cookie, cookieSuffix),
      Buffer.concat([clientKey, transientSecret]),
    );
    const welcomeSuffix = random(LONG_NONCE_BYTES);
    const welcomeBox = seal(
      helloKey,
      longNonce(LONG_PREFIX.welcome, welcomeSuffix),
      Buffer.concat([transient.publicKey, cookieSuffix, cookieBox]),
    );
    helloKey.fill(0);
    this.#clientTransientKey = clientKey;
    this.#transient = transient;
    this.#transientSecret = transientSecret;
    this.#cookieKey = cookieKey;
    this.#sessionKey = precompute(clientKey, transient.secretKey);
    if (!this.#sessionKey) return this.#fail(cryptographic());
    host.sendCommand(buildWelcome(welcomeSuffix, welcomeBox));
    this.#state = "initiate";
    return null;
  }

  #initiate(msg: Initiate, host: MechanismHost): MechanismFailure | null {
    const cookie = open(this.#cookieKey!, longNonce(LONG_PREFIX.cookie, msg.cookieNonceSuffix), msg.cookieBox);
    if (!cookie || !this.#cookieMatches(cookie)) return this.#fail(cryptographic());
    this.#peerNonce = msg.nonce;
    const plain = open(this.#sessionKey!, shortNonceFrom(SHORT_PREFIX.initiate, msg.nonceBytes), msg.box);
    if (!plain) return this.#fail(cryptographic());
    const parts = splitInitiatePlain(plain);
    const vouchKey = precompute(parts.clientKey, this.#transient!.secretKey);
    const vouch = vouchKey && open(vouchKey, longNonce(LONG_PREFIX.vouch, parts.vouchNonceSuffix), parts.vouchBox);
    vouchKey?.fill(0);
    if (!vouch) return this.#fail(cryptographic());
    // libzmq checks only the C' half of the vouch (not S).
    if (!timingSafeEqual(vouch.subarray(0, KEY_BYTES), this.#clientTransientKey!))
      return this.#fail(protocolFailure(PROTOCOL_ERROR_ZMTP_KEY_EXCHANGE));
    this.#wipeCookie();
    const zapFailure = this.#askZap(Buffer.from(parts.clientKey), host);
    if (zapFailure) return this.#fail(zapFailure);
    // As libzmq: metadata is parsed after the ZAP request went out; bad metadata drops silently.
    const meta = peerProperties(this.#ctx, plain.subarray(parts.metadataOffset));
    if (!meta) {
      this.dispose();
      return this.#fail({});
    }
    this.peerMetadata = meta;
    if (this.#state !== "zap") this.#sendReady(host);
    return null;
  }

  /** Starts ZAP when libzmq would; returns a failure, or null (then `#state` tells whether to wait). */
  #askZap(clientKey: Buffer, host: MechanismHost): MechanismFailure | null {
    const c = this.#ctx;
    // libzmq skips ZAP only with ZAP_ENFORCE_DOMAIN set and an empty domain ("Stonehouse").
    if (c.zapDomain === "" && c.zapEnforceDomain) return null;
    const cancel = c.zap?.(
      {
        domain: c.zapDomain,
        address: c.peerAddress,
        identity: c.ownRoutingId,
        mechanism: "CURVE",
        credentials: [clientKey],
      },
      (o) => {
        this.#cancelZap = null;
        host.mechanismProgress(this.#zapDone(o, host));
      },
    );
    if (cancel) {
      this.#cancelZap = cancel;
      this.#state = "zap";
      return null;
    }
    // No handler: go on unauthenticated, unless enforced (libzmq's intended outcome: EFAULT, drop).
    return c.zapEnforceDomain ? { noDetailErrno: errnoOf("EFAULT") } : null;
  }

  #zapDone(o: ZapOutcome, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return null;
    const refused = zapRefusal(o, host);
    if (refused) return this.#fail(refused);
    if (o.kind === "reply") {
      // libzmq lets ZAP's properties win over the peer's own: User-Id, then the reply's metadata.
      if (o.userId.length > 0) this.peerMetadata.set("User-Id", o.userId);
      for (const [name, value] of o.metadata) this.peerMetadata.set(name, value);
      this.#sendReady(host);
    }
    return null; // a vanished handler stalls the handshake until the peer or the timer ends it
  }

  #sendReady(host: MechanismHost): void {
    const key = this.#sessionKey!;
    const nonce = this.#nonce;
    this.#nonce = nonce + 1n;
    const full = shortNonce(SHORT_PREFIX.ready, nonce);
    host.sendCommand(buildReady(full.subarray(16), seal(key, full, ownMetadata(this.#ctx))));
    this.codec = new CurveMessageCodec(key, "server", this.#nonce, this.#peerNonce);
    this.#state = "done";
    this.status = "ready";
  }

  trafficTransform(): TrafficTransform | null {
    return this.codec;
  }

  #cookieMatches(cookie: Buffer): boolean {
    return (
      cookie.length === 2 * KEY_BYTES &&
      timingSafeEqual(cookie.subarray(0, KEY_BYTES), this.#clientTransientKey!) &&
      timingSafeEqual(cookie.subarray(KEY_BYTES), this.#transientSecret!)
    );
  }

  /** The cookie key and s' are only needed until INITIATE has been checked. */
  #wipeCookie(): void {
    this.#cookieKey?.fill(0);
    this.#transientSecret?.fill(0);
    this.#cookieKey = this.#transientSecret = null;
  }

  /** Abandons a pending ZAP request and forgets handshake secrets (the connection went away). */
  dispose(): void {
    this.#cancelZap?.();
    this.#cancelZap = null;
    this.#wipeCookie();
  }

  #fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    this.#state = "done";
    return f;
  }
}
