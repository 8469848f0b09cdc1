import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { curveKeyBytes } from "../mechanism/curve/keys.js";
import { z85Encode } from "../wire/z85.js";

/** Certificate files larger than this are not read (a certificate is a few hundred bytes). */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

/**
 * The public key of a certificate in czmq's zcert format (ZPL text: a `curve` section holding
 * `public-key = "<40 Z85 characters>"`, indented under it), as Z85; null when the text has none.
 */
export function certificatePublicKey(text: string): string | null {
  let inCurve = false;
  for (const raw of text.split(/\r?\n/)) {
    // ZPL comments are whole lines; "#" is also a Z85 digit, so it cannot end a value.
    const line = /^\s*#/.test(raw) ? "" : raw;
    if (line.trim() === "") continue;
    const indented = /^\s/.test(line);
    if (!indented) {
      inCurve = line.trim() === "curve";
      continue;
    }
    if (!inCurve) continue;
    const m = /^\s+public-key\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/.exec(line);
    if (!m) continue;
    const key = curveKeyBytes(m[1] ?? m[2] ?? m[3] ?? "");
    return key === null ? null : z85Encode(key);
  }
  return null;
}

/**
 * The public keys of every certificate file in `directory` (public and secret certificates alike,
 * as czmq's zcertstore and pyzmq's load_certificates read them); files that are not certificates
 * are skipped.
 */
export function loadCertificateKeys(directory: string): Set<string> {
  const keys = new Set<string>();
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st?.isFile() || st.size > MAX_CERTIFICATE_BYTES) continue;
    const key = certificatePublicKey(readFileSync(path, "utf8"));
    if (key !== null) keys.add(key);
  }
  return keys;
}
