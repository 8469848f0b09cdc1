/** `zmtp/context`: context termination (zmq_ctx_term), which the binding only does at exit. */
export { terminate } from "./api/context.js";
