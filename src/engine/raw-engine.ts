import type { Socket as NetSocket } from "node:net";
import type { PipeEnd } from "../pipe/pipe.js";
import type { EngineHost, EnginePlace } from "./host.js";
import { CLOSE_GRACEFULLY, CLOSE_NOW, EngineState, StreamIoEngine } from "./stream-io.js";

const EMPTY = Buffer.alloc(0);

/**
 * ZMQ_STREAM's engine: no ZMTP at all. Each received chunk is one message, an empty message
 * means "connected" (inbound, first) or "close this connection" (outbound). There is no
 * handshake, so, as libzmq, it never reports HANDSHAKE_SUCCEEDED and any failure is reported as
 * HANDSHAKE_FAILED_NO_DETAIL before DISCONNECTED. Lifecycle and teardown: stream-io.ts.
 */
export class RawEngine extends StreamIoEngine {
  readonly handshaking = false;
  readonly peerMetadata = new Map<string, Buffer>();
  /** The application sent the empty message: close once what came before it is written. */
  private closeRequested = false;

  constructor(
    stream: NetSocket,
    host: EngineHost,
    place: EnginePlace,
    /** ZMQ_STREAM_NOTIFY: announce connect and disconnect with an empty message. */
    private readonly notify: boolean,
  ) {
    super(stream, host, place);
  }

  start(): void {
    this.openStream();
    const pipe = this.host.engineReady(this);
    if (!pipe) {
      this.terminate(0);
      return;
    }
    this.attachPipe(pipe);
    if (this.notify) pipe.forceWrite([EMPTY]);
    this.scheduleFlush();
  }

  /**
   * What the application sent before closing still goes out, at any linger (libzmq's I/O thread
   * has written it by then): it is written now, ahead of the scheduled flush. Then, with linger 0,
   * the stream closes at once (what the kernel took is still delivered); otherwise it ends after
   * our writes.
   */
  terminate(lingerMs: number): void {
    if (this.state !== EngineState.Open) return;
    this.flush();
    // (The flush closed the stream already if the output held a close request.)
    if (this.state === EngineState.Open) this.teardown(lingerMs === 0 ? CLOSE_NOW : CLOSE_GRACEFULLY);
  }

  protected received(chunk: Buffer): void {
    if (this.pipe !== null) this.deliver([chunk]);
  }

  /** Everything queued, up to an empty message (the close request). No backpressure, as before. */
  protected output(): Buffer[] {
    const pipe = this.pipe;
    const chunks: Buffer[] = [];
    if (pipe === null || this.closeRequested) return chunks;
    let msg: Buffer[] | undefined;
    while ((msg = pipe.read()) !== undefined) {
      const data = msg.length === 1 ? msg[0]! : Buffer.concat(msg);
      if (data.length === 0) {
        this.closeRequested = true;
        break;
      }
      chunks.push(data);
    }
    return chunks;
  }

  protected flushed(): void {
    if (this.closeRequested && this.state === EngineState.Open) this.teardown(CLOSE_GRACEFULLY);
  }

  protected stopInputs(): void {}

  protected failureHasNoDetail(): boolean {
    return true;
  }

  protected override releasingPipe(pipe: PipeEnd): void {
    if (this.notify) pipe.forceWrite([EMPTY]);
  }
}
