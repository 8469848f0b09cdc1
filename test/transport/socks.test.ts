// The SOCKS5 negotiation without sockets: bytes from the proxy in, bytes to write and the outcome
// out (RFC 1928/1929 as libzmq's socks_connecter speaks them).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Socks5Negotiation, parseProxyAddress, type SocksStep } from "../../src/transport/socks.js";

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ""), "hex");
const target = { host: "127.0.0.1", port: 5555 };
const CONNECT_V4 = hex("05 01 00 01 7f000001 15b3");
const OK_V4 = hex("05 00 00 01 7f000001 1f90");
const creds = { username: Buffer.from("user"), password: Buffer.from("pw") };

const sent = (step: SocksStep) => (step.kind === "failed" ? [] : step.send.map((b) => b.toString("hex")));

describe("parseProxyAddress", () => {
  test("host:port, a bracketed IPv6 host, a name; no port, port 0 or out of range → null", () => {
    assert.deepEqual(parseProxyAddress("127.0.0.1:1080"), { host: "127.0.0.1", port: 1080 });
    assert.deepEqual(parseProxyAddress("[::1]:9050"), { host: "::1", port: 9050 });
    assert.deepEqual(parseProxyAddress("proxy.example:65535"), { host: "proxy.example", port: 65535 });
    for (const bad of ["127.0.0.1", "127.0.0.1:", ":1080", "h:0", "h:65536", "h:x", "h:-1", ""]) {
      assert.equal(parseProxyAddress(bad), null, bad);
    }
  });
});

describe("Socks5Negotiation", () => {
  test("no authentication: greeting offers method 0, then CONNECT, then connected", () => {
    const n = new Socks5Negotiation(target, null);
    assert.deepEqual(n.greeting(), hex("05 01 00"));
    const a = n.feed(hex("05 00"));
    assert.equal(a.kind, "continue");
    assert.deepEqual(sent(a), [CONNECT_V4.toString("hex")]);
    const b = n.feed(OK_V4);
    assert.equal(b.kind, "connected");
    assert.deepEqual(b.kind === "connected" && b.rest, Buffer.alloc(0));
  });

  test("username/password: offers method 2, sends the RFC 1929 request, CONNECT after status 0", () => {
    const n = new Socks5Negotiation(target, creds);
    assert.deepEqual(n.greeting(), hex("05 01 02"));
    assert.deepEqual(sent(n.feed(hex("05 02"))), ["0104" + Buffer.from("user").toString("hex") + "02" + "7077"]);
    assert.deepEqual(sent(n.feed(hex("01 00"))), [CONNECT_V4.toString("hex")]);
    assert.equal(n.feed(OK_V4).kind, "connected");
  });

  test("either method is taken whatever was offered (libzmq): method 2 without credentials sends empty ones", () => {
    const n = new Socks5Negotiation(target, null);
    assert.deepEqual(sent(n.feed(hex("05 02"))), ["010000"]);
    const m = new Socks5Negotiation(target, creds);
    assert.deepEqual(sent(m.feed(hex("05 00"))), [CONNECT_V4.toString("hex")]);
  });

  test("the target: IPv4, IPv6 and a domain name (not resolved); a name over 255 bytes fails", () => {
    const v6 = new Socks5Negotiation({ host: "::1", port: 80 }, null);
    assert.deepEqual(sent(v6.feed(hex("05 00"))), ["05010004" + "0".repeat(30) + "01" + "0050"]);
    const mapped = new Socks5Negotiation({ host: "::ffff:1.2.3.4", port: 80 }, null);
    assert.deepEqual(sent(mapped.feed(hex("05 00"))), ["05010004" + "00000000000000000000ffff01020304" + "0050"]);
    const name = new Socks5Negotiation({ host: "localhost", port: 80 }, null);
    assert.deepEqual(sent(name.feed(hex("05 00"))), [
      "05010003" + "09" + Buffer.from("localhost").toString("hex") + "0050",
    ]);
    const long = new Socks5Negotiation({ host: "x".repeat(256), port: 80 }, null);
    assert.equal(long.feed(hex("05 00")).kind, "failed");
  });

  test("replies in pieces and together: a byte at a time, and the peer's first bytes after the reply", () => {
    const n = new Socks5Negotiation(target, null);
    const all = Buffer.concat([hex("05 00"), OK_V4, hex("ff 00 00")]);
    const steps = [...all].map((byte) => n.feed(Buffer.from([byte])));
    const connectedAt = steps.findIndex((s) => s.kind === "connected");
    assert.equal(connectedAt, 2 + OK_V4.length - 1);
    const m = new Socks5Negotiation(target, null);
    const together = m.feed(all);
    assert.equal(together.kind, "connected");
    assert.deepEqual(together.kind === "connected" && together.send.length, 1);
    assert.deepEqual(together.kind === "connected" && together.rest, hex("ff 00 00"));
  });

  test("reply address types: IPv6 (22 bytes) and a domain name (its length byte)", () => {
    const v6 = new Socks5Negotiation(target, null);
    v6.feed(hex("05 00"));
    assert.equal(v6.feed(hex("05 00 00 04" + "00".repeat(16) + "0001")).kind, "connected");
    const dn = new Socks5Negotiation(target, null);
    dn.feed(hex("05 00"));
    assert.equal(dn.feed(hex("05 00 00 03 02 6869 0001")).kind, "connected");
  });

  test("refusals and nonsense fail: method 0xFF, auth status ≠ 0, reply ≠ 0, bad versions, RSV, ATYP, code > 8", () => {
    const cases: Array<[string, Socks5Negotiation, Buffer[]]> = [
      ["no acceptable method", new Socks5Negotiation(target, null), [hex("05 ff")]],
      ["not SOCKS5", new Socks5Negotiation(target, null), [hex("04 00")]],
      ["auth refused", new Socks5Negotiation(target, creds), [hex("05 02"), hex("01 01")]],
      ["auth reply version", new Socks5Negotiation(target, creds), [hex("05 02"), hex("05 00")]],
      ["connect refused", new Socks5Negotiation(target, null), [hex("05 00"), hex("05 05 00 01 00000000 0000")]],
      ["reply code > 8", new Socks5Negotiation(target, null), [hex("05 00"), hex("05 09")]],
      ["reserved byte", new Socks5Negotiation(target, null), [hex("05 00"), hex("05 00 01")]],
      ["address type", new Socks5Negotiation(target, null), [hex("05 00"), hex("05 00 00 02")]],
      ["reply version", new Socks5Negotiation(target, null), [hex("05 00"), hex("04")]],
    ];
    for (const [what, n, chunks] of cases) {
      const last = chunks.map((c) => n.feed(c)).at(-1)!;
      assert.equal(last.kind, "failed", what);
    }
  });
});
