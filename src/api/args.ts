/**
 * Argument checks as the zeromq binding's native functions make them, so that a wrong call
 * fails with the same TypeError: each declared argument is checked in order against what it
 * accepts (a message per argument), then the count ("Expected 2 arguments but received 3").
 * Calling one of its native classes without `new` fails with N-API's message.
 */

/** One declared argument: what it accepts, and the TypeError message when it does not. */
export interface ArgSpec {
  readonly accepts: (value: unknown) => boolean;
  readonly message: string;
}

// N-API's value tests (napi_typeof, napi_is_buffer): functions are objects, null is not; any
// ArrayBufferView is a buffer.
export const isObject = (v: unknown): v is object => (typeof v === "object" && v !== null) || typeof v === "function";
export const isNumber = (v: unknown): v is number => typeof v === "number";
export const isString = (v: unknown): v is string => typeof v === "string";
export const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
export const isBufferLike = (v: unknown): v is ArrayBufferView => ArrayBuffer.isView(v);

/** An argument that must pass one of `tests`. */
export function required(message: string, ...tests: Array<(v: unknown) => boolean>): ArgSpec {
  // One test (the common case, and send's) without the closure over a list: send checks per message.
  const [only] = tests;
  if (tests.length === 1 && only) return { accepts: only, message };
  return { accepts: (v) => tests.some((t) => t(v)), message };
}

/** An argument that may be left out (undefined) or else must pass one of `tests`. */
export function optional(message: string, ...tests: Array<(v: unknown) => boolean>): ArgSpec {
  return { accepts: (v) => v === undefined || tests.some((t) => t(v)), message };
}

/** Throws the binding's TypeError for the first argument a spec rejects, then for extra arguments. */
export function checkArgs(args: ArrayLike<unknown>, specs: readonly ArgSpec[]): void {
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    if (!spec.accepts(args[i])) throw new TypeError(spec.message);
  }
  if (args.length > specs.length) {
    const n = specs.length;
    throw new TypeError(`Expected ${n} argument${n === 1 ? "" : "s"} but received ${args.length}`);
  }
}

/** The binding's address argument (bind, unbind, connect, disconnect). */
export const ADDRESS = required("Address must be a string", isString);
/** The binding's option id argument (raw accessors). */
export const IDENTIFIER = required("Identifier must be a number", isNumber);

/** What the binding throws when an object argument is not the native object it wants (no code, no errno). */
export function invalidObject(): Error {
  return new Error("Invalid argument");
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Replaces methods of a prototype with ones that check their arguments first, as the binding's
 * native methods do (checks come before any state check, e.g. on a closed socket). The checked
 * method keeps its name and, as native methods, reports length 0.
 */
export function checkArguments<T extends object>(
  proto: T,
  signatures: { readonly [K in keyof T]?: readonly ArgSpec[] },
): void {
  for (const [name, specs] of Object.entries(signatures) as Array<[string, readonly ArgSpec[]]>) {
    const method = (proto as Record<string, Method>)[name]!;
    const checked = checkedMethod(name, method, specs);
    Object.defineProperty(proto, name, { value: checked, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * `method` behind its argument checks, under its own name. send() and receive() run once per
 * message: for no argument or one, the wrapper takes them as declared parameters (a rest array
 * and `apply` per call cost 4 % of an inproc PUSH→PULL) and falls back to the general path only
 * when the call has another count.
 */
function checkedMethod(name: string, method: Method, specs: readonly ArgSpec[]): Method {
  const [first] = specs;
  const general = {
    [name](this: unknown, ...args: unknown[]): unknown {
      checkArgs(args, specs);
      return method.apply(this, args);
    },
  }[name]!;
  if (specs.length === 0) {
    return {
      [name](this: unknown, ...args: unknown[]): unknown {
        return args.length === 0 ? method.call(this) : general.apply(this, args);
      },
    }[name]!;
  }
  if (specs.length === 1 && first) {
    const accepts = first.accepts;
    return {
      [name](this: unknown, ...args: unknown[]): unknown {
        if (args.length !== 1) return general.apply(this, args);
        const arg = args[0];
        if (!accepts(arg)) throw new TypeError(first.message);
        return method.call(this, arg);
      },
    }[name]!;
  }
  return general;
}

/**
 * A class as the binding's native classes behave: `new` checks the constructor's arguments
 * first, and a call without `new` throws N-API's "Class constructors cannot be invoked without
 * 'new'" (an ES class names itself in that message). Subclasses extending the result go
 * through the same checks in `super(...)`.
 */
export function nativeClass<C extends abstract new (...args: never[]) => object>(cls: C, specs: readonly ArgSpec[]): C {
  // Native constructors report no declared parameters.
  Object.defineProperty(cls, "length", { value: 0 });
  return new globalThis.Proxy(cls, {
    apply(): never {
      throw new TypeError("Class constructors cannot be invoked without 'new'");
    },
    construct(target, args, newTarget): object {
      checkArgs(args, specs);
      return Reflect.construct(target, args, newTarget) as object;
    },
  });
}

/** The binding's option value arguments, by the type its raw accessor family takes. */
export const NUMBER_VALUE = required("Option value must be a number", isNumber);
export const BOOLEAN_VALUE = required("Option value must be a boolean", isBoolean);
export const STRING_VALUE = required(
  "Option value must be a string or buffer",
  isString,
  isBufferLike,
  (v) => v === null,
);
