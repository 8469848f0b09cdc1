import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { GROUP_MAX_LENGTH, groupCommand } from "../routing/group-commands.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_DISH: receives `[group, body]` messages of the groups it joined, fair-queued. Its groups
 * go to every RADIO as JOIN/LEAVE: all of them to each new peer and again after a reconnect,
 * then one command per join/leave. It also filters what arrives (udp pipes carry every group).
 * Never sends (ENOTSUP). ZMQ_LINGER defaults to 0, as in libzmq.
 */
export class DishSocket extends SocketBase {
  override readonly threadSafe = true;
  /** JOIN/LEAVE go out as commands (see Session). */
  readonly groupCommands = "send";
  /** A RADIO sends a group frame (with MORE) and a body; anything else ends that connection, as libzmq. */
  override readonly inboundRule = (msg: Buffer[]): boolean => msg.length === 2 && msg[0]!.length <= GROUP_MAX_LENGTH;
  private readonly fq = new FairQueue();
  private readonly joined = new Map<string, Buffer>();
  private readonly pipeList: PipeEnd[] = [];

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.DISH);
    this.options.linger = 0;
  }

  /** zmq_join: EINVAL for a group over 255 bytes or one already joined. */
  join(group: Buffer): void {
    const key = group.toString("latin1");
    if (group.length > GROUP_MAX_LENGTH || this.joined.has(key)) throw zmqError("EINVAL");
    this.joined.set(key, Buffer.from(group));
    for (const p of this.pipeList) p.forceWrite(groupCommand("JOIN", group));
  }

  /** zmq_leave: EINVAL for a group over 255 bytes or one not joined. */
  leave(group: Buffer): void {
    const key = group.toString("latin1");
    if (group.length > GROUP_MAX_LENGTH || !this.joined.delete(key)) throw zmqError("EINVAL");
    for (const p of this.pipeList) p.forceWrite(groupCommand("LEAVE", group));
  }

  /** Every group, in byte order (libzmq keeps them in a std::set). */
  private joinAll(p: PipeEnd): void {
    const groups = [...this.joined.values()].sort((a, b) => a.compare(b));
    for (const g of groups) p.forceWrite(groupCommand("JOIN", g));
  }

  protected xattach(p: PipeEnd): void {
    this.pipeList.push(p);
    this.fq.attach(p);
    this.joinAll(p);
  }

  protected override xhandshaken(p: PipeEnd, _id: Buffer | null, reconnect: boolean): void {
    if (!reconnect) return;
    // libzmq replaces the pipe's outbound half on a reconnect: commands queued while disconnected
    // are dropped and the whole set is sent again, so the RADIO never counts a group twice.
    p.peer.inbound.clear();
    this.joinAll(p);
  }

  protected xsend(): boolean {
    throw zmqError("ENOTSUP");
  }

  protected xrecv(): Buffer[] | undefined {
    let msg: Buffer[] | undefined;
    while ((msg = this.fq.recv()) !== undefined) {
      if (msg.length === 2 && this.joined.has(msg[0]!.toString("latin1"))) return msg;
    }
    return undefined;
  }

  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    const i = this.pipeList.indexOf(p);
    if (i >= 0) this.pipeList.splice(i, 1);
    this.fq.terminated(p);
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  hasOut(): boolean {
    return false;
  }
}
