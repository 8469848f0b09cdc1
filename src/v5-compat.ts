/**
 * `zmtp/v5-compat`: the zeromq v5 API (as the `zeromq/v5-compat` subpath of the zeromq v6
 * binding) in pure TypeScript.
 */
export * from "./compat/index.js";
