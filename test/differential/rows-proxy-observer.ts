/**
 * Rows for Proxy's methods and the `socket.events` Observer (the binding's counterpart of
 * zmtp's monitor). zmtp/monitor's own helpers (socketMonitor, decodeMonitorEvent, watch, ...)
 * have no public counterpart in the binding (its zmq_socket_monitor endpoint is internal), so
 * they are not in this table; test/monitor compares their events with libzmq's.
 */
import { type Env, type Loose, type Row, WEDGES_REAPER, rowsOf } from "./harness.js";

/** A Router/Dealer proxy on bound inproc endpoints, not running yet. */
async function proxy(env: Env): Promise<Loose> {
  const front = env.sock("Router");
  const back = env.sock("Dealer");
  await front.bind(env.inproc());
  await back.bind(env.inproc());
  return new env.zmq.Proxy(front, back);
}

export function proxyRows(): Row[] {
  const { rows, row } = rowsOf("proxy");
  row("frontEnd/backEnd are the given sockets", async (env) => {
    const p = await proxy(env);
    return [p.frontEnd === p.frontEnd, p.frontEnd.type, p.backEnd.type];
  });
  row("assign frontEnd", async (env) => {
    const p = await proxy(env);
    return env.probe(() => (p.frontEnd = null));
  });
  const p = proxy;
  for (const m of ["pause", "resume", "terminate"]) {
    row(`${m}() before run() (bound sockets)`, async (env) => {
      const px = await p(env);
      return env.probe(() => px[m]());
    });
  }
  row("run() with unbound sockets", (env) => {
    const px = new env.zmq.Proxy(env.sock("Router"), env.sock("Dealer"));
    return env.settle(() => px.run());
  });
  row("run() with an unbound back-end", async (env) => {
    const front = env.sock("Router");
    await front.bind(env.inproc());
    const px = new env.zmq.Proxy(front, env.sock("Dealer"));
    return env.settle(() => px.run());
  });
  row("run() with a closed front-end", async (env) => {
    const px = await p(env);
    px.frontEnd.close();
    return env.settle(() => px.run());
  });
  row("run() then terminate()", async (env) => {
    const px = await p(env);
    const running = px.run();
    const term = env.probe(() => px.terminate());
    const ran = await env.settle(() => running);
    return { term, ran, closed: [px.frontEnd.closed, px.backEnd.closed] };
  });
  row("run() twice", async (env) => {
    const px = await p(env);
    const running = px.run();
    const second = env.probe(() => px.run());
    px.terminate();
    await env.settle(() => running);
    return second;
  });
  row("pause() and resume() while running", async (env) => {
    const px = await p(env);
    const running = px.run();
    const paused = env.probe(() => px.pause());
    const resumed = env.probe(() => px.resume());
    px.terminate();
    await env.settle(() => running);
    return { paused, resumed };
  });
  row("terminate() after termination", async (env) => {
    const px = await p(env);
    const running = px.run();
    px.terminate();
    await env.settle(() => running);
    return env.probe(() => px.terminate());
  });
  row("send on a socket while its proxy runs", async (env) => {
    const px = await p(env);
    const running = px.run();
    const send = env.probe(() => px.backEnd.send("x"));
    px.terminate();
    await env.settle(() => running);
    return send;
  });
  return rows;
}

/** Reads events until "end" (types and addresses only; the socket is closed by `act`). */
async function eventsUntilEnd(env: Env, events: Loose): Promise<unknown> {
  const seen: unknown[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await env.settle(() => events.receive());
    seen.push(r.kind === "resolve" ? r.value : r);
    if (r.kind !== "resolve" || (r.value as { type?: string }).type === "end") break;
  }
  return seen;
}

