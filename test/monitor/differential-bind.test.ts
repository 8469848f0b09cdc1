// Differential monitor tests, bind side: failed binds (port in use, missing ipc directory,
// permission denied as root) and unbind. Each scenario runs with libzmq's sockets (zeromq 6.8.0)
// and with ours; see differential-harness.ts.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { constants as osc, tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  both,
  closeAll,
  closeRaw,
  reconnectIntervals,
  EventLog,
  failedBind,
  norm,
  rawLog,
  sameAsLibzmq,
  show,
  type BindFailure,
  type Impl,
  type Norm,
} from "./differential-harness.js";

const E = osc.errno;
const execFileP = promisify(execFile);
const T = { timeout: 20000 };
let ipcN = 0;
const ipcEndpoint = (impl: Impl) => `ipc://${tmpdir()}/zmtp-diffb-${process.pid}-${impl.name}-${++ipcN}.sock`;

// ---------------------------------------------------------------------------------------------
// Port in use: CLOSED without address (the listener's endpoint is only set after a successful
// bind), then BIND_FAILED(EADDRINUSE) with the scheme-less address.

test("differential port in use: CLOSED (no address), BIND_FAILED(EADDRINUSE, host:port)", T, async () => {
  const occupant = net.createServer();
  await new Promise<void>((r) => occupant.listen(0, "127.0.0.1", r));
  const port = (occupant.address() as net.AddressInfo).port;
  try {
    const ep = `tcp://127.0.0.1:${port}`;
    const res = await both((impl) => failedBind(impl, ep, [[String(port), "PORT"]]));
    sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
      { type: "close" },
      { type: "bind:error", address: "127.0.0.1:PORT", errno: E.EADDRINUSE, code: "EADDRINUSE" },
    ]);
    assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
  } finally {
    await new Promise<void>((r) => occupant.close(() => r()));
  }
});

test("differential port in use by a zmq socket of the same implementation", T, async () => {
  const res = await both(async (impl) => {
    const holder = new impl.Dealer({ linger: 0 });
    try {
      await holder.bind("tcp://127.0.0.1:*");
      const ep = holder.lastEndpoint!;
      const port = ep.slice(ep.lastIndexOf(":") + 1);
      return await failedBind(impl, ep, [[port, "PORT"]]);
    } finally {
      closeAll(holder);
    }
  });
  sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
    { type: "close" },
    { type: "bind:error", address: "127.0.0.1:PORT", errno: E.EADDRINUSE, code: "EADDRINUSE" },
  ]);
  assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
});

// ---------------------------------------------------------------------------------------------
// ipc bind failures: CLOSED already carries the ipc:// endpoint, BIND_FAILED the bare path.

test("differential ipc bind in a missing directory: CLOSED(ipc://path), BIND_FAILED(ENOENT, path)", T, async () => {
  const path = `/no/such/dir-${process.pid}/x.sock`;
  const res = await both((impl) => failedBind(impl, `ipc://${path}`, [[path, "PATH"]]));
  sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
    { type: "close", address: "ipc://PATH" },
    { type: "bind:error", address: "PATH", errno: E.ENOENT, code: "ENOENT" },
  ]);
  assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
});

// Permission denied. As root (as the tests run) DAC checks are bypassed, and no bind in this
// process gives EACCES: procfs refuses a socket file in /proc with ENOENT, sysfs with EPERM,
// devpts with EPERM, read-only mounts with EROFS, and ports < 1024 are allowed. So the EACCES
// cases run in a child process as uid 65534 (nobody): a privileged TCP port, and an ipc path in
// a root-owned 0755 directory. When the runner is not root they run in-process.

const childScript = fileURLToPath(new URL("./differential-bind-child.js", import.meta.url));
const isRoot = process.getuid?.() === 0;

const asNobody = { uid: 65534, gid: 65534, timeout: 10000, cwd: "/" };

