// Every PROTOCOL_ERROR code of zmq_socket_monitor(3) from its real failure, and the failures that
// give HANDSHAKE_FAILED_AUTH and _NO_DETAIL: raw peers send the one defect a row is about (a
// malformed HELLO, WELCOME, INITIATE, READY, MESSAGE or ERROR, a bad cookie, a replayed nonce, a
// vouch for another key, each ZAP reply defect...) to a zmtp socket and, in the same way, to a
// libzmq socket (the zeromq binding); both must report the same event and value.
// PROTOCOL_ERROR_WS_UNSPECIFIED is ws-only: without a ws transport nothing can produce it.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import * as zmq from "zeromq";
import * as ours from "../../src/index.js";
import { ManualClient } from "./manual.js";
import {
  IMPLS,
  Recorder,
  clientOptions,
  keysFor,
  lib,
  serverOptions,
  type CurveKeys,
  type ImplName,
  type Seen,
  type Sock,
} from "./peers.js";
import { RawPeer, clientLongTerm, curveServerScript, rawClientAfterWelcome, rawServer } from "./raw-curve.js";
import { z85Decode } from "../../src/wire/z85.js";

// ---- one ZAP handler per implementation's global context, scripted per row ----

type ZapScript = (request: Buffer[]) => Array<string | Buffer> | null;
const OK: ZapScript = (r) => ["", "1.0", r[2]!, "200", "OK", "", ""];
let script: ZapScript = OK;
const handlers: Array<{ close(): void }> = [];

before(async () => {
  const zr = new zmq.Router({ linger: 0 });
  await zr.bind("inproc://zeromq.zap.01");
  const or = new ours.Router({ linger: 0 });
  or.bindSync("inproc://zeromq.zap.01");
  for (const r of [zr, or] as Array<zmq.Router>) {
    handlers.push(r);
    void (async () => {
      for (;;) {
        let req: Buffer[];
        try {
          req = await r.receive();
        } catch {
          return;
        }
        // [routing id, delimiter, version, request id, domain, address, identity, mechanism, ...]
        const reply = script(req.slice(1));
        if (reply) await r.send([req[0]!, ...reply]).catch(() => undefined);
      }
    })();
  }
});
after(() => handlers.forEach((h) => h.close()));

// ---- targets ----

interface Target {
  readonly sock: Sock;
  readonly rec: Recorder;
  readonly endpoint: string;
  readonly keys: CurveKeys;
  close(): void;
}

/** A CURVE server of implementation `t`, bound on tcp. */
async function serverTarget(t: ImplName, extra: Record<string, unknown> = {}): Promise<Target> {
  const keys = keysFor(t, t);
  const sock = new lib[t].Dealer({ ...serverOptions(keys), receiveTimeout: 300, ...extra }) as Sock;
  const rec = new Recorder(sock);
  await sock.bind("tcp://127.0.0.1:*");
  return { sock, rec, endpoint: sock.lastEndpoint!, keys, close: () => sock.close() };
}

/** The first handshake failure `rec` reports. */
async function failure(rec: Recorder): Promise<Seen> {
  for (;;) {
    const e = rec.seen.find((s) => s.type.startsWith("handshake:error"));
    if (e) return e;
    await Promise.race([
      rec.next("handshake:error:protocol"),
      rec.next("handshake:error:auth"),
      rec.next("handshake:error:other"),
    ]);
  }
}

const protocol = (code: string): Seen => ({ type: "handshake:error:protocol", value: `ERR_${code}` });

interface Row {
  readonly code: string;
  readonly cause: string;
  readonly expect: Seen;
  run(t: ImplName): Promise<Seen>;
}

/** A raw client against a CURVE server of `t`; `act` sends the defect. */
function rawClientRow(code: string, cause: string, act: (raw: RawPeer, target: Target) => Promise<void>): Row {
  return {
    code,
    cause,
    expect: protocol(code),
    async run(t) {
      const target = await serverTarget(t);
      const raw = await RawPeer.connect(target.endpoint);
      try {
        await act(raw, target);
        return await failure(target.rec);
      } finally {
        raw.destroy();
        target.close();
      }
    },
  };
}

/** A raw client past WELCOME; `act` sends the rest. */
function afterWelcomeRow(
  code: string,
  cause: string,
  act: (raw: RawPeer, c: ManualClient, target: Target) => Promise<void>,
): Row {
  return {
    code,
    cause,
    expect: protocol(code),
    async run(t) {
      const target = await serverTarget(t);
      const { raw, client } = await rawClientAfterWelcome(target.endpoint, target.keys);
      try {
        await act(raw, client, target);
        return await failure(target.rec);
      } finally {
        script = OK;
        raw.destroy();
        target.close();
      }
    },
  };
}

