import type { Socket as NetSocket } from "node:net";
import { errnoOf, errnoOfNodeError } from "../errors.js";
import { EVENT_DISCONNECTED, EVENT_HANDSHAKE_FAILED_NO_DETAIL } from "../events/events.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import type { Engine, EngineHost, EnginePlace } from "./engine.js";

const EMPTY = Buffer.alloc(0);

/**
 * ZMQ_STREAM's engine: no ZMTP at all. Each received chunk is one message, an empty message
 * means "connected" (inbound, first) or "close this connection" (outbound). There is no
 * handshake, so, as libzmq, it never reports HANDSHAKE_SUCCEEDED and any failure is reported as
 * HANDSHAKE_FAILED_NO_DETAIL before DISCONNECTED.
 */
export class RawEngine implements Engine, PipeSink {
  private pipe: PipeEnd | null = null;
  private dead = false;
  private flushScheduled = false;
  private stalled: Buffer[] | null = null;
  readonly handshaking = false;
  readonly peerMetadata = new Map<string, Buffer>();

  constructor(
    private readonly stream: NetSocket,
    private readonly host: EngineHost,
    readonly place: EnginePlace,
    private readonly notify: boolean,
  ) {}

  start(): void {
    const s = this.stream;
    s.setNoDelay(true);
    s.on("data", (chunk: Buffer) => this.onData(chunk));
    s.on("error", (err: Error) => this.fail(errnoOfNodeError(err, "ECONNRESET")));
    s.on("end", () => this.fail(errnoOf("EPIPE")));
    s.on("close", () => this.fail(errnoOf("EPIPE")));
    s.on("drain", () => this.scheduleFlush());
    const pipe = this.host.engineReady(this);
    if (!pipe) {
      this.terminate(0);
      return;
    }
    this.pipe = pipe;
    pipe.sink = this;
    if (this.notify) pipe.forceWrite([EMPTY]);
    this.scheduleFlush();
  }

  private onData(chunk: Buffer): void {
    if (this.dead || !this.pipe) return;
    if (!this.pipe.write([chunk])) {
      this.stalled = [chunk];
      this.stream.pause();
    }
  }

  pipeReadable(): void {
    this.scheduleFlush();
  }
  pipeWritable(): void {
    if (!this.stalled || !this.pipe) return;
    if (this.pipe.write(this.stalled)) {
      this.stalled = null;
      this.stream.resume();
    }
  }
  pipeTerminated(): void {
    this.pipe = null;
    this.terminate(0);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.dead) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const pipe = this.pipe;
    if (!pipe || this.dead) return;
    let msg: Buffer[] | undefined;
    this.stream.cork();
    while ((msg = pipe.read()) !== undefined) {
      const data = msg.length === 1 ? msg[0]! : Buffer.concat(msg);
      if (data.length === 0) {
        // An empty message asks us to close this connection.
        this.stream.uncork();
        this.terminate(-1);
        return;
      }
      this.stream.write(data);
    }
    this.stream.uncork();
  }

  terminate(lingerMs: number): void {
    if (this.dead) return;
    this.dead = true;
    const s = this.stream;
    s.removeAllListeners("data");
    s.on("error", () => {});
    if (lingerMs === 0) s.destroy();
    else s.end(() => s.destroy());
    if (this.pipe) {
      const p = this.pipe;
      this.pipe = null;
      p.sink = null;
      if (this.notify) p.forceWrite([EMPTY]);
      p.terminate();
    }
  }

  private fail(errno: number): void {
    if (this.dead) return;
    this.dead = true;
    const p = this.place;
    this.host.events.event(EVENT_HANDSHAKE_FAILED_NO_DETAIL, errno, p.local, p.remote, p.bindSide);
    this.host.events.event(EVENT_DISCONNECTED, p.fd, p.local, p.remote, p.bindSide);
    this.stream.removeAllListeners("data");
    this.stream.on("error", () => {});
    this.stream.destroy();
    if (this.pipe) {
      const pipe = this.pipe;
      this.pipe = null;
      pipe.sink = null;
      if (this.notify) pipe.forceWrite([EMPTY]);
    }
    this.host.engineError(this, "connection");
  }
}
