import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { ServerSocket } from "./server.js";

/**
 * ZMQ_PEER: a SERVER that talks to PEERs. A connect attaches its pipe, and so gives the peer its
 * routing id, at once (zmq_connect_peer returns it), so either side can connect to the other and
 * address it before the handshake.
 */
export class PeerSocket extends ServerSocket {
  /** The id each endpoint's connection got (a repeated connect to an endpoint reuses it). */
  private readonly connected = new Map<string, number>();

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.PEER);
  }

  /** zmq_connect, remembering the routing id the endpoint's connection got. */
  override connect(address: string): void {
    const before = this.lastId;
    super.connect(address);
    if (this.lastId !== before) this.connected.set(address, this.lastId);
  }

  /** The routing id of the connection to `address` (zmq_connect_peer's result); 0 if none. */
  peerId(address: string): number {
    return this.connected.get(address) ?? 0;
  }
}
