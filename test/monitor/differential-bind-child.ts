// Child process for differential-bind.test.ts: runs one failed bind with one implementation and
// prints the outcome as JSON. The test spawns it as an unprivileged user (uid 65534), the only way
// to meet a real EACCES when the test runner itself is root.
//   node differential-bind-child.js <libzmq|zmtp> <endpoint> <subs as JSON [[literal, token], ...]>
import { failedBind, LIBZMQ, ZMTP } from "./differential-harness.js";

// `node --test <dir>` runs every .js under a test/ folder, this one included: without arguments
// it does nothing.
const [implName, endpoint, subsJson] = process.argv.slice(2);
const impl = implName === "libzmq" ? LIBZMQ : ZMTP;
// With "--probe" (or no arguments) it only shows that this user can load the build.
if (implName === "--probe" || endpoint === undefined) process.exit(0);
try {
  const res = await failedBind(impl, endpoint, JSON.parse(subsJson ?? "[]") as Array<[string, string]>);
  process.stdout.write(JSON.stringify({ uid: process.getuid?.(), ...res }) + "\n");
  process.exit(0);
} catch (err) {
  process.stderr.write(String((err as Error).stack ?? err) + "\n");
  process.exit(1);
}