/** An honest INITIATE, then READY read: the raw client is a CURVE peer of the target. */
async function honestInitiate(raw: RawPeer, c: ManualClient, target: Target): Promise<void> {
  await raw.command(c.initiate(clientLongTerm(target.keys)));
}

/** A CURVE (or PLAIN) client of `t` against a raw server running `serve`. */
function rawServerRow(
  code: string,
  cause: string,
  serve: (keys: CurveKeys) => (raw: RawPeer) => Promise<void>,
  plain = false,
): Row {
  return {
    code,
    cause,
    expect: protocol(code),
    async run(t) {
      const keys = keysFor(t, t);
      const server = await rawServer(serve(keys));
      const opts = plain ? { linger: 0, plainUsername: "u", plainPassword: "p" } : clientOptions(keys);
      const sock = new lib[t].Dealer(opts) as Sock;
      const rec = new Recorder(sock);
      try {
        sock.connect(server.endpoint);
        return await failure(rec);
      } finally {
        sock.close();
        server.close();
      }
    },
  };
}

/** A real client of the other implementation against a server of `t` whose ZAP handler answers `zap`. */
function zapRow(code: string, cause: string, zap: ZapScript, expect: Seen = protocol(code)): Row {
  return {
    code,
    cause,
    expect,
    async run(t) {
      const target = await serverTarget(t);
      const client = new lib[t === "zmtp" ? "libzmq" : "zmtp"].Dealer(clientOptions(target.keys)) as Sock;
      script = zap;
      try {
        client.connect(target.endpoint);
        return await failure(target.rec);
      } finally {
        script = OK;
        client.close();
        target.close();
      }
    },
  };
}

