/**
 * Issue 9 item 1: argument checks as the binding's native functions make them (each argument's
 * type in order, then the count), the message of a class called without `new`, invalid objects,
 * and option access on a closed socket (ENOTSOCK). Every case runs on zmtp and on the binding.
 */
import { outcome, sameOnBoth, type Lib } from "./same.js";

type Case = (lib: Lib) => unknown;

/** A Dealer for one call, closed afterwards (or already closed when `closed`). */
function withDealer(call: (s: Lib, lib: Lib) => unknown, closed = false): Case {
  return (lib) => {
    const s = new lib.Dealer({ linger: 0 });
    if (closed) s.close();
    try {
      const r = call(s, lib);
      if (r instanceof Promise) r.catch(() => {});
      return r;
    } finally {
      s.close();
    }
  };
}

const CASES: Record<string, Case> = {
  // constructors
  "new Context({}, 2)": (lib) => new lib.Context({}, 2),
  "new Context(1, 2)": (lib) => new lib.Context(1, 2),
  "new Context(null)": (lib) => new lib.Context(null),
  "new Socket(1, ctx, 2)": (lib) => new lib.Socket(1, new lib.Context(), 2),
  "new Socket()": (lib) => new lib.Socket(),
  'new Socket("1", {}, 2)': (lib) => new lib.Socket("1", {}, 2),
  "new Socket(1, null)": (lib) => new lib.Socket(1, null),
  "new Socket(99)": (lib) => new lib.Socket(99),
  "new Socket(5, {context: null})": (lib) => new lib.Socket(5, { context: null }),
  "new Socket(5, {context: {}})": (lib) => new lib.Socket(5, { context: {} }),
  "new Socket(5, {context: undefined})": (lib) => new lib.Socket(5, { context: undefined }),
  "new Dealer(1)": (lib) => new lib.Dealer(1),
  "new Proxy()": (lib) => new lib.Proxy(),
  "new Proxy({})": (lib) => new lib.Proxy({}),
  "new Proxy({}, {})": (lib) => new lib.Proxy({}, {}),
  "new Proxy(1, 2)": (lib) => new lib.Proxy(1, 2),
  "new Proxy(dealer)": withDealer((d, lib) => new lib.Proxy(d)),
  "new Proxy(dealer, {})": withDealer((d, lib) => new lib.Proxy(d, {})),
  "new Proxy(dealer, dealer, 3)": withDealer((d, lib) => new lib.Proxy(d, d, 3)),
  "new Observer()": (lib) => new lib.Observer(),
  "new Observer({})": (lib) => new lib.Observer({}),
  "new Observer(1)": (lib) => new lib.Observer(1),
  "new Observer(dealer, 2)": withDealer((d, lib) => new lib.Observer(d, 2)),
  "new Observer(closed dealer)": withDealer((d, lib) => new lib.Observer(d), true),
  "observer: close() then receive()": withDealer((d) => {
    const o = d.events;
    o.close();
    return o.receive();
  }),
  "observer: close() rejects a pending receive()": withDealer((d) => {
    const o = d.events;
    const pending = o.receive();
    o.close();
    return pending;
  }),
  "observer: receive(1)": withDealer((d) => d.events.receive(1)),
  "Observer() without new": (lib) => lib.Observer(),
  "Context() without new": (lib) => lib.Context(),
  "Socket(5) without new": (lib) => lib.Socket(5),
  "Proxy() without new": (lib) => lib.Proxy(),
  "Dealer() without new": (lib) => lib.Dealer(),
  "constructor lengths": (lib) => [
    lib.Context.length,
    lib.Socket.length,
    lib.Proxy.length,
    lib.Observer.length,
    lib.Dealer.length,
  ],
  // socket methods: each argument's type, then the count; before the state checks
  "bind()": withDealer((s) => s.bind()),
  "bind(1)": withDealer((s) => s.bind(1)),
  'bind("inproc://x", 2)': withDealer((s) => s.bind("inproc://x", 2)),
  "unbind(null)": withDealer((s) => s.unbind(null)),
  "bindSync({})": withDealer((s) => s.bindSync({})),
  "unbindSync()": withDealer((s) => s.unbindSync()),
  "connect()": withDealer((s) => s.connect()),
  'connect("inproc://x", 2)': withDealer((s) => s.connect("inproc://x", 2)),
  'disconnect(Buffer("inproc://x"))': withDealer((s) => s.disconnect(Buffer.from("inproc://x"))),
  "close(1)": withDealer((s) => s.close(1)),
  "receive(undefined)": withDealer((s) => s.receive(undefined)),
  "send()": withDealer((s) => s.send()),
  'send("a", 2)': withDealer((s) => s.send("a", 2)),
  "closed: bind(1)": withDealer((s) => s.bind(1), true),
  "closed: send()": withDealer((s) => s.send(), true),
  "closed: close(1)": withDealer((s) => s.close(1), true),
  'closed: bind("inproc://x")': withDealer((s) => s.bind("inproc://x"), true),
  'Router.connect(5, {routingId: "a"})': (lib) => {
    const r = new lib.Router({ linger: 0 });
    try {
      return r.connect(5, { routingId: "a" });
    } finally {
      r.close();
    }
  },
  'Router.connect("inproc://r", 2)': (lib) => {
    const r = new lib.Router({ linger: 0 });
    try {
      return r.connect("inproc://r", 2);
    } finally {
      r.close();
    }
  },
  // raw option accessors
  'setInt32Option("x", 1)': withDealer((s) => s.setInt32Option("x", 1)),
  "setInt32Option(17)": withDealer((s) => s.setInt32Option(17)),
  'setInt32Option(17, "1")': withDealer((s) => s.setInt32Option(17, "1")),
  "setInt32Option(17, 1, 2)": withDealer((s) => s.setInt32Option(17, 1, 2)),
  "getInt32Option()": withDealer((s) => s.getInt32Option()),
  "getInt32Option(17, 2)": withDealer((s) => s.getInt32Option(17, 2)),
  "getInt32Option(9999)": withDealer((s) => s.getInt32Option(9999)),
  "setBoolOption(39, 1)": withDealer((s) => s.setBoolOption(39, 1)),
  "setStringOption(5, 1)": withDealer((s) => s.setStringOption(5, 1)),
  "setStringOption(5, undefined)": withDealer((s) => s.setStringOption(5, undefined)),
  "setStringOption(5, Uint8Array)": withDealer((s) => {
    s.setStringOption(5, new Uint8Array([97, 98]));
    return s.routingId;
  }),
  "setStringOption(5, DataView)": withDealer((s) => s.setStringOption(5, new DataView(new ArrayBuffer(2)))),
  "getUint64Option(4, 1)": withDealer((s) => s.getUint64Option(4, 1)),
  'Context.setInt32Option("x", 1)': (lib) => new lib.Context().setInt32Option("x", 1),
  "Context.setBoolOption(70)": (lib) => new lib.Context().setBoolOption(70),
  "Context.getInt32Option(9999)": (lib) => new lib.Context().getInt32Option(9999),
  "Context.getInt32Option(6)": (lib) => new lib.Context().getInt32Option(6),
  "Context.setInt32Option(2, 0)": (lib) => new lib.Context().setInt32Option(2, 0),
  "Context.ioThreads = 1.7": (lib) => {
    const c = new lib.Context();
    c.ioThreads = 1.7;
    return c.ioThreads;
  },
  "Context.maxMessageSize = -5": (lib) => {
    new lib.Context().maxMessageSize = -5;
  },
  "Context.ipv6 = 1": (lib) => {
    new lib.Context().ipv6 = 1;
  },
  // option values libzmq refuses
  "zapDomain = null": withDealer((s) => (s.zapDomain = null)),
  'zapDomain = ""': withDealer((s) => (s.zapDomain = "")),
  "routingId = null": withDealer((s) => (s.routingId = null)),
  'plainUsername = ""': withDealer((s) => (s.plainUsername = "")),
  "plainUsername = Buffer(0)": withDealer((s) => {
    s.plainUsername = Buffer.alloc(0);
    return s.plainUsername;
  }),
  'tcpAcceptFilter = ""': withDealer((s) => (s.tcpAcceptFilter = "")),
  // a closed socket: options are ENOTSOCK, the type checks still come first
  "closed: linger = 5": withDealer((s) => (s.linger = 5), true),
  "closed: linger": withDealer((s) => s.linger, true),
  "closed: type": withDealer((s) => s.type, true),
  "closed: lastEndpoint": withDealer((s) => s.lastEndpoint, true),
  "closed: sendTimeout = 1": withDealer((s) => (s.sendTimeout = 1), true),
  'closed: linger = "5"': withDealer((s) => (s.linger = "5"), true),
  "closed: setInt32Option(17, 1)": withDealer((s) => s.setInt32Option(17, 1), true),
  "closed: getInt32Option(9999)": withDealer((s) => s.getInt32Option(9999), true),
  'closed: setInt32Option("x", 1)': withDealer((s) => s.setInt32Option("x", 1), true),
  "closed: events": withDealer((s) => s.events, true),
  "closed: context": withDealer((s) => s.context, true),
  "closed: readable": withDealer((s) => s.readable, true),
  'closed: Subscriber.subscribe("a")': (lib) => {
    const s = new lib.Subscriber();
    s.close();
    return s.subscribe("a");
  },
  "closed: Subscriber.unsubscribe()": (lib) => {
    const s = new lib.Subscriber();
    s.close();
    return s.unsubscribe();
  },
  "Subscriber.subscribe(null)": (lib) => {
    const s = new lib.Subscriber();
    try {
      return s.subscribe(null);
    } finally {
      s.close();
    }
  },
  "Subscriber.subscribe(1)": (lib) => {
    const s = new lib.Subscriber();
    try {
      return s.subscribe(1);
    } finally {
      s.close();
    }
  },
};

for (const [name, call] of Object.entries(CASES)) {
  sameOnBoth(name, (lib) => outcome(() => call(lib)));
}
