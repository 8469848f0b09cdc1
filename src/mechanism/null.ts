import { errorReason, isCommand, readyBody } from "../wire/commands.js";
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

  constructor(private readonly ctx: HandshakeContext) {}

  start(host: MechanismHost): void {
    const props: Array<[string, Buffer | string]> = [["Socket-Type", this.ctx.socketType]];
    if (this.ctx.identity) props.push(["Identity", this.ctx.identity]);
    host.sendCommand(readyBody(props));
  }

  process(body: Buffer): MechanismFailure | null {
    if (this.status !== "handshaking") return this.fail({ protocolError: PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND });
    if (isCommand(body, "READY")) {
      const local = this.ctx.socketType;
      const meta = parseMetadata(body, 6, (name, value) =>
        name !== "Socket-Type" || socketTypesCompatible(local, value.toString("latin1")),
      );
      if (!meta) return this.fail({});
      this.peerMetadata = meta;
      this.status = "ready";
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
