/** Every row of the differential table, in a fixed order. */
import type { Row } from "./harness.js";
import { constructorRows, moduleRows } from "./rows-api.js";
import { messageRows } from "./rows-messaging.js";
import { busyRows, endpointRows, methodRows } from "./rows-methods.js";
import { contextOptionRows, rawAccessorRows, socketOptionRows } from "./rows-options.js";
import { observerRows, proxyRows } from "./rows-proxy-observer.js";
import { v5Rows } from "./rows-v5.js";

export function allRows(): Row[] {
  const rows = [
    ...moduleRows(),
    ...constructorRows(),
    ...socketOptionRows(),
    ...rawAccessorRows(),
    ...contextOptionRows(),
    ...methodRows(),
    ...endpointRows(),
    ...busyRows(),
    ...messageRows(),
    ...proxyRows(),
    ...observerRows(),
    ...v5Rows(),
  ];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.id)) throw new Error(`duplicate row id ${r.id}`);
    seen.add(r.id);
  }
  return rows;
}