const reason = (r: Buffer[]) => r[2]!;
const ROWS: Row[] = [
  afterWelcomeRow("ZMTP_UNSPECIFIED", "a command while the server waits for ZAP", async (raw, c, target) => {
    script = () => null; // the handler never answers
    await honestInitiate(raw, c, target);
    await raw.command(Buffer.from("\x04PING\x00\x00", "latin1"));
  }),
  rawClientRow("ZMTP_UNEXPECTED_COMMAND", "HELLO named HELXO", async (raw, target) => {
    await raw.greet("CURVE");
    const hello = new ManualClient(z85Decode(target.keys.server.publicKey)!).hello();
    hello[4] = 0x58;
    await raw.command(hello);
  }),
  afterWelcomeRow("ZMTP_INVALID_SEQUENCE", "a MESSAGE replayed (same short nonce)", async (raw, c, target) => {
    await honestInitiate(raw, c, target);
    await raw.readFrame(); // READY
    const m = c.codec().encode(Buffer.from("once"), 0);
    await raw.data(m);
    await raw.data(m);
  }),
  afterWelcomeRow("ZMTP_KEY_EXCHANGE", "a vouch for another transient key C'", async (raw, c, target) => {
    await raw.command(c.initiate({ ...clientLongTerm(target.keys), vouchedTransient: randomBytes(32) }));
  }),
  rawClientRow("ZMTP_MALFORMED_COMMAND_UNSPECIFIED", "a 1-byte command body (05)", async (raw) => {
    await raw.greet("CURVE");
    await raw.command(Buffer.from([5]));
  }),
  afterWelcomeRow("ZMTP_MALFORMED_COMMAND_MESSAGE", "a 32-byte MESSAGE after the handshake", async (raw, c, target) => {
    await honestInitiate(raw, c, target);
    await raw.readFrame(); // READY
    await raw.data(Buffer.concat([Buffer.from("\x07MESSAGE", "latin1"), Buffer.alloc(24)]));
  }),
  rawClientRow("ZMTP_MALFORMED_COMMAND_HELLO", "HELLO without its body (04 06 05 HELLO)", async (raw) => {
    await raw.greet("CURVE");
    await raw.command(Buffer.from("\x05HELLO", "latin1"));
  }),
  afterWelcomeRow("ZMTP_MALFORMED_COMMAND_INITIATE", "INITIATE without its body", async (raw) => {
    await raw.command(Buffer.from("\x08INITIATE", "latin1"));
  }),
  rawServerRow("ZMTP_MALFORMED_COMMAND_ERROR", "ERROR whose reason length overruns the body", () => async (raw) => {
    await raw.greet("CURVE");
    await raw.readFrame(); // HELLO
    await raw.command(Buffer.from("\x05ERROR\x0540", "latin1"));
  }),
  rawServerRow("ZMTP_MALFORMED_COMMAND_READY", "a 29-byte READY", (keys) =>
    curveServerScript(keys, () => Buffer.concat([Buffer.from("\x05READY", "latin1"), Buffer.alloc(23)])),
  ),
  rawServerRow(
    "ZMTP_MALFORMED_COMMAND_WELCOME",
    "PLAIN: a WELCOME with data (CURVE reports a bad WELCOME as CRYPTOGRAPHIC)",
    () => async (raw) => {
      await raw.greet("PLAIN");
      await raw.readFrame(); // HELLO
      await raw.command(Buffer.from("\x07WELCOMEx", "latin1"));
    },
    true,
  ),
  rawServerRow("ZMTP_INVALID_METADATA", "READY whose boxed metadata does not parse", (keys) =>
    curveServerScript(keys, (server) => server.ready(Buffer.from([5, 0x41]))),
  ),
  rawClientRow("ZMTP_CRYPTOGRAPHIC", "HELLO whose signature box was altered", async (raw, target) => {
    await raw.greet("CURVE");
    const hello = new ManualClient(z85Decode(target.keys.server.publicKey)!).hello();
    hello[150]! ^= 0xff;
    await raw.command(hello);
  }),
  {
    code: "ZMTP_MECHANISM_MISMATCH",
    cause: "a NULL client of the other implementation (it reports the same)",
    expect: protocol("ZMTP_MECHANISM_MISMATCH"),
    async run(t) {
      const target = await serverTarget(t);
      const client = new lib[t === "zmtp" ? "libzmq" : "zmtp"].Dealer({ linger: 0 }) as Sock;
      const rc = new Recorder(client);
      try {
        client.connect(target.endpoint);
        const [mine, theirs] = await Promise.all([failure(target.rec), failure(rc)]);
        assert.deepEqual(theirs, mine, "both sides report the mismatch");
        return mine;
      } finally {
        client.close();
        target.close();
      }
    },
  },
  zapRow("ZAP_UNSPECIFIED", "ZAP reply whose first (delimiter) frame is not empty", (r) => [
    "x",
    "1.0",
    reason(r),
    "200",
    "OK",
    "",
    "",
  ]),
  zapRow("ZAP_MALFORMED_REPLY", "ZAP reply of 8 frames", (r) => ["", "1.0", reason(r), "200", "OK", "", "", ""]),
  zapRow("ZAP_BAD_REQUEST_ID", "ZAP reply with request id 'x'", () => ["", "1.0", "x", "200", "OK", "", ""]),
  zapRow("ZAP_BAD_VERSION", "ZAP reply with version '2.0'", (r) => ["", "2.0", reason(r), "200", "OK", "", ""]),
  zapRow("ZAP_INVALID_STATUS_CODE", "ZAP reply with status '201'", (r) => ["", "1.0", reason(r), "201", "", "", ""]),
  zapRow("ZAP_INVALID_METADATA", "ZAP reply whose metadata does not parse", (r) => [
    "",
    "1.0",
    reason(r),
    "200",
    "OK",
    "",
    Buffer.from([5, 0x41]),
  ]),
  zapRow("AUTH 400", "ZAP refuses the client's key (400)", (r) => ["", "1.0", reason(r), "400", "no", "", ""], {
    type: "handshake:error:auth",
    value: 400,
  }),
  {
    code: "NO_DETAIL",
    cause: "the client closes after HELLO",
    expect: { type: "handshake:error:other", value: "EPIPE" },
    async run(t) {
      const target = await serverTarget(t);
      const raw = await RawPeer.connect(target.endpoint);
      try {
        await raw.greet("CURVE");
        await raw.command(new ManualClient(z85Decode(target.keys.server.publicKey)!).hello());
        await raw.readFrame(); // WELCOME
        raw.sock.end();
        return await failure(target.rec);
      } finally {
        raw.destroy();
        target.close();
      }
    },
  },
];

describe("PROTOCOL_ERROR codes from their real failures, zmtp and libzmq side by side", () => {
  for (const row of ROWS)
    test(`${row.code}: ${row.cause}`, { timeout: 20_000 }, async (t) => {
      const got: Partial<Record<ImplName, Seen>> = {};
      for (const impl of IMPLS) got[impl] = await row.run(impl);
      t.diagnostic(`zmtp ${JSON.stringify(got.zmtp)} libzmq ${JSON.stringify(got.libzmq)}`);
      assert.deepEqual(got.libzmq, row.expect, "libzmq (the reference) reports the expected event");
      assert.deepEqual(got.zmtp, got.libzmq, "zmtp reports what libzmq reports");
    });
});
