/**
 * Monitor event values that libzmq fills with a file descriptor. Node exposes the descriptor of
 * a live TCP or Unix socket through its handle; where it does not (the handle is already gone,
 * as after a failed bind or a failed connect attempt), we report a synthetic handle instead:
 * unique in the process and always >= 2^30, so it can never be mistaken for a real descriptor.
 */
let nextSynthetic = 0x40000000;

interface WithHandle {
  _handle?: { fd?: number } | null;
}

export function fdOf(obj: object | null | undefined): number {
  const fd = (obj as WithHandle | null | undefined)?._handle?.fd;
  if (typeof fd === "number" && fd >= 0) return fd;
  return syntheticFd();
}

export function syntheticFd(): number {
  const fd = nextSynthetic;
  nextSynthetic = nextSynthetic >= 0x7ffffffe ? 0x40000000 : nextSynthetic + 1;
  return fd;
}
