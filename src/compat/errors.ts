import { constants as osConstants } from "node:os";
import type { ErrnoError } from "../index.js";

const errnoTable = osConstants.errno as Readonly<Record<string, number | undefined>>;

/** @internal An `Error` shaped like the binding's (libzmq `code` and `errno`), made by the compat layer itself. */
export function compatError(code: string, message: string, address?: string): ErrnoError {
  const err = new Error(message) as ErrnoError;
  err.code = code;
  err.errno = errnoTable[code] ?? 0;
  if (address !== undefined) err.address = address;
  return err;
}

/** @internal The `code` of an error, if it has a string one. */
export function errorCode(err: unknown): string | undefined {
  if (err === null || typeof err !== "object") return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

/** @internal EBADF "Socket is closed", as the binding reports operations on a closed socket. */
export function closedError(): ErrnoError {
  return compatError("EBADF", "Socket is closed");
}