/** Whether uid 65534 can load the compiled tests and node_modules (a checkout under a 0700 home cannot). */
async function nobodyCanLoad(): Promise<string | null> {
  if (!isRoot) return null;
  try {
    await execFileP(process.execPath, [childScript, "--probe"], asNobody);
    return null;
  } catch (err) {
    return `uid 65534 cannot load ${childScript}: ${String((err as { stderr?: string }).stderr ?? err).split("\n")[0]}`;
  }
}

async function failedBindUnprivileged(
  impl: Impl,
  endpoint: string,
  subs: Array<[string, string]>,
): Promise<BindFailure> {
  if (!isRoot) return failedBind(impl, endpoint, subs);
  const { stdout } = await execFileP(
    process.execPath,
    [childScript, impl.name, endpoint, JSON.stringify(subs)],
    asNobody,
  );
  const out = JSON.parse(stdout.trim().split("\n").at(-1)!) as BindFailure & { uid: number };
  assert.equal(out.uid, 65534);
  return { events: out.events, error: out.error };
}

test("differential EACCES: tcp bind to a privileged port as an unprivileged user", T, async (t) => {
  const cannot = await nobodyCanLoad();
  if (cannot) return t.skip(cannot);
  const res = await both((impl) => failedBindUnprivileged(impl, "tcp://127.0.0.1:80", []));
  sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
    { type: "close" },
    { type: "bind:error", address: "127.0.0.1:80", errno: E.EACCES, code: "EACCES" },
  ]);
  assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
});

