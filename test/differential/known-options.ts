/** Known differences: socket options, raw option accessors and Context options. */
import type { KnownRows } from "./reasons.js";

export const OPTION_ROWS: KnownRows = {
  "curve-key-readback": [
    "socket.option/<Pair|Publisher|Subscriber|Request|Reply|Dealer|Router|Pull|Push|XPublisher|XSubscriber|Stream>/<curvePublicKey|curveSecretKey|curveServerKey>/default",
    'socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set <"abc"|""|null|undefined|1|true|"é"|{}>',
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set Buffer(abc)",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set Buffer()",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set <255|256> chars",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set while <bound|connected>",
  ],
  "unsupported-options": [
    'socket.option/Dealer/interface/set <"abc"|""|"é">',
    "socket.option/Dealer/interface/set Buffer(abc)",
    "socket.option/Dealer/interface/set Buffer()",
    "socket.option/Dealer/interface/set <255|256> chars",
    "socket.option/Dealer/<interface|tcpMaxRetransmitTimeout>/constructor option",
    "socket.option/Dealer/<interface|tcpMaxRetransmitTimeout>/set while <bound|connected|binding>",
    "socket.option/Dealer/tcpMaxRetransmitTimeout/set <1|1000|2^31-1|-2^31-1|1.5>",
  ],
};
