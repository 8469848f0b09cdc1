/**
 * Process lifetime as the zeromq binding has it: idle sockets never keep Node alive, while a
 * pending send/receive (or a lingering flush) does. Everything network-side is unref'd; this
 * one timer is ref'd exactly while something is being waited for. It is made once and only
 * ref'd and unref'd after that: a receiver that keeps up waits once per message, and a timer
 * made and cleared per wait cost more than the rest of the wait.
 */
let holders = 0;
let timer: NodeJS.Timeout | null = null;

export function hold(): void {
  if (holders++ > 0) return;
  if (timer === null) timer = setInterval(() => {}, 1 << 30);
  else timer.ref();
}

export function release(): void {
  if (holders === 0) return;
  if (--holders === 0) timer?.unref();
}
