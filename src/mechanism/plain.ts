import { errnoOf } from "../errors.js";
import {
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED,
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME,
  PROTOCOL_ERROR_ZMTP_INVALID_METADATA,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
  PROTOCOL_ERROR_ZMTP_UNSPECIFIED,
} from "../events/events.js";
import { commandBody, libzmqPlainErrorBody, type Command } from "../wire/commands.js";
import type { Metadata } from "../wire/metadata.js";
import { MALFORMED_ERROR, errorCommandFailure, ownPropertiesCommand, peerProperties, zapRefusal } from "./common.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "./mechanism.js";
import type { ZapOutcome } from "./zap.js";

/** HELLO's data (RFC 24): `username-length(1) username password-length(1) password`, each cut to 255 bytes. */
export function plainHelloBody(username: Buffer, password: Buffer): Buffer {
  const u = username.subarray(0, 255);
  const p = password.subarray(0, 255);
  return commandBody("HELLO", Buffer.concat([Buffer.from([u.length]), u, Buffer.from([p.length]), p]));
}

/**
 * Reads HELLO's data as libzmq's plain_server does: null (MALFORMED_COMMAND_HELLO) without a
 * username length, with a truncated username, without a password length, or when the password
 * length is not exactly what remains. The credentials are views into `data`.
 */
export function parsePlainHello(data: Buffer): { username: Buffer; password: Buffer } | null {
  let p = 0;
  if (p >= data.length) return null;
  const ulen = data[p++]!;
  if (p + ulen > data.length) return null;
  const username = data.subarray(p, p + ulen);
  p += ulen;
  if (p >= data.length) return null;
  const plen = data[p++]!;
  if (p + plen !== data.length) return null;
  return { username, password: data.subarray(p) };
}

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
    host.sendCommand(plainHelloBody(this.username, this.password));
  }

  process(command: Command, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    // Either spelling of ERROR: the RFC's, and libzmq PLAIN's (5E "RROR"), the only one a libzmq server sends.
    if (command.kind === "ERROR" || command.kind === "LibzmqPlainError") {
      return this.fail(command.reason === null ? MALFORMED_ERROR : errorCommandFailure(command.reason));
    }
    if (command.kind === "Malformed" && command.command === "ERROR") return this.fail(MALFORMED_ERROR);
    if (this.state === "welcome" && command.kind === "WELCOME") {
      if (command.data.length !== 0) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_WELCOME });
      host.sendCommand(ownPropertiesCommand("INITIATE", this.ctx));
      this.state = "ready";
      return null;
    }
    if (this.state === "ready" && command.kind === "READY") {
      const meta = peerProperties(this.ctx, command.data);
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

  process(command: Command, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    if (this.state === "hello") return this.hello(command, host);
    if (this.state === "initiate") {
      if (command.kind !== "INITIATE") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
      const meta = peerProperties(this.ctx, command.data);
      if (!meta) return this.fail({});
      if (this.userId && this.userId.length > 0) meta.set("User-Id", this.userId);
      this.peerMetadata = meta;
      host.sendCommand(ownPropertiesCommand("READY", this.ctx));
      this.status = "ready";
      return null;
    }
    // A command while ZAP is still deciding.
    return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNSPECIFIED });
  }

  private hello(command: Command, host: MechanismHost): MechanismFailure | null {
    // Only HELLO gets libzmq's basic structure check (a name-length byte and a name that fits).
    if (command.kind === "Malformed" && command.command === null)
      return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED });
    if (command.kind !== "HELLO") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    const credentials = parsePlainHello(command.data);
    if (!credentials) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_HELLO });
    const c = this.ctx;
    const cancel = c.zap?.(
      {
        domain: c.zapDomain,
        address: c.peerAddress,
        identity: c.ownRoutingId,
        mechanism: "PLAIN",
        credentials: [Buffer.from(credentials.username), Buffer.from(credentials.password)],
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
    // ERROR as libzmq's PLAIN spells it: a libzmq client understands no other (wire/commands.ts).
    const refused = zapRefusal(o, host, libzmqPlainErrorBody);
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
