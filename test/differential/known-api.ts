/** Known differences: the root module's shape, constructors, methods, endpoints, bind/unbind state, messaging, Proxy and Observer. */
import type { KnownRows } from "./reasons.js";

export const API_ROWS: KnownRows = {
  "proxy-run-twice": ["proxy/run() twice"],
  capability: ["module/capability"],
  "observer-proto": ["module/Observer: prototype members"],
  "unbindsync-bug": ["socket.method/unbindSync(valid)", "socket.endpoint/unbindSync the bound inproc endpoint"],
  "ports-lenient": [
    "socket.endpoint/<bind|bindSync> tcp port <99999|-1>",
    "socket.endpoint/connect tcp port <99999|0>",
  ],
  "bindsync-transports": [
    "socket.endpoint/bindSync tcp port 0",
    "socket.endpoint/bindSync tcp wildcard <port|host>",
    "socket.endpoint/bindSync tcp localhost",
    "socket.endpoint/bindSync tcp ipv6 loopback",
    "socket.endpoint/bindSync tcp unclosed bracket",
    "socket.endpoint/bindSync tcp interface lo",
    "socket.endpoint/bindSync tcp unknown interface",
    "socket.endpoint/bindSync tcp bad ipv4",
    "socket.endpoint/bindSync <tipc|ipc>",
    "socket.endpoint/bindSync ws wildcard port",
    "socket.endpoint/bindSync ipc missing directory",
    "socket.endpoint/bindSync ipc wildcard",
  ],
  "transports-unsupported": [
    "socket.endpoint/connect <tipc|ws>",
    "socket.endpoint/bind tipc",
    "socket.endpoint/<bind|connect> ws wildcard port",
  ],
  "ipc-wildcard": ["socket.endpoint/bind ipc wildcard"],
  "stream-one-frame": ["socket.message/Stream.send with one frame"],
  "observer-emitter-busy": ["observer/on() after receive()"],
  "observer-late": ["observer/events of tcp bind, close (events read after bind)"],
  "observer-inproc-end": ["observer/events of an inproc bind and connect, peer still open"],
  "observer-takeover": ["observer/second Observer on one socket"],
};
