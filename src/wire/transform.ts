/**
 * The seam for post-handshake traffic a mechanism rewrites (CURVE boxes every frame and command
 * into a MESSAGE). NULL and PLAIN have no transform: frames go to and from the wire unchanged,
 * and the engine's hot path does not even look at this.
 */

/** Takes frames one at a time; `flags` holds FLAG_MORE / FLAG_COMMAND (the FrameEncoder is one). */
export interface FrameSink {
  frame(body: Buffer, flags: number): void;
  /** Where a frame body of `size` bytes is to be written in place (the encoder has it; see FrameEncoder.slot). */
  slot?(size: number, flags: number): Buffer;
}

/**
 * Between framing and message assembly in the decoder: each wire frame goes through `open`, which
 * passes the frame it carries (at most one) to `deliver`, or none when the frame is bad (the
 * filter's owner then tears the connection down, which stops the decoder).
 */
export interface FrameFilter {
  open(body: Buffer, flags: number, deliver: FrameSink): void;
}

/** What the engine writes post-handshake traffic to: the encoder itself, or a transform in front of it. */
export interface FrameOutput {
  message(parts: readonly Buffer[]): void;
  command(body: Buffer): void;
}
