/** Known differences: socket options, raw option accessors and Context options. */
import type { KnownRows } from "./reasons.js";

export const OPTION_ROWS: KnownRows = {
  "no-curve-vmci-draft": [
    "socket.option/<Pair|Publisher|Subscriber|Request|Reply|Dealer|Router|Pull|Push|XPublisher|XSubscriber|Stream>/<curvePublicKey|curveSecretKey|curveServer|curveServerKey|vmciBufferMaxSize|vmciBufferMinSize|vmciBufferSize|vmciConnectTimeout>/default",
    'socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set <"abc"|""|null|undefined|1|true|"é"|{}>',
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set Buffer(abc)",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set Buffer()",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServerKey>/set <255|256> chars",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServer|curveServerKey|vmciBufferMaxSize|vmciBufferMinSize|vmciBufferSize|vmciConnectTimeout>/constructor option",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServer|curveServerKey|vmciBufferMaxSize|vmciBufferMinSize|vmciBufferSize|vmciConnectTimeout>/closed <get|set>",
    "socket.option/Dealer/<curvePublicKey|curveSecretKey|curveServer|curveServerKey|vmciBufferMaxSize|vmciBufferMinSize|vmciBufferSize|vmciConnectTimeout>/set while <bound|connected|binding>",
    'socket.option/Dealer/curveServer/set <true|false|1|0|"true"|null|undefined>',
    'socket.option/Dealer/<vmciBufferMaxSize|vmciBufferMinSize|vmciBufferSize|vmciConnectTimeout>/set <1|0|-1|-2|1000|2^31-1|2^31|-2^31|-2^31-1|2^32|2^53|2^64|1.5|NaN|Infinity|"1"|true|null|undefined|10n>',
  ],
  "unsupported-options": [
    'socket.option/Dealer/<interface|socksProxy>/set <"abc"|""|"é">',
    "socket.option/Dealer/<interface|socksProxy>/set Buffer(abc)",
    "socket.option/Dealer/<interface|socksProxy>/set Buffer()",
    "socket.option/Dealer/<interface|socksProxy>/set <255|256> chars",
    "socket.option/Dealer/<interface|socksProxy|tcpMaxRetransmitTimeout>/constructor option",
    "socket.option/Dealer/<interface|socksProxy|tcpMaxRetransmitTimeout>/set while <bound|connected|binding>",
    "socket.option/Dealer/tcpMaxRetransmitTimeout/set <1|1000|2^31-1|-2^31-1|1.5>",
  ],
};
