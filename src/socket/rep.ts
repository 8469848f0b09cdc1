import { zmqError } from "../errors.js";
import type { PipeEnd } from "../pipe/pipe.js";
import { FairQueue } from "../routing/fair-queue.js";
import { SocketBase } from "./base.js";
import type { ContextCore } from "../context/context-core.js";
import { SocketType } from "../mechanism/socket-types.js";
import { joined } from "../wire/frames.js";

/**
 * ZMQ_REP: receive a request (fair-queued), keep its envelope (every frame up to the empty
 * delimiter), send exactly one reply back along it. EFSM out of turn; malformed requests are dropped.
 */
export class RepSocket extends SocketBase {
  private readonly fq = new FairQueue();
  private envelope: Buffer[] | null = null;
  private replyPipe: PipeEnd | null = null;

  constructor(ctx: ContextCore) {
    super(ctx, SocketType.REP);
  }

  protected xattach(p: PipeEnd): void {
    this.fq.attach(p);
  }

  protected xrecv(): Buffer[] | undefined {
    if (this.envelope) throw zmqError("EFSM");
    for (;;) {
      const msg = this.fq.recv();
      if (msg === undefined) return undefined;
      let i = 0;
      while (i < msg.length && msg[i]!.length !== 0) i++;
      if (i === msg.length) continue;
      this.envelope = msg.slice(0, i + 1);
      this.replyPipe = this.fq.lastPipe;
      return msg.slice(i + 1);
    }
  }

  protected xsend(msg: Buffer[]): boolean {
    if (!this.envelope) throw zmqError("EFSM");
    const pipe = this.replyPipe;
    // A peer that went away (or is full) loses its reply silently, as in libzmq.
    if (pipe && !pipe.terminated) pipe.write(joined(this.envelope, msg));
    this.envelope = null;
    this.replyPipe = null;
    return true;
  }

  protected xreadActivated(p: PipeEnd): void {
    this.fq.readActivated(p);
  }
  protected xwriteActivated(): void {}
  protected xterminated(p: PipeEnd): void {
    this.fq.terminated(p);
    if (p === this.replyPipe) this.replyPipe = null;
  }
  hasIn(): boolean {
    return this.envelope === null && this.fq.hasIn();
  }
  hasOut(): boolean {
    return this.envelope !== null;
  }
}
