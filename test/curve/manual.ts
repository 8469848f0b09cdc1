// Hand-built CURVE peers from the codec and crypto pieces, for inputs a correct peer never sends:
// a vouch for another transient key, a vouch signed by another long-term key, a READY whose
// metadata does not parse.
import assert from "node:assert/strict";
import type { KeyObject } from "node:crypto";
import {
  buildHello,
  buildInitiate,
  buildReady,
  buildWelcome,
  parseHello,
  parseWelcome,
  splitWelcomePlain,
} from "../../src/mechanism/curve/commands.js";
import {
  generateKeyPair,
  open,
  precompute,
  random,
  seal,
  type CurveKeyPair,
  type SharedKey,
} from "../../src/mechanism/curve/crypto.js";
import { CurveMessageCodec } from "../../src/mechanism/curve/message.js";
import { LONG_PREFIX, SHORT_PREFIX, longNonce, shortNonce } from "../../src/mechanism/curve/nonce.js";

function must<T>(v: T | null): T {
  assert.ok(v !== null);
  return v;
}

/** A client that can lie in its INITIATE. */
export class ManualClient {
  readonly transient: CurveKeyPair = generateKeyPair();
  private serverTransient: Uint8Array | null = null;
  private cookie: Uint8Array | null = null;

  private session: SharedKey | null = null;

  constructor(private readonly serverKey: Buffer) {}

  /** The MESSAGE codec after an INITIATE with the default nonce (ours next 3, the server's READY 1). */
  codec(): CurveMessageCodec {
    return new CurveMessageCodec(must(this.session), "client", 3n, 1n);
  }

  hello(): Buffer {
    const key = must(precompute(this.serverKey, this.transient.secretKey));
    const nonce = shortNonce(SHORT_PREFIX.hello, 1n);
    return buildHello(this.transient.publicKey, nonce.subarray(16), seal(key, nonce, new Uint8Array(64)));
  }

  welcome(body: Buffer): void {
    const w = parseWelcome(body.subarray(8)); // after 07 "WELCOME"
    assert.ok(w.ok);
    const key = must(precompute(this.serverKey, this.transient.secretKey));
    const plain = must(open(key, longNonce(LONG_PREFIX.welcome, w.nonceSuffix), w.box));
    const parts = splitWelcomePlain(plain);
    this.serverTransient = Buffer.from(parts.serverTransientKey);
    this.cookie = Buffer.from(parts.cookie);
  }

  /**
   * INITIATE carrying `clientKey` and a vouch sealed by `vouchSigner` over `vouchedTransient`
   * (an honest client: its own long-term secret and its own C').
   */
  initiate(opts: {
    clientKey: Buffer;
    vouchSigner: KeyObject;
    vouchedTransient?: Buffer;
    metadata?: Buffer;
    nonce?: bigint;
  }): Buffer {
    const sTransient = must(this.serverTransient);
    const vouchKey = must(precompute(sTransient, opts.vouchSigner));
    const vouchSuffix = random(16);
    const vouchBox = seal(
      vouchKey,
      longNonce(LONG_PREFIX.vouch, vouchSuffix),
      Buffer.concat([opts.vouchedTransient ?? this.transient.publicKey, this.serverKey]),
    );
    const session = must(precompute(sTransient, this.transient.secretKey));
    this.session = session;
    const nonce = shortNonce(SHORT_PREFIX.initiate, opts.nonce ?? 2n);
    const plain = Buffer.concat([opts.clientKey, vouchSuffix, vouchBox, opts.metadata ?? Buffer.alloc(0)]);
    return buildInitiate(must(this.cookie), nonce.subarray(16), seal(session, nonce, plain));
  }
}

/** A server that answers a real client's HELLO and can seal any READY plaintext. */
export class ManualServer {
  private session: SharedKey | null = null;

  constructor(private readonly secretKey: KeyObject) {}

  welcome(helloBody: Buffer): Buffer {
    const h = parseHello(helloBody.subarray(6)); // after 05 "HELLO"
    assert.ok(h.ok);
    const helloKey = must(precompute(h.clientTransientKey, this.secretKey));
    const transient = generateKeyPair();
    this.session = must(precompute(h.clientTransientKey, transient.secretKey));
    const suffix = random(16);
    // The cookie is opaque to the client: any 96 bytes do here.
    const plain = Buffer.concat([transient.publicKey, random(96)]);
    return buildWelcome(suffix, seal(helloKey, longNonce(LONG_PREFIX.welcome, suffix), plain));
  }

  ready(metadataPlain: Buffer, nonce = 1n): Buffer {
    const full = shortNonce(SHORT_PREFIX.ready, nonce);
    return buildReady(full.subarray(16), seal(must(this.session), full, metadataPlain));
  }
}
