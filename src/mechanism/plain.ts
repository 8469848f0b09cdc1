import { errnoOf } from "../errors.js";
import {
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
  PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
  PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
} from "../events/events.js";
import { commandBody, isCommand } from "../wire/commands.js";
import { encodeMetadata, type Metadata } from "../wire/metadata.js";
import { errorCommandFailure, ownProperties, peerProperties, zapRefusal } from "./common.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "./mechanism.js";
import type { ZapOutcome } from "./zap.js";

/**
 * PLAIN client (RFC 24): HELLO(username, password) → WELCOME → INITIATE(metadata) → READY.
 * Failure codes as libzmq's plain_client: WELCOME of the wrong size is MALFORMED_COMMAND_WELCOME,
 * a READY with bad metadata INVALID_METADATA, anything out of turn UNEXPECTED_COMMAND.
 */
export class PlainClient implements Mechanism {
  readonly name = "PLAIN";
  status: "handshaking" | "ready" | "error" = "handshaking";
  peerMetadata: Metadata = new Map();
  private state: "welcome" | "ready" = "welcome";

  constructor(
    private readonly ctx: HandshakeContext,
    private readonly username: Buffer,
    private readonly password: Buffer,
  ) {}

  start(host: MechanismHost): void {
    const u = this.username.subarray(0, 255);
    const p = this.password.subarray(0, 255);
    host.sendCommand(commandBody("HELLO", Buffer.concat([Buffer.from([u.length]), u, Buffer.from([p.length]), p])));
  }

  process(body: Buffer, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    if (isCommand(body, "ERROR")) return this.fail(errorCommandFailure(body));
    if (this.state === "welcome" && isCommand(body, "WELCOME")) {
      if (body.length !== 8) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME });
      host.sendCommand(commandBody("INITIATE", encodeMetadata(ownProperties(this.ctx))));
      this.state = "ready";
      return null;
    }
    if (this.state === "ready" && isCommand(body, "READY")) {
      const meta = peerProperties(this.ctx, body, 6);
      if (!meta) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_INVALID_METADATA });
      this.peerMetadata = meta;
      this.status = "ready";
      return null;
    }
    return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
  }

  private fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    return f;
  }
}

/**
 * PLAIN server (RFC 24) as libzmq's plain_server: checks HELLO, asks ZAP (a handler is
 * required: without one, NO_DETAIL(EFAULT) and the connection is dropped), answers WELCOME or
 * ERROR, then takes INITIATE (bad metadata: dropped without an event) and sends READY.
 */
export class PlainServer implements Mechanism {
  readonly name = "PLAIN";
  status: "handshaking" | "ready" | "error" = "handshaking";
  peerMetadata: Metadata = new Map();
  private state: "hello" | "zap" | "initiate" = "hello";
  private cancelZap: (() => void) | null = null;
  private userId: Buffer | null = null;

  constructor(private readonly ctx: HandshakeContext) {}

  start(): void {
    // The client speaks first.
  }

  process(body: Buffer, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    if (this.state === "hello") return this.hello(body, host);
    if (this.state === "initiate") {
      if (!isCommand(body, "INITIATE")) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
      const meta = peerProperties(this.ctx, body, 9);
      if (!meta) return this.fail({});
      if (this.userId && this.userId.length > 0) meta.set("User-Id", this.userId);
      this.peerMetadata = meta;
      host.sendCommand(commandBody("READY", encodeMetadata(ownProperties(this.ctx))));
      this.status = "ready";
      return null;
    }
    // A command while ZAP is still deciding.
    return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNSPECIFIED });
  }

  private hello(body: Buffer, host: MechanismHost): MechanismFailure | null {
    // libzmq's basic structure check: a name-length byte and a name that fits.
    if (body.length <= 1 || body.length <= body[0]!)
      return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED });
    if (!isCommand(body, "HELLO")) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    let p = 6;
    if (p >= body.length) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO });
    const ulen = body[p++]!;
    if (p + ulen > body.length) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO });
    const username = body.subarray(p, p + ulen);
    p += ulen;
    if (p >= body.length) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO });
    const plen = body[p++]!;
    if (p + plen !== body.length) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO });
    const password = body.subarray(p, p + plen);
    const c = this.ctx;
    const cancel = c.zap?.(
      {
        domain: c.zapDomain,
        address: c.peerAddress,
        identity: c.ownRoutingId,
        mechanism: "PLAIN",
        credentials: [Buffer.from(username), Buffer.from(password)],
      },
      (o) => {
        this.cancelZap = null;
        host.mechanismProgress(this.zapDone(o, host));
      },
    );
    if (!cancel) {
      // libzmq: a PLAIN server needs a ZAP handler; without one it reports EFAULT and drops.
      return this.fail({ noDetailErrno: errnoOf("EFAULT") });
    }
    this.cancelZap = cancel;
    this.state = "zap";
    return null;
  }

  private zapDone(o: ZapOutcome, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return null;
    const refused = zapRefusal(o, host);
    if (refused) return this.fail(refused);
    if (o.kind === "reply") {
      this.userId = o.userId;
      host.sendCommand(commandBody("WELCOME"));
      this.state = "initiate";
    }
    return null;
  }

  dispose(): void {
    this.cancelZap?.();
    this.cancelZap = null;
  }

  private fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    return f;
  }
}
