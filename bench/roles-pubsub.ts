// PUB/SUB roles. A SUB's subscription reaches the PUB some time after it connects (the slow-joiner
// problem), so the publisher first sends a two-frame sync message every few milliseconds until each SUB
// socket has seen one; only then does the data start. Small messages go in rounds of at most the
// high-water mark (a PUB drops past it), each ended by a sync phase that lasts until every SUB socket has
// the whole round, so no round can overflow a queue the one before left behind; the first round is a
// warm-up, received and checked but not timed (cases.ts says which cases). Each timed round is timed in the
// subscriber process from its first delivery on any SUB socket to its last one on all, and the case's time
// is their sum. With distinct topics each SUB also subscribes to the sync topic.
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { driverFor, type BenchSocket } from "./drivers.js";
import { buildMessage, checkMessage, topic, type MessageShape } from "./messages.js";
import type { Control, RoleSpec } from "./protocol.js";
import { roundSizes } from "./cases.js";
import { need, setupOf, shapeOf, type Measured } from "./roles-common.js";

const SYNC = Buffer.from("sync");
const SYNC_TOPIC = Buffer.from("~sync");
const SYNC_INTERVAL_MS = 10;

function isSync(frames: Buffer[]): boolean {
  return frames.length === 2 && frames[1]!.equals(SYNC);
}

/** The prefix SUB socket `j` gets its data on (and the publisher's message shape for that topic). */
function prefixOf(spec: RoleSpec, j: number): Buffer {
  return spec.case.topics ? topic(j, spec.case.subscribers) : Buffer.alloc(0);
}

/** Everything SUB socket `j` subscribes to: its data prefix, plus the sync topic when "" does not cover it. */
function subscriptionsOf(spec: RoleSpec, j: number): Buffer[] {
  return spec.case.topics ? [prefixOf(spec, j), SYNC_TOPIC] : [prefixOf(spec, j)];
}

/** Numbered one-shot signals, fired in any order: a round's end, told by the parent or in the same process. */
export class Signals {
  private readonly waiting = new Map<number, { promise: Promise<void>; fire: () => void }>();

  private entry(n: number): { promise: Promise<void>; fire: () => void } {
    let e = this.waiting.get(n);
    if (!e) {
      let fire!: () => void;
      const promise = new Promise<void>((resolve) => (fire = resolve));
      e = { promise, fire };
      this.waiting.set(n, e);
    }
    return e;
  }

  when(n: number): Promise<void> {
    return this.entry(n).promise;
  }

  fire(n: number): void {
    this.entry(n).fire();
  }
}

/** Sends sync messages, one every SYNC_INTERVAL_MS, until `until` resolves. */
async function syncUntil(socket: BenchSocket, until: Promise<void>): Promise<void> {
  let going = false;
  void until.then(() => (going = true));
  while (!going) {
    await socket.send([SYNC_TOPIC, SYNC]);
    await Promise.race([until, delay(SYNC_INTERVAL_MS)]);
  }
}

async function publish(
  socket: BenchSocket,
  spec: RoleSpec,
  go: Promise<void>,
  afterRound: (n: number) => Promise<void>,
): Promise<void> {
  const c = spec.case;
  if (c.parts === 2) throw new Error("pub-sub data cannot have 2 frames: that is the sync message's shape");
  const k = c.topics ? c.subscribers : 1;
  const shapes: MessageShape[] = Array.from({ length: k }, (_, j) => shapeOf(spec, prefixOf(spec, j)));
  await syncUntil(socket, go);
  const rounds = roundSizes(c).sizes;
  for (let n = 0; n < rounds.length; n++) {
    if (n > 0) await syncUntil(socket, afterRound(n - 1));
    for (let i = 0; i < rounds[n]!; i++) await socket.send(buildMessage(shapes[i % k]!, i));
  }
}

/** The next message, which must be a sync message: data here would mean the publisher did not wait. */
async function expectSync(socket: BenchSocket, ctl: Control, j: number): Promise<void> {
  const msg = await socket.receive();
  ctl.progress();
  if (!isSync(msg)) throw new Error(`subscriber ${j}: data where a sync message was due`);
}

