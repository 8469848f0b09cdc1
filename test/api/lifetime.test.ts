import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";

const root = new URL("../../..", import.meta.url);

/**
 * Runs an ESM snippet in a child process from the package root; returns its exit status (null when
 * the child had to be killed because something kept it alive).
 */
function child(code: string, timeoutMs = 10000): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: root,
    timeout: timeoutMs,
    encoding: "utf8",
  });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

test(
  "idle sockets (bound, connected, even with a live connection) do not keep the process alive",
  { timeout: 20000 },
  () => {
    const r = child(`
    import { Dealer } from "zmtp";
    const a = new Dealer(); const b = new Dealer();
    await a.bind("tcp://127.0.0.1:*"); b.connect(a.lastEndpoint);
    await b.send("x"); await a.receive();
    console.log("done");
  `);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /done/);
  },
);

test("a pending receive keeps the process alive until it resolves", { timeout: 20000 }, () => {
  const r = child(`
    import { Dealer } from "zmtp";
    const a = new Dealer({ linger: 0 }); const b = new Dealer({ linger: 0 });
    await a.bind("tcp://127.0.0.1:*"); b.connect(a.lastEndpoint);
    // Nothing else is scheduled: only the pending receive can keep us alive until the send.
    const t = setTimeout(() => b.send("late"), 300); t.unref();
    const [m] = await a.receive();
    console.log("got", String(m));
  `);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /got late/);
});

test("a pending receive with a timeout ends with EAGAIN and lets the process exit", { timeout: 20000 }, () => {
  const r = child(`
    import { Pull } from "zmtp";
    const p = new Pull({ receiveTimeout: 100 });
    await p.bind("tcp://127.0.0.1:*");
    try { await p.receive(); } catch (e) { console.log("err", e.code); }
  `);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /err EAGAIN/);
});

test("the TypeScript declarations compile in a consumer project (ESM)", { timeout: 60000 }, () => {
  const src = `
    import { Dealer, Router, Subscriber, type Event } from "zmtp";
    import { socketMonitor, EVENT_ALL, watch, type DetailedEvent } from "zmtp/monitor";
    const d = new Dealer({ linger: 0, sendHighWaterMark: 10 });
    const r = new Router();
    r.connect("tcp://127.0.0.1:5555", { routingId: "x" });
    const s = new Subscriber(); s.subscribe("a", Buffer.from("b"));
    socketMonitor(d, "inproc://m", EVENT_ALL);
    const f = (e: Event) => (e.type === "connect:retry" ? e.interval : 0);
    const g = (e: DetailedEvent) => (e.type === "LISTENING" ? e.fd : -1);
    void f; void g; void watch;
    const n: number = d.linger;
    void n;
  `;
  const r = spawnSync(
    process.execPath,
    [
      "-e",
      `const fs=require("fs"),os=require("os"),path=require("path"),cp=require("child_process");
       const dir=fs.mkdtempSync(path.join(os.tmpdir(),"zmtp-consumer-"));
       fs.mkdirSync(path.join(dir,"node_modules"));
       fs.symlinkSync(process.cwd(), path.join(dir,"node_modules","zmtp"));
       fs.symlinkSync(path.join(process.cwd(),"node_modules","@types"), path.join(dir,"node_modules","@types"));
       fs.writeFileSync(path.join(dir,"package.json"), JSON.stringify({type:"module"}));
       fs.writeFileSync(path.join(dir,"main.ts"), ${JSON.stringify(src)});
       fs.writeFileSync(path.join(dir,"tsconfig.json"), JSON.stringify({compilerOptions:{strict:true,module:"NodeNext",moduleResolution:"NodeNext",target:"ES2022",noEmit:true,types:["node"]},files:["main.ts"]}));
       const r=cp.spawnSync(process.execPath,[require.resolve("typescript/bin/tsc"),"-p",dir],{encoding:"utf8"});
       process.stdout.write(r.stdout+r.stderr); process.exit(r.status);`,
    ],
    { cwd: root, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
