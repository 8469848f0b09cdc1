/**
 * Issue 9 item 8: frames of up to 128 bytes are copied when sent, so the caller may change its
 * Buffer as soon as `send` resolves; larger frames are sent by reference (on inproc the
 * receiver gets the very same memory). Runs on zmtp and on the binding.
 */
import { sameOnBoth } from "./same.js";

let n = 0;

for (const transport of ["inproc", "tcp", "ipc"] as const) {
  for (const size of [1, 64, 128]) {
    sameOnBoth(`${transport}: a ${size}-byte frame changed after send resolves arrives as sent`, async (lib) => {
      const pull = new lib.Pull({ linger: 0 });
      const push = new lib.Push({ linger: 0 });
      try {
        const ep =
          transport === "inproc"
            ? `inproc://frames-${++n}`
            : transport === "ipc"
              ? `ipc:///tmp/zmtp-frames-${process.pid}-${++n}.sock`
              : "tcp://127.0.0.1:*";
        await pull.bind(ep);
        push.connect(pull.lastEndpoint ?? ep);
        const frame = Buffer.alloc(size, "a");
        const typed = new Uint8Array(size).fill(98);
        await push.send([frame, typed]);
        frame.fill("x");
        typed.fill(120);
        const got = await pull.receive();
        return got.map((b: Buffer) => b.toString());
      } finally {
        push.close();
        pull.close();
      }
    });
  }
}

sameOnBoth("inproc: a frame over 128 bytes is sent by reference (the receiver sees later changes)", async (lib) => {
  const pull = new lib.Pull({ linger: 0 });
  const push = new lib.Push({ linger: 0 });
  try {
    const ep = `inproc://frames-${++n}`;
    await pull.bind(ep);
    push.connect(ep);
    const large = Buffer.alloc(129, "a");
    await push.send(large);
    const [got] = await pull.receive();
    large.fill("z");
    return [got.length, got.toString().slice(0, 3)];
  } finally {
    push.close();
    pull.close();
  }
});
