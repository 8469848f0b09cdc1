import type { PipeEnd } from "../pipe/pipe.js";
import { Session } from "./session.js";

/** One pipe's queues: messages written and not yet taken by the engine (or inproc peer), and messages arrived and not yet read. */
export interface PipeStats {
  outbound: number;
  inbound: number;
  local: string;
  remote: string;
  bindSide: boolean;
  /** The peer's properties (its metadata, ZAP's User-Id and metadata); empty without a connection. */
  properties: ReadonlyMap<string, Buffer>;
}

const NO_PROPERTIES: ReadonlyMap<string, Buffer> = new Map();

/** Per-pipe queue statistics with each pipe's endpoints (empty for inproc and udp, which have no connection). */
export function pipeStatsOf(pipes: Iterable<PipeEnd>): PipeStats[] {
  const out: PipeStats[] = [];
  for (const p of pipes) {
    const engine = p.tag instanceof Session ? p.tag.engine : null;
    const place = engine?.place;
    out.push({
      outbound: p.outboundPending,
      inbound: p.inbound.length,
      local: place?.local ?? "",
      remote: place?.remote ?? "",
      bindSide: place?.bindSide ?? false,
      properties: engine?.peerMetadata ?? NO_PROPERTIES,
    });
  }
  return out;
}