/** The next data message, passing over sync messages (a sync phase sends them until it ends). */
async function nextData(socket: BenchSocket, ctl: Control): Promise<Buffer[]> {
  for (;;) {
    const msg = await socket.receive();
    ctl.progress();
    if (!isSync(msg)) return msg;
  }
}

async function receiveSubscribed(
  sockets: BenchSocket[],
  spec: RoleSpec,
  ctl: Control,
  allSynced: () => void,
  roundDone: (n: number) => void,
): Promise<Measured> {
  const c = spec.case;
  const n = sockets.length;
  const { sizes: rounds, warmup } = roundSizes(c);
  let synced = 0;
  // Per round: SUB sockets through it, deliveries, and the clock at its first and last delivery.
  const through = rounds.map(() => 0);
  const delivered = rounds.map(() => 0);
  const first = rounds.map(() => 0);
  const last = rounds.map(() => 0);
  await Promise.all(
    sockets.map(async (socket, j) => {
      const shape = shapeOf(spec, prefixOf(spec, j));
      await expectSync(socket, ctl, j);
      if (++synced === n) allSynced();
      for (let r = 0; r < rounds.length; r++) {
        if (r > 0) {
          await expectSync(socket, ctl, j);
          if (++through[r - 1]! === n) roundDone(r - 1);
        }
        const perSocket = c.topics ? rounds[r]! / n : rounds[r]!;
        for (let got = 0; got < perSocket; got++) {
          const msg = await nextData(socket, ctl);
          // The clock reads at a round's first delivery and at each socket's last only, as in local_thr (a
          // read per delivery costs about a tenth of one): the last socket to finish reads it last.
          if (delivered[r] === 0) first[r] = last[r] = performance.now();
          else if (got === perSocket - 1) last[r] = performance.now();
          // Topics: message i goes to subscriber i % n, so this one sees j, j + n, j + 2n, ...
          const bad = checkMessage(shape, msg, c.topics ? j + got * n : got);
          if (bad) throw new Error(`subscriber ${j}, round ${r}: ${bad}`);
          delivered[r]!++;
        }
      }
    }),
  );
  let received = 0;
  let ms = 0;
  for (let r = warmup; r < rounds.length; r++) {
    received += delivered[r]!;
    ms += last[r]! - first[r]!;
  }
  return { received, seconds: ms / 1000 };
}

function connectAll(spec: RoleSpec, endpoint: string): Promise<BenchSocket[]> {
  return driverFor(spec.impl).then((d) =>
    Promise.all(
      Array.from({ length: spec.case.subscribers }, (_, j) =>
        d.connect("sub", endpoint, setupOf(spec.case, subscriptionsOf(spec, j))),
      ),
    ),
  );
}

export async function publisher(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { socket, endpoint } = await d.bind("pub", spec.bindAddress, setupOf(spec.case));
  ctl.bound(endpoint);
  try {
    await publish(socket, spec, ctl.go, (n) => ctl.afterRound(n));
    await ctl.finish;
    return { received: 0 };
  } finally {
    await socket.close();
  }
}

export async function subscribers(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const sockets = await connectAll(spec, need(spec.endpoint));
  try {
    return await receiveSubscribed(
      sockets,
      spec,
      ctl,
      () => ctl.synced(),
      (n) => ctl.roundDone(n),
    );
  } finally {
    for (const s of sockets) await s.close();
  }
}

/** inproc: the publisher and every SUB socket in this one process. */
export async function inprocPubSub(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const d = await driverFor(spec.impl);
  const { socket: pub, endpoint } = await d.bind("pub", spec.bindAddress, setupOf(spec.case));
  const subs = await connectAll(spec, endpoint);
  let start!: () => void;
  const go = new Promise<void>((resolve) => (start = resolve));
  const rounds = new Signals();
  try {
    const [, measured] = await Promise.all([
      publish(pub, spec, go, (n) => rounds.when(n)),
      receiveSubscribed(subs, spec, ctl, start, (n) => rounds.fire(n)),
    ]);
    return measured;
  } finally {
    for (const s of subs) await s.close();
    await pub.close();
  }
}
