/**
 * The example of zmq_socket_monitor(3), ported line by line: two DEALERs over tcp, each
 * monitored over inproc, one bounce, close with linger 0, then both event flows read back and
 * checked exactly as the man page asserts. Prints each event: name, value, endpoint.
 */
import assert from "node:assert/strict";
import { Dealer, Pair, type Socket } from "../src/index.js";
import {
  EVENT_ALL,
  EVENT_CLOSED,
  EVENT_CONNECTED,
  EVENT_CONNECT_DELAYED,
  EVENT_ACCEPTED,
  EVENT_HANDSHAKE_SUCCEEDED,
  EVENT_LISTENING,
  EVENT_MONITOR_STOPPED,
  EVENT_NAMES,
  decodeMonitorEvent,
  socketMonitor,
} from "../src/monitor.js";

/** Reads one event off the monitor socket: two frames, [u16 event | u32 value] and the endpoint. */
async function getMonitorEvent(monitor: Pair, who: string): Promise<number> {
  const frames = await monitor.receive();
  assert.equal(frames.length, 2);
  const ev = decodeMonitorEvent(frames);
  console.log(
    `  ${who.padEnd(6)} ${(EVENT_NAMES[ev.event] ?? "?").padEnd(20)} value=${String(ev.value).padEnd(4)} ${ev.endpoint}`,
  );
  return ev.event;
}

async function bounce(client: Socket, server: Socket): Promise<void> {
  const content = "12345678ABCDEFGH12345678abcdefgh";
  await client.send([content, content]);
  const got = await server.receive();
  await server.send(got);
  const back = await client.receive();
  assert.deepEqual(back.map(String), [content, content]);
}

async function main(): Promise<void> {
  // We'll monitor these two sockets.
  const client = new Dealer();
  const server = new Dealer();

  // Socket monitoring only works over inproc://
  assert.throws(() => socketMonitor(client, "tcp://127.0.0.1:9999", 0), { code: "EPROTONOSUPPORT" });
  console.log('socketMonitor(client, "tcp://127.0.0.1:9999", 0) -> EPROTONOSUPPORT, as the page asserts');

  // Monitor all events on client and server sockets.
  socketMonitor(client, "inproc://monitor-client", EVENT_ALL);
  socketMonitor(server, "inproc://monitor-server", EVENT_ALL);

  // Create two sockets for collecting monitor events, and connect them to the inproc endpoints.
  const clientMon = new Pair();
  const serverMon = new Pair();
  clientMon.connect("inproc://monitor-client");
  serverMon.connect("inproc://monitor-server");

  // Now do a basic ping test (the page uses port 9998; we let the OS pick a free one).
  await server.bind("tcp://127.0.0.1:*");
  client.connect(server.lastEndpoint!);
  await bounce(client, server);

  // Close client and server.
  client.linger = 0;
  client.close();
  server.linger = 0;
  server.close();

  // Now collect and check events from both sockets.
  console.log("client flow:");
  let event = await getMonitorEvent(clientMon, "client");
  if (event === EVENT_CONNECT_DELAYED) event = await getMonitorEvent(clientMon, "client");
  assert.equal(event, EVENT_CONNECTED);
  assert.equal(await getMonitorEvent(clientMon, "client"), EVENT_HANDSHAKE_SUCCEEDED);
  assert.equal(await getMonitorEvent(clientMon, "client"), EVENT_MONITOR_STOPPED);

  // This is the flow of server events.
  console.log("server flow:");
  assert.equal(await getMonitorEvent(serverMon, "server"), EVENT_LISTENING);
  assert.equal(await getMonitorEvent(serverMon, "server"), EVENT_ACCEPTED);
  assert.equal(await getMonitorEvent(serverMon, "server"), EVENT_HANDSHAKE_SUCCEEDED);
  assert.equal(await getMonitorEvent(serverMon, "server"), EVENT_CLOSED);
  assert.equal(await getMonitorEvent(serverMon, "server"), EVENT_MONITOR_STOPPED);

  // Close down the sockets.
  clientMon.close();
  serverMon.close();
  console.log("both flows exactly as zmq_socket_monitor(3) asserts");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
