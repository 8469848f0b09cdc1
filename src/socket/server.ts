import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { RoutingIds } from "../routing/routing-ids.js";
import { singleFrame } from "../routing/single-frame.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";

/**
 * How a SERVER or PEER core carries routing ids: a message is `[id, body]`, the id a 4-byte
 * big-endian frame (the API turns it into `{routingId}`).
 */
export function routingIdFrame(id: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(id >>> 0, 0);
  return b;
}

/**
 * ZMQ_SERVER: every peer gets a 32-bit routing id when its pipe attaches (on connect, the id
 * lasts across reconnects); messages are single frames, received fair-queued with the sender's
 * id and sent to the id given. An unknown id is EHOSTUNREACH; a full peer makes the send wait
 * (SERVER never drops, unlike ROUTER). Multipart messages from the wire are dropped whole.
 */
export class ServerSocket extends SocketBase {
  override readonly threadSafe = true;
  private readonly fq = new FairQueue();
  protected readonly ids = new RoutingIds();
  /** The id of the pipe attached last (PEER's connect returns it). */
  protected lastId = 0;

  constructor(ctx: ContextCore, type: SocketType = SocketType.SERVER) {
    super(ctx, type);
  }

  protected xattach(p: PipeEnd): void {
    this.lastId = this.ids.assign(p);
    this.fq.attach(p);
  }

  /** `[id, body]`: EINVAL for a multipart body, EHOSTUNREACH for an id no peer has. */
  protected xsend(msg: Buffer[]): boolean {
    const id = msg[0];
    if (msg.length !== 2 || id === undefined || id.length !== 4) throw zmqError("EINVAL");
    const pipe = this.ids.pipe(id.readUInt32BE(0));
    if (pipe === undefined) throw zmqError("EHOSTUNREACH");
    return pipe.write([msg[1]!]);
  }

  protected xrecv(): Buffer[] | undefined {
    const msg = singleFrame(this.fq);
    return msg && [routingIdFrame(this.ids.idOf(this.fq.lastPipe!)), msg[0]!];
  }

  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    this.fq.terminated(p);
    this.ids.release(p);
  }
  hasIn(): boolean {
    return this.fq.hasIn();
  }
  hasOut(): boolean {
    return true;
  }
}