export function observerRows(): Row[] {
  const { rows, row } = rowsOf("observer");
  row("closed is false at first", (env) => env.sock("Dealer").events.closed);
  row("receive() twice", (env) => {
    const ev = env.sock("Dealer").events;
    ev.receive().catch(() => {});
    return env.probe(() => ev.receive());
  });
  row(
    "close() then receive()",
    (env) => {
      const ev = env.sock("Dealer").events;
      ev.close();
      return { closed: ev.closed, receive: env.probe(() => ev.receive()) };
    },
    { isolated: WEDGES_REAPER },
  );
  row(
    "close() rejects a pending receive()",
    (env) => {
      const ev = env.sock("Dealer").events;
      const p = ev.receive();
      ev.close();
      return p;
    },
    { isolated: WEDGES_REAPER },
  );
  row(
    "close() twice",
    (env) => {
      const ev = env.sock("Dealer").events;
      ev.close();
      return env.probe(() => ev.close());
    },
    { isolated: WEDGES_REAPER },
  );
  row("on() returns", (env) => env.probe(() => env.sock("Dealer").events.on("bind", () => {})));
  row("off() returns", (env) => env.probe(() => env.sock("Dealer").events.off("bind", () => {})));
  row("receive() after on()", (env) => {
    const ev = env.sock("Dealer").events;
    ev.on("bind", () => {});
    return env.probe(() => ev.receive());
  });
  row("on() after receive()", (env) => {
    const ev = env.sock("Dealer").events;
    ev.receive().catch(() => {});
    return env.probe(() => ev.on("bind", () => {}));
  });
  row("events of tcp bind, unbind, close (events read first)", async (env) => {
    const s = env.sock("Dealer");
    const ev = s.events;
    await s.bind("tcp://127.0.0.1:*");
    await s.unbind(s.lastEndpoint);
    s.close();
    return eventsUntilEnd(env, ev);
  });
  row("events of tcp bind, close (events read after bind)", async (env) => {
    const s = env.sock("Dealer");
    await s.bind("tcp://127.0.0.1:*");
    const ev = s.events;
    s.close();
    return eventsUntilEnd(env, ev);
  });
  row("events of an inproc bind and connect, peer still open", async (env) => {
    const a = env.sock("Dealer");
    const ev = a.events;
    const ep = env.inproc();
    await a.bind(ep);
    env.sock("Dealer").connect(ep);
    a.close();
    return env.afterTurns(eventsUntilEnd(env, ev));
  });
  row("events of an inproc bind and connect, peer closed", async (env) => {
    const a = env.sock("Dealer");
    const ev = a.events;
    const ep = env.inproc();
    await a.bind(ep);
    const b = env.sock("Dealer");
    b.connect(ep);
    a.close();
    b.close();
    return eventsUntilEnd(env, ev);
  });
  row("events of a failed tcp bind", async (env) => {
    const a = env.sock("Dealer");
    await a.bind("tcp://127.0.0.1:*");
    const b = env.sock("Dealer");
    const ev = b.events;
    const bind = await env.settle(() => b.bind(a.lastEndpoint));
    b.close();
    return { bind, events: await eventsUntilEnd(env, ev) };
  });
  row("after end: closed, receive()", async (env) => {
    const s = env.sock("Dealer");
    const ev = s.events;
    s.close();
    await eventsUntilEnd(env, ev);
    return { closed: ev.closed, receive: env.probe(() => ev.receive()) };
  });
  row("async iteration ends after end", async (env) => {
    const s = env.sock("Dealer");
    const ev = s.events;
    s.close();
    const types: unknown[] = [];
    for await (const e of ev as AsyncIterable<{ type: string }>) types.push(e.type);
    return types;
  });
  row(
    "second Observer on one socket",
    async (env) => {
      const s = env.sock("Dealer");
      const first = s.events;
      const second = env.own(new env.zmq.Observer(s));
      const firstEvents = await eventsUntilEnd(env, first);
      return { firstEvents, same: s.events === first, secondClosed: second.closed };
    },
    { isolated: WEDGES_REAPER },
  );
  row("Observer closed when the socket closes", async (env) => {
    const s = env.sock("Dealer");
    const ev = s.events;
    s.close();
    await eventsUntilEnd(env, ev);
    return ev.closed;
  });
  return rows;
}
