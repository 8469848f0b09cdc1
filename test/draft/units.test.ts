// The draft pieces that need no socket: routing ids, the RADIO's group table, group commands
// in pipes, the udp datagram codec, udp endpoint parsing, and which types may use udp://.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createPipe } from "../../src/pipe/pipe.js";
import { groupCommand, groupCommandOf } from "../../src/routing/group-commands.js";
import { GroupTable } from "../../src/routing/group-table.js";
import { RoutingIds } from "../../src/routing/routing-ids.js";
import { SocketType } from "../../src/mechanism/socket-types.js";
import { checkTransport } from "../../src/socket/transports.js";
import { parseEndpoint } from "../../src/transport/endpoint.js";
import {
  UDP_MAX_DATAGRAM,
  decodeGroupDatagram,
  dgramAddressFrame,
  encodeGroupDatagram,
  parseDgramAddress,
} from "../../src/transport/udp-codec.js";
import { parseUdp } from "../../src/transport/udp-endpoint.js";

const pipe = () => createPipe(10, 10)[0];
const b = (s: string) => Buffer.from(s, "latin1");

test("RoutingIds: consecutive 32-bit ids that wrap, skip 0 and skip ids in use", () => {
  const ids = new RoutingIds(0xfffffffe);
  const [p1, p2, p3, p4] = [pipe(), pipe(), pipe(), pipe()];
  assert.deepEqual([ids.assign(p1), ids.assign(p2), ids.assign(p3)], [0xfffffffe, 0xffffffff, 1]);
  assert.equal(ids.pipe(1), p3);
  ids.release(p2);
  assert.equal(ids.pipe(0xffffffff), undefined);
  assert.equal(ids.idOf(p2), 0xffffffff, "a pipe that went away keeps its id for its last messages");
  // Wrap around to ids still in use: they are skipped.
  const wrapped = new RoutingIds(0xffffffff);
  const [q1, q2] = [pipe(), pipe()];
  assert.equal(wrapped.assign(q1), 0xffffffff);
  assert.equal(wrapped.assign(q2), 1);
  for (let i = 0; i < 3; i++) wrapped.assign(pipe());
  assert.equal(new RoutingIds(0).assign(p4), 1, "never 0");
});

test("GroupTable: a multimap; LEAVE of a group never joined is ignored; a pipe's groups go with it", () => {
  const table = new GroupTable();
  const [a, c] = [pipe(), pipe()];
  const members = (g: string) => [...table.members(b(g))];
  table.join(a, b("g"));
  table.join(a, b("g"));
  table.join(c, b("g"));
  table.join(c, b("h"));
  assert.deepEqual(members("g"), [a, c], "each pipe once");
  table.leave(a, b("g"));
  assert.deepEqual(members("g"), [a, c], "two JOINs need two LEAVEs");
  table.leave(a, b("g"));
  table.leave(a, b("never"));
  assert.deepEqual(members("g"), [c]);
  table.removePipe(c);
  assert.deepEqual([members("g"), members("h")], [[], []]);
});

test("group commands travel tagged; data does not look like one", () => {
  const join = groupCommand("JOIN", b("g"));
  assert.deepEqual([groupCommandOf(join), [...join]], ["JOIN", [b("g")]]);
  assert.equal(groupCommandOf([b("g"), b("body")]), undefined);
});

test("udp codec: RADIO datagrams, every length checked (the length byte is unsigned)", () => {
  assert.deepEqual(encodeGroupDatagram(b("grp"), b("hello")), Buffer.from("03677270" + "68656c6c6f", "hex"));
  assert.deepEqual(encodeGroupDatagram(b(""), b("")), Buffer.from([0]));
  assert.equal(encodeGroupDatagram(Buffer.alloc(256), b("")), null);
  assert.equal(encodeGroupDatagram(b("g"), Buffer.alloc(UDP_MAX_DATAGRAM - 1)), null);
  assert.equal(encodeGroupDatagram(b("g"), Buffer.alloc(UDP_MAX_DATAGRAM - 2))!.length, UDP_MAX_DATAGRAM);
  const long = Buffer.concat([Buffer.from([0xff]), Buffer.alloc(255, 0x61), b("x")]);
  assert.deepEqual(decodeGroupDatagram(long), [Buffer.alloc(255, 0x61), b("x")]);
  for (const bad of [
    Buffer.alloc(0),
    Buffer.from([0x80]),
    Buffer.from([2, 0x61]),
    Buffer.alloc(UDP_MAX_DATAGRAM + 1),
  ]) {
    assert.equal(decodeGroupDatagram(bad), null, bad.subarray(0, 4).toString("hex"));
  }
  assert.deepEqual(decodeGroupDatagram(Buffer.from([0])), [b(""), b("")]);
});

