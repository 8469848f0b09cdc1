import assert from "node:assert/strict";
import { createServer, get } from "node:http";
import { test } from "node:test";
import { Dealer, Proxy, Reply, Request, Router, Stream } from "../../src/index.js";
import { watch } from "../../src/monitor.js";

test(
  "STREAM serves Node's http client: connect notification, request bytes, reply, close",
  { timeout: 10000 },
  async () => {
    const s = new Stream({ linger: 0 });
    try {
      await s.bind("tcp://127.0.0.1:*");
      const port = s.lastEndpoint!.split(":").at(-1);
      const served = (async () => {
        const [id, hello] = await s.receive();
        assert.equal(hello!.length, 0, "an empty message announces the connection");
        const [id2, request] = await s.receive();
        assert.ok(id2!.equals(id!));
        assert.match(String(request), /^GET \/hi HTTP\/1\.1\r\n/);
        await s.send([id!, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"]);
        await s.send([id!, ""]); // close this peer
      })();
      const body = await new Promise<string>((resolve, reject) => {
        get(`http://127.0.0.1:${port}/hi`, (res) => {
          let b = "";
          res.on("data", (d: Buffer) => (b += d.toString()));
          res.on("end", () => resolve(`${res.statusCode} ${b}`));
        }).on("error", reject);
      });
      assert.equal(body, "200 hello");
      await served;
    } finally {
      s.close();
    }
  },
);

test(
  "STREAM as a client of Node's http server, with a connect routing id; no handshake events",
  { timeout: 10000 },
  async () => {
    const srv = createServer((_req, res) => res.end("world"));
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const c = new Stream({ linger: 0 });
    const w = watch(c);
    try {
      c.connect(`tcp://127.0.0.1:${(srv.address() as { port: number }).port}`, { routingId: "web" });
      const [id, notice] = await c.receive();
      assert.deepEqual([String(id), notice!.length], ["web", 0]);
      await c.send(["web", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]);
      let reply = "";
      while (!reply.endsWith("world")) {
        const [, data] = await c.receive();
        reply += String(data);
      }
      assert.match(reply, /^HTTP\/1\.1 200 OK/);
      const [, bye] = await c.receive(); // the server closed: an empty message announces it
      assert.equal(bye!.length, 0);
      const types: string[] = [];
      c.close();
      for await (const ev of w) types.push(ev.type);
      // libzmq: raw connections never report HANDSHAKE_SUCCEEDED; the drop is NO_DETAIL + DISCONNECTED.
      assert.ok(!types.includes("HANDSHAKE_SUCCEEDED"), types.join());
      assert.deepEqual(types.slice(0, 2), ["CONNECT_DELAYED", "CONNECTED"]);
      assert.ok(types.includes("HANDSHAKE_FAILED_NO_DETAIL") && types.includes("DISCONNECTED"), types.join());
      assert.throws(() => void c.send(["nobody", "x"]), { code: "EBADF" });
    } finally {
      c.close();
      srv.close();
    }
  },
);

test(
  "Proxy: ROUTER front-end to DEALER back-end carries request/reply; pause, resume, terminate",
  { timeout: 10000 },
  async () => {
    const front = new Router({ linger: 0 });
    const back = new Dealer({ linger: 0 });
    assert.throws(() => new Proxy(front, back).run(), { code: "EINVAL" }); // no endpoints yet
    await front.bind("inproc://proxy-front");
    await back.bind("inproc://proxy-back");
    const proxy = new Proxy(front, back);
    assert.throws(() => proxy.pause(), { code: "EBADF" }); // not running
    const done = proxy.run();
    const client = new Request({ linger: 0 });
    const worker = new Reply({ linger: 0 });
    client.connect("inproc://proxy-front");
    worker.connect("inproc://proxy-back");
    try {
      await client.send("q1");
      assert.deepEqual((await worker.receive()).map(String), ["q1"]);
      await worker.send("a1");
      assert.deepEqual((await client.receive()).map(String), ["a1"]);
      proxy.pause();
      await client.send("q2");
      worker.receiveTimeout = 150;
      await assert.rejects(worker.receive(), { code: "EAGAIN" }, "paused: nothing forwarded");
      worker.receiveTimeout = -1;
      proxy.resume();
      assert.deepEqual((await worker.receive()).map(String), ["q2"]);
      proxy.terminate();
      await done;
      assert.equal(front.closed && back.closed, true);
      assert.throws(() => proxy.resume(), { code: "EBADF" });
    } finally {
      client.close();
      worker.close();
    }
  },
);
