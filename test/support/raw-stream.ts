import net from "node:net";

/** One ZMTP frame as a raw peer reads it. */
export interface RawFrame {
  flags: number;
  body: Buffer;
  command: boolean;
  more: boolean;
}

/**
 * A raw TCP connection for tests that write and read exact ZMTP bytes: buffered reads of exact
 * lengths (waiting for them), frame reads, and a promise for the close. Shared by the raw-peer,
 * semantics and differential tests, which add their own greeting/handshake helpers.
 */
export class RawStream {
  private buf: Buffer = Buffer.alloc(0);
  private cursor = 0;
  private wake: (() => void) | null = null;
  /** True once the connection has closed. */
  isClosed = false;
  /** Resolves when the connection closes. */
  readonly closed: Promise<void>;

  constructor(readonly sock: net.Socket) {
    sock.setNoDelay(true);
    sock.on("data", (d: Buffer) => {
      this.buf = this.cursor === this.buf.length ? d : Buffer.concat([this.buf.subarray(this.cursor), d]);
      this.cursor = 0;
      this.wake?.();
    });
    sock.on("error", () => {
      /* resets are expected in failure cases */
    });
    this.closed = new Promise((resolve) =>
      sock.once("close", () => {
        this.isClosed = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  /** Connects to a tcp:// endpoint as an instance of the calling class. */
  static connect<T extends RawStream>(this: new (sock: net.Socket) => T, endpoint: string): Promise<T> {
    const u = new URL(endpoint);
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: u.hostname, port: Number(u.port) });
      s.once("connect", () => resolve(new this(s)));
      s.once("error", reject);
    });
  }

  write(b: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.sock.write(b, (err) => (err ? reject(err) : resolve())));
  }

  /** Writes one byte per event-loop turn. */
  async writeSlowly(b: Buffer): Promise<void> {
    for (let i = 0; i < b.length; i++) {
      await this.write(b.subarray(i, i + 1));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** The next n received bytes (waits for them). */
  async read(n: number): Promise<Buffer> {
    while (this.buf.length - this.cursor < n) {
      if (this.isClosed) throw new Error(`raw peer closed with ${this.buf.length - this.cursor}/${n} bytes pending`);
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
    const out = this.buf.subarray(this.cursor, this.cursor + n);
    this.cursor += n;
    return out;
  }

  /** Bytes received but not read yet. */
  get unread(): number {
    return this.buf.length - this.cursor;
  }

  /** Reads one ZMTP frame (short or long). */
  async readFrame(): Promise<RawFrame> {
    const [flags] = await this.read(1);
    const size = flags! & 0x02 ? Number((await this.read(8)).readBigUInt64BE()) : (await this.read(1))[0]!;
    const body = Buffer.from(await this.read(size));
    return { flags: flags!, body, command: (flags! & 0x04) !== 0, more: (flags! & 0x01) !== 0 };
  }

  destroy(): void {
    this.sock.destroy();
  }
}
