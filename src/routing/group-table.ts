import type { PipeEnd } from "../pipe/pipe.js";

/**
 * Which pipes of a RADIO joined which group. As libzmq's multimap, a pipe that joined a group
 * twice needs two LEAVEs before it stops receiving it, and gets each message once meanwhile;
 * a LEAVE of a group the pipe never joined is ignored.
 */
export class GroupTable {
  /** group (as latin1) → pipe → number of JOINs */
  private readonly groups = new Map<string, Map<PipeEnd, number>>();
  private readonly byPipe = new Map<PipeEnd, Set<string>>();

  join(p: PipeEnd, group: Buffer): void {
    const key = group.toString("latin1");
    let members = this.groups.get(key);
    if (!members) this.groups.set(key, (members = new Map<PipeEnd, number>()));
    members.set(p, (members.get(p) ?? 0) + 1);
    let joined = this.byPipe.get(p);
    if (!joined) this.byPipe.set(p, (joined = new Set()));
    joined.add(key);
  }

  leave(p: PipeEnd, group: Buffer): void {
    const key = group.toString("latin1");
    const members = this.groups.get(key);
    const count = members?.get(p);
    if (!members || count === undefined) return;
    if (count > 1) {
      members.set(p, count - 1);
      return;
    }
    members.delete(p);
    if (members.size === 0) this.groups.delete(key);
    this.byPipe.get(p)?.delete(key);
  }

  /** Forgets every group of a pipe that went away. */
  removePipe(p: PipeEnd): void {
    const joined = this.byPipe.get(p);
    this.byPipe.delete(p);
    if (!joined) return;
    for (const key of joined) {
      const members = this.groups.get(key);
      members?.delete(p);
      if (members?.size === 0) this.groups.delete(key);
    }
  }

  /** The pipes that joined `group` (each once). */
  members(group: Buffer): Iterable<PipeEnd> {
    return this.groups.get(group.toString("latin1"))?.keys() ?? NONE;
  }
}

const NONE: readonly PipeEnd[] = [];
