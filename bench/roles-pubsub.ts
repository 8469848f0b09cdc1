// PUB/SUB roles. A SUB's subscription reaches the PUB some time after it connects (the slow-joiner
// problem), so the publisher first sends a two-frame sync message every few milliseconds until each SUB
// socket has seen one; only then does the data start. With distinct topics each SUB also subscribes to the
// sync topic and drops it on its first sync, so during the data only the K topics are subscribed. The data
// is timed in the subscriber process from the first delivery on any SUB socket to the last one on all.
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { driverFor, type BenchSocket } from "./drivers.js";
import { buildMessage, checkMessage, topic, type MessageShape } from "./messages.js";
import type { Control, RoleSpec } from "./protocol.js";
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

async function publish(socket: BenchSocket, spec: RoleSpec, go: Promise<void>): Promise<void> {
  const c = spec.case;
  if (c.parts === 2) throw new Error("pub-sub data cannot have 2 frames: that is the sync message's shape");
  const k = c.topics ? c.subscribers : 1;
  const shapes: MessageShape[] = Array.from({ length: k }, (_, j) => shapeOf(spec, prefixOf(spec, j)));
  let going = false;
  void go.then(() => (going = true));
  while (!going) {
    await socket.send([SYNC_TOPIC, SYNC]);
    await Promise.race([go, delay(SYNC_INTERVAL_MS)]);
  }
  for (let i = 0; i < c.count; i++) await socket.send(buildMessage(shapes[i % k]!, i));
}

async function receiveSubscribed(
  sockets: BenchSocket[],
  spec: RoleSpec,
  ctl: Control,
  allSynced: () => void,
): Promise<Measured> {
  const c = spec.case;
  const n = sockets.length;
  const perSocket = c.topics ? c.count / n : c.count;
  let synced = 0;
  let received = 0;
  let first = 0;
  let last = 0;
  await Promise.all(
    sockets.map(async (socket, j) => {
      const shape = shapeOf(spec, prefixOf(spec, j));
      let seenSync = false;
      for (let got = 0; got < perSocket;) {
        const msg = await socket.receive();
        ctl.progress();
        if (isSync(msg)) {
          if (!seenSync) {
            if (c.topics) socket.unsubscribe(SYNC_TOPIC);
            seenSync = true;
            if (++synced === n) allSynced();
          }
          continue;
        }
        // The clock reads at the first delivery and at each socket's last only, as in local_thr (a read
        // per delivery costs about a tenth of one): the last socket to finish reads it last.
        if (received === 0) first = last = performance.now();
        else if (got === perSocket - 1) last = performance.now();
        // Topics: message i goes to subscriber i % n, so this one sees j, j + n, j + 2n, ...
        const bad = checkMessage(shape, msg, c.topics ? j + got * n : got);
        if (bad) throw new Error(`subscriber ${j}: ${bad}`);
        got++;
        received++;
      }
    }),
  );
  return { received, seconds: (last - first) / 1000 };
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
    await publish(socket, spec, ctl.go);
    await ctl.finish;
    return { received: 0 };
  } finally {
    await socket.close();
  }
}

export async function subscribers(spec: RoleSpec, ctl: Control): Promise<Measured> {
  const sockets = await connectAll(spec, need(spec.endpoint));
  try {
    return await receiveSubscribed(sockets, spec, ctl, () => ctl.synced());
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
  try {
    const [, measured] = await Promise.all([publish(pub, spec, go), receiveSubscribed(subs, spec, ctl, start)]);
    return measured;
  } finally {
    for (const s of subs) await s.close();
    await pub.close();
  }
}
