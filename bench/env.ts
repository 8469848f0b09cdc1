// The machine and versions a result was measured with.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";

export interface Environment {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  zmtp: string;
  zeromq: string;
  libzmq: string;
  /** 1-minute load average when the run started: a busy machine makes every figure noisy. */
  loadAverage: number;
  command: string;
}

function readJson(path: string | URL): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function osName(): string {
  let pretty = "";
  try {
    pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    // not Linux, or no os-release: the kernel line below says enough
  }
  const kernel = `${os.type()} ${os.release()} ${os.arch()}`;
  return pretty ? `${pretty} (${kernel})` : kernel;
}

/** `libzmq`: the version the binding reports, from a probe process (the parent never loads it). */
export function environment(libzmq: string): Environment {
  const require = createRequire(import.meta.url);
  const own = readJson(new URL("../../package.json", import.meta.url));
  let zeromq = "?";
  try {
    const v = readJson(require.resolve("zeromq/package.json"))?.version;
    if (typeof v === "string") zeromq = v;
  } catch {
    // not installed: the probe reports it
  }
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    zmtp: own?.name === "zmtp" && typeof own.version === "string" ? own.version : "?",
    zeromq,
    libzmq,
    loadAverage: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    command: ["node", "dist/bench/run.js", ...process.argv.slice(2)].join(" "),
  };
}
