/**
 * `zmtp/auth`: a ready ZAP handler for a context — allow or deny by address, PLAIN users, CURVE
 * client keys (a list, a directory of czmq certificates, or any), per ZAP domain; each decision is
 * a typed `decision` event. See docs/curve.md.
 */
export { Authenticator, ZAP_ENDPOINT } from "./auth/authenticator.js";
export type { AuthenticatorOptions, CurveClients } from "./auth/authenticator.js";
export type { AuthDecision } from "./auth/policy.js";
export { certificatePublicKey } from "./auth/certificates.js";
