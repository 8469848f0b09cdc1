import { curveKeyBytes } from "../mechanism/curve/keys.js";
import { z85Encode } from "../wire/z85.js";

/** What the authenticator decided about one ZAP request, as its `decision` event reports it. */
export interface AuthDecision {
  /** ZMQ_ZAP_DOMAIN of the socket that asked ("" when none). */
  readonly domain: string;
  /** The peer's address as the socket reported it (an IP address for tcp). */
  readonly address: string;
  /** The asking socket's own ZMQ_ROUTING_ID (what libzmq sends in ZAP requests). */
  readonly identity: Buffer;
  /** "NULL", "PLAIN", "CURVE", or whatever the request named. */
  readonly mechanism: string;
  /** PLAIN: the username the client gave. */
  readonly username?: string;
  /** CURVE: the client's long-term public key, as 40 Z85 characters. */
  readonly clientKey?: string;
  readonly allowed: boolean;
  /** The ZAP status sent back: 200, or 400 for a refusal, 500 for a request that made no sense. */
  readonly status: 200 | 400 | 500;
  /** Why: "OK", or the refusal's reason (also the ZAP status text). */
  readonly reason: string;
  /** The User-Id given to an allowed peer: the PLAIN username, the CURVE key in Z85, "" for NULL. */
  readonly userId: string;
}

/** One ZAP request as the handler receives it (after the routing frames). */
export interface ZapRequestFrames {
  readonly version: string;
  readonly domain: string;
  readonly address: string;
  readonly identity: Buffer;
  readonly mechanism: string;
  readonly credentials: readonly Buffer[];
}

/** CURVE clients a domain admits: any key, or these (32 bytes each, compared as Z85). */
export type CurvePolicy = { readonly any: true } | { readonly keys: ReadonlySet<string> };

/**
 * The authenticator's rules, sans I/O: address allow/deny lists, PLAIN users per ZAP domain, CURVE
 * keys per ZAP domain ("*" stands for any domain without its own entry). The address check comes
 * first (with an allow list, only listed addresses pass; otherwise listed denied addresses fail);
 * then NULL passes, PLAIN needs a matching username and password, CURVE a listed key.
 */
export class AuthPolicy {
  readonly allowed = new Set<string>();
  readonly denied = new Set<string>();
  readonly users = new Map<string, ReadonlyMap<string, string>>();
  readonly curve = new Map<string, CurvePolicy>();

  decide(r: ZapRequestFrames): AuthDecision {
    const base = { domain: r.domain, address: r.address, identity: r.identity, mechanism: r.mechanism };
    const refuse = (reason: string, extra: object = {}, status: 400 | 500 = 400): AuthDecision => ({
      ...base,
      ...extra,
      allowed: false,
      status,
      reason,
      userId: "",
    });
    if (r.version !== "1.0") return refuse("Unsupported ZAP version", {}, 500);
    if (this.allowed.size > 0 ? !this.allowed.has(r.address) : this.denied.has(r.address))
      return refuse(this.allowed.size > 0 ? "Address not allowed" : "Address denied");
    const accept = (userId: string, extra: object = {}): AuthDecision => ({
      ...base,
      ...extra,
      allowed: true,
      status: 200,
      reason: "OK",
      userId,
    });
    switch (r.mechanism) {
      case "NULL":
        return accept("");
      case "PLAIN": {
        const [user, password] = r.credentials;
        if (user === undefined || password === undefined || r.credentials.length !== 2)
          return refuse("Malformed PLAIN credentials", {}, 500);
        const username = user.toString("utf8");
        const users = this.users.get(r.domain) ?? this.users.get("*");
        if (!users) return refuse("No PLAIN users for this domain", { username });
        const expected = users.get(username);
        if (expected === undefined || expected !== password.toString("utf8"))
          return refuse("Invalid username or password", { username });
        return accept(username, { username });
      }
      case "CURVE": {
        const [key] = r.credentials;
        if (key === undefined || key.length !== 32 || r.credentials.length !== 1)
          return refuse("Malformed CURVE credentials", {}, 500);
        const clientKey = z85Encode(key);
        const policy = this.curve.get(r.domain) ?? this.curve.get("*");
        if (!policy) return refuse("No CURVE keys for this domain", { clientKey });
        if (!("any" in policy) && !policy.keys.has(clientKey)) return refuse("Unknown CURVE key", { clientKey });
        return accept(clientKey, { clientKey });
      }
      default:
        return refuse(`Unsupported mechanism ${r.mechanism}`);
    }
  }
}

/** A CURVE public key as given (40 Z85 characters or 32 bytes) in its Z85 form; throws EINVAL-like TypeError otherwise. */
export function normalizeKey(key: string | Uint8Array): string {
  const bytes = curveKeyBytes(key);
  if (bytes === null) throw new TypeError("A CURVE public key is 40 Z85 characters or 32 bytes");
  return z85Encode(bytes);
}
