/**
 * Rows for every option accessor of every socket class and of Context: the default, setting
 * each value of the option's kind (valid and wrong types), the constructor's options object,
 * and setting/reading on a closed socket, one with endpoints and one busy binding (issue 9
 * items 1 and 5: ENOTSOCK on closed sockets, uint64 clamping, the "will not take effect"
 * warning).
 */
import { type Env, type Loose, type Row, rowsOf } from "./harness.js";
import {
  SOCKET_CLASSES,
  VALUES,
  contextOptions,
  socketOptions,
  validValue,
  type OptionInfo,
  type SocketClass,
} from "./reflect.js";

/** The first class (in SOCKET_CLASSES order) that has an option: its value rows run there. */
function ownerClasses(): Map<string, SocketClass> {
  const owner = new Map<string, SocketClass>();
  for (const cls of ["Dealer", ...SOCKET_CLASSES] as const) {
    for (const o of socketOptions(cls)) if (!owner.has(o.name)) owner.set(o.name, cls);
  }
  return owner;
}

/** Sets `name` to `v` and reads it back, each step recorded separately. */
function setAndRead(env: Env, target: Record<string, unknown>, name: string, v: unknown): unknown {
  return {
    set: env.probe(() => (target[name] = v)),
    get: env.probe(() => target[name]),
  };
}

function valuesFor(o: OptionInfo): ReadonlyArray<readonly [string, () => unknown]> {
  return o.kind === "absent" ? VALUES.readonly : VALUES[o.kind];
}

export function socketOptionRows(): Row[] {
  const { rows, row } = rowsOf("socket.option");
  const owner = ownerClasses();
  for (const cls of SOCKET_CLASSES) {
    for (const o of socketOptions(cls)) {
      const base = `${cls}/${o.name}`;
      row(`${base}/default`, (env) => env.plain(cls)[o.name]);
      const isOwner = owner.get(o.name) === cls;
      if (!isOwner) {
        // Class-level options: one valid set on every class that has them.
        if (!o.common) row(`${base}/set valid`, (env) => setAndRead(env, env.plain(cls), o.name, validValue(o.kind)));
        continue;
      }
      for (const [label, make] of valuesFor(o)) {
        row(`${base}/set ${label}`, (env) => setAndRead(env, env.plain(cls), o.name, make()));
      }
      const valid = validValue(o.kind);
      row(`${base}/constructor option`, (env) => {
        let s: Loose = null;
        const made = env.probe(() => (s = env.plain(cls, { [o.name]: valid })));
        return { made, get: s === null ? null : env.probe(() => s[o.name]) };
      });
      row(`${base}/closed get`, (env) => {
        const s = env.plain(cls);
        s.close();
        return env.probe(() => s[o.name]);
      });
      row(`${base}/closed set`, (env) => {
        const s = env.plain(cls);
        s.close();
        return env.probe(() => (s[o.name] = valid));
      });
      row(`${base}/set while bound`, async (env) => {
        const s = env.plain(cls);
        await s.bind(env.inproc());
        return setAndRead(env, s, o.name, valid);
      });
      row(`${base}/set while connected`, (env) => {
        const s = env.plain(cls);
        s.connect("tcp://127.0.0.1:1");
        return setAndRead(env, s, o.name, valid);
      });
      row(`${base}/set while binding`, async (env) => {
        // Only the set and its warning: what the pending bind then sees is a race in the binding.
        const s = env.plain(cls);
        const bound = s.bind("tcp://127.0.0.1:*") as Promise<void>;
        const set = env.probe(() => (s[o.name] = valid));
        await bound.catch(() => {});
        return set;
      });
    }
  }
  return rows;
}

export function contextOptionRows(): Row[] {
  const { rows, row } = rowsOf("context.option");
  for (const o of contextOptions()) {
    row(`${o.name}/default`, (env) => new env.zmq.Context()[o.name]);
    row(`${o.name}/global context`, (env) => env.zmq.context[o.name]);
    for (const [label, make] of valuesFor(o)) {
      row(`${o.name}/set ${label}`, (env) => setAndRead(env, new env.zmq.Context(), o.name, make()));
    }
    row(`${o.name}/constructor option`, (env) => {
      let c: Loose = null;
      const made = env.probe(() => (c = new env.zmq.Context({ [o.name]: validValue(o.kind) })));
      return { made, get: c === null ? null : env.probe(() => c[o.name]) };
    });
  }
  return rows;
}

