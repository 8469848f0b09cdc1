import { zmqError } from "../errors.js";
import { OPTIONS } from "../options/table.js";
import { createPipe, type PipeEnd } from "../pipe/pipe.js";

/** A socket as the inproc registry sees it. */
export interface InprocPeer {
  readonly sendHwm: number;
  readonly receiveHwm: number;
  /** The routing id this socket presents to its inproc peers (ZMQ_ROUTING_ID), if any. */
  readonly inprocIdentity?: Buffer | null;
  /** Takes ownership of one end of a new inproc pipe; `identity` is the peer's routing id, if known. */
  attachInproc(end: PipeEnd, name: string, identity: Buffer | null): void;
  /** The binder of a connect-before-bind pipe appeared: its routing id is now known. */
  inprocIdentified?(end: PipeEnd, identity: Buffer | null): void;
}

interface Pending {
  readonly connector: InprocPeer;
  readonly binderEnd: PipeEnd;
  readonly connectRoutingId: Buffer | null;
  /** The connector's high-water marks when it connected: libzmq sizes the pipe with these at bind time. */
  readonly sendHwm: number;
  readonly receiveHwm: number;
}

/** What libzmq assumes of a peer that is not bound yet: a socket with default options (ZMQ_RCVHWM 1000). */
const UNBOUND_PEER_RCVHWM = OPTIONS.receiveHighWaterMark.default;

/**
 * libzmq's inproc pipe capacity, per direction: the sender's SNDHWM plus the receiver's RCVHWM
 * (unlimited if either is 0). Each end keeps the receiving socket's RCVHWM as its boost, which
 * is what a later change of either socket's HWM is added to (PipeEnd.setOutHwm).
 */
function sizePipe(connectorEnd: PipeEnd, connectorSndHwm: number, connectorRcvHwm: number, binder: InprocPeer): void {
  const binderEnd = connectorEnd.peer;
  connectorEnd.outBoost = binder.receiveHwm;
  binderEnd.outBoost = connectorRcvHwm;
  connectorEnd.setOutHwm(connectorSndHwm);
  binderEnd.setOutHwm(binder.sendHwm);
}

/**
 * inproc:// endpoints of one context. No ZMTP at all: a connection is a pipe whose two ends are
 * owned by the two sockets, and messages move by reference. Either side may come first: a
 * connect before the bind gets its pipe at once (messages queue) and the binder receives the
 * other end when it binds.
 */
export class InprocRegistry {
  private readonly bound = new Map<string, InprocPeer>();
  private readonly pending = new Map<string, Pending[]>();

  bind(name: string, peer: InprocPeer, address: string): void {
    if (this.bound.has(name)) throw zmqError("EADDRINUSE", undefined, address);
    this.bound.set(name, peer);
    const waiting = this.pending.get(name);
    if (waiting) {
      this.pending.delete(name);
      for (const w of waiting) {
        if (w.binderEnd.terminated) continue;
        // Now that both sides are known, the pipe gets its real capacity (from the connector's
        // HWMs as they were at connect, as libzmq does).
        sizePipe(w.binderEnd.peer, w.sendHwm, w.receiveHwm, peer);
        peer.attachInproc(w.binderEnd, name, w.connector.inprocIdentity ?? null);
        w.connector.inprocIdentified?.(w.binderEnd.peer, w.connectRoutingId ?? peer.inprocIdentity ?? null);
      }
    }
  }

  unbind(name: string, peer: InprocPeer): boolean {
    if (this.bound.get(name) !== peer) return false;
    this.bound.delete(name);
    return true;
  }

  isBound(name: string): boolean {
    return this.bound.has(name);
  }

  /** Connects; returns the connector's end. */
  connect(name: string, connector: InprocPeer, connectRoutingId: Buffer | null = null): PipeEnd {
    const binder = this.bound.get(name);
    const [connectorEnd, binderEnd] = createPipe(connector.receiveHwm, connector.sendHwm);
    if (binder) {
      sizePipe(connectorEnd, connector.sendHwm, connector.receiveHwm, binder);
      connector.attachInproc(connectorEnd, name, connectRoutingId ?? binder.inprocIdentity ?? null);
      binder.attachInproc(binderEnd, name, connector.inprocIdentity ?? null);
    } else {
      // Until the bind the pipe holds the connector's own HWMs; a change in between adds to what
      // libzmq assumes of the missing peer.
      connectorEnd.outBoost = UNBOUND_PEER_RCVHWM;
      binderEnd.outBoost = connector.receiveHwm;
      // Messages may queue now. The peer's routing id is known once it binds, unless the connect
      // named it (ZMQ_CONNECT_ROUTING_ID): then it is addressable at once, as over tcp.
      connectorEnd.awaitingHandshake = true;
      connector.attachInproc(connectorEnd, name, connectRoutingId);
      let list = this.pending.get(name);
      if (!list) this.pending.set(name, (list = []));
      const { sendHwm, receiveHwm } = connector;
      list.push({ connector, binderEnd, connectRoutingId, sendHwm, receiveHwm });
    }
    return connectorEnd;
  }
}
