import { Socket, type SocketOptionsInit } from "./socket.js";

/** ZMQ_PAIR: one exclusive peer. */
export class Pair extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(0, options);
  }
}

/** ZMQ_DEALER: round-robin send, fair-queued receive. */
export class Dealer extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(5, options);
  }
}

/** ZMQ_PUSH: round-robin send. */
export class Push extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(8, options);
  }
}