test("udp codec: DGRAM addresses as libzmq parses them", () => {
  assert.deepEqual(dgramAddressFrame("127.0.0.1", 5), b("127.0.0.1:5\0"));
  const ok = (s: string) => parseDgramAddress(b(s));
  assert.deepEqual(ok("127.0.0.1:33537\0"), { host: "127.0.0.1", port: 33537 });
  assert.deepEqual(ok("127.0.0.1:33537xyz"), { host: "127.0.0.1", port: 33537 });
  assert.deepEqual(ok("127.0.0.1:99073"), { host: "127.0.0.1", port: 33537 });
  assert.deepEqual(ok("10.0.0.1: 7"), { host: "10.0.0.1", port: 7 });
  for (const bad of ["localhost:5", "[::1]:5", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:x", "256.0.0.1:5", "1.2.3:4"]) {
    assert.equal(ok(bad), null, bad);
  }
  assert.equal(ok(`127.0.0.1:${"9".repeat(100_000)}`)?.host, "127.0.0.1", "a huge port costs no work");
});

test("udp endpoints: libzmq's syntax and refusals", () => {
  const ep = (s: string, bind = true) => parseUdp(`udp://${s}`, s, bind);
  assert.deepEqual(ep("127.0.0.1:5"), {
    transport: "udp",
    address: "udp://127.0.0.1:5",
    shown: "127.0.0.1:5",
    host: "127.0.0.1",
    port: 5,
    iface: null,
    multicast: false,
  });
  assert.equal(ep("*:*").port, 0);
  assert.equal(ep("[::1]:7").host, "::1");
  assert.deepEqual([ep("lo;239.0.0.1:5").iface, ep("lo;239.0.0.1:5").multicast], ["lo", true]);
  assert.equal(ep("[ff02::1]:5").multicast, true);
  for (const [s, bind] of [
    ["127.0.0.1", true],
    ["127.0.0.1:", true],
    ["127.0.0.1:70000", true],
    ["*:5", false],
    ["lo;127.0.0.1:5", true],
    ["239.0.0.1;239.0.0.2:5", true],
    [";239.0.0.1:5", true],
  ] as const) {
    assert.throws(() => ep(s, bind), { code: "EINVAL" }, s);
  }
  assert.equal(parseEndpoint("udp://127.0.0.1:5", false).transport, "udp");
});

test("udp:// is for DISH and DGRAM binds and RADIO connects; DGRAM takes nothing else", () => {
  const udp = parseEndpoint("udp://127.0.0.1:5", true);
  const tcp = parseEndpoint("tcp://127.0.0.1:5", true);
  const ok = (type: number, side: "bind" | "connect", ep = udp) => {
    try {
      checkTransport(type, ep, side);
      return true;
    } catch (err) {
      assert.equal((err as { code?: string }).code, "ENOCOMPATPROTO");
      return false;
    }
  };
  const binders = Object.values(SocketType).filter((t) => ok(t, "bind"));
  const connecters = Object.values(SocketType).filter((t) => ok(t, "connect"));
  assert.deepEqual(binders, [SocketType.DISH, SocketType.DGRAM]);
  assert.deepEqual(connecters, [SocketType.RADIO]);
  assert.deepEqual([ok(SocketType.DGRAM, "bind", tcp), ok(SocketType.DISH, "bind", tcp)], [false, true]);
});

test("a RADIO core refuses a group over 255 bytes (the API cuts it first; a raw Socket(14) does not)", async () => {
  const { Socket } = await import("../../src/index.js");
  const radio = new Socket(SocketType.RADIO, { linger: 0 });
  try {
    await assert.rejects(radio.send([Buffer.alloc(256), b("body")]), { code: "EINVAL" });
    await radio.send([Buffer.alloc(255), b("body")]);
  } finally {
    radio.close();
  }
});
