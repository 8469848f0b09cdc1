// Which real net.Socket streams write, in the order they first do: for tests that need the stream
// an engine writes to (its writableLength, say) without reaching into the engine.
import * as net from "node:net";
import type { Mock, TestContext } from "node:test";

type Write = (this: net.Socket, ...args: unknown[]) => boolean;

/** Spies on every net.Socket write until the test ends; `streams` fills as streams first write. */
export function writingStreams(t: TestContext): { streams: net.Socket[]; write: Mock<Write> } {
  const streams: net.Socket[] = [];
  const proto = net.Socket.prototype as unknown as { write: Write };
  const original = proto.write;
  const write = t.mock.method(proto, "write", function (this: net.Socket, ...args: unknown[]) {
    if (!streams.includes(this)) streams.push(this);
    return original.apply(this, args);
  });
  return { streams, write };
}
