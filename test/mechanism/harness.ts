// Sans-I/O harness for mechanisms: command bodies in, command bodies and failures out.
import type { HandshakeContext, Mechanism, MechanismFailure, MechanismHost } from "../../src/mechanism/mechanism.js";
import type { ZapConnector, ZapOutcome, ZapRequest } from "../../src/mechanism/zap.js";
import { parseCommand } from "../../src/wire/commands.js";

export const ascii = (s: string) => Buffer.from(s, "latin1");
export const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");

/** Records what a mechanism sends and reports outside `process`. */
export class Host implements MechanismHost {
  readonly sent: Buffer[] = [];
  readonly progress: Array<MechanismFailure | null> = [];
  sendCommand(body: Buffer): void {
    this.sent.push(Buffer.from(body));
  }
  mechanismProgress(failure: MechanismFailure | null): void {
    this.progress.push(failure);
  }
}

/** A ZAP handler under test control: requests are recorded and answered by `reply`. */
export class Zap {
  readonly requests: ZapRequest[] = [];
  private done: ((o: ZapOutcome) => void) | null = null;
  cancelled = 0;
  readonly connector: ZapConnector = (request, done) => {
    this.requests.push(request);
    this.done = done;
    return () => {
      this.cancelled++;
      this.done = null;
    };
  };
  reply(outcome: ZapOutcome): void {
    const d = this.done;
    this.done = null;
    if (!d) throw new Error("no ZAP request pending");
    d(outcome);
  }
  get pending(): boolean {
    return this.done !== null;
  }
}

/** No ZAP handler bound in the context. */
export const NO_HANDLER: ZapConnector = () => null;

export function zapReply(status: number, userId = ""): ZapOutcome {
  return { kind: "reply", status, userId: ascii(userId), metadata: new Map() };
}

export function context(over: Partial<HandshakeContext> = {}): HandshakeContext {
  return {
    socketType: "DEALER",
    identity: Buffer.alloc(0),
    zapDomain: "",
    zapEnforceDomain: false,
    ownRoutingId: Buffer.alloc(0),
    peerAddress: "127.0.0.1",
    zap: null,
    ...over,
  };
}

/** One handshake frame body, as the engine hands it over. */
export function feed(m: Mechanism, body: Buffer, host: MechanismHost): MechanismFailure | null {
  return m.process(parseCommand(body), host);
}

/** `name-length name` + metadata properties. */
export function withProps(name: string, props: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [Buffer.from([name.length]), ascii(name)];
  for (const [k, v] of props) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(v.length);
    parts.push(Buffer.from([k.length]), ascii(k), len, ascii(v));
  }
  return Buffer.concat(parts);
}
