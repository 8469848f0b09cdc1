/**
 * What the rows are generated from: the binding's public classes and their option accessors,
 * read by reflection (the binding installs its options as prototype accessors), each option's
 * value kind as the binding's setter reports it, and input values for each kind.
 */
import { ZEROMQ, ZMTP, type Loose } from "./harness.js";

export const SOCKET_CLASSES = [
  "Pair",
  "Publisher",
  "Subscriber",
  "Request",
  "Reply",
  "Dealer",
  "Router",
  "Pull",
  "Push",
  "XPublisher",
  "XSubscriber",
  "Stream",
] as const;
export type SocketClass = (typeof SOCKET_CLASSES)[number];

/** Accessors of a socket that are state, not options. */
const NOT_OPTIONS = new Set(["events", "context", "closed", "readable", "writable"]);

/** How the binding's setter types an option ("enum": the setter takes named values, no type check). */
export type OptionKind = "number" | "bool" | "string" | "enum" | "readonly" | "absent";

export interface OptionInfo {
  readonly name: string;
  readonly kind: OptionKind;
  /** The binding defines a getter (write-only options have none). */
  readonly readable: boolean;
  /** The accessor sits on the shared Socket (or Context) prototype, not on the class itself. */
  readonly common: boolean;
}

function accessors(proto: object | null, stop: object): Map<string, PropertyDescriptor> {
  const out = new Map<string, PropertyDescriptor>();
  for (let p = proto; p && p !== stop && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) {
      const d = Object.getOwnPropertyDescriptor(p, k)!;
      if ((d.get || d.set) && !out.has(k) && !NOT_OPTIONS.has(k)) out.set(k, d);
    }
  }
  return out;
}

/**
 * The kind the binding's setter expects: assigning `{}` fails its type check with a message
 * naming the type, before anything reaches libzmq, so one instance serves every option.
 */
function kindFromSetter(target: Loose, name: string): OptionKind {
  try {
    target[name] = {};
    return "enum";
  } catch (e) {
    const m = (e as Error).message;
    if (/number/.test(m)) return "number";
    if (/boolean/.test(m)) return "bool";
    if (/string/.test(m)) return "string";
    return "enum";
  }
}

/** Options of a class in either library, typed by the binding (zmtp-only names are "absent"). */
function optionsOf(cls: string, base: string, make: () => Loose): OptionInfo[] {
  const names = new Set<string>();
  const ref = accessors(ZEROMQ.zmq[cls].prototype, Object.prototype);
  for (const lib of [ZEROMQ, ZMTP])
    for (const k of accessors(lib.zmq[cls].prototype, Object.prototype).keys()) names.add(k);
  const baseRef = accessors(ZEROMQ.zmq[base].prototype, Object.prototype);
  // One binding instance per class: sockets are freed by libzmq's reaper thread only later, so
  // one per option would exhaust the context's 1023 sockets under load.
  const probe = make();
  try {
    return [...names].sort().map((name): OptionInfo => {
      const d = ref.get(name);
      const common = baseRef.has(name) || cls === base;
      if (!d) return { name, kind: "absent", readable: true, common };
      if (!d.set) return { name, kind: "readonly", readable: true, common };
      return { name, kind: kindFromSetter(probe, name), readable: !!d.get, common };
    });
  } finally {
    (probe as { close?: () => void }).close?.();
  }
}

const cache = new Map<string, OptionInfo[]>();

export function socketOptions(cls: SocketClass): OptionInfo[] {
  let infos = cache.get(cls);
  if (!infos) cache.set(cls, (infos = optionsOf(cls, "Socket", () => new ZEROMQ.zmq[cls]({ linger: 0 }))));
  return infos;
}

export function contextOptions(): OptionInfo[] {
  return optionsOf("Context", "Context", () => new ZEROMQ.zmq.Context());
}

/** Input values per kind, each with a label for row ids. */
export const VALUES: Record<Exclude<OptionKind, "absent">, ReadonlyArray<readonly [string, () => unknown]>> = {
  number: [
    ["1", () => 1],
    ["0", () => 0],
    ["-1", () => -1],
    ["-2", () => -2],
    ["1000", () => 1000],
    ["2^31-1", () => 2 ** 31 - 1],
    ["2^31", () => 2 ** 31],
    ["-2^31", () => -(2 ** 31)],
    ["-2^31-1", () => -(2 ** 31) - 1],
    ["2^32", () => 2 ** 32],
    ["2^53", () => 2 ** 53],
    ["2^64", () => 2 ** 64],
    ["1.5", () => 1.5],
    ["NaN", () => NaN],
    ["Infinity", () => Infinity],
    ['"1"', () => "1"],
    ["true", () => true],
    ["null", () => null],
    ["undefined", () => undefined],
    ["10n", () => 10n],
  ],
  bool: [
    ["true", () => true],
    ["false", () => false],
    ["1", () => 1],
    ["0", () => 0],
    ['"true"', () => "true"],
    ["null", () => null],
    ["undefined", () => undefined],
  ],
  string: [
    ['"abc"', () => "abc"],
    ['""', () => ""],
    ["Buffer(abc)", () => Buffer.from("abc")],
    ["Buffer()", () => Buffer.alloc(0)],
    ["null", () => null],
    ["undefined", () => undefined],
    ["1", () => 1],
    ["true", () => true],
    ["255 chars", () => "x".repeat(255)],
    ["256 chars", () => "x".repeat(256)],
    ['"é"', () => "é"],
    ["{}", () => ({})],
  ],
  enum: [
    ["null", () => null],
    ['"allSubs"', () => "allSubs"],
    ['"allSubsUnsubs"', () => "allSubsUnsubs"],
    ['"bogus"', () => "bogus"],
    ["1", () => 1],
    ["undefined", () => undefined],
  ],
  readonly: [
    ["1", () => 1],
    ["null", () => null],
  ],
};

/** A value the binding accepts for most options of a kind. */
export function validValue(kind: OptionKind): unknown {
  switch (kind) {
    case "number":
      return 1;
    case "bool":
      return true;
    case "string":
      return "abc";
    case "enum":
      return "allSubs";
    default:
      return 1;
  }
}
