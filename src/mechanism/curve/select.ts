import type { HandshakeContext, Mechanism } from "../mechanism.js";
import { CurveClient } from "./client.js";
import { curveClientKeys, curveServerKeys } from "./keys.js";
import { CurveServer } from "./server.js";

/** The CURVE options of a socket, as its option store keeps them (32-byte keys; zeros when unset). */
export interface CurveOptions {
  readonly asServer: boolean;
  readonly curvePublicKey: Buffer;
  readonly curveSecretKey: Buffer;
  readonly curveServerKey: Buffer;
}

/**
 * The CURVE mechanism of one connection, as libzmq picks it: a server when ZMQ_CURVE_SERVER was
 * the last role set, else a client. Unset keys are 32 zero bytes, as in libzmq, and fail the
 * handshake the way libzmq's do (a zero server key: CRYPTOGRAPHIC before HELLO).
 */
export function curveMechanism(ctx: HandshakeContext, o: CurveOptions): Mechanism {
  if (o.asServer) return new CurveServer(ctx, curveServerKeys(o.curveSecretKey)!);
  return new CurveClient(ctx, curveClientKeys(o.curvePublicKey, o.curveSecretKey, o.curveServerKey)!);
}
