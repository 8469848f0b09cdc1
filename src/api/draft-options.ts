/**
 * What the draft sockets' `send` options and `join`/`leave` arguments accept, checked as the
 * zeromq binding checks them (the same errors, thrown synchronously), and turned into the
 * frames their cores route by.
 */
import { zmqError } from "../errors.js";
import { GROUP_MAX_LENGTH } from "../routing/group-commands.js";

/** The routing id of a SERVER or PEER peer: given to `send`, and carried by each received message. */
export interface ServerRoutingOptions {
  /** zmq_msg_routing_id: the peer's 32-bit routing id (never 0). */
  routingId: number;
}

/** The group of a RADIO message. */
export interface RadioGroupOptions {
  /** zmq_msg_set_group: cut at its first NUL byte and to 255 bytes, as libzmq's C string API does. */
  group: Buffer | string;
}

/** The group a DISH received a message for. */
export interface DishGroupOptions {
  /** zmq_msg_group */
  group: Buffer;
}

function optionsObject(options: unknown): Record<string, unknown> {
  if (options === null || typeof options !== "object") throw new TypeError("Options must be an object");
  return options as Record<string, unknown>;
}

/** `{routingId}` as the binding reads it: a number taken modulo 2^32 (so -1 is 0xFFFFFFFF); 0 or none is EINVAL. */
export function routingIdOption(options: unknown): number {
  const value = optionsObject(options)["routingId"];
  if (value === undefined) throw zmqError("EINVAL");
  if (typeof value !== "number") throw new TypeError("A number was expected");
  const id = value >>> 0;
  if (id === 0) throw zmqError("EINVAL");
  return id;
}

/** A group given as a string (UTF-8) or bytes, up to its first NUL byte; TypeError otherwise. */
export function groupBytes(value: unknown): Buffer {
  let b: Buffer;
  if (typeof value === "string") b = Buffer.from(value, "utf8");
  else if (Buffer.isBuffer(value)) b = value;
  else if (ArrayBuffer.isView(value)) b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  else throw new TypeError("Value must be a string or buffer");
  const nul = b.indexOf(0);
  return nul >= 0 ? b.subarray(0, nul) : b;
}

/** `{group}` of a RADIO send: missing is EINVAL; longer than 255 bytes is cut, as libzmq does. */
export function groupOption(options: unknown): Buffer {
  const value = optionsObject(options)["group"];
  if (value === undefined) throw zmqError("EINVAL");
  return groupBytes(value).subarray(0, GROUP_MAX_LENGTH);
}

/**
 * Applies `op` to each group of a `join`/`leave` call, as the binding does: a group of the wrong
 * type stops there with a TypeError; a refused group (EINVAL) does not stop the others, and the
 * first refusal is thrown at the end.
 */
export function eachGroup(groups: readonly unknown[], op: (group: Buffer) => void): void {
  let refused: Error | null = null;
  for (const g of groups) {
    const group = groupBytes(g);
    try {
      op(group);
    } catch (err) {
      refused ??= err as Error;
    }
  }
  if (refused !== null) throw refused;
}
