/**
 * Why rows of the differential table differ (zmtp vs the zeromq 6.8.0 binding), each with the
 * item of issue 9 that lists it, or "new" for differences this table found. A row appears under
 * one reason (its main one) in known-*.ts; docs/differences-found.md is generated from the same.
 */
export interface KnownDifference {
  /** Issue 9's item number, or "new". */
  readonly item: number | "new";
  readonly reason: string;
}

export const REASONS = {
  capability: { item: "new", reason: "capability: zmtp reports tipc as false (it has none)" },
  "capability-frozen": {
    item: "new",
    reason: "capability object is frozen in zmtp, a plain mutable object in the binding",
  },
  "context-raw": { item: "new", reason: "Context has no raw option accessors (get/setBoolOption, get/setInt32Option)" },
  "ctor-length": { item: "new", reason: "constructor .length differs (the binding's native constructors report 0)" },
  "curve-key-readback": {
    item: "new",
    reason:
      "CURVE keys read back as their 40 Z85 characters (libzmq's getsockopt answer; unset: 40 '0's); zeromq 6.8.0 throws EINVAL on every read of a key",
  },
  "observer-proto": { item: "new", reason: "Observer prototype: no `emitter` accessor; zmtp adds `dropped`" },
  "proxy-accessors": {
    item: "new",
    reason: "Proxy frontEnd/backEnd are plain writable properties, not prototype getters",
  },
  arity: {
    item: 1,
    reason: 'too many arguments not rejected (binding: TypeError "Expected N argument(s) but received M")',
  },
  "without-new": {
    item: 1,
    reason:
      "calling a class without new: V8's per-class message instead of the binding's \"Class constructors cannot be invoked without 'new'\"",
  },
  "ctor-context": {
    item: "new",
    reason:
      'invalid `context` option: binding throws a plain Error "Invalid argument" (no code/errno) also for null; zmtp adds code EINVAL and treats null as absent',
  },
  "proxy-args": {
    item: 1,
    reason:
      'Proxy argument checks: binding checks each side in turn ("Front-end/Back-end must be a socket object", then Error "Invalid argument" for a non-socket object)',
  },
  "observer-args": {
    item: 1,
    reason:
      'Observer argument check missing (binding: TypeError "Socket must be a socket object" / Error "Invalid argument")',
  },
  "observer-closed": { item: "new", reason: "new Observer(closed socket): binding throws ENOTSOCK" },
  "write-only": {
    item: "new",
    reason: "write-only options (binding defines no getter, reading gives undefined) are readable in zmtp",
  },
  "closed-enotsock": {
    item: 1,
    reason:
      'option get/set on a closed socket: binding throws ENOTSOCK "Socket operation on non-socket" (after the "will not take effect" warning for deferred options); zmtp reads/writes the stale value',
  },
  "warn-not-effective": {
    item: 5,
    reason:
      'no process warning "Socket option will not take effect until next connect/bind." when setting a deferred option on a socket with endpoints or a pending bind',
  },
  "sub-linger": { item: "new", reason: "SUB and XSUB sockets default to linger 0 in libzmq; zmtp reports -1" },
  "uint64-affinity": {
    item: 5,
    reason:
      "uint64 option (affinity): binding takes any Number, clamps negatives to 0 and >= 2^64 to the maximum, warns above 2^53-1; zmtp rejects",
  },
  "number-coercion": {
    item: "new",
    reason:
      "numeric options: the binding converts any Number (truncates 1.5, NaN/Infinity -> 0, wraps outside int32/uint32/int64) and lets libzmq validate; zmtp throws TypeError for non-integers and EINVAL outside the C type's range",
  },
  "hb-ttl-negative-zero": {
    item: "new",
    reason: "heartbeatTimeToLive set to -1 or -2 reads back -0 in zmtp, 0 in the binding",
  },
  "unsupported-options": {
    item: "new",
    reason:
      "options zmtp cannot honour on Node (interface = SO_BINDTODEVICE, tcpMaxRetransmitTimeout) throw ENOTSUP; libzmq accepts them",
  },
  "range-validation": {
    item: "new",
    reason:
      "value ranges validated differently: libzmq accepts maxMessageSize < -1 and rejects tcpKeepalive outside -1..1 and multicastMaxTransportDataUnit 0; zmtp the other way round",
  },
  "string-empty-null": {
    item: "new",
    reason:
      'string options: libzmq rejects "" (and empty Buffers) for plainUsername, plainPassword, zapDomain and tcpAcceptFilter, null for routingId, and a zapDomain over 255 bytes with EINVAL; zmtp accepts them',
  },
  "zapdomain-null": { item: 1, reason: "zapDomain = null: binding EINVAL" },
  "mandatory-read": {
    item: "new",
    reason:
      "Router.mandatory: reading throws EINVAL in the binding (libzmq 4.3.5 cannot read ZMQ_ROUTER_MANDATORY); zmtp returns the value",
  },
  "raw-identifier": {
    item: 1,
    reason: 'raw accessors: non-number option id must be TypeError "Identifier must be a number"',
  },
  "context-unvalidated": {
    item: "new",
    reason:
      "Context options: zmtp stores any number unvalidated; the binding converts to int32 and libzmq rejects out-of-range values with EINVAL",
  },
  "address-type": {
    item: 1,
    reason: 'address argument not type-checked (binding: TypeError "Address must be a string")',
  },
  "unbindsync-bug": {
    item: "new",
    reason: "unbindSync: the binding maps it to bindSync (zeromq.js #704), so it binds again; zmtp unbinds",
  },
  "async-iter-value": {
    item: "new",
    reason: "async iterator end result: binding returns {done: true} without a value key",
  },
  "null-prefix": {
    item: "new",
    reason: "subscribe(null)/unsubscribe(null) and connect {routingId: null} accepted by the binding",
  },
  "unbind-parse": {
    item: 2,
    reason:
      "unbind/disconnect do not parse the endpoint first: binding EINVAL (no ://), EPROTONOSUPPORT (unknown transport), ENOCOMPATPROTO (udp) before ENOENT",
  },
  "ports-lenient": {
    item: "new",
    reason:
      "tcp ports out of range (-1, 99999) and port 0: libzmq parses leniently and binds/connects; zmtp rejects EINVAL",
  },
  "bindsync-transports": {
    item: "new",
    reason: "bindSync supports only inproc in zmtp (tcp/ipc throw EPROTONOSUPPORT)",
  },
  "last-endpoint-connect": {
    item: "new",
    reason: "lastEndpoint is also set by connect() in libzmq; zmtp sets it only on bind",
  },
  "transports-unsupported": {
    item: "new",
    reason:
      "tipc (EAFNOSUPPORT on bind, accepted on connect) and ws (supported in the binding's build) differ from zmtp's EPROTONOSUPPORT",
  },
  "ipc-wildcard": {
    item: "new",
    reason:
      "ipc://* binds a relative tmpXXXXXX/socket path in libzmq; zmtp uses an absolute path under the temp directory",
  },
  "busy-ebusy": {
    item: 3,
    reason:
      'while bind/unbind is pending, bind/unbind/connect/disconnect/send/receive must throw EBUSY "Socket is blocked by a bind or unbind operation"',
  },
  "busy-close": {
    item: 3,
    reason: "close() during a pending bind/unbind takes effect when it settles (closed stays false until then)",
  },
  "async-settle": {
    item: 3,
    reason:
      "bind/unbind settle at least one loop turn later (thread pool in the binding); zmtp settles within microtasks",
  },
  "message-conversion": {
    item: "new",
    reason:
      "message conversion: the binding rejects a DataView (EINVAL), sends String(value) for a SharedArrayBuffer and for undefined in an array, throws TypeError for a Symbol and sends nothing for []; zmtp sends the bytes, an empty frame, the Symbol's text and a zero-frame message",
  },
  "push-receive": {
    item: "new",
    reason: "receive() on a send-only socket rejects ENOTSUP when closed in the binding (zmtp: EAGAIN)",
  },
  "stream-one-frame": {
    item: "new",
    reason: "Stream.send of a single frame resolves in the binding; zmtp rejects EINVAL",
  },
  "req-waits": {
    item: 11,
    reason: "REQ send with a reply outstanding waits (EFSM only with sendTimeout 0 or on timeout)",
  },
  "max-sockets": {
    item: 15,
    reason: 'Context maxSockets not enforced (binding: EMFILE "Too many open file descriptors")',
  },
  "proxy-busy": { item: "new", reason: "sockets of a running Proxy are blocked (EBUSY) in the binding" },
  "proxy-run-twice": {
    item: "new",
    reason:
      "a second run() of a running Proxy: the binding starts another proxy on the same sockets and never settles; zmtp throws EBUSY",
  },
  "observer-emitter-busy": {
    item: "new",
    reason: "on() while a receive() is pending: the binding's emitter loop fails with an unhandled EBUSY rejection",
  },
  "observer-late": {
    item: "new",
    reason:
      "the binding's Observer records only events after first access of socket.events (bind before access is lost)",
  },
  "observer-inproc-end": {
    item: "new",
    reason:
      "closing an inproc-bound socket with a connected peer: the binding's `end` arrives only once the peer is closed too",
  },
  "observer-after-end": {
    item: "new",
    reason:
      "Observer.receive() on a closed observer (after `end` or close()) throws EBADF synchronously in the binding; zmtp returns a promise",
  },
  "v5-proto": {
    item: "new",
    reason: "v5 Socket prototype: zmtp has property sugar for every option name and no _recv/_send",
  },
  "v5-coerce": {
    item: "new",
    reason:
      "v5 setsockopt coerces values (true -> 1, ...) where the binding passes them to the v6 setter unchanged (TypeError)",
  },
  "v5-unknown-option": {
    item: "new",
    reason:
      'v5 options the binding\'s compat layer does not handle give "Unknown option"; zmtp gives its own messages (read-only/write-only/not supported)',
  },
  "v5-ipv4only": { item: "new", reason: "v5 ZMQ_IPV4ONLY reads back a boolean in the binding, 1/0 in zmtp" },
  "v5-wrong-socket-option": {
    item: "new",
    reason:
      'v5 options of another socket type (ROUTER_MANDATORY, XPUB_VERBOSE, ROUTER_HANDOVER on a dealer): the binding sets a missing property (TypeError "Cannot add property ..., object is not extensible") or reads undefined as 0; zmtp throws EINVAL "... is not supported by this socket"',
  },
  "v5-bindsync-return": { item: "new", reason: "v5 bindSync returns undefined in the binding, the socket in zmtp" },
  "v5-send-queue-errors": {
    item: "new",
    reason:
      'v5 send queue: on close the binding emits an EAGAIN "error" for unsent messages, rejects unhandled for send on a pull, and never calls the callback of a send on a closed socket',
  },
  "v5-monitor-args-warning": {
    item: "new",
    reason:
      'v5 monitor(interval, num) emits the warning "Arguments to monitor() are ignored in compatibility mode; all events are read automatically"',
  },
  "observer-close-pending": {
    item: "new",
    reason: "Observer.close() rejects a pending receive() with ENOTSOCK in the binding (zmtp: EAGAIN)",
  },
  "observer-takeover": {
    item: "new",
    reason: "a second Observer on one socket takes over in the binding: the first receives `end` (zmtp keeps both)",
  },
} as const satisfies Record<string, KnownDifference>;

export type ReasonKey = keyof typeof REASONS;

/** Row-id patterns per reason: `<a|b>` stands for either alternative (see known.ts). */
export type KnownRows = Partial<Record<ReasonKey, readonly string[]>>;
