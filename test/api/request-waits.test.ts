/**
 * Issue 9 item 11: a send or receive that the socket's state forbids for now waits, as the
 * binding's does (it polls until the socket is writable/readable): a REQ's second request waits
 * for the reply to the first, and fails with EFSM only with sendTimeout 0 or when the timeout
 * expires. So a v5-compat burst of `req.send()` is sent one request per reply. Every case runs
 * on zmtp and on the binding.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { outcome, sameOnBoth, turns } from "./same.js";

let n = 0;

sameOnBoth("Request: a second send waits for the reply to the first, then goes", async (lib) => {
  const rep = new lib.Reply({ linger: 0 });
  const req = new lib.Request({ linger: 0 });
  try {
    const ep = `inproc://request-waits-${++n}`;
    await rep.bind(ep);
    req.connect(ep);
    await req.send("one");
    let second = "pending";
    const sending = req.send("two").then(
      () => (second = "sent"),
      (e: { code: string }) => (second = e.code),
    );
    await turns(5);
    const before = second;
    const [q1] = await rep.receive();
    await rep.send(`re:${String(q1)}`);
    const r1 = await req.receive();
    await sending;
    const [q2] = await rep.receive();
    return { before, after: second, r1: String(r1), q2: String(q2) };
  } finally {
    req.close();
    rep.close();
  }
});

for (const sendTimeout of [0, 30]) {
  sameOnBoth(`Request: with sendTimeout ${sendTimeout} a second send fails with EFSM`, async (lib) => {
    const rep = new lib.Reply({ linger: 0 });
    const req = new lib.Request({ linger: 0, sendTimeout });
    try {
      const ep = `inproc://request-waits-${++n}`;
      await rep.bind(ep);
      req.connect(ep);
      await req.send("one");
      return await outcome(() => req.send("two"));
    } finally {
      req.close();
      rep.close();
    }
  });
}

sameOnBoth("Request: a receive before any send waits; it fails with EFSM on receiveTimeout", async (lib) => {
  const req = new lib.Request({ linger: 0, receiveTimeout: 30 });
  try {
    return await outcome(() => req.receive());
  } finally {
    req.close();
  }
});

const compat = new URL("../../src/v5-compat.js", import.meta.url).href;
const burst = `
const req = zmq.socket("req");
const rep = zmq.socket("rep");
const log = [];
rep.on("message", (m) => rep.send("re:" + m));
rep.bind("tcp://127.0.0.1:*", (err) => {
  if (err) throw err;
  req.connect(rep.last_endpoint);
  for (const m of ["1", "2", "3"]) req.send(m, 0, (e) => log.push(e ? "error " + e.code : "sent " + m));
});
req.on("error", (e) => log.push("error event " + e.code));
req.on("message", (m) => {
  log.push("reply " + m);
  if (String(m) === "re:3") {
    req.close();
    rep.close();
    console.log(JSON.stringify(log));
  }
});
`;

test("v5-compat: a burst of req.send() goes out one request per reply, without errors", { timeout: 70000 }, () => {
  const run = (header: string): unknown =>
    JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", `${header}\n${burst}`], {
        encoding: "utf8",
        timeout: 30000,
      }),
    ) as unknown;
  const expected = ["sent 1", "reply re:1", "sent 2", "reply re:2", "sent 3", "reply re:3"];
  assert.deepEqual(
    run(
      `import { createRequire } from "node:module"; const zmq = createRequire(${JSON.stringify(import.meta.url)})("zeromq/v5-compat");`,
    ),
    expected,
    "zeromq/v5-compat",
  );
  assert.deepEqual(run(`import * as zmq from ${JSON.stringify(compat)};`), expected, "zmtp");
});
