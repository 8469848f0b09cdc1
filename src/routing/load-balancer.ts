import type { PipeEnd } from "../pipe/pipe.js";
import { PipeSet } from "./pipe-set.js";

/**
 * Round-robin over writable pipes (PUSH, DEALER, REQ): each whole message goes to the next pipe
 * that has room; a full pipe drops out until its reader drains it to the low-water mark.
 */
export class LoadBalancer {
  private readonly set = new PipeSet();

  attach(p: PipeEnd): void {
    this.set.add(p, true);
  }

  writeActivated(p: PipeEnd): void {
    this.set.activate(p);
  }

  terminated(p: PipeEnd): void {
    this.set.remove(p);
  }

  send(msg: Buffer[]): boolean {
    const s = this.set;
    while (s.active > 0) {
      const p = s.pipes[s.current]!;
      if (p.write(msg)) {
        s.advance();
        return true;
      }
      s.deactivateAt(s.current);
    }
    return false;
  }

  /** The pipe the next send would use (REQ needs to know it). */
  sendTo(): PipeEnd | null {
    const s = this.set;
    while (s.active > 0) {
      const p = s.pipes[s.current]!;
      if (p.canWrite()) return p;
      s.deactivateAt(s.current);
    }
    return null;
  }

  hasOut(): boolean {
    return this.sendTo() !== null;
  }
}
