import { errnoOf } from "../errors.js";
import { PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND } from "../events/events.js";
import type { Command } from "../wire/commands.js";
import type { Metadata } from "../wire/metadata.js";
import { MALFORMED_ERROR, errorCommandFailure, ownPropertiesCommand, peerProperties, zapRefusal } from "./common.js";
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "./mechanism.js";
import type { ZapOutcome } from "./zap.js";

const UNEXPECTED: MechanismFailure = { protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND };

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
        host.mechanismProgress({ noDetailErrno: errnoOf("EFAULT"), stall: true });
        return;
      }
    }
    this.sendReady(host);
  }

  private sendReady(host: MechanismHost): void {
    host.sendCommand(ownPropertiesCommand("READY", this.ctx));
    this.sentReady = true;
    this.readyIfDone();
  }

  /** Ready once READY went both ways; ZAP's User-Id wins over a peer property of that name. */
  private readyIfDone(): void {
    if (!this.sentReady || !this.gotReady) return;
    if (this.userId && this.userId.length > 0) this.peerMetadata.set("User-Id", this.userId);
    this.status = "ready";
  }

  private zapDone(o: ZapOutcome, host: MechanismHost): MechanismFailure | null {
    if (this.status !== "handshaking") return null;
    const refused = zapRefusal(o, host);
    if (refused) return this.fail(refused);
    if (o.kind === "reply") {
      this.userId = o.userId;
      this.sendReady(host);
    }
    return null; // a vanished handler stalls the handshake until the peer or the timer ends it
  }

  /** Abandons a pending ZAP request (the connection went away). */
  dispose(): void {
    this.cancelZap?.();
    this.cancelZap = null;
  }

  process(command: Command): MechanismFailure | null {
    if (this.status !== "handshaking" || this.gotReady) {
      return this.fail(UNEXPECTED);
    }
    switch (command.kind) {
      case "READY": {
        const meta = peerProperties(this.ctx, command.data);
        if (!meta) return this.fail({});
        this.peerMetadata = meta;
        this.gotReady = true;
        this.readyIfDone();
        return null;
      }
      case "ERROR":
        return this.fail(errorCommandFailure(command.reason));
      case "Malformed":
        if (command.command === "ERROR") return this.fail(MALFORMED_ERROR);
        break;
    }
    return this.fail(UNEXPECTED);
  }

  /**
   * libzmq's null_mechanism after a ZAP refusal (ERROR sent, or 300's silence) goes on reading:
   * the peer's READY (or ERROR) completes the exchange in error, so the connection is dropped at
   * once (no event for READY; AUTH or MALFORMED_COMMAND_ERROR for an ERROR); anything else, or a
   * second READY, is UNEXPECTED_COMMAND.
   */
  afterRefusal(command: Command): MechanismFailure {
    if (this.gotReady) return UNEXPECTED;
    switch (command.kind) {
      case "READY":
        this.gotReady = true;
        return {};
      case "ERROR":
        return errorCommandFailure(command.reason);
      case "Malformed":
        if (command.command === "ERROR") return MALFORMED_ERROR;
        break;
    }
    return UNEXPECTED;
  }

  private fail(f: MechanismFailure): MechanismFailure {
    this.status = "error";
    return f;
  }
}
