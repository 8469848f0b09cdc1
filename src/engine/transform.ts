import type { MechanismFailure, TrafficTransform } from "../mechanism/mechanism.js";
import { FLAG_COMMAND, FLAG_MORE } from "../wire/constants.js";
import type { FrameFilter, FrameOutput, FrameSink } from "../wire/transform.js";

/**
 * Plugs a mechanism's post-handshake transform into the engine: outgoing frames are sealed into
 * `out` (the encoder), incoming wire frames are opened by the decoder's filter, and a frame that
 * does not open is reported to `failed` (which drops the connection).
 */
export function installTransform(
  transform: TrafficTransform,
  out: FrameSink,
  failed: (f: MechanismFailure) => void,
): { output: FrameOutput; filter: FrameFilter } {
  return {
    output: {
      message(parts) {
        const last = parts.length - 1;
        for (let i = 0; i <= last; i++) transform.seal(parts[i]!, i < last ? FLAG_MORE : 0, out);
      },
      command(body) {
        transform.seal(body, FLAG_COMMAND, out);
      },
    },
    filter: {
      open(body, flags, deliver) {
        const failure = transform.open(body, flags, deliver);
        if (failure) failed(failure);
      },
    },
  };
}
