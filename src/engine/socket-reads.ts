import { Socket as NetSocket, type OnReadOpts, type SocketConstructorOpts } from "node:net";
import { CopySlab } from "../pipe/copy-slab.js";
import { view } from "../wire/frames.js";

/**
 * How a connection's bytes reach its engine. By default Node reads each socket into a fresh
 * 64 KiB buffer and passes it through its Readable stream (push, a 'data' event, a nextTick per
 * read). With net.Socket's own `onread` option, every read of every socket lands in one shared
 * buffer and comes straight here; we copy out what the engine may keep. Bare net sockets in two
 * processes ping-ponging 66-byte messages over tcp (40 000 round trips, 3 alternating runs): CPU
 * per round trip 18–20 → 15.5–17 µs per side, median round trip 31 → 28 µs. zmtp's REQ/REP (the
 * bench's latency rows, 4 alternating runs): median round trip tcp 38.7 → 32.8 µs, ipc 34.5 →
 * 30.5 µs. It also lets the body of a large message be copied from the shared buffer straight
 * into the body's own, with no read buffer left behind for the collector.
 *
 * Node only: Bun 1.4 copies each read and ignores the buffer function and `return false`
 * (oven-sh/bun#33382), and Deno's node:net is its own; there (and for a SOCKS proxy's stream,
 * which is read before the engine takes it) the engine reads 'data' events as before.
 * `ZMTP_STREAM_READS=1` selects 'data' events on Node too (the tests run both ways).
 */
export const READS_BY_ONREAD =
  typeof process.versions["bun"] !== "string" &&
  typeof process.versions["deno"] !== "string" &&
  process.env["ZMTP_STREAM_READS"] !== "1";

/** The size of Node's own reads. */
const READ_SIZE = 64 * 1024;
/** Where every read of every socket lands; read and copied out within the read's callback. */
const shared = Buffer.allocUnsafeSlow(READ_SIZE);
/**
 * Copies of reads are packed into slabs of this size, so a small read costs a copy rather than an
 * allocation; a read never shares a slab it does not fit.
 */
const readCopies = new CopySlab(64 * 1024);

/** Bytes `from` to `to` of the shared buffer, copied to memory of their own. */
function keep(from: number, to: number): Buffer {
  return readCopies.copyOf(view(shared, from, to - from));
}

/** Who takes a connection's reads: its engine. */
export interface ReadTarget {
  /**
   * How many bytes of the next read the target copies at once and never keeps (a large body's
   * own buffer has that much room left): that much of a read is handed over as a view of the
   * shared buffer, valid only during the call, and the rest (if any) follows as a copy in a
   * second call. 0: every read is copied for it first.
   */
  transientRoom(): number;
  /** Bytes from the peer. */
  onRead(chunk: Buffer): void;
}

/** One socket's `onread`: reads before an engine takes the socket wait, copied, until it does. */
export class SocketReader {
  private target: ReadTarget | null = null;
  /** Reads kept until an engine attaches; null once attached or detached (reads then go there, or nowhere). */
  private early: Buffer[] | null = [];
  /** Node's call once `n` bytes of a read are in the shared buffer. */
  readonly readDone = (n: number): boolean => {
    this.read(n);
    return true;
  };
  readonly onread: OnReadOpts = { buffer: shared, callback: this.readDone };

  private read(n: number): void {
    const t = this.target;
    if (t === null) {
      this.early?.push(keep(0, n));
      return;
    }
    const room = t.transientRoom();
    if (n <= room) return t.onRead(shared.subarray(0, n));
    // A read that ends a large body and starts what follows: the body's part is copied once, the rest kept.
    if (room > 0) {
      t.onRead(shared.subarray(0, room));
      if (this.target !== t) return;
    }
    t.onRead(keep(room, n));
  }

  /** The engine takes the reads, first those that arrived before it. */
  attach(target: ReadTarget): void {
    this.target = target;
    const early = this.early ?? [];
    this.early = null;
    for (const chunk of early) target.onRead(chunk);
  }

