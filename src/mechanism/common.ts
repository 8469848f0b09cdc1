import { PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR } from "../events/events.js";
import { commandBody, errorBody } from "../wire/commands.js";
import { encodeMetadata, parseMetadata, type Metadata } from "../wire/metadata.js";
import type { HandshakeContext, MechanismFailure, MechanismHost } from "./mechanism.js";
import { socketTypesCompatible } from "./socket-types.js";
import type { ZapOutcome } from "./zap.js";

/** The properties we announce in READY/INITIATE: Socket-Type, then Identity for REQ/DEALER/ROUTER. */
function ownProperties(ctx: HandshakeContext): Array<[string, Buffer | string]> {
  const props: Array<[string, Buffer | string]> = [["Socket-Type", ctx.socketType]];
  if (ctx.identity) props.push(["Identity", ctx.identity]);
  return props;
}

/**
 * Encoded metadata and command bodies that are the same for every connection of a socket type
 * without a routing id (the common case), made once per process. Shared: never written to (the
 * encoder copies command bodies; CURVE seals a copy).
 */
const shared = new Map<string, Buffer>();

/** The cache key of what `ctx` announces, or null when it carries a routing id of its own. */
function sharedKey(ctx: HandshakeContext, what: string): string | null {
  if (ctx.identity !== null && ctx.identity.length > 0) return null;
  return `${what} ${ctx.socketType} ${ctx.identity === null ? "-" : "Identity"}`;
}

function once(key: string | null, make: () => Buffer): Buffer {
  if (key === null) return make();
  let b = shared.get(key);
  if (b === undefined) shared.set(key, (b = make()));
  return b;
}

/** Our properties as READY/INITIATE metadata (CURVE boxes them). */
export function ownMetadata(ctx: HandshakeContext): Buffer {
  return once(sharedKey(ctx, "metadata"), () => encodeMetadata(ownProperties(ctx)));
}

/** A READY or INITIATE body carrying our properties in the clear (NULL, PLAIN). */
export function ownPropertiesCommand(name: "READY" | "INITIATE", ctx: HandshakeContext): Buffer {
  return once(sharedKey(ctx, name), () => commandBody(name, ownMetadata(ctx)));
}

/**
 * The peer properties zmtp acts on. Others are checked for structure, as libzmq does, but not
 * kept: nothing reads them, and a READY of a million tiny properties would otherwise cost a
 * hundred times its size for as long as the connection lives.
 */
const KEPT_PROPERTIES: ReadonlySet<string> = new Set(["Socket-Type", "Identity"]);

/** The peer's properties, or null when malformed or of an incompatible Socket-Type. */
export function peerProperties(ctx: HandshakeContext, properties: Buffer): Metadata | null {
  const meta = parseMetadata(
    properties,
    0,
    (name, value) => name !== "Socket-Type" || socketTypesCompatible(ctx.socketType, value.toString("latin1")),
    KEPT_PROPERTIES,
  );
  // Copies: a view would keep the whole received chunk (up to 64 KiB) for the connection's
  // lifetime, through the routing id a ROUTER keeps and the events that carry it.
  if (meta) for (const [name, value] of meta) meta.set(name, Buffer.from(value));
  return meta;
}

/**
 * What an ERROR command from the peer means (libzmq's mechanism_base): reasons 300/400/500 are
 * AUTH failures, any other reason fails silently.
 */
export function errorCommandFailure(reason: string): MechanismFailure {
  if (reason === "300" || reason === "400" || reason === "500") return { authStatus: Number(reason) };
  return {};
}

/** A handshake failure reported as HANDSHAKE_FAILED_PROTOCOL with this ZMTP_* code. */
export const protocolFailure = (code: number): MechanismFailure => ({ protocolError: code });

/** An ERROR whose reason is missing or overruns the body. */
export const MALFORMED_ERROR: MechanismFailure = { protocolError: PROTOCOL_ERROR_ZMTP_MALFORMED_COMMAND_ERROR };

/**
 * A ZAP answer other than 200: 300 is silence (RFC 26), 400/500 an ERROR to the client (built
 * by `errorCommand`: PLAIN spells it as libzmq's PLAIN does); either
 * way the server reports AUTH and waits for the client to leave. A malformed reply is a protocol
 * error. Returns null for 200 (go on) and for a handler that vanished (the handshake stalls).
 */
export function zapRefusal(
  o: ZapOutcome,
  host: MechanismHost,
  errorCommand: (reason: string) => Buffer = errorBody,
): MechanismFailure | null {
  if (o.kind === "gone") return null;
  if (o.kind === "protocol") return protocolFailure(o.code);
  if (o.status === 200) return null;
  if (o.status !== 300) host.sendCommand(errorCommand(String(o.status)));
  return { authStatus: o.status, keepOpen: true };
}
