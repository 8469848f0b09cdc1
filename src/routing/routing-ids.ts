import { randomInt } from "node:crypto";
import type { PipeEnd } from "../pipe/pipe.js";

/**
 * SERVER and PEER routing ids (libzmq's `zmq_msg_routing_id`): each attached pipe takes the
 * next 32-bit value of a counter that starts at a random point, wraps, never yields 0 and,
 * unlike libzmq (which would assert), skips ids still in use after a wrap.
 */
export class RoutingIds {
  private next: number;
  private readonly live = new Map<number, PipeEnd>();
  /** Kept after a pipe is gone, so messages that arrived from it are still tagged with its id. */
  private readonly ids = new WeakMap<PipeEnd, number>();

  constructor(start = randomInt(1, 0xffffffff)) {
    this.next = start >>> 0;
  }

  /** Gives `p` the next free id and returns it. */
  assign(p: PipeEnd): number {
    let id = this.next;
    while (id === 0 || this.live.has(id)) id = (id + 1) >>> 0;
    this.next = (id + 1) >>> 0;
    this.live.set(id, p);
    this.ids.set(p, id);
    return id;
  }

  /** The live pipe with this id, if any. */
  pipe(id: number): PipeEnd | undefined {
    const p = this.live.get(id);
    return p && !p.terminated ? p : undefined;
  }

  /** The id `p` was given (0 if none). */
  idOf(p: PipeEnd): number {
    return this.ids.get(p) ?? 0;
  }

  /** Frees the id of a pipe that went away. */
  release(p: PipeEnd): void {
    const id = this.ids.get(p);
    if (id !== undefined && this.live.get(id) === p) this.live.delete(id);
  }
}