  /** Reads from here on are dropped (the engine is gone). */
  detach(): void {
    this.target = null;
    this.early = null;
  }
}

const readers = new WeakMap<NetSocket, SocketReader>();

/** The reader of a socket made with one (`registerReader`, `adoptAccepted`); undefined: it emits 'data'. */
export function readerOf(s: NetSocket): SocketReader | undefined {
  return readers.get(s);
}

/** A reader whose `onread` a socket about to be made takes (register it once it exists); null: 'data' events. */
export function newReader(): SocketReader | null {
  return READS_BY_ONREAD ? new SocketReader() : null;
}

/** Registers the reader a socket was made with. */
export function registerReader(s: NetSocket, reader: SocketReader | null): NetSocket {
  if (reader !== null) readers.set(s, reader);
  return s;
}

/** Node's private state of an accepted socket; each undefined where the runtime has none. */
interface Accepted {
  _handle?: { useUserBuffer?: (buf: Uint8Array) => void } | null;
  _server?: { _connections?: number } | null;
}

/** The symbols under which Node keeps a socket's `onread` buffer, callback and buffer function. */
interface OnreadSlots {
  readonly buffer: symbol;
  readonly callback: symbol;
  readonly bufferFunction: symbol;
}

/** Found on first use (`findOnreadSlots`); null: not this runtime's layout. */
let onreadSlots: OnreadSlots | null | undefined;

/** Reads the slots off a socket made with `onread` (no handle, so no descriptor), checking what they hold. */
function findOnreadSlots(): OnreadSlots | null {
  const callback = (): boolean => true;
  // `onread` is a constructor option @types/node leaves out.
  const probe = new NetSocket({ onread: { buffer: shared, callback } } as SocketConstructorOpts);
  const held = probe as unknown as Record<symbol, unknown>;
  const named = (d: string): symbol | undefined => Object.getOwnPropertySymbols(probe).find((k) => k.description === d);
  const buffer = named("kBuffer");
  const cb = named("kBufferCb");
  const bufferFunction = named("kBufferGen");
  probe.destroy();
  if (buffer === undefined || cb === undefined || bufferFunction === undefined) return null;
  if (held[buffer] !== shared || held[cb] !== callback || held[bufferFunction] !== null) return null;
  return { buffer, callback: cb, bufferFunction };
}

/**
 * A listener's accepted socket, made to read by `onread` (net.Server has no such option) before
 * any read can happen (we are in the 'connection' event; reads come from a later poll), and taken
 * off the server's connection count, so closing the server never waits for connections its
 * owner tears down itself. In place: the slots Node's own constructor fills for `onread`, and the
 * handle told to read into the shared buffer, as that constructor does (router CPU per accepted
 * connection in the bench's connect case: 54 µs less than the rewrap below). Where that layout is
 * not found, rewrapped: a new net.Socket on the same handle, the original wrapper letting go of
 * it and destroyed. Without a handle (another runtime), the socket is used as it is.
 */
export function adoptAccepted(s: NetSocket): NetSocket {
  if (!READS_BY_ONREAD) return s;
  const old = s as NetSocket & Accepted;
  const handle = old._handle;
  if (handle === null || handle === undefined) return s;
  const reader = new SocketReader();
  const slots = onreadSlots === undefined ? (onreadSlots = findOnreadSlots()) : onreadSlots;
  const server = old._server;
  if (slots !== null && typeof handle.useUserBuffer === "function" && typeof server?._connections === "number") {
    const held = s as unknown as Record<symbol, unknown>;
    held[slots.buffer] = shared;
    held[slots.callback] = reader.readDone;
    held[slots.bufferFunction] = null;
    handle.useUserBuffer(shared);
    server._connections--;
    old._server = null;
    return registerReader(s, reader);
  }
  old._handle = null;
  old.destroy();
  // `handle` and `onread` are constructor options @types/node leaves out.
  const adopted = new NetSocket({
    handle,
    readable: true,
    writable: true,
    onread: reader.onread,
  } as SocketConstructorOpts);
  return registerReader(adopted, reader);
}
