import { zmqError } from "../errors.js";
import { createPipe, type PipeEnd } from "../pipe/pipe.js";

/** A socket as the inproc registry sees it. */
export interface InprocPeer {
  readonly sendHwm: number;
  readonly receiveHwm: number;
  /** Takes ownership of one end of a new inproc pipe. */
  attachInproc(end: PipeEnd, name: string): void;
}

interface Pending {
  readonly connector: InprocPeer;
  readonly binderEnd: PipeEnd;
}

/** libzmq's inproc pipe capacity: the sender's SNDHWM plus the receiver's RCVHWM (0 if either is unlimited). */
function combined(snd: number, rcv: number): number {
  return snd === 0 || rcv === 0 ? 0 : snd + rcv;
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
        // Now that both sides are known, the pipe gets its real capacity.
        w.binderEnd.inboundHwm = combined(w.connector.sendHwm, peer.receiveHwm);
        w.binderEnd.peer.inboundHwm = combined(peer.sendHwm, w.connector.receiveHwm);
        peer.attachInproc(w.binderEnd, name);
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
  connect(name: string, connector: InprocPeer): PipeEnd {
    const binder = this.bound.get(name);
    const intoConnector = binder ? combined(binder.sendHwm, connector.receiveHwm) : connector.receiveHwm;
    const intoBinder = binder ? combined(connector.sendHwm, binder.receiveHwm) : connector.sendHwm;
    const [connectorEnd, binderEnd] = createPipe(intoConnector, intoBinder);
    connector.attachInproc(connectorEnd, name);
    if (binder) {
      binder.attachInproc(binderEnd, name);
    } else {
      let list = this.pending.get(name);
      if (!list) this.pending.set(name, (list = []));
      list.push({ connector, binderEnd });
    }
    return connectorEnd;
  }
}
