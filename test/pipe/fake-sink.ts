// A recording PipeSink for sans-I/O tests: the owner of one pipe end, without any socket.
import { createPipe, type PipeEnd, type PipeSink } from "../../src/pipe/pipe.js";

export type PipeNote = "readable" | "writable" | "terminated";

/** Records every notification a pipe end gives its owner, in order; optional reactions per kind. */
export class RecordingSink implements PipeSink {
  readonly notes: PipeNote[] = [];
  constructor(private readonly react: Partial<Record<PipeNote, (end: PipeEnd) => void>> = {}) {}
  pipeReadable(end: PipeEnd): void {
    this.notes.push("readable");
    this.react.readable?.(end);
  }
  pipeWritable(end: PipeEnd): void {
    this.notes.push("writable");
    this.react.writable?.(end);
  }
  pipeTerminated(end: PipeEnd): void {
    this.notes.push("terminated");
    this.react.terminated?.(end);
  }
  /** The notes recorded so far, then forgets them. */
  take(): PipeNote[] {
    return this.notes.splice(0);
  }
}

/**
 * A pipe between a socket-side end and a peer-side end, each with a recording sink. `socket`
 * reads what `peer` writes (bounded by `intoSocket`) and the peer reads what the socket writes
 * (bounded by `intoPeer`).
 */
export function pipeWithSinks(
  intoSocket: number,
  intoPeer: number,
): { socket: PipeEnd; peer: PipeEnd; socketSink: RecordingSink; peerSink: RecordingSink } {
  const [socket, peer] = createPipe(intoSocket, intoPeer);
  const socketSink = new RecordingSink();
  const peerSink = new RecordingSink();
  socket.sink = socketSink;
  peer.sink = peerSink;
  return { socket, peer, socketSink, peerSink };
}

/** A one-frame message "s". */
export const msg = (s: string | number): Buffer[] => [Buffer.from(String(s))];

/** A message's frames as one string. */
export const text = (m: Buffer[] | undefined): string | undefined => m?.map(String).join("|");
