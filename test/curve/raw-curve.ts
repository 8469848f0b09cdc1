// Raw CURVE (and PLAIN) peers for the failure table: exact frames on a real TCP connection, the
// handshake boxes made by the hand-built ManualClient/ManualServer, so each row can send the one
// defect it is about.
import net from "node:net";
import { importSecretKey } from "../../src/mechanism/curve/crypto.js";
import { z85Decode } from "../../src/wire/z85.js";
import { encodeGreeting } from "../../src/wire/greeting.js";
import { RawStream, type RawFrame } from "../support/raw-stream.js";
import { ManualClient, ManualServer } from "./manual.js";
import type { CurveKeys } from "./peers.js";

/** One frame's bytes: command or data, short or long. */
export function frame(body: Buffer, command: boolean): Buffer {
  const long = body.length > 255;
  const head = Buffer.alloc(long ? 9 : 2);
  head[0] = (command ? 0x04 : 0) | (long ? 0x02 : 0);
  if (long) head.writeBigUInt64BE(BigInt(body.length), 1);
  else head[1] = body.length;
  return Buffer.concat([head, body]);
}

export class RawPeer extends RawStream {
  /** Sends our greeting for `mechanism` and reads the peer's. */
  async greet(mechanism: "CURVE" | "PLAIN" | "NULL"): Promise<Buffer> {
    await this.write(encodeGreeting(mechanism));
    return Buffer.from(await this.read(64));
  }

  command(body: Buffer): Promise<void> {
    return this.write(frame(body, true));
  }

  data(body: Buffer): Promise<void> {
    return this.write(frame(body, false));
  }

  /** The next frame, or null when the connection closed first. */
  async next(): Promise<RawFrame | null> {
    try {
      return await this.readFrame();
    } catch {
      return null;
    }
  }
}

/** A raw CURVE client that has sent HELLO and read WELCOME; `initiate` is up to the row. */
export async function rawClientAfterWelcome(
  endpoint: string,
  keys: CurveKeys,
): Promise<{ raw: RawPeer; client: ManualClient }> {
  const raw = await RawPeer.connect(endpoint);
  await raw.greet("CURVE");
  const client = new ManualClient(z85Decode(keys.server.publicKey)!);
  await raw.command(client.hello());
  const welcome = await raw.readFrame();
  client.welcome(welcome.body);
  return { raw, client };
}

/** The client's own long-term keys, for an honest INITIATE. */
export function clientLongTerm(keys: CurveKeys): { clientKey: Buffer; vouchSigner: ReturnType<typeof secret> } {
  return { clientKey: z85Decode(keys.client.publicKey)!, vouchSigner: secret(keys.client.secretKey) };
}

export function secret(z85: string): NonNullable<ReturnType<typeof importSecretKey>> {
  return importSecretKey(z85Decode(z85)!)!;
}

/**
 * A raw server on a fresh tcp port for client-side rows: each accepted connection is handed to
 * `serve`. Returns the endpoint and a close function.
 */
export async function rawServer(serve: (raw: RawPeer) => Promise<void>): Promise<{ endpoint: string; close(): void }> {
  const peers: RawPeer[] = [];
  const server = net.createServer((sock) => {
    const raw = new RawPeer(sock);
    peers.push(raw);
    void serve(raw).catch(() => undefined);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `tcp://127.0.0.1:${port}`,
    close: () => {
      for (const p of peers) p.destroy();
      server.close();
    },
  };
}

/** A raw CURVE server that answers HELLO with a real WELCOME and INITIATE with `ready` (or another command). */
export function curveServerScript(
  keys: CurveKeys,
  ready: (server: ManualServer) => Buffer,
): (raw: RawPeer) => Promise<void> {
  return async (raw) => {
    await raw.greet("CURVE");
    const server = new ManualServer(secret(keys.server.secretKey));
    const hello = await raw.readFrame();
    await raw.command(server.welcome(hello.body));
    await raw.readFrame(); // INITIATE
    await raw.command(ready(server));
  };
}
