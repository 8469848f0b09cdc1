/**
 * Process lifetime as the zeromq binding has it: idle sockets never keep Node alive, while a
 * pending send/receive (or a lingering flush) does. Everything network-side is unref'd; this
 * one timer is ref'd exactly while something is being waited for. It is made once and only
 * ref'd and unref'd after that: a receiver that keeps up waits once per message, and a timer
 * made and cleared per wait cost more than the rest of the wait.
 *
 * Letting go is deferred to the turn's check phase: a receiver that keeps up ends one wait and
 * starts the next in the same turn, and toggling the timer's ref (a call into the runtime) for
 * each of them cost 4 % of an inproc PUSH→PULL. The deferral keeps the process alive for one
 * more loop iteration at most.
 */
let holders = 0;
let timer: NodeJS.Timeout | null = null;
/** Whether the timer is ref'd now (it may be while holders is 0, until the deferred check runs). */
let refed = false;
let checkQueued = false;

export function hold(): void {
  if (holders++ > 0 || refed) return;
  if (timer === null) timer = setInterval(() => {}, 1 << 30);
  else timer.ref();
  refed = true;
}

export function release(): void {
  if (holders === 0) return;
  if (--holders > 0 || checkQueued) return;
  checkQueued = true;
  setImmediate(letGo);
}

function letGo(): void {
  checkQueued = false;
  if (holders > 0 || !refed) return;
  timer?.unref();
  refed = false;
}
