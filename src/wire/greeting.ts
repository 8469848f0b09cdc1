import { GREETING_SIZE } from "./constants.js";

/** What the peer's greeting told us. */
export interface PeerGreeting {
  /** Revision byte (byte 10): 3 for ZMTP 3.x. */
  readonly major: number;
  /** Minor version (byte 11): 0 = ZMTP 3.0 (legacy subscriptions), otherwise 3.1 rules. */
  readonly minor: number;
  /** The 20 mechanism bytes, NUL padding stripped. */
  readonly mechanism: string;
  /** The raw 20 mechanism bytes, compared byte for byte as libzmq does. */
  readonly mechanismBytes: Buffer;
}

/**
 * Our 64-byte greeting. Like libzmq we always speak 3.1 and leave as-server 0 (libzmq
 * neither sets nor reads it); the padding carries 1 in its last byte, which a ZMTP 1.0
 * peer would read as an empty identity frame length.
 */
export function encodeGreeting(mechanism: string): Buffer {
  const g = Buffer.alloc(GREETING_SIZE);
  g[0] = 0xff;
  g[8] = 0x01;
  g[9] = 0x7f;
  g[10] = 3;
  g[11] = 1;
  g.write(mechanism, 12, 20, "latin1");
  return g;
}

/** The 20-byte NUL-padded mechanism field for a name, as compared against the peer's. */
export function mechanismField(name: string): Buffer {
  const b = Buffer.alloc(20);
  b.write(name, 0, 20, "latin1");
  return b;
}

/** Our greeting as it goes out (signature and major version, then the rest), and the mechanism field to expect. */
export interface OwnGreeting {
  readonly first: Buffer;
  readonly rest: Buffer;
  readonly field: Buffer;
}

/** Signature and major version: what goes out before the peer's signature is in (libzmq's first step). */
const GREETING_FIRST_PART = 11;

const ownGreetings = new Map<string, OwnGreeting>();

/**
 * The greeting of a mechanism, made once per process and shared by every connection: the same
 * bytes each time, so a connection allocates nothing for it. Never written to (the encoder copies
 * or writes chunks as they are).
 */
export function ownGreeting(mechanism: string): OwnGreeting {
  let g = ownGreetings.get(mechanism);
  if (g === undefined) {
    const bytes = encodeGreeting(mechanism);
    g = {
      first: bytes.subarray(0, GREETING_FIRST_PART),
      rest: bytes.subarray(GREETING_FIRST_PART),
      field: mechanismField(mechanism),
    };
    ownGreetings.set(mechanism, g);
  }
  return g;
}

/**
 * Result of looking at the first bytes of a peer's greeting: `pending` until enough bytes,
 * `legacy` for an unversioned ZMTP 1.0 or a ZMTP 1.0/2.0 (revision 0/1) peer, which we do not
 * speak, or the decoded 3.x greeting.
 */
export type GreetingResult =
  { kind: "pending" } | { kind: "legacy"; revision: number } | { kind: "ok"; greeting: PeerGreeting };

/** Decodes as much of a greeting as `buf` holds. Only bytes 0 and 9 of the signature are checked. */
export function decodeGreeting(buf: Buffer): GreetingResult {
  if (buf.length >= 1 && buf[0] !== 0xff) return { kind: "legacy", revision: -1 };
  if (buf.length >= 10 && (buf[9]! & 0x01) === 0) return { kind: "legacy", revision: -1 };
  if (buf.length >= 11 && (buf[10] === 0 || buf[10] === 1)) return { kind: "legacy", revision: buf[10] };
  if (buf.length < GREETING_SIZE) return { kind: "pending" };
  const mechanismBytes = Buffer.from(buf.subarray(12, 32));
  const nul = mechanismBytes.indexOf(0);
  const mechanism = mechanismBytes.toString("latin1", 0, nul < 0 ? 20 : nul);
  // Revision 3 with minor 0 is 3.0; every other revision (2, 4..255) is treated as 3.1, as libzmq does.
  const major = buf[10]!;
  const minor = major === 3 ? buf[11]! : 1;
  return { kind: "ok", greeting: { major, minor: minor === 0 ? 0 : minor, mechanism, mechanismBytes } };
}
