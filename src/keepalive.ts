/**
 * Process lifetime as the zeromq binding has it: idle sockets never keep Node alive, while a
 * pending send/receive (or a lingering flush) does. Everything network-side is unref'd; this
 * one ref'd timer exists exactly while something is being waited for.
 */
let holders = 0;
let timer: NodeJS.Timeout | null = null;

export function hold(): void {
  if (holders++ === 0) timer = setInterval(() => {}, 1 << 30);
}

export function release(): void {
  if (holders === 0) return;
  if (--holders === 0 && timer) {
    clearInterval(timer);
    timer = null;
  }
}
