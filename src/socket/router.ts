import { randomInt } from "node:crypto";
import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { RoutingIdMap } from "../routing/routing-id-map.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_ROUTER: every peer has a routing id (its Identity, the id given to connect, or a generated
 * 5-byte one); received messages are prefixed with it and sent messages are routed by it.
 */
export class RouterSocket extends SocketBase {
  private readonly fq = new FairQueue();
  private readonly byId = new RoutingIdMap<PipeEnd>();
  private nextId = randomInt(0x7fffffff);
  /** Peers displaced by ZMQ_ROUTER_HANDOVER. */
  private readonly detached = new WeakSet<PipeEnd>();
  /** ZMQ_ROUTER_MANDATORY */ mandatory = false;
  /** ZMQ_ROUTER_HANDOVER */ handover = false;
  /** ZMQ_PROBE_ROUTER */ probe = false;

  constructor(ctx: ContextCore, type: SocketType = SocketType.ROUTER) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    if (p.awaitingHandshake) {
      // With ZMQ_CONNECT_ROUTING_ID the peer is addressable at once; otherwise once the handshake tells us its id.
      if (p.routingId) this.identify(p, p.routingId);
      if (this.probe) p.write([Buffer.alloc(0)]);
      return;
    }
    if (this.identify(p, p.routingId) && this.probe) p.write([Buffer.alloc(0)]);
  }

  protected override xhandshaken(p: PipeEnd, id: Buffer | null): void {
    const current = p.routingId;
    if (current && id && current.equals(id) && this.byId.get(current) === p) return;
    this.byId.deleteValue(p);
    this.fq.terminated(p);
    this.identify(p, id);
  }

  /** Routes `p` by `id`, or by a generated 5-byte id; false when the id is taken and the pipe was refused. */
  protected identify(p: PipeEnd, id: Buffer | null): boolean {
    let rid = id && id.length > 0 ? Buffer.from(id) : null;
    if (rid === null) {
      rid = Buffer.alloc(5);
      rid.writeUInt32BE(this.nextId >>> 0, 1);
      this.nextId = (this.nextId + 1) >>> 0;
    }
    const old = this.byId.get(rid);
    if (old && old !== p) {
      if (!this.handover) {
        // libzmq refuses a second peer claiming a taken id.
        this.reject(p);
        return false;
      }
      // libzmq leaves the displaced connection open but detached: what it sends goes nowhere.
      this.byId.delete(rid);
      old.routingId = null;
      this.detached.add(old);
      while (old.read() !== undefined);
      this.fq.terminated(old);
    }
    p.routingId = rid;
    this.byId.set(rid, p);
    this.fq.attach(p);
    return true;
  }

  /** The live pipe routed by this id, if any. */
  protected lookup(id: Buffer): PipeEnd | undefined {
    const p = this.byId.get(id);
    return p && !p.terminated ? p : undefined;
  }

  protected xsend(msg: Buffer[]): boolean {
    if (msg.length < 1) return true;
    const pipe = this.byId.get(msg[0]!);
    if (!pipe || pipe.terminated) {
      if (this.mandatory) throw zmqError("EHOSTUNREACH");
      return true;
    }
    if (pipe.write(msg, 1)) return true;
    // Full: dropped silently, unless mandatory (then the send waits / times out with EAGAIN).
    return !this.mandatory;
  }

  protected xrecv(): Buffer[] | undefined {
    // The routing id goes in front as the message is built (no second array).
    return this.fq.recv(true);
  }

  protected xreadActivated(p: PipeEnd): void {
    if (this.detached.has(p)) {
      while (p.read() !== undefined);
      return;
    }
    if (p.routingId !== null && !p.awaitingHandshake) this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    this.fq.terminated(p);
    if (p.routingId) {
      if (this.byId.get(p.routingId) === p) this.byId.delete(p.routingId);
    }
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  /**
   * As libzmq 4.3's ROUTER: always writable, except with ROUTER_MANDATORY, where it is writable
   * only while some peer's pipe has room (so a poller waits while no peer is connected).
   */
  hasOut(): boolean {
    if (!this.mandatory) return true;
    for (const p of this.byId.values()) if (p.canWrite()) return true;
    return false;
  }
}
