// The fuzz corpus captured from libzmq (capture.ts) and the seeds each target derives from it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ZmtpDecoder, type DecoderSink } from "../../src/wire/decoder.js";

/** The corpus file, in the source tree (this module runs from dist/test/fuzz). */
export const CORPUS_PATH = fileURLToPath(new URL("../../../test/fuzz/corpus/libzmq.json", import.meta.url));

export interface CapturedStream {
  scenario: string;
  mechanism: "NULL" | "PLAIN" | "CURVE";
  direction: "client-to-server" | "server-to-client";
  /** Every byte one side sent, greeting first. */
  hex: string;
}

export interface Corpus {
  source: string;
  streams: CapturedStream[];
  /** ZAP requests as the handler read them (delimiter first), one hex string per frame. */
  zapRequests: string[][];
  /** ZAP replies as they enter the ZAP pipe (delimiter first). */
  zapReplies: string[][];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(CORPUS_PATH, "utf8")) as Corpus;
}

/** The frames of a captured stream: command bodies and message parts, in order. */
export function framesOf(stream: Buffer): Array<{ command: boolean; body: Buffer }> {
  const out: Array<{ command: boolean; body: Buffer }> = [];
  const sink: DecoderSink = {
    onGreeting() {},
    onLegacy() {},
    onCommand(body) {
      out.push({ command: true, body: Buffer.from(body) });
    },
    onMessage(parts) {
      for (const p of parts) out.push({ command: false, body: Buffer.from(p) });
      return true;
    },
    onDecodeError() {},
  };
  new ZmtpDecoder(sink).feed(stream);
  return out;
}

/** Frames packed into one buffer for mutation: `length(2, BE) bytes` each. */
export function packFrames(frames: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of frames) {
    const head = Buffer.alloc(2);
    head.writeUInt16BE(Math.min(f.length, 0xffff));
    parts.push(head, f.subarray(0, 0xffff));
  }
  return Buffer.concat(parts);
}

/** The inverse of packFrames, for any bytes: a short or lying length takes what is left. */
export function unpackFrames(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  while (p < buf.length) {
    const n = p + 2 <= buf.length ? buf.readUInt16BE(p) : 0;
    p += 2;
    out.push(buf.subarray(Math.min(p, buf.length), Math.min(p + n, buf.length)));
    p += n;
  }
  return out;
}
