// The implementations the interop matrix is run over: ours (zmtp) and the
// native binding (npm `zeromq`, libzmq 4.3.5). Every test pairs them in all
// ordered combinations, so libzmq<->libzmq is always there as a control.
//
// Set ZMTP_INTEROP_IMPLS=libzmq (comma-separated names) to restrict the table,
// e.g. to check the tests themselves against libzmq only.
import * as zmq from "zeromq";

/** The slice of the zeromq v6 socket API the interop tests use. */
export interface TestSocket {
  bind(address: string): Promise<void>;
  connect(address: string): void;
  send(message: Buffer | string | Array<Buffer | string>): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
  readonly lastEndpoint: string | null;
}

export type SocketCtor = new (options?: { linger?: number }) => TestSocket;

export interface Impl {
  readonly name: "zmtp" | "libzmq";
  readonly Pair: SocketCtor;
  readonly Dealer: SocketCtor;
}

// Ours is imported dynamically so that a library that fails to load turns
// into failing zmtp cells (with the load error) instead of no tests at all.
async function loadZmtp(): Promise<Impl> {
  try {
    const zmtp = await import("../../src/index.js");
    return { name: "zmtp", Pair: zmtp.Pair, Dealer: zmtp.Dealer };
  } catch (err) {
    const Missing = class {
      constructor() {
        throw new Error(`zmtp failed to load: ${String(err)}`, { cause: err });
      }
    } as unknown as SocketCtor;
    return { name: "zmtp", Pair: Missing, Dealer: Missing };
  }
}

const libzmq: Impl = { name: "libzmq", Pair: zmq.Pair, Dealer: zmq.Dealer };

const only = process.env.ZMTP_INTEROP_IMPLS?.split(",").map((s) => s.trim());

export const impls: readonly Impl[] = [await loadZmtp(), libzmq].filter(
  (impl) => only === undefined || only.includes(impl.name),
);

/** Every ordered (binder, connecter) combination; ours-vs-libzmq first. */
export function orderedPairs(): Array<[binder: Impl, connecter: Impl]> {
  const out: Array<[Impl, Impl]> = [];
  for (const a of impls) for (const b of impls) if (a !== b) out.push([a, b]);
  for (const a of impls) out.push([a, a]);
  return out;
}
