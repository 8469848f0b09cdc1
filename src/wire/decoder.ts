import { constants as bufferConstants } from "node:buffer";
import { FLAG_COMMAND, FLAG_LONG, FLAG_MORE, GREETING_SIZE } from "./constants.js";
import { decodeGreeting, type PeerGreeting } from "./greeting.js";
import { readSpan } from "./frames.js";
import { PartsBuilder } from "./parts.js";
import type { FrameFilter, FrameSink } from "./transform.js";

/** Why the decoder gave up on a stream. Each maps to an engine error with no handshake event. */
export type DecodeError =
  /** A frame, or a whole multipart message, larger than maxMessageSize (libzmq: EMSGSIZE, per frame only). */
  | "EMSGSIZE"
  /** A frame no Buffer could ever hold (a lying 64-bit length). */
  | "ETOOBIG";

/** Receives what the decoder finds, synchronously, in stream order. */
export interface DecoderSink {
  onGreeting(greeting: PeerGreeting): void;
  /** The peer's signature and major version (11 bytes) arrived: libzmq sends the rest of its greeting then. */
  onSignature?(): void;
  /** The peer speaks ZMTP 1.0/2.0 (or no ZMTP at all). */
  onLegacy(revision: number): void;
  /**
   * A command frame's body (`name-length name data`); while `handshaking`, every frame's body
   * (libzmq hands each frame to the mechanism, which matches on the body alone). Return false to
   * stop decoding until `resume()` (the replies it queued are backing up).
   */
  onCommand(body: Buffer): boolean | void;
  /** A whole message. Return false to stop decoding until `resume()` (inbound queue full). */
  onMessage(parts: Buffer[]): boolean;
  /**
   * A whole message that arrived within one buffer, as its checked data frames `buf[start,
   * end)` (wire/frames.ts reads them); the buffer is never written again. Without it, such
   * messages come to `onMessage` too. Return false to stop decoding until `resume()`.
   */
  onSpan?(buf: Buffer, start: number, end: number): boolean;
  onDecodeError(error: DecodeError): void;
}

const enum State {
  Greeting,
  Header,
  Body,
  Dead,
}

const EMPTY = Buffer.alloc(0);

/**
 * A body spanning chunks gets its own buffer once this fraction of it has arrived (1/4): the
 * chunks held until then and the body's buffer are all a large message costs, besides Node's
 * read buffers. A peer can make us allocate at most 4× what it actually sent. Measured on a
 * 100 MiB message over tcp: receiver peak RSS 240 MiB at 1/2, 189 MiB at 1/4 (and at 1/8, 1/32:
 * what remains is Node's 64 KiB read buffers awaiting collection; bare net peaks at 251 MiB).
 */
export const BODY_ALLOCATION_FRACTION = 4;

/**
 * The fraction instead when the reads copied into a body's buffer leave nothing behind: freed as
 * soon as they are copied (`releaseChunk`), or never allocated (the engine's shared read buffer,
 * `bodyRoom`). Then the chunks held until the body's buffer exists are what remains above the body
 * itself, and a peer can make us allocate at most 16× what it sent. A 100 MiB message over tcp on
 * Node 22, receiver peak RSS above its 62 MiB at start: 128 MiB at 1/4 (freed or not), 134 at
 * 1/16 unfreed, 108 at 1/16 freed. In one bench run: zmtp 169 MiB in all, the binding 164, bare
 * net 257.
 */
export const FREED_BODY_ALLOCATION_FRACTION = 16;

/**
 * Sans-I/O ZMTP 3.x decoder: bytes in, greeting/commands/messages out. Frame bodies are
 * slices of the received chunks (no copy) unless a frame spans chunks. Sizes are checked from
 * the header before anything is buffered, and a spanning body is only ever held as the chunks
 * that actually arrived, so a peer cannot make us allocate what it merely claims.
 */
export class ZmtpDecoder {
  /**
   * ZMQ_MAXMSGSIZE: largest accepted frame body, and (beyond libzmq) largest multipart message,
   * its parts added up with an empty part counted as one byte; -1 for no limit.
   */
  maxMessageSize = -1;
  /**
   * Frames one at a time to `onCommand`, never assembled into messages: a peer cannot make us
   * hold a message it has not finished before the handshake is done. The engine clears it once
   * the mechanism is ready.
   */
  handshaking = false;
  private buf: Buffer = EMPTY;
  private pos = 0;
  private state: State = State.Greeting;
  private paused = false;
  private flags = 0;
  private need = 0;
  private got = 0;
  private bodyChunks: Buffer[] = [];
  /** The first of `bodyChunks` that is a whole chunk (the one before it lies in the header's chunk). */
  private wholeChunksFrom = 0;
  /**
   * The body's own buffer, once a quarter of it has arrived (BODY_ALLOCATION_FRACTION; 1/16 with
   * `releaseChunk`): the rest is copied straight in, so a large message peaks near its size rather
   * than twice it (chunks, then their join). Never sooner: what a peer claims is only allocated
   * once it has sent that much.
   */
  private body: Buffer | null = null;
  /**
   * Set when every chunk fed is the decoder's alone (its own ArrayBuffer, kept by nothing else, as
   * a stream's reads are): called with each chunk all of whose bytes were copied into a body's
   * buffer, to give its memory back at once (util/free-buffer.ts).
   */
  releaseChunk: ((chunk: Buffer) => void) | null = null;
  /** When a spanning body gets its own buffer: once 1/this of it arrived (see the constants above). */
  bodyAllocationFraction = BODY_ALLOCATION_FRACTION;
  private readonly parts = new PartsBuilder();
  private signatureSeen = false;
  /** Set once a mechanism's post-handshake transform is active (CURVE); null: frames are used as read. */
  filter: FrameFilter | null = null;
  /** Where a filter hands back the frames it opened. */
  private readonly opened: FrameSink = { frame: (body, flags) => this.deliver(body, flags) };

