/**
 * zmq_join and zmq_leave. The binding (built with draft support, as its prebuilt binaries are)
 * has them on every socket's prototype, not only on Dish: on another type a group is refused
 * with ENOTSUP after its argument check, and on a closed socket EBADF comes first.
 */
import { zmqError } from "../errors.js";
import type { DishSocket } from "../socket/dish.js";
import { socketCore } from "./core.js";
import { eachGroup } from "./draft-options.js";

/** Joins or leaves each group in turn (see eachGroup for which error wins). */
export function changeGroups(socket: object, groups: readonly unknown[], op: "join" | "leave"): void {
  const core = socketCore(socket);
  if (core.closed) throw zmqError("EBADF");
  eachGroup(groups, (group) => {
    if (core.typeName !== "DISH") throw zmqError("ENOTSUP");
    (core as DishSocket)[op](group);
  });
}

/** Puts join/leave on a prototype as the binding's are: plain methods, not enumerable. */
export function installGroupMethods(proto: object): void {
  Object.defineProperties(proto, {
    join: {
      value: function join(this: object, ...groups: unknown[]): void {
        changeGroups(this, groups, "join");
      },
      writable: true,
      configurable: true,
    },
    leave: {
      value: function leave(this: object, ...groups: unknown[]): void {
        changeGroups(this, groups, "leave");
      },
      writable: true,
      configurable: true,
    },
  });
}
