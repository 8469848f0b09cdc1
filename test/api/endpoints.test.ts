/**
 * Issue 9 item 2: unbind and disconnect parse the endpoint before looking it up, as
 * zmq_unbind/zmq_disconnect do: EINVAL without `://` or with an empty part, EPROTONOSUPPORT
 * for an unknown transport, ENOCOMPATPROTO for udp, and ENOENT only for a well-formed endpoint
 * that is not bound or connected; each with `address`; unbind rejects, disconnect throws.
 * Every case runs on zmtp and on the binding.
 */
import { outcome, sameOnBoth } from "./same.js";

const ENDPOINTS = [
  "",
  "foo",
  "tcp:/x",
  "tcp://",
  "inproc://",
  "ipc://",
  "://x",
  "bogus://x",
  "TCP://127.0.0.1:5555",
  " tcp://127.0.0.1:5555",
  "udp://127.0.0.1:5555",
  "pgm://eth0;239.192.1.1:5555",
  "epgm://x",
  "norm://x",
  "vmci://1:5555",
  "tipc://{5555,0,0}",
  "ws://127.0.0.1:5555",
  "tcp://127.0.0.1:5555",
  "tcp://127.0.0.1",
  "tcp://127.0.0.1:*",
  "inproc://never-bound",
  "ipc:///tmp/zmtp-never-bound.sock",
];

for (const ep of ENDPOINTS) {
  for (const op of ["unbind", "disconnect"] as const) {
    sameOnBoth(`${op}(${JSON.stringify(ep)}) of an endpoint never bound or connected`, async (lib) => {
      const s = new lib.Dealer({ linger: 0 });
      try {
        return await outcome(() => s[op](ep));
      } finally {
        s.close();
      }
    });
  }
}

sameOnBoth("unbind and disconnect of endpoints that are bound and connected succeed", async (lib) => {
  const s = new lib.Dealer({ linger: 0 });
  try {
    await s.bind("tcp://127.0.0.1:*");
    const ep = s.lastEndpoint as string;
    s.connect("inproc://endpoints-test-peer");
    const results = [
      await outcome(() => s.unbind(ep)),
      await outcome(() => s.unbind(ep)),
      await outcome(() => s.disconnect("inproc://endpoints-test-peer")),
      await outcome(() => s.disconnect("inproc://endpoints-test-peer")),
    ];
    // The port differs from run to run.
    return JSON.parse(JSON.stringify(results).replaceAll(ep, "<bound endpoint>")) as unknown;
  } finally {
    s.close();
  }
});