  constructor(
    private readonly sink: DecoderSink,
    expectGreeting = true,
  ) {
    if (!expectGreeting) this.state = State.Header;
  }

  /** True once the decoder hit an error or saw a legacy peer; later input is ignored. */
  get dead(): boolean {
    return this.state === State.Dead;
  }

  feed(chunk: Buffer): void {
    if (this.state === State.Dead || chunk.length === 0) return;
    if (this.pos < this.buf.length) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else {
      this.buf = chunk;
    }
    this.pos = 0;
    this.run();
  }

  /** Continues after `onMessage` returned false. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.run();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * How many bytes the next `feed` would copy straight into a large body's own buffer, keeping
   * nothing of the chunk: a chunk no longer than this may be a view of memory that is reused once
   * `feed` returns. 0 while no such buffer is being filled (or bytes of an earlier chunk wait).
   */
  get bodyRoom(): number {
    return this.state === State.Body && this.body !== null && this.pos >= this.buf.length && !this.paused
      ? this.need - this.got
      : 0;
  }

  /** Stops decoding for good (the engine is going away). */
  kill(): void {
    this.state = State.Dead;
    this.buf = EMPTY;
    this.pos = 0;
    this.bodyChunks = [];
    this.body = null;
    this.parts.clear();
  }

  private run(): void {
    while (!this.paused) {
      const avail = this.buf.length - this.pos;
      switch (this.state) {
        case State.Greeting: {
          const view = this.buf.subarray(this.pos, this.pos + Math.min(avail, GREETING_SIZE));
          const res = decodeGreeting(view);
          if (res.kind === "pending") {
            // Signature and major version (11 bytes), as libzmq waits for before sending the rest of
            // its greeting: then a peer that fails us on our greeting has already sent all of its own.
            if (!this.signatureSeen && view.length >= 11) {
              this.signatureSeen = true;
              this.sink.onSignature?.();
            }
            return;
          }
          if (res.kind === "legacy") {
            this.state = State.Dead;
            this.sink.onLegacy(res.revision);
            return;
          }
          this.pos += GREETING_SIZE;
          this.state = State.Header;
          if (!this.signatureSeen) {
            this.signatureSeen = true;
            this.sink.onSignature?.();
          }
          this.sink.onGreeting(res.greeting);
          break;
        }
        case State.Header: {
          // The common case first: a whole message of data frames in the buffer, handed on as it lies.
          if (this.parts.length === 0 && this.filter === null && !this.handshaking) {
            const end = this.scanMessage();
            if (end >= 0) {
              const start = this.pos;
              this.pos = end;
              const more = this.sink.onSpan
                ? this.sink.onSpan(this.buf, start, end)
                : this.sink.onMessage(readSpan(this.buf, start, end));
              if (!more) this.paused = true;
              break;
            }
          }
          if (avail < 2) return this.compact();
          const flags = this.buf[this.pos]!;
          let size: number;
          let headerLen: number;
          if (flags & FLAG_LONG) {
            if (avail < 9) return this.compact();
            const big = this.buf.readBigUInt64BE(this.pos + 1);
            // Compare before narrowing: from Node 22 MAX_LENGTH is 2^53-1, so a clamp would hide 2^63.
            if (big > BigInt(bufferConstants.MAX_LENGTH)) {
              if (this.maxMessageSize >= 0) return this.fail("EMSGSIZE");
              return this.fail("ETOOBIG");
            }
            size = Number(big);
            headerLen = 9;
          } else {
            size = this.buf[this.pos + 1]!;
            headerLen = 2;
          }
          if (this.maxMessageSize >= 0 && size > this.maxMessageSize) return this.fail("EMSGSIZE");
          if (size > bufferConstants.MAX_LENGTH) return this.fail("ETOOBIG");
          this.pos += headerLen;
          this.flags = flags;
          if (avail - headerLen >= size) {
            const body = this.buf.subarray(this.pos, this.pos + size);
            this.pos += size;
            this.frame(body, flags);
          } else {
            // The body spans chunks: keep only what arrived.
            this.need = size;
            this.got = avail - headerLen;
            this.bodyChunks = this.got > 0 ? [this.buf.subarray(this.pos)] : [];
            this.wholeChunksFrom = this.bodyChunks.length;
            this.buf = EMPTY;
            this.pos = 0;
            this.state = State.Body;
            return;
          }
          break;
        }
        case State.Body: {
          if (avail === 0) return;
          const take = Math.min(avail, this.need - this.got);
          if (this.body !== null) this.buf.copy(this.body, this.got, this.pos, this.pos + take);
          else this.bodyChunks.push(this.buf.subarray(this.pos, this.pos + take));
          this.pos += take;
          this.got += take;
          // A body's chunks after the header's start with it (feed), so one it took to the end is all
          // its: let go of it, given back once copied into the body's buffer.
          if (take === this.buf.length) {
            const chunk = this.buf;
            this.buf = EMPTY;
            this.pos = 0;
            if (this.body !== null) this.releaseChunk?.(chunk);
          }
          if (this.got < this.need) {
            if (this.body === null && this.got * this.bodyAllocationFraction >= this.need)
              this.gatherInto(Buffer.allocUnsafe(this.need));
            return;
          }
          let body = this.body;
          this.body = null;
          if (body === null) {
            const chunks = this.bodyChunks;
            body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.need);
          }
          this.bodyChunks = [];
          this.state = State.Header;
          this.frame(body, this.flags);
          break;
        }
        case State.Dead:
          return;
      }
    }
  }

  /**
   * Copies the chunks gathered so far into `body` and lets go of them (giving back the whole
   * ones, with `releaseChunk`); the rest of the body goes there too.
   */
  private gatherInto(body: Buffer): void {
    const chunks = this.bodyChunks;
    let at = 0;
    for (const c of chunks) at += c.copy(body, at);
    this.bodyChunks = [];
    this.body = body;
    const release = this.releaseChunk;
    if (release !== null) for (let i = this.wholeChunksFrom; i < chunks.length; i++) release(chunks[i]!);
  }

  private frame(body: Buffer, flags: number): void {
    if (this.filter !== null) this.filter.open(body, flags, this.opened);
    else this.deliver(body, flags);
  }

  /** Assembles frames into commands and messages. */
  private deliver(body: Buffer, flags: number): void {
    if (this.state === State.Dead) return;
    if (this.handshaking || flags & FLAG_COMMAND) {
      if (this.sink.onCommand(body) === false) this.paused = true;
      return;
    }
    const parts = this.parts;
    if (parts.length === 0 && !(flags & FLAG_MORE)) {
      if (!this.sink.onMessage([body])) this.paused = true;
      return;
    }
    if (!(flags & FLAG_MORE)) {
      if (this.tooBig(body)) return this.fail("EMSGSIZE");
      if (!this.sink.onMessage(parts.take(body))) this.paused = true;
      return;
    }
    if (parts.length > 0 && this.tooBig(body)) return this.fail("EMSGSIZE");
    if (!parts.push(body)) this.fail("ETOOBIG");
  }

  /**
   * The end of the message starting at `pos` when all of it is in the buffer, is data only and
   * is accepted as it is; otherwise -1, and the frame-by-frame path below takes it (with its
   * errors, commands, and messages spanning chunks). Accepts exactly what that path accepts.
   */
  private scanMessage(): number {
    const buf = this.buf;
    const len = buf.length;
    let p = this.pos;
    let frames = 0;
    let sum = 0;
    let size = 0;
    for (;;) {
      if (len - p < 2) return -1;
      const flags = buf[p]!;
      if (flags & FLAG_COMMAND) return -1;
      if (flags & FLAG_LONG) {
        // 4 GiB or more: left to the checks below.
        if (len - p < 9 || buf.readUInt32BE(p + 1) !== 0) return -1;
        size = buf.readUInt32BE(p + 5);
        p += 9;
      } else {
        size = buf[p + 1]!;
        p += 2;
      }
      if (len - p < size) return -1;
      p += size;
      frames++;
      sum += size > 0 ? size : 1;
      if (!(flags & FLAG_MORE)) break;
    }
    const max = this.maxMessageSize;
    // As below: a lone frame is checked by its size, a multipart message by its parts added up.
    if (max >= 0 && (frames === 1 ? size > max : sum > max)) return -1;
    // Spans are int32 offsets (a chunk is far smaller).
    return p <= 0x7fffffff ? p : -1;
  }

  /** Whether one more part takes the message past maxMessageSize (each frame was checked alone already). */
  private tooBig(body: Buffer): boolean {
    return this.maxMessageSize >= 0 && this.parts.bytes + Math.max(body.length, 1) > this.maxMessageSize;
  }

  /** Keeps a partial header for the next chunk. */
  private compact(): void {
    if (this.pos === 0) return;
    // A chunk read to its end is let go of without a view of nothing (one per read otherwise).
    this.buf = this.pos < this.buf.length ? this.buf.subarray(this.pos) : EMPTY;
    this.pos = 0;
  }

  private fail(error: DecodeError): void {
    this.kill();
    this.sink.onDecodeError(error);
  }
}
