/** The socket options a listener or connecter reads (the socket's option store satisfies it). */
export interface TransportOptions {
  /** ZMQ_IPV6: resolve and listen on IPv6 as well */
  readonly ipv6: boolean;
  /** ZMQ_BACKLOG */
  readonly backlog: number;
  /** ZMQ_TCP_ACCEPT_FILTER: addresses (or CIDR subnets) a listener accepts; empty = all */
  readonly acceptFilters: readonly string[];
  /** ZMQ_CONNECT_TIMEOUT, ms; 0 = OS default */
  readonly connectTimeout: number;
  /** ZMQ_RECONNECT_IVL, ms; <= 0 disables reconnection */
  readonly reconnectInterval: number;
  /** ZMQ_RECONNECT_IVL_MAX, ms; 0 = jittered constant interval */
  readonly reconnectMaxInterval: number;
  /** ZMQ_SOCKS_PROXY: "host:port" of a SOCKS5 proxy for tcp connects; "" = none */
  readonly socksProxy: string;
  /** ZMQ_SOCKS_USERNAME / ZMQ_SOCKS_PASSWORD: RFC 1929 credentials for it; "" username = no authentication */
  readonly socksUsername: string;
  readonly socksPassword: string;
}
