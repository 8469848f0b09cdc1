import {
  ZAP_REQUEST_ID,
  ZAP_VERSION,
  validateZapReply,
  type ZapConnector,
  type ZapOutcome,
  type ZapRequest,
} from "../mechanism/zap.js";
import type { PipeEnd, PipeSink } from "../pipe/pipe.js";
import type { InprocPeer, InprocRegistry } from "../transport/inproc.js";

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
      Buffer.from(ZAP_VERSION),
      Buffer.from(ZAP_REQUEST_ID),
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
    this.finish(validateZapReply(reply));
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
