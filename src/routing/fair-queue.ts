import type { PipeEnd } from "../pipe/pipe.js";
import { PipeSet } from "./pipe-set.js";

const EMPTY = Buffer.alloc(0);

/**
 * Fair-queued receive (PULL, DEALER, ROUTER, SUB...): one whole message from each readable pipe
 * in turn. A pipe whose peer went away stays until its queued messages have been read.
 */
export class FairQueue {
  private readonly set = new PipeSet();
  /** The pipe the last message came from (ROUTER prepends its routing id). */
  lastPipe: PipeEnd | null = null;

  attach(p: PipeEnd): void {
    this.set.add(p, p.hasPending());
  }

  readActivated(p: PipeEnd): void {
    this.set.activate(p);
  }

  terminated(p: PipeEnd): void {
    if (!p.hasPending()) this.set.remove(p);
  }

  /** The next message; with `withId`, its pipe's routing id (or an empty frame) as its first part (ROUTER). */
  recv(withId = false): Buffer[] | undefined {
    const s = this.set;
    while (s.active > 0) {
      const p = s.pipes[s.current]!;
      const msg = p.read(withId ? (p.routingId ?? EMPTY) : null);
      if (msg !== undefined) {
        this.lastPipe = p;
        s.advance();
        return msg;
      }
      if (p.terminated) s.remove(p);
      else s.deactivateAt(s.current);
    }
    return undefined;
  }

  hasIn(): boolean {
    const s = this.set;
    for (let i = 0; i < s.active; i++) if (s.pipes[i]!.hasPending()) return true;
    return false;
  }
}
