// Runs every dist/test/**/*.test.js with Node's test runner (Node 20 has no glob on the CLI,
// and a bare directory would also run the helper modules as tests).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const files = readdirSync("dist/test", { recursive: true })
  .map(String)
  .filter((f) => f.endsWith(".test.js"))
  .map((f) => join("dist/test", f))
  .sort();
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", "--test-timeout=120000", ...files], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