test("differential EACCES: ipc bind in a directory the user may not write", T, async (t) => {
  const cannot = await nobodyCanLoad();
  if (cannot) return t.skip(cannot);
  const dir = mkdtempSync(join(tmpdir(), "zmtp-diff-eacces-"));
  chmodSync(dir, 0o755); // root-owned: others may search it but not create in it
  try {
    const path = join(dir, "x.sock");
    const res = await both((impl) => failedBindUnprivileged(impl, `ipc://${path}`, [[path, "PATH"]]));
    if (!isRoot && res.libzmq.error.code !== "EACCES") return; // an unprivileged owner can write its own dir
    sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
      { type: "close", address: "ipc://PATH" },
      { type: "bind:error", address: "PATH", errno: E.EACCES, code: "EACCES" },
    ]);
    assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The kernel's own answers for pseudo filesystems, which hold even for root. /proc exists but
// refuses a socket file with ENOENT (Node's libuv rewrites every ENOENT from bind(2) to EACCES,
// which is why an implementation over Node can get this one wrong); /sys refuses with EPERM.
for (const [dir, code] of [
  ["/proc", "ENOENT"],
  ["/sys", "EPERM"],
] as const) {
  test(`differential ipc bind refused by ${dir}: CLOSED(ipc://path), BIND_FAILED(${code}, path)`, T, async (t) => {
    if (!existsSync(dir)) {
      t.skip(`no ${dir} here`);
      return;
    }
    const path = `${dir}/zmtp-diff-${process.pid}.sock`;
    const res = await both((impl) => failedBind(impl, `ipc://${path}`, [[path, "PATH"]]));
    sameAsLibzmq("events", { libzmq: res.libzmq.events, zmtp: res.zmtp.events }, [
      { type: "close", address: "ipc://PATH" },
      { type: "bind:error", address: "PATH", errno: E[code], code },
    ]);
    assert.deepEqual(res.zmtp.error, res.libzmq.error, "bind() rejection");
  });
}

// ---------------------------------------------------------------------------------------------
// Unbind: CLOSED with the listener's endpoint (and, on our side, the LISTENING fd).

for (const transport of ["tcp", "ipc"] as const) {
  test(`differential unbind (${transport}): CLOSED with the listener's endpoint, nothing else`, T, async () => {
    const res = await both(async (impl) => {
      const s = new impl.Dealer({ linger: 0 });
      const log = new EventLog(s, `${impl.name} socket`);
      const raw = rawLog(impl, s);
      try {
        await s.bind(transport === "ipc" ? ipcEndpoint(impl) : "tcp://127.0.0.1:*");
        const ep = s.lastEndpoint!;
        await s.unbind(ep);
        await log.until("close");
        await reconnectIntervals(impl, 1);
        const extra = log.rest();
        assert.deepEqual(extra, [], `${impl.name}: after CLOSED: ${show(extra)}`);
        if (raw) {
          await new Promise((r) => setImmediate(r));
          assert.equal(
            raw.of("CLOSED")[0]!.value,
            raw.of("LISTENING")[0]!.value,
            "LISTENING and CLOSED carry the listener's fd",
          );
        }
        return norm(log.all, { subs: [[ep, "EP"]] });
      } finally {
        closeAll(s);
        await closeRaw(raw);
      }
    });
    sameAsLibzmq("unbind", res, [
      { type: "bind", address: "EP" },
      { type: "close", address: "EP" },
    ]);
  });

  test(
    `differential unbind with a connected peer (${transport}): CLOSED only; the peer sees DISCONNECTED, CONNECT_RETRIED`,
    T,
    async () => {
      const res = await both(async (impl) => {
        const server = new impl.Dealer({ linger: 0 });
        const slog = new EventLog(server, `${impl.name} server`);
        const sraw = rawLog(impl, server);
        const client = new impl.Dealer({ linger: 0, reconnectInterval: 300 });
        const clog = new EventLog(client, `${impl.name} client`);
        const craw = rawLog(impl, client);
        try {
          await server.bind(transport === "ipc" ? ipcEndpoint(impl) : "tcp://127.0.0.1:*");
          const ep = server.lastEndpoint!;
          client.connect(ep);
          await clog.until("handshake");
          await slog.until("handshake");
          // A waiting receive lets libzmq's server process the session teardown (facts §2.5).
          const pending = server.receive().catch(() => undefined);
          await server.unbind(ep);
          await slog.until("close");
          await clog.until("connect:retry");
          await reconnectIntervals(impl, 1);
          const extraS = slog.rest();
          assert.deepEqual(extraS, [], `${impl.name} server after CLOSED: ${show(extraS)}`);
          if (sraw && craw) {
            await new Promise((r) => setImmediate(r));
            assert.equal(
              sraw.of("CLOSED")[0]!.value,
              sraw.of("LISTENING")[0]!.value,
              "LISTENING and CLOSED carry the listener's fd",
            );
            assert.equal(
              craw.of("DISCONNECTED")[0]!.value,
              craw.of("CONNECTED")[0]!.value,
              "CONNECTED and DISCONNECTED carry the same fd",
            );
          }
          const o = {
            subs: [[ep, "EP"] as const],
            interval: (ms: number) => (ms >= 300 && ms < 600 ? "[300,600)" : ms),
          };
          const out = { server: norm(slog.all, o), client: norm(clog.all, o) };
          closeAll(server);
          await pending;
          return out;
        } finally {
          closeAll(client, server);
          await closeRaw(sraw, craw);
        }
      });
      sameAsLibzmq("server", { libzmq: res.libzmq.server, zmtp: res.zmtp.server }, [
        { type: "bind", address: "EP" },
        { type: "accept", address: "EP" },
        { type: "handshake", address: "EP" },
        { type: "close", address: "EP" },
      ]);
      const connectDelayed: Norm[] = transport === "ipc" ? [] : [{ type: "connect:delay", address: "EP" }];
      sameAsLibzmq("client", { libzmq: res.libzmq.client, zmtp: res.zmtp.client }, [
        ...connectDelayed,
        { type: "connect", address: "EP" },
        { type: "handshake", address: "EP" },
        { type: "disconnect", address: "EP" },
        { type: "connect:retry", address: "EP", interval: "[300,600)" },
      ]);
    },
  );
}
