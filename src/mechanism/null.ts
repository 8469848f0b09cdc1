import { errnoOf } from "../errors.js";
import { errorBody, errorReason, isCommand, readyBody } from "../wire/commands.js";
import { parseMetadata, type Metadata } from "../wire/metadata.js";
import {
  PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR,
  PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND,
} from "../monitor/events.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "./mechanism.js";
import { socketTypesCompatible } from "./socket-types.js";

/**
 * The NULL mechanism (RFC 23/37) as libzmq runs it: symmetric, both sides send READY at once.
 * Failure classification follows libzmq's null_mechanism: an unexpected command is a protocol
 * error; a READY with bad metadata or an incompatible Socket-Type drops the connection with no
 * handshake event; ERROR 300/400/500 is an AUTH failure, any other reason is silent.
 */
export class NullMechanism implements Mechanism {
  readonly name = "NULL";
  status: "handshaking" | "ready" | "error" = "handshaking";
  peerMetadata: Metadata = new Map();

  private sentReady = false;
  private gotReady = false;
  private cancelZap: (() => void) | null = null;
  private userId: Buffer | null = null;

  constructor(private readonly ctx: HandshakeContext) {}

  start(host: MechanismHost): void {
    const c = this.ctx;
    // NULL consults ZAP only when this socket has a ZAP domain (libzmq: either side, independently).
    if (c.zapDomain !== "" && c.zap) {
      const cancel = c.zap(
        { domain: c.zapDomain, address: c.peerAddress, identity: c.ownRoutingId, mechanism: "NULL", credentials: [] },
        (o) => {
          this.cancelZap = null;
          host.mechanismProgress(this.zapDone(o, host));
        },
      );
      if (cancel) {
        this.cancelZap = cancel;
        return;
      }
      // No handler: enforced → NO_DETAIL(EFAULT) and the handshake stalls; otherwise go on unauthenticated.
      if (c.zapEnforceDomain) {
        host.mechanismProgress({ noDetailErrno: errnoOf("EFAULT") });
        return;
      }
    }
    this.sendReady(host);
  }

  private sendReady(host: MechanismHost): void {
    const props: Array<[string, Buffer | string]> = [["Socket-Type", this.ctx.socketType]];
    if (this.ctx.identity) props.push(["Identity", this.ctx.identity]);
    host.sendCommand(readyBody(props));
    this.sentReady = true;
    if (this.gotReady) this.status = "ready";
  }

  private zapDone(o: import("./zap.js").ZapOutcome, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return null;
    if (o.kind === "gone") return null; // stalls until the peer closes or the handshake times out
    if (o.kind === "protocol") return this.fail({ protocolError: o.code });
    if (o.status === 200) {
      this.userId = o.userId;
      this.sendReady(host);
      return null;
    }
    // 300: silence (RFC 26); 400/500: tell the client with ERROR. Either way the server waits for the client to go.
    if (o.status !== 300) host.sendCommand(errorBody(String(o.status)));
    return this.fail({ authStatus: o.status, keepOpen: true });
  }

  /** Abandons a pending ZAP request (the connection went away). */
  dispose(): void {
    this.cancelZap?.();
    this.cancelZap = null;
  }

  process(body: Buffer): MechanismFailure | null {
    if (this.status !== "handshaking" || this.gotReady) {
      return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    }
    if (isCommand(body, "READY")) {
      const local = this.ctx.socketType;
      const meta = parseMetadata(body, 6, (name, value) =>
        name !== "Socket-Type" || socketTypesCompatible(local, value.toString("latin1")),
      );
      if (!meta) return this.fail({});
      if (this.userId && this.userId.length > 0) meta.set("User-Id", this.userId);
      this.peerMetadata = meta;
      this.gotReady = true;
      if (this.sentReady) this.status = "ready";
      return null;
    }
    if (isCommand(body, "ERROR")) {
      const reason = errorReason(body);
      if (reason === null) return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR });
      if (reason === "300" || reason === "400" || reason === "500") return this.fail({ authStatus: Number(reason) });
      return this.fail({});
    }
    return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
  }

  private fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    return f;
  }
}
