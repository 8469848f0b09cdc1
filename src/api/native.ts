/**
 * The classes the zeromq binding implements natively, as they behave there: `new` checks the
 * constructor's arguments before anything else (TypeError, then the count), and calling one
 * without `new` throws "Class constructors cannot be invoked without 'new'". Each name is both
 * the class (a value) and its instance type.
 */
import { isNumber, isObject, nativeClass, optional, required } from "./args.js";
import { Context as ContextClass } from "./context.js";
import { Observer as ObserverClass } from "./observer.js";
import { Proxy as ProxyClass } from "./proxy.js";
import { Socket as SocketClass } from "./socket.js";

export const Context = nativeClass(ContextClass, [optional("Options must be an object", isObject)]);
export type Context = ContextClass;

export const Socket = nativeClass(SocketClass, [
  required("Socket type must be a number", isNumber),
  optional("Options must be an object", isObject),
]);
export type Socket = SocketClass;

export const Proxy = nativeClass(ProxyClass, [
  required("Front-end must be a socket object", isObject),
  required("Back-end must be a socket object", isObject),
]);
export type Proxy<F extends SocketClass = SocketClass, B extends SocketClass = SocketClass> = ProxyClass<F, B>;

export const Observer = nativeClass(ObserverClass, [required("Socket must be a socket object", isObject)]);
export type Observer = ObserverClass;
