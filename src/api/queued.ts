import type { MessageLike } from "./message.js";
import type { Socket } from "./socket.js";

/**
 * A send queue for one socket: `send()` never throws EBUSY. Messages are handed to
 * `socket.send` one at a time, in call order; each returned promise settles when its message
 * was queued by the socket (or rejects with the socket's error, e.g. EAGAIN on timeout).
 * The fix for the binding's most common complaint (fire-and-forget sends throwing EBUSY).
 * All sends of the socket must go through the queue (a direct `socket.send` still takes the
 * socket's single send slot).
 */
export class QueuedSender {
  private readonly queue: Array<{ msg: MessageLike | MessageLike[]; resolve(): void; reject(e: unknown): void }> = [];
  private running = false;

  constructor(readonly socket: Socket) {}

  /** Messages waiting for their turn (not counting one being sent). */
  get pending(): number {
    return this.queue.length;
  }

  send(message: MessageLike | MessageLike[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ msg: message, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      for (let item = this.queue.shift(); item; item = this.queue.shift()) {
        try {
          await this.socket.send(item.msg);
          item.resolve();
        } catch (err) {
          item.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/**
 * Event-style receiving for any number of sockets: calls `handler(message, socket)` for every
 * message of `socket` until the socket closes or the returned function is called. Errors other
 * than the socket closing go to `onError` (default: rethrown asynchronously).
 */
export function onMessage<S extends Socket>(
  socket: S,
  handler: (message: Buffer[], socket: S) => void,
  onError: (err: unknown) => void = (err) =>
    queueMicrotask(() => {
      throw err;
    }),
): () => void {
  let stopped = false;
  void (async () => {
    while (!stopped && !socket.closed) {
      let msg: Buffer[];
      try {
        msg = await socket.receive();
      } catch (err) {
        if (socket.closed || stopped) return;
        onError(err);
        return;
      }
      if (stopped) return;
      handler(msg, socket);
    }
  })();
  return () => {
    stopped = true;
  };
}
