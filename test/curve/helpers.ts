// In-memory fixtures for the sans-I/O CURVE tests: contexts, a recording host, key sets, and a
// driver that runs a client and a server against each other command by command.
import assert from "node:assert/strict";
import { parseCommand } from "../../src/wire/commands.js";
import type { HandshakeContext, MechanismFailure, MechanismHost } from "../../src/mechanism/mechanism.js";
import type { ZapConnector, ZapOutcome, ZapRequest } from "../../src/mechanism/zap.js";
import { CurveClient } from "../../src/mechanism/curve/client.js";
import { CurveServer } from "../../src/mechanism/curve/server.js";
import {
  curveClientKeys,
  curveKeyPair,
  curveServerKeys,
  type CurveClientKeys,
  type CurveServerKeys,
} from "../../src/mechanism/curve/keys.js";

export function context(over: Partial<HandshakeContext> = {}): HandshakeContext {
  return {
    zapDomain: "",
    zapEnforceDomain: false,
    ownRoutingId: Buffer.alloc(0),
    peerAddress: "127.0.0.1",
    zap: null,
    socketType: "DEALER",
    identity: Buffer.alloc(0),
    ...over,
  };
}

/** Records what a mechanism sends and reports outside `process`. */
export class RecordingHost implements MechanismHost {
  readonly sent: Buffer[] = [];
  readonly progress: Array<MechanismFailure | null> = [];
  sendCommand(body: Buffer): void {
    this.sent.push(body);
  }
  mechanismProgress(failure: MechanismFailure | null): void {
    this.progress.push(failure);
  }
  /** The last command sent, which must exist. */
  last(): Buffer {
    const b = this.sent.at(-1);
    assert.ok(b, "nothing was sent");
    return b;
  }
}

export interface KeySet {
  readonly server: { publicKey: string; secretKey: string };
  readonly client: { publicKey: string; secretKey: string };
  readonly clientKeys: CurveClientKeys;
  readonly serverKeys: CurveServerKeys;
}

export function keySet(): KeySet {
  const server = curveKeyPair();
  const client = curveKeyPair();
  const clientKeys = curveClientKeys(client.publicKey, client.secretKey, server.publicKey);
  const serverKeys = curveServerKeys(server.secretKey);
  assert.ok(clientKeys && serverKeys);
  return { server, client, clientKeys, serverKeys };
}

/** A ZAP handler stand-in: records requests; answers with `answer` (or keeps them pending). */
export class FakeZap {
  readonly requests: ZapRequest[] = [];
  readonly pending: Array<(o: ZapOutcome) => void> = [];
  cancelled = 0;
  constructor(private readonly answer?: ZapOutcome) {}
  readonly connector: ZapConnector = (request, done) => {
    this.requests.push(request);
    if (this.answer) {
      const a = this.answer;
      queueMicrotask(() => done(a));
    } else {
      this.pending.push(done);
    }
    return () => {
      this.cancelled++;
    };
  };
}

export const zapReply = (status: number, userId = ""): ZapOutcome => ({
  kind: "reply",
  status,
  userId: Buffer.from(userId),
  metadata: new Map(),
});

/** A client and a server with their hosts, stepped by hand. */
export class Pair {
  readonly clientHost = new RecordingHost();
  readonly serverHost = new RecordingHost();
  readonly client: CurveClient;
  readonly server: CurveServer;
  constructor(
    readonly keys: KeySet = keySet(),
    clientCtx = context(),
    serverCtx = context({ socketType: "ROUTER" }),
  ) {
    this.client = new CurveClient(clientCtx, keys.clientKeys);
    this.server = new CurveServer(serverCtx, keys.serverKeys);
  }

  private steps: Buffer[] = [];

  /** Client start → HELLO; returns it. Each step runs the earlier ones once. */
  hello(): Buffer {
    if (this.steps.length < 1) {
      this.client.start(this.clientHost);
      this.steps.push(this.clientHost.last());
    }
    return this.steps[0]!;
  }

  /** Through WELCOME; returns it. */
  welcome(): Buffer {
    if (this.steps.length < 2) {
      assert.equal(this.server.process(parseCommand(this.hello()), this.serverHost), null);
      this.steps.push(this.serverHost.last());
    }
    return this.steps[1]!;
  }

  /** Through INITIATE; returns it. */
  initiate(): Buffer {
    if (this.steps.length < 3) {
      assert.equal(this.client.process(parseCommand(this.welcome()), this.clientHost), null);
      this.steps.push(this.clientHost.last());
    }
    return this.steps[2]!;
  }

  /** The whole handshake without ZAP; returns READY. */
  ready(): Buffer {
    if (this.steps.length < 4) {
      assert.equal(this.server.process(parseCommand(this.initiate()), this.serverHost), null);
      const ready = this.serverHost.last();
      assert.equal(this.client.process(parseCommand(ready), this.clientHost), null);
      this.steps.push(ready);
    }
    return this.steps[3]!;
  }
}

export function corrupt(body: Buffer, at: number): Buffer {
  assert.ok(at < body.length, `byte ${at} is past the end (${body.length})`);
  const b = Buffer.from(body);
  b[at] = b[at]! ^ 0x01;
  return b;
}
