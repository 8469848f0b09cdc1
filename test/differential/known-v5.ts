/** Known differences: v5-compat (zmtp/v5-compat vs zeromq/v5-compat). */
import type { KnownRows } from "./reasons.js";

export const V5_ROWS: KnownRows = {
  "curve-key-readback": [
    'v5/getsockopt(<ZMQ_CURVE_PUBLICKEY|ZMQ_CURVE_SECRETKEY|ZMQ_CURVE_SERVERKEY|"curve_publickey"|"curve_secretkey"|"curve_serverkey">)',
    'v5/setsockopt(<ZMQ_CURVE_PUBLICKEY|ZMQ_CURVE_SECRETKEY|ZMQ_CURVE_SERVERKEY>, <1|0|"abc"|Buffer|null|true>)',
    "v5/property <curve_publickey|curve_secretkey|curve_serverkey>",
    'v5/property <curve_publickey|curve_secretkey|curve_serverkey> = <1|"abc">',
  ],
  "unbindsync-bug": ["v5/unbindSync(bound)"],
  "v5-proto": ["v5/Socket: prototype members"],
  "v5-send-queue-errors": ["v5/send returns this (no peer)", "v5/send on a pull", "v5/send on a closed socket with cb"],
};
