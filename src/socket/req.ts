import { endianness } from "node:os";
import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { DealerSocket } from "./dealer.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { prepended } from "../wire/frames.js";

const EMPTY = Buffer.alloc(0);

/**
 * ZMQ_REQ: strict request/reply alternation over a DEALER (EFSM out of turn); each request goes
 * out with an empty delimiter (and, with ZMQ_REQ_CORRELATE, a request id frame) and only a
 * matching reply from the same peer is accepted. ZMQ_REQ_RELAXED allows a new request at any time.
 */
export class ReqSocket extends DealerSocket {
  /** ZMQ_REQ_CORRELATE */ correlate = false;
  /** ZMQ_REQ_RELAXED */ relaxed = false;
  private awaitingReply = false;
  private replyPipe: PipeEnd | null = null;
  private requestId = Math.floor(Math.random() * 0xffffffff) >>> 0;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.REQ);
  }

  protected override xsend(msg: Buffer[]): boolean {
    if (this.awaitingReply && !this.relaxed) throw zmqError("EFSM");
    const pipe = this.lb.sendTo();
    if (!pipe) return false;
    const out = prepended(EMPTY, msg);
    if (this.correlate) {
      this.requestId = (this.requestId + 1) >>> 0;
      const id = Buffer.allocUnsafe(4);
      if (endianness() === "LE") id.writeUInt32LE(this.requestId);
      else id.writeUInt32BE(this.requestId);
      out.unshift(id);
    }
    if (!this.lb.send(out)) return false;
    this.replyPipe = pipe;
    this.awaitingReply = true;
    return true;
  }

  protected override xrecv(): Buffer[] | undefined {
    if (!this.awaitingReply) throw zmqError("EFSM");
    const pipe = this.replyPipe;
    if (!pipe) return undefined;
    for (;;) {
      const msg = pipe.read();
      if (msg === undefined) return undefined;
      let i = 0;
      if (this.correlate) {
        const id = msg[0];
        if (!id || id.length !== 4) continue;
        const got = endianness() === "LE" ? id.readUInt32LE() : id.readUInt32BE();
        if (got !== this.requestId) continue;
        i = 1;
      }
      if (msg.length <= i || msg[i]!.length !== 0) continue; // not a well-formed reply: dropped
      this.awaitingReply = false;
      this.replyPipe = null;
      return msg.slice(i + 1);
    }
  }

  /**
   * libzmq's req_session: a reply must start with an empty delimiter (after a 4-byte request
   * id with ZMQ_REQ_CORRELATE peers) followed by a body; anything else is a protocol error.
   */
  override readonly inboundRule = (msg: Buffer[]): boolean =>
    (msg.length >= 2 && msg[0]!.length === 0) || (msg.length >= 3 && msg[0]!.length === 4 && msg[1]!.length === 0);

  protected override xreadActivated(p: PipeEnd): void {
    // Replies from any other peer than the one asked are dropped, as libzmq does.
    if (p !== this.replyPipe) while (p.read() !== undefined);
  }

  protected override xterminated(p: PipeEnd): void {
    super.xterminated(p);
    if (p === this.replyPipe && !p.hasPending()) this.replyPipe = null;
  }

  override hasIn(): boolean {
    return this.awaitingReply && this.replyPipe !== null && this.replyPipe.hasPending();
  }
  override hasOut(): boolean {
    return (!this.awaitingReply || this.relaxed) && super.hasOut();
  }
}
