import { errorCode } from "../errors.js";

/** One step of `for await (const msg of socket)`. */
export type Step = IteratorResult<Buffer[], undefined>;

export const toStep = (value: Buffer[]): Step => ({ value, done: false });

/** The end of an iteration, a fresh object each time (as the binding's generator gives). */
export const iterationDone = (): Step => ({ done: true }) as IteratorReturnResult<undefined>;

/** A step that failed: the iteration's end if its socket is closed by then (EAGAIN), else undefined (it rejects). */
export const endOnClose = (closed: boolean, err: unknown): Step | undefined =>
  closed && errorCode(err) === "EAGAIN" ? iterationDone() : undefined;
