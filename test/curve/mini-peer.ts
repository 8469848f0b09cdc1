// A minimal CURVE-speaking peer over a real TCP socket, built only from the sans-I/O parts
// (greeting, ZmtpDecoder, FrameEncoder, CurveClient/CurveServer, CurveMessageCodec). It stands in
// for the engine, which integrates CURVE in phase 2, so libzmq can be tested against byte for byte.
import { parseCommand } from "../../src/wire/commands.js";
import type net from "node:net";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";
import { FrameEncoder } from "../../src/wire/encoder.js";
import { encodeGreeting } from "../../src/wire/greeting.js";
import type { PeerGreeting } from "../../src/wire/greeting.js";
import type { MechanismFailure, MechanismHost } from "../../src/mechanism/mechanism.js";
import type { CurveClient } from "../../src/mechanism/curve/client.js";
import type { CurveServer } from "../../src/mechanism/curve/server.js";
import { CURVE_FLAG_COMMAND, CURVE_FLAG_MORE } from "../../src/mechanism/curve/message.js";

export class MiniCurvePeer implements DecoderSink, MechanismHost {
  private readonly decoder = new ZmtpDecoder(this);
  private readonly encoder = new FrameEncoder();
  private partial: Buffer[] = [];
  private wake: (() => void) | null = null;
  readonly failures: Array<MechanismFailure | string> = [];
  readonly messages: Buffer[][] = [];
  /** Frames that arrived with the inner COMMAND flag (PING, SUBSCRIBE...). */
  readonly commands: Buffer[] = [];
  closed = false;

  constructor(
    readonly sock: net.Socket,
    readonly mechanism: CurveClient | CurveServer,
  ) {
    sock.on("data", (d: Buffer) => {
      this.decoder.feed(d);
      this.notify();
    });
    sock.on("error", () => {});
    sock.on("close", () => {
      this.closed = true;
      this.notify();
    });
    this.encoder.raw(encodeGreeting("CURVE"));
    this.flush();
  }

  // ---- decoder sink
  onGreeting(g: PeerGreeting): void {
    if (g.mechanism !== "CURVE") this.failures.push(`peer mechanism ${g.mechanism}`);
    this.mechanism.start(this);
    this.flush();
  }
  onLegacy(): void {
    this.failures.push("legacy peer");
  }
  onCommand(body: Buffer): void {
    if (this.mechanism.status === "handshaking") {
      const f = this.mechanism.process(parseCommand(body), this);
      if (f) this.failures.push(f);
      this.flush();
    } else {
      this.failures.push("outer COMMAND frame after the handshake");
    }
  }
  onMessage(parts: Buffer[]): boolean {
    for (const p of parts) this.frame(p);
    return true;
  }
  onDecodeError(e: string): void {
    this.failures.push(e);
  }

  // ---- mechanism host
  sendCommand(body: Buffer): void {
    this.encoder.command(body);
    this.flush();
  }
  mechanismProgress(f: MechanismFailure | null): void {
    if (f) this.failures.push(f);
    this.flush();
    this.notify();
  }

  /** Sends one multipart message: one MESSAGE per part, outer flags 0, MORE inside the box. */
  send(parts: Buffer[]): void {
    const codec = this.mechanism.codec;
    if (!codec) throw new Error("not ready");
    parts.forEach((p, i) => this.encoder.frame(codec.encode(p, i < parts.length - 1 ? CURVE_FLAG_MORE : 0), 0));
    this.flush();
  }

  /** Resolves once `pred` holds, re-checked whenever bytes arrive; rejects on failure or close. */
  async until(pred: () => boolean): Promise<void> {
    while (!pred()) {
      if (this.failures.length > 0) throw new Error(`peer failed: ${JSON.stringify(this.failures)}`);
      if (this.closed) throw new Error("connection closed");
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  close(): void {
    this.sock.destroy();
  }

  private frame(body: Buffer): void {
    const codec = this.mechanism.codec;
    if (!codec) {
      this.failures.push("data frame during the handshake");
      return;
    }
    const r = codec.decode(body);
    if (!r.ok) {
      this.failures.push({ protocolError: r.code });
      return;
    }
    if (r.flags & CURVE_FLAG_COMMAND) {
      this.commands.push(r.frame);
      return;
    }
    this.partial.push(r.frame);
    if (!(r.flags & CURVE_FLAG_MORE)) {
      this.messages.push(this.partial);
      this.partial = [];
    }
  }

  private flush(): void {
    for (const c of this.encoder.take()) this.sock.write(c);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
