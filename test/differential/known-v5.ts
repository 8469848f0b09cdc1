/** Known differences: v5-compat (zmtp/v5-compat vs zeromq/v5-compat). */
import type { KnownRows } from "./reasons.js";

export const V5_ROWS: KnownRows = {
  "curve-key-readback": [
    'v5/getsockopt(<ZMQ_CURVE_PUBLICKEY|ZMQ_CURVE_SECRETKEY|ZMQ_CURVE_SERVERKEY|"curve_publickey"|"curve_secretkey"|"curve_serverkey">)',
    'v5/setsockopt(<ZMQ_CURVE_PUBLICKEY|ZMQ_CURVE_SECRETKEY|ZMQ_CURVE_SERVERKEY>, <1|0|"abc"|Buffer|null|true>)',
    "v5/property <curve_publickey|curve_secretkey|curve_serverkey>",
    'v5/property <curve_publickey|curve_secretkey|curve_serverkey> = <1|"abc">',
  ],
  "closed-enotsock": [
    "v5/setsockopt(ZMQ_CURVE_SERVER, 1) closed",
    "v5/getsockopt(<ZMQ_CURVE_SERVER|ZMQ_CURVE_PUBLICKEY|ZMQ_CURVE_SECRETKEY|ZMQ_CURVE_SERVERKEY>) closed",
    "v5/setsockopt(<ZMQ_AFFINITY|ZMQ_RATE|ZMQ_RECOVERY_IVL|ZMQ_RECOVERY_IVL_MSEC|ZMQ_SNDBUF|ZMQ_RCVBUF|ZMQ_LINGER|ZMQ_RECONNECT_IVL|ZMQ_BACKLOG|ZMQ_RECONNECT_IVL_MAX|ZMQ_MAXMSGSIZE|ZMQ_SNDHWM|ZMQ_RCVHWM|ZMQ_MULTICAST_HOPS|ZMQ_RCVTIMEO|ZMQ_SNDTIMEO|ZMQ_IPV4ONLY|ZMQ_TCP_KEEPALIVE|ZMQ_TCP_KEEPALIVE_CNT|ZMQ_TCP_KEEPALIVE_IDLE|ZMQ_TCP_KEEPALIVE_INTVL|ZMQ_DELAY_ATTACH_ON_CONNECT|ZMQ_IPV6|ZMQ_PLAIN_SERVER|ZMQ_HEARTBEAT_IVL|ZMQ_HEARTBEAT_TTL|ZMQ_HEARTBEAT_TIMEOUT|ZMQ_CONNECT_TIMEOUT>, 1) closed",
    "v5/getsockopt(<ZMQ_AFFINITY|ZMQ_IDENTITY|ZMQ_RATE|ZMQ_RECOVERY_IVL|ZMQ_RECOVERY_IVL_MSEC|ZMQ_SNDBUF|ZMQ_RCVBUF|ZMQ_TYPE|ZMQ_LINGER|ZMQ_RECONNECT_IVL|ZMQ_BACKLOG|ZMQ_RECONNECT_IVL_MAX|ZMQ_MAXMSGSIZE|ZMQ_SNDHWM|ZMQ_RCVHWM|ZMQ_MULTICAST_HOPS|ZMQ_RCVTIMEO|ZMQ_SNDTIMEO|ZMQ_IPV4ONLY|ZMQ_LAST_ENDPOINT|ZMQ_TCP_KEEPALIVE|ZMQ_TCP_KEEPALIVE_CNT|ZMQ_TCP_KEEPALIVE_IDLE|ZMQ_TCP_KEEPALIVE_INTVL|ZMQ_DELAY_ATTACH_ON_CONNECT|ZMQ_IPV6|ZMQ_MECHANISM|ZMQ_PLAIN_SERVER|ZMQ_PLAIN_USERNAME|ZMQ_PLAIN_PASSWORD|ZMQ_ZAP_DOMAIN|ZMQ_HEARTBEAT_IVL|ZMQ_HEARTBEAT_TTL|ZMQ_HEARTBEAT_TIMEOUT|ZMQ_CONNECT_TIMEOUT>) closed",
  ],
  "string-empty-null": ["v5/setsockopt(<ZMQ_IDENTITY|ZMQ_ZAP_DOMAIN>, null)"],
  "unbindsync-bug": ["v5/unbindSync(bound)"],
  "unbind-parse": ["v5/disconnect(bad)"],
  "v5-proto": ["v5/Socket: prototype members"],
  "v5-coerce": [
    "v5/setsockopt(<ZMQ_AFFINITY|ZMQ_RATE|ZMQ_RECOVERY_IVL|ZMQ_RECOVERY_IVL_MSEC|ZMQ_SNDBUF|ZMQ_RCVBUF|ZMQ_LINGER|ZMQ_RECONNECT_IVL|ZMQ_BACKLOG|ZMQ_RECONNECT_IVL_MAX|ZMQ_MAXMSGSIZE|ZMQ_SNDHWM|ZMQ_RCVHWM|ZMQ_MULTICAST_HOPS|ZMQ_RCVTIMEO|ZMQ_SNDTIMEO|ZMQ_TCP_KEEPALIVE|ZMQ_TCP_KEEPALIVE_CNT|ZMQ_TCP_KEEPALIVE_IDLE|ZMQ_TCP_KEEPALIVE_INTVL|ZMQ_HEARTBEAT_IVL|ZMQ_HEARTBEAT_TTL|ZMQ_HEARTBEAT_TIMEOUT|ZMQ_CONNECT_TIMEOUT>, true)",
  ],
  "v5-unknown-option": [
    'v5/getsockopt(<ZMQ_SUBSCRIBE|ZMQ_UNSUBSCRIBE|ZMQ_TCP_ACCEPT_FILTER|"_subscribe"|"_unsubscribe">)',
    'v5/setsockopt(<ZMQ_SUBSCRIBE|ZMQ_UNSUBSCRIBE|ZMQ_RCVMORE|ZMQ_FD|ZMQ_EVENTS|ZMQ_TYPE|ZMQ_LAST_ENDPOINT|ZMQ_TCP_ACCEPT_FILTER|ZMQ_MECHANISM>, <1|0|"abc"|Buffer|null|true>)',
    "v5/getsockopt(<ZMQ_SUBSCRIBE|ZMQ_UNSUBSCRIBE|ZMQ_TCP_ACCEPT_FILTER>) closed",
    "v5/setsockopt(<ZMQ_RCVMORE|ZMQ_FD|ZMQ_EVENTS|ZMQ_TYPE|ZMQ_LAST_ENDPOINT|ZMQ_MECHANISM>, 1) closed",
    'v5/property <_fd|_ioevents|_receiveMore|_subscribe|_unsubscribe|last_endpoint|mechanism> = <1|"abc">',
    "v5/property <_subscribe|_unsubscribe>",
  ],
  "v5-ipv4only": ["v5/getsockopt(ZMQ_IPV4ONLY)", 'v5/setsockopt(ZMQ_IPV4ONLY, <1|0|"abc"|Buffer|null|true>)'],
  "v5-wrong-socket-option": [
    "v5/getsockopt(<ZMQ_ROUTER_MANDATORY|ZMQ_XPUB_VERBOSE|ZMQ_ROUTER_HANDOVER>)",
    'v5/setsockopt(<ZMQ_ROUTER_MANDATORY|ZMQ_XPUB_VERBOSE|ZMQ_ROUTER_HANDOVER>, <1|0|"abc"|Buffer|null|true>)',
    "v5/setsockopt(<ZMQ_ROUTER_MANDATORY|ZMQ_XPUB_VERBOSE|ZMQ_ROUTER_HANDOVER>, 1) closed",
    "v5/getsockopt(<ZMQ_ROUTER_MANDATORY|ZMQ_XPUB_VERBOSE|ZMQ_ROUTER_HANDOVER>) closed",
  ],
  "v5-bindsync-return": ["v5/bindSync returns"],
  "v5-send-queue-errors": ["v5/send returns this (no peer)", "v5/send on a pull", "v5/send on a closed socket with cb"],
  "v5-monitor-args-warning": ["v5/monitor(10, 0) warns"],
};
