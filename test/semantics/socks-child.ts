// Runs one SOCKS connect with the zeromq binding in a child process and prints its first
// monitor events as JSON. A child because libzmq 4.3.5 aborts the process ("Bad file descriptor
// (epoll.cpp:86)") when a socket whose SOCKS connect failed is closed: its socks_connecter
// removes the fd's poll handle on the failure and again at termination. So the child never
// closes the socket: it prints, then ends itself with SIGKILL (no exit handlers run).
import * as zmq from "zeromq";

export interface SocksChildArgs {
  readonly proxy: string;
  readonly target: string;
  readonly username?: string;
  readonly password?: string;
  /** How many events to print. */
  readonly events: number;
}

const args = JSON.parse(process.argv[2] ?? "{}") as SocksChildArgs;
const socket = new zmq.Dealer({ linger: 0, reconnectInterval: 20, socksProxy: args.proxy });
// The raw accessors are protected in the binding's typings (the draft options have no property).
const raw = socket as unknown as { setStringOption(id: number, value: string): void };
if (args.username !== undefined) raw.setStringOption(99, args.username);
if (args.password !== undefined) raw.setStringOption(100, args.password);
const seen: Array<{ type: string; address?: string }> = [];
const events = socket.events;
socket.connect(args.target);
for await (const e of events) {
  seen.push({ type: e.type, address: (e as { address?: string }).address });
  if (seen.length === args.events) break;
}
process.stdout.write(JSON.stringify(seen) + "\n", () => process.kill(process.pid, "SIGKILL"));
