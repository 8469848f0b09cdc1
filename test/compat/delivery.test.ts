/**
 * Issue 9 item 12, v5-compat against zeromq/v5-compat: an exception thrown by a `message`
 * listener reaches `uncaughtException` before the next message is emitted, and `proxy`'s
 * capture socket gets what zeromq's v5 proxy gives it (backend → frontend traffic only; for
 * router/dealer without the routing envelope). Each program runs in a child process (the test
 * runner fails a test on an uncaught exception), once per implementation.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

const ours = new URL("../../src/v5-compat.js", import.meta.url).href;

/** Runs an ESM program with `zmq` bound to one implementation's v5 API; returns its JSON output. */
function run(impl: "zmtp" | "zeromq", body: string): unknown {
  const header =
    impl === "zmtp"
      ? `import * as zmq from ${JSON.stringify(ours)};`
      : `import { createRequire } from "node:module"; const zmq = createRequire(${JSON.stringify(import.meta.url)})("zeromq/v5-compat");`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `${header}\n${body}`], {
    encoding: "utf8",
    timeout: 30000,
  });
  return JSON.parse(out) as unknown;
}

const listenerProgram = `
const log = [];
const a = zmq.socket("pull");
const b = zmq.socket("push");
process.on("uncaughtException", (err) => log.push("uncaught " + err.message));
a.on("message", (m) => {
  log.push("message " + m);
  if (String(m) !== "3") throw new Error("from listener " + m);
  a.close();
  b.close();
  setImmediate(() => console.log(JSON.stringify(log)));
});
a.bind("tcp://127.0.0.1:*", (err) => {
  if (err) throw err;
  b.connect(a.last_endpoint);
  b.send("1");
  b.send("2");
  b.send("3");
});
`;

test("a message listener's exception is uncaught before the next message is emitted", { timeout: 70000 }, () => {
  const expected = ["message 1", "uncaught from listener 1", "message 2", "uncaught from listener 2", "message 3"];
  assert.deepEqual(run("zeromq", listenerProgram), expected, "zeromq/v5-compat");
  assert.deepEqual(run("zmtp", listenerProgram), expected, "zmtp");
});

const proxyProgram = `
const frontend = zmq.socket("router");
const backend = zmq.socket("dealer");
const capture = zmq.socket("push");
const collector = zmq.socket("pull");
const req = zmq.socket("req");
const rep = zmq.socket("rep");
const bound = (s) => new Promise((resolve, reject) =>
  s.bind("tcp://127.0.0.1:*", (err) => (err ? reject(err) : resolve(s.last_endpoint))));
const fe = await bound(frontend);
const be = await bound(backend);
const ce = await bound(collector);
capture.connect(ce);
zmq.proxy(frontend, backend, capture);
rep.on("message", (m) => rep.send("re:" + m));
rep.connect(be);
req.connect(fe);
const copies = [];
const replies = [];
let done;
const finished = new Promise((resolve) => (done = resolve));
collector.on("message", (...frames) => {
  copies.push(frames.map(String));
  if (copies.length === 2) done();
});
req.on("message", (m) => {
  replies.push(String(m));
  if (replies.length === 1) req.send("two");
});
req.send("one");
await finished;
for (const s of [frontend, backend, capture, collector, req, rep]) s.close();
console.log(JSON.stringify({ copies, replies }));
`;

test(
  "proxy router/dealer: the capture gets the replies without their envelope, not the requests",
  { timeout: 70000 },
  () => {
    const expected = { copies: [["re:one"], ["re:two"]], replies: ["re:one", "re:two"] };
    assert.deepEqual(run("zeromq", proxyProgram), expected, "zeromq/v5-compat");
    assert.deepEqual(run("zmtp", proxyProgram), expected, "zmtp");
  },
);

test("proxy accepts the pairs zeromq's v5 proxy accepts, by the names given to socket()", () => {
  const pairs = [
    ["push", "pull"],
    ["pull", "push"],
    ["xpub", "xsub"],
    ["router", "dealer"],
    ["xrep", "xreq"],
    ["xrep", "dealer"],
    ["router", "xreq"],
    ["dealer", "router"],
    ["xsub", "xpub"],
  ];
  const program = `
const out = [];
for (const [f, b] of ${JSON.stringify(pairs)}) {
  const fs = zmq.socket(f), bs = zmq.socket(b);
  try { zmq.proxy(fs, bs); out.push("ok"); } catch (e) { out.push(e.message); }
  fs.close(); bs.close();
}
console.log(JSON.stringify(out));
`;
  assert.deepEqual(run("zmtp", program), run("zeromq", program));
});