/** The raw accessors, called with libzmq option ids (the binding's tests and README use them). */
const RAW: ReadonlyArray<readonly [kind: string, id: number, value: unknown, wrong: unknown]> = [
  ["Bool", 39, true, 1],
  ["Int32", 17, 0, "0"],
  ["Uint32", 57, 1, -1],
  ["Int64", 22, 1000, "1"],
  ["Uint64", 4, 3, -1],
  ["String", 5, "abc", 1],
];

export function rawAccessorRows(): Row[] {
  const { rows, row } = rowsOf("socket.raw");
  const on = (env: Env) => env.plain("Dealer");
  for (const [kind, id, value, wrong] of RAW) {
    const get = `get${kind}Option`;
    const set = `set${kind}Option`;
    row(`${get}(${id})`, (env) => env.probe(() => on(env)[get](id)));
    row(`${get}()`, (env) => env.probe(() => on(env)[get]()));
    row(`${get}("x")`, (env) => env.probe(() => on(env)[get]("x")));
    row(`${get}(9999)`, (env) => env.probe(() => on(env)[get](9999)));
    row(`${get}(${id}, extra)`, (env) => env.probe(() => on(env)[get](id, 1)));
    row(`${get}(${id}) closed`, (env) => {
      const s = on(env);
      s.close();
      return env.probe(() => s[get](id));
    });
    row(`${set}(${id}, valid)`, (env) => {
      const s = on(env);
      return { set: env.probe(() => s[set](id, value)), get: env.probe(() => s[get](id)) };
    });
    row(`${set}(${id}, wrong type)`, (env) => env.probe(() => on(env)[set](id, wrong)));
    row(`${set}(${id})`, (env) => env.probe(() => on(env)[set](id)));
    row(`${set}("x", valid)`, (env) => env.probe(() => on(env)[set]("x", value)));
    row(`${set}(9999, valid)`, (env) => env.probe(() => on(env)[set](9999, value)));
    row(`${set}(${id}, valid, extra)`, (env) => env.probe(() => on(env)[set](id, value, 1)));
    row(`${set}(${id}, valid) closed`, (env) => {
      const s = on(env);
      s.close();
      return env.probe(() => s[set](id, value));
    });
  }
  row("setUint64Option(4, 2^60) warns", (env) => {
    const s = on(env);
    return { set: env.probe(() => s.setUint64Option(4, 2 ** 60)), get: env.probe(() => s.getUint64Option(4)) };
  });
  row("setStringOption(5, null)", (env) => {
    const s = on(env);
    return { set: env.probe(() => s.setStringOption(5, null)), get: env.probe(() => s.getStringOption(5)) };
  });
  row("setStringOption(5, Buffer)", (env) => {
    const s = on(env);
    return {
      set: env.probe(() => s.setStringOption(5, Buffer.from([0xff, 1]))),
      get: env.probe(() => s.getStringOption(5)),
    };
  });
  // Context raw accessors (ZMQ_IO_THREADS 1, ZMQ_BLOCKY 70).
  const ctxRaw: ReadonlyArray<readonly [string, number, unknown]> = [
    ["Int32", 1, 2],
    ["Bool", 70, false],
  ];
  for (const [kind, id, value] of ctxRaw) {
    const get = `get${kind}Option`;
    const set = `set${kind}Option`;
    row(`Context.${get}(${id})`, (env) => env.probe(() => new env.zmq.Context()[get](id)));
    row(`Context.${get}()`, (env) => env.probe(() => new env.zmq.Context()[get]()));
    row(`Context.${get}(9999)`, (env) => env.probe(() => new env.zmq.Context()[get](9999)));
    row(`Context.${set}(${id}, valid)`, (env) => {
      const c = new env.zmq.Context();
      return { set: env.probe(() => c[set](id, value)), get: env.probe(() => c[get](id)) };
    });
    row(`Context.${set}("x", valid)`, (env) => env.probe(() => new env.zmq.Context()[set]("x", value)));
    row(`Context.${set}(${id})`, (env) => env.probe(() => new env.zmq.Context()[set](id)));
  }
  return rows;
}
