import { constants as osConstants } from "node:os";

/** libzmq's own error numbers (ZMQ_HAUSNUMERO-based), for codes POSIX lacks. */
const HAUSNUMERO = 156384712;
const ZMQ_ERRNO: Readonly<Record<string, number>> = {
  EFSM: HAUSNUMERO + 51,
  ENOCOMPATPROTO: HAUSNUMERO + 52,
  ETERM: HAUSNUMERO + 53,
  EMTHREAD: HAUSNUMERO + 54,
};

/** Messages as the zeromq binding reports them (libzmq strerror, with the binding's overrides). */
const MESSAGES: Readonly<Record<string, string>> = {
  EAGAIN: "Operation was not possible or timed out",
  EBADF: "Socket is closed",
  EBUSY: "Socket is busy",
  EFAULT: "Context is closed",
  EMFILE: "Too many open file descriptors",
  ENOENT: "No such endpoint",
  EADDRINUSE: "Address already in use",
  EINVAL: "Invalid argument",
  EPROTONOSUPPORT: "Protocol not supported",
  EHOSTUNREACH: "Host unreachable",
  EFSM: "Operation cannot be accomplished in current state",
  ETERM: "Context was terminated",
  ENOCOMPATPROTO: "The protocol is not compatible with the socket type",
  EMTHREAD: "No thread available",
  ENOTSUP: "Operation not supported",
  ENOTSOCK: "Socket operation on non-socket",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EACCES: "Permission denied",
  ENODEV: "No such device",
  ECONNREFUSED: "Connection refused",
  EMSGSIZE: "Message too long",
  ENAMETOOLONG: "File name too long",
};

/** errno number for a POSIX or libzmq error code (Linux numbering on Linux). */
export function errnoOf(code: string): number {
  const os = (osConstants.errno as Record<string, number | undefined>)[code];
  if (os !== undefined) return os;
  return ZMQ_ERRNO[code] ?? 0;
}

/** An `Error` with the fields the zeromq binding puts on its errors. */
export interface ErrnoError extends Error {
  code: string;
  errno: number;
  address?: string;
}

/**
 * The one factory for user-facing errors (v6 and v5-compat alike): `code`, its `errno` (libzmq's
 * HAUSNUMERO numbers for EFSM, ETERM, ...), the binding's message unless one is given, and the
 * endpoint when the error concerns one.
 */
export function zmqError(code: string, message?: string, address?: string): ErrnoError {
  const err = new Error(message ?? MESSAGES[code] ?? code) as ErrnoError;
  err.code = code;
  err.errno = errnoOf(code);
  if (address !== undefined) err.address = address;
  return err;
}

/** errno number of a Node system error (its `code`), or a fallback. */
export function errnoOfNodeError(err: unknown, fallback = "EPIPE"): number {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string") {
    const n = errnoOf(code);
    if (n !== 0) return n;
  }
  return errnoOf(fallback);
}

/** The string `code` of an error-like value, if it has one. */
export function errorCode(err: unknown): string | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

export function isErrnoError(err: unknown): err is ErrnoError {
  return err instanceof Error && typeof (err as ErrnoError).code === "string";
}
