import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { GROUP_MAX_LENGTH, groupCommandOf } from "../routing/group-commands.js";
import { GroupTable } from "../routing/group-table.js";
import { UdpEngine } from "../transport/udp.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * ZMQ_RADIO: each message `[group, body]` (a group of at most 255 bytes) goes to the peers that
 * joined its group (JOIN/LEAVE commands arriving on their pipes) and to every udp:// pipe, which
 * filters nothing. Lossy: a full peer misses the message (ZMQ_XPUB_NODROP: the send waits
 * instead); a message for a group nobody joined is dropped and the send succeeds. Never
 * receives (ENOTSUP).
 */
export class RadioSocket extends SocketBase {
  override readonly threadSafe = true;
  /** JOIN/LEAVE commands from the wire go into the pipes (see Session). */
  readonly groupCommands = "receive";
  /** ZMQ_XPUB_NODROP */ noDrop = false;
  private readonly table = new GroupTable();
  private readonly udpPipes = new Set<PipeEnd>();

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.RADIO);
  }

  protected xattach(p: PipeEnd): void {
    if (p.tag instanceof UdpEngine) this.udpPipes.add(p);
    this.xreadActivated(p);
  }

  /** What a DISH sends: JOIN and LEAVE; anything else is ignored, as libzmq does. */
  protected xreadActivated(p: PipeEnd): void {
    let msg: Buffer[] | undefined;
    while ((msg = p.read()) !== undefined) {
      const command = groupCommandOf(msg);
      if (command === "JOIN") this.table.join(p, msg[0]!);
      else if (command === "LEAVE") this.table.leave(p, msg[0]!);
    }
  }

  protected xsend(msg: Buffer[]): boolean {
    const group = msg[0];
    // A longer group cannot be set on a libzmq message, and a DISH drops the connection for one.
    if (msg.length !== 2 || group === undefined || group.length > GROUP_MAX_LENGTH) throw zmqError("EINVAL");
    const targets = [...this.table.members(group), ...this.udpPipes];
    if (this.noDrop) {
      let full = false;
      for (const p of targets) {
        if (!p.canWrite()) {
          p.wantWritable();
          full = true;
        }
      }
      if (full) return false;
    }
    for (const p of targets) p.write(msg);
    return true;
  }

  protected xrecv(): Buffer[] | undefined {
    throw zmqError("ENOTSUP");
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    this.table.removePipe(p);
    this.udpPipes.delete(p);
  }
  hasIn(): boolean {
    return false;
  }
  hasOut(): boolean {
    return true;
  }
}
