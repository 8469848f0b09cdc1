/**
 * Option table rows of transports zmtp does not have, kept for compatibility: the multicast
 * (PGM) options, stored as libzmq stores them (multicastHops also sets the TTL of a RADIO's
 * udp:// datagrams), and the VMCI ones, refused as by the binding (its libzmq has no VMCI). The TSDoc of each row documents its v6 property.
 */
import { int, refused, type OptionRow } from "./kinds.js";

export const OTHER_TRANSPORT_ROWS = {
  /** ZMQ_RATE: multicast rate in kbit/s; stored only (there is no PGM transport). Default 100. */
  rate: {
    id: 8,
    zmq: ["ZMQ_RATE"],
    kind: "int32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "rate",
    default: 100,
    check: int(1),
    v5: { short: "rate", constants: ["ZMQ_RATE"], get: "value", set: "value" },
  },
  /** ZMQ_RECOVERY_IVL: multicast recovery interval in ms; stored only (there is no PGM transport). Default 10000. */
  recoveryInterval: {
    id: 9,
    zmq: ["ZMQ_RECOVERY_IVL", "ZMQ_RECOVERY_IVL_MSEC"],
    kind: "int32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "recoveryInterval",
    default: 10000,
    check: int(0),
    v5: { short: "recovery_ivl", constants: ["ZMQ_RECOVERY_IVL", "ZMQ_RECOVERY_IVL_MSEC"], get: "value", set: "value" },
  },
  /** ZMQ_MULTICAST_HOPS: the TTL of multicast datagrams a RADIO sends over udp:// (no effect elsewhere: there is no PGM transport). Default 1. */
  multicastHops: {
    id: 25,
    zmq: ["ZMQ_MULTICAST_HOPS"],
    kind: "int32",
    scope: "send",
    status: "applied",
    warns: true,
    on: "options",
    field: "multicastHops",
    default: 1,
    check: int(1),
    v5: { constants: ["ZMQ_MULTICAST_HOPS"], get: "value", set: "value" },
  },
  /** ZMQ_MULTICAST_MAXTPDU: largest multicast datagram in bytes; stored only (there is no PGM transport). Default 1500. */
  multicastMaxTransportDataUnit: {
    id: 84,
    zmq: ["ZMQ_MULTICAST_MAXTPDU"],
    kind: "int32",
    scope: "all",
    status: "stored",
    warns: true,
    on: "options",
    field: "multicastMaxTpdu",
    default: 1500,
    check: int(1),
  },
  /** ZMQ_VMCI_BUFFER_SIZE: the VMCI transport's option; refused (EINVAL), as by the binding, whose libzmq has no VMCI. */
  vmciBufferSize: {
    id: 85,
    zmq: ["ZMQ_VMCI_BUFFER_SIZE"],
    kind: "uint64",
    scope: "all",
    status: "refused",
    warns: true,
    on: "options",
    access: "w",
    check: refused,
  },
  /** ZMQ_VMCI_BUFFER_MIN_SIZE: the VMCI transport's option; refused (EINVAL), as by the binding, whose libzmq has no VMCI. */
  vmciBufferMinSize: {
    id: 86,
    zmq: ["ZMQ_VMCI_BUFFER_MIN_SIZE"],
    kind: "uint64",
    scope: "all",
    status: "refused",
    warns: true,
    on: "options",
    access: "w",
    check: refused,
  },
  /** ZMQ_VMCI_BUFFER_MAX_SIZE: the VMCI transport's option; refused (EINVAL), as by the binding, whose libzmq has no VMCI. */
  vmciBufferMaxSize: {
    id: 87,
    zmq: ["ZMQ_VMCI_BUFFER_MAX_SIZE"],
    kind: "uint64",
    scope: "all",
    status: "refused",
    warns: true,
    on: "options",
    access: "w",
    check: refused,
  },
  /** ZMQ_VMCI_CONNECT_TIMEOUT: the VMCI transport's option; refused (EINVAL), as by the binding, whose libzmq has no VMCI. */
  vmciConnectTimeout: {
    id: 88,
    zmq: ["ZMQ_VMCI_CONNECT_TIMEOUT"],
    kind: "int32",
    scope: "all",
    status: "refused",
    warns: true,
    on: "options",
    access: "w",
    check: refused,
  },
} as const satisfies Record<string, OptionRow>;
