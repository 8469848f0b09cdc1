// A raw ZMTP 3.1 NULL peer that sees heartbeats, which neither library shows through its API. The idle case
// puts one on each side of the run, in the parent process: a DEALER that is one of the ROUTER's N
// connections, and a ROUTER that one of the N DEALERs connects to. Each echoes or sends one message like the
// library sockets it stands in for, pings its peer every heartbeat interval (both ends heartbeat), answers
// PINGs with PONGs, and counts the PINGs and PONGs its library peer sends.
import net from "node:net";

const GREETING_SIZE = 64;
const FLAG_MORE = 0x01;
const FLAG_LONG = 0x02;
const FLAG_COMMAND = 0x04;

function greeting(): Buffer {
  const g = Buffer.alloc(GREETING_SIZE);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3; // ZMTP 3.1: the version with PING/PONG
  g[11] = 1;
  g.write("NULL", 12, "latin1");
  return g; // as-server 0 and the filler stay zero
}

function frame(body: Buffer, flags: number): Buffer {
  if (body.length <= 255) return Buffer.concat([Buffer.from([flags, body.length]), body]);
  const head = Buffer.alloc(9);
  head[0] = flags | FLAG_LONG;
  head.writeBigUInt64BE(BigInt(body.length), 1);
  return Buffer.concat([head, body]);
}

/** A command body: name-length, name, data. */
function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([name.length]), Buffer.from(name, "latin1"), data]);
}

function ready(socketType: string): Buffer {
  const name = Buffer.from("Socket-Type", "latin1");
  const value = Buffer.from(socketType, "latin1");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(value.length);
  return command("READY", Buffer.concat([Buffer.from([name.length]), name, len, value]));
}

export class HeartbeatWitness {
  /** PINGs the library peer sent during counting. */
  pings = 0;
  /** PONGs the library peer sent (answers to this witness's PINGs) during counting. */
  pongs = 0;
  /** Why the connection ended, if it did. */
  closed: string | null = null;
  private counting = false;
  private buf: Buffer = Buffer.alloc(0);
  private greeted = false;
  private parts: Buffer[] = [];
  private ticker: NodeJS.Timeout | null = null;
  private readonly gotMessage: Promise<Buffer[]>;
  private onMessage!: (frames: Buffer[]) => void;

  /**
   * @param socketType what the witness says it is in its READY (DEALER or ROUTER).
   * @param echo a ROUTER witness sends each message back, as the bench's ROUTER does.
   */
  private constructor(
    private readonly sock: net.Socket,
    socketType: string,
    private readonly heartbeatMs: number,
    private readonly echo: boolean,
  ) {
    this.gotMessage = new Promise((resolve) => (this.onMessage = resolve));
    sock.setNoDelay(true);
    sock.on("data", (d: Buffer) => this.read(d));
    sock.on("error", (e) => (this.closed ??= e.message));
    sock.on("close", () => {
      this.closed ??= "closed by the peer";
      this.stop();
    });
    sock.write(greeting());
    sock.write(frame(ready(socketType), FLAG_COMMAND));
  }

  /** A DEALER witness connected to `endpoint` (tcp://host:port). */
  static connect(endpoint: string, heartbeatMs: number): Promise<HeartbeatWitness> {
    const u = new URL(endpoint);
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: u.hostname, port: Number(u.port) });
      s.once("connect", () => resolve(new HeartbeatWitness(s, "DEALER", heartbeatMs, false)));
      s.once("error", reject);
    });
  }

  /**
   * A ROUTER witness listening on loopback; `accepted` resolves with its first connection, after which the
   * listener closes (`stopListening` closes it sooner, when a run fails before anything connected).
   */
  static async listen(
    heartbeatMs: number,
  ): Promise<{ endpoint: string; accepted: Promise<HeartbeatWitness>; stopListening: () => void }> {
    const server = net.createServer();
    const accepted = new Promise<HeartbeatWitness>((resolve) =>
      server.once("connection", (s) => {
        server.close(); // one connection only
        resolve(new HeartbeatWitness(s, "ROUTER", heartbeatMs, true));
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    return { endpoint: `tcp://127.0.0.1:${port}`, accepted, stopListening: () => server.close() };
  }

  /** Sends one message (a DEALER witness) and resolves with the first message that comes back. */
  exchange(frames: Buffer[]): Promise<Buffer[]> {
    frames.forEach((f, i) => this.sock.write(frame(f, i < frames.length - 1 ? FLAG_MORE : 0)));
    return this.gotMessage;
  }

  /** Resolves with the first message the library peer sends (a ROUTER witness has echoed it by then). */
  firstMessage(): Promise<Buffer[]> {
    return this.gotMessage;
  }

  /** From now on, count the peer's PINGs and PONGs. */
  startCounting(): void {
    this.pings = this.pongs = 0;
    this.counting = true;
  }

  stop(): void {
    this.counting = false;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  close(): void {
    this.stop();
    this.closed ??= "closed by the bench";
    this.sock.destroy();
  }

  private read(d: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
    if (!this.greeted) {
      if (this.buf.length < GREETING_SIZE) return;
      if (this.buf[0] !== 0xff || this.buf[10] !== 3) return this.fail("not a ZMTP 3 greeting");
      this.greeted = true;
      this.buf = this.buf.subarray(GREETING_SIZE);
      // Heartbeats start with the handshake, as the libraries start theirs.
      this.ticker = setInterval(
        () => this.sock.write(frame(command("PING", Buffer.alloc(2)), FLAG_COMMAND)),
        this.heartbeatMs,
      );
    }
    for (;;) {
      const flags = this.buf[0];
      if (flags === undefined) return;
      const long = (flags & FLAG_LONG) !== 0;
      const headSize = long ? 9 : 2;
      if (this.buf.length < headSize) return;
      const size = long ? Number(this.buf.readBigUInt64BE(1)) : this.buf[1]!;
      if (this.buf.length < headSize + size) return;
      const body = this.buf.subarray(headSize, headSize + size);
      this.buf = this.buf.subarray(headSize + size);
      if (flags & FLAG_COMMAND) this.command(body);
      else this.part(body, (flags & FLAG_MORE) !== 0);
    }
  }

  private command(body: Buffer): void {
    const name = body.subarray(1, 1 + (body[0] ?? 0)).toString("latin1");
    if (name === "PING") {
      if (this.counting) this.pings++;
      const context = body.subarray(1 + 4 + 2); // after the name and the 2-byte TTL
      this.sock.write(frame(command("PONG", context), FLAG_COMMAND));
    } else if (name === "PONG") {
      if (this.counting) this.pongs++;
    } else if (name === "ERROR") {
      this.fail(`ERROR from the peer`);
    }
  }

  private part(body: Buffer, more: boolean): void {
    this.parts.push(Buffer.from(body));
    if (more) return;
    const msg = this.parts;
    this.parts = [];
    if (this.echo) msg.forEach((f, i) => this.sock.write(frame(f, i < msg.length - 1 ? FLAG_MORE : 0)));
    this.onMessage(msg);
  }

  private fail(why: string): void {
    this.closed ??= why;
    this.stop();
    this.sock.destroy();
  }
}
