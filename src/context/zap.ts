import {
  PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID,
  PROTOCOL_ERROR_ZAP_BAD_VERSION,
  PROTOCOL_ERROR_ZAP_INVALID_METADATA,
  PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE,
  PROTOCOL_ERROR_ZAP_MALFORMED_REPLY,
  PROTOCOL_ERROR_ZAP_UNSPECIFIED,
} from "../events/events.js";
import type { ZapConnector, ZapOutcome, ZapRequest } from "../mechanism/zap.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import type { InprocPeer, InprocRegistry } from "../transport/inproc.js";
import { parseMetadata } from "../wire/metadata.js";

const ZAP_ENDPOINT = "zeromq.zap.01";

/** ZAP requests of one context, each over its own inproc pipe to the handler (REP or ROUTER). */
export function zapConnector(inproc: InprocRegistry): ZapConnector {
  return (request, done) => {
    if (!inproc.isBound(ZAP_ENDPOINT)) return null;
    const client = new ZapExchange(request, done);
    inproc.connect(ZAP_ENDPOINT, client);
    return () => client.cancel();
  };
}

/** One request/reply with the handler; libzmq's request id is always "1". */
class ZapExchange implements InprocPeer, PipeSink {
  // ZAP pipes are unlimited in libzmq.
  readonly sendHwm = 0;
  readonly receiveHwm = 0;
  private end: PipeEnd | null = null;
  private finished = false;

  constructor(
    private readonly request: ZapRequest,
    private readonly done: (o: ZapOutcome) => void,
  ) {}

  attachInproc(end: PipeEnd): void {
    this.end = end;
    end.sink = this;
    const r = this.request;
    end.write([
      Buffer.alloc(0),
      Buffer.from("1.0"),
      Buffer.from("1"),
      Buffer.from(r.domain),
      Buffer.from(r.address),
      r.identity,
      Buffer.from(r.mechanism),
      ...r.credentials,
    ]);
  }

  pipeReadable(end: PipeEnd): void {
    const reply = end.read();
    if (!reply) return;
    this.finish(validate(reply));
  }
  pipeWritable(): void {}
  pipeTerminated(): void {
    this.finish({ kind: "gone" });
  }

  cancel(): void {
    this.finished = true;
    this.end?.terminate();
  }

  private finish(o: ZapOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.end?.terminate();
    this.done(o);
  }
}

/** libzmq's checks of a ZAP reply, in its order (zap_client_t::receive_and_process_zap_reply). */
function validate(reply: Buffer[]): ZapOutcome {
  if (reply.length !== 7) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_MALFORMED_REPLY };
  const [delimiter, version, requestId, status, , userId, metadata] = reply as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  if (delimiter.length !== 0) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_UNSPECIFIED };
  if (!version.equals(Buffer.from("1.0"))) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_VERSION };
  if (!requestId.equals(Buffer.from("1"))) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_BAD_REQUEST_ID };
  const code = status.toString("latin1");
  if (!/^[2-5]00$/.test(code)) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_INVALID_STATUS_CODE };
  const meta = parseMetadata(metadata, 0);
  if (!meta) return { kind: "protocol", code: PROTOCOL_ERROR_ZAP_INVALID_METADATA };
  return { kind: "reply", status: Number(code), userId, metadata: meta };
}
