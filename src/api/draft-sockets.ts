/**
 * The draft socket classes of `zmtp/draft`: the zeromq binding's seven (`zeromq/draft`) and
 * PEER and CHANNEL, which libzmq 4.3.5 has and the binding does not expose. Options come from
 * the option table as for the stable classes. Messages are single frames (a multipart send
 * rejects with EINVAL) except Datagram's `[address, body]` pairs.
 *
 * Typing: `receive()` of Server, Peer and Dish resolves to `[message, metadata]`; its type is
 * that tuple `& Buffer[]` only so that these classes remain `Socket`s for TypeScript, whose
 * `receive()` gives `Buffer[]`.
 */
import { zmqError } from "../errors.js";
import type { PeerSocket } from "../socket/peer.js";
import { routingIdFrame } from "../socket/server.js";
import { socketCore } from "./core.js";
import {
  groupOption,
  routingIdOption,
  type DishGroupOptions,
  type RadioGroupOptions,
  type ServerRoutingOptions,
} from "./draft-options.js";
import { SOCKET_TYPES } from "./factory.js";
import { changeGroups } from "./groups.js";
import type { MessageLike } from "./message.js";
import { installOptions, type OptionProps } from "./options.js";
import { Socket, type SocketOptionsInit } from "./socket.js";
import type { Readable, Writable } from "./sockets.js";

export type { DishGroupOptions, RadioGroupOptions, ServerRoutingOptions } from "./draft-options.js";

/** A Server or Peer message as received: its body and the sending peer's routing id. */
export type ServerMessage = [Buffer, ServerRoutingOptions] & Buffer[];
/** A Dish message as received: its body and its group. */
export type DishMessage = [Buffer, DishGroupOptions] & Buffer[];

/** Prepends a routing id or group frame: the form SERVER, PEER and RADIO cores route by. */
function withFrame(frame: Buffer, message: MessageLike | MessageLike[]): MessageLike[] {
  return Array.isArray(message) ? [frame, ...message] : [frame, message];
}

async function tagged<T>(received: Promise<Buffer[]>, tag: (frame: Buffer) => T): Promise<[Buffer, T] & Buffer[]> {
  const [frame, body] = await received;
  return [body!, tag(frame!)] as [Buffer, T] & Buffer[];
}

/** ZMQ_SERVER: talks to many CLIENTs, each addressed by the 32-bit routing id its messages carry. */
export class Server extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.SERVER.id, options);
  }
  /**
   * Sends a single-frame message to the peer `options.routingId` (required: TypeError without an
   * options object, EINVAL without an id or with 0). Rejects with EHOSTUNREACH "Host unreachable"
   * for an id no connected peer has, EINVAL for a multipart message; waits while that peer is full.
   */
  override send(message: MessageLike, options?: ServerRoutingOptions): Promise<void> {
    const id = routingIdOption(options);
    return message === undefined ? super.send(message) : super.send(withFrame(routingIdFrame(id), message));
  }
  /** The next message, with the routing id of the peer that sent it. */
  override receive(): Promise<ServerMessage> {
    return tagged(super.receive(), (id) => ({ routingId: id.readUInt32BE(0) }));
  }
}
export interface Server extends OptionProps<"SERVER">, Readable, Writable {
  [Symbol.asyncIterator](): AsyncIterator<ServerMessage, undefined>;
}

/** ZMQ_CLIENT: talks to SERVERs, round-robin out and fair-queued in, like a single-frame DEALER. */
export class Client extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.CLIENT.id, options);
  }
  override send(message: MessageLike): Promise<void> {
    return super.send(message);
  }
  override receive(): Promise<[Buffer]> {
    return super.receive() as Promise<[Buffer]>;
  }
}
export interface Client extends OptionProps<"CLIENT">, Readable, Writable {
  [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined>;
}

/** ZMQ_RADIO: publishes to the DISHes that joined a message's group, over tcp, ipc, inproc and udp (connect). */
export class Radio extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.RADIO.id, options);
  }
  /**
   * Sends a single-frame message to `options.group` (required: TypeError without an options
   * object, EINVAL without a group). Resolves also when no DISH joined that group (dropped).
   */
  override send(message: MessageLike, options?: RadioGroupOptions): Promise<void> {
    const group = groupOption(options);
    return message === undefined ? super.send(message) : super.send(withFrame(group, message));
  }
}
export interface Radio extends OptionProps<"RADIO">, Writable {}

/** ZMQ_DISH: receives the messages of the groups it joined, over tcp, ipc, inproc and udp (bind). */
export class Dish extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.DISH.id, options);
  }
  /**
   * zmq_join for each group (a string or bytes, cut at its first NUL). EINVAL for a group over
   * 255 bytes or already joined, after the other groups were joined; TypeError for a group that
   * is neither, at once.
   */
  join(...groups: Array<Buffer | string>): void {
    changeGroups(this, groups, "join");
  }
  /** zmq_leave for each group; EINVAL for a group not joined (the others are left). */
  leave(...groups: Array<Buffer | string>): void {
    changeGroups(this, groups, "leave");
  }
  /** The next message of a joined group, with its group. */
  override receive(): Promise<DishMessage> {
    return tagged(super.receive(), (group) => ({ group }));
  }
}
export interface Dish extends OptionProps<"DISH">, Readable {
  [Symbol.asyncIterator](): AsyncIterator<DishMessage, undefined>;
}

/** ZMQ_GATHER: fair-queued receive from SCATTERs, like a single-frame PULL. */
export class Gather extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.GATHER.id, options);
  }
  override receive(): Promise<[Buffer]> {
    return super.receive() as Promise<[Buffer]>;
  }
}
export interface Gather extends OptionProps<"GATHER">, Readable {
  [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined>;
}

/** ZMQ_SCATTER: round-robin send to GATHERs, like a single-frame PUSH. */
export class Scatter extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.SCATTER.id, options);
  }
  override send(message: MessageLike): Promise<void> {
    return super.send(message);
  }
}
export interface Scatter extends OptionProps<"SCATTER">, Writable {}

/**
 * ZMQ_DGRAM: raw UDP over one bound udp:// endpoint. Send `[address, body]` with the address as
 * `"ip:port"` (IPv4; a message to an address that is not one is dropped, as libzmq); receive
 * `[address, body]` where the address ends with a NUL byte, as the binding hands it over.
 */
export class Datagram extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.DGRAM.id, options);
  }
  override send(message: [MessageLike, MessageLike]): Promise<void> {
    return super.send(message);
  }
  override receive(): Promise<[Buffer, Buffer]> {
    return super.receive() as Promise<[Buffer, Buffer]>;
  }
}
export interface Datagram extends OptionProps<"DGRAM">, Readable, Writable {
  [Symbol.asyncIterator](): AsyncIterator<[Buffer, Buffer], undefined>;
}

/**
 * ZMQ_PEER (not in the zeromq binding): a SERVER for PEERs where `connect` returns the new
 * peer's routing id at once (zmq_connect_peer), so both sides may connect to each other and
 * address each other by id.
 */
export class Peer extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.PEER.id, options);
  }
  /**
   * zmq_connect_peer: connects and returns the routing id messages to this peer take, valid at
   * once (what is sent before the handshake is queued). EFAULT with `immediate` set (no peer
   * exists until connected); a repeated connect to an endpoint returns its first id.
   */
  override connect(address: string): number {
    const core = socketCore(this) as PeerSocket;
    if (!core.closed && core.options.immediate) throw zmqError("EFAULT", "Bad address", address);
    super.connect(address);
    return core.peerId(address);
  }
  /** As Server's: to the peer `options.routingId`. */
  override send(message: MessageLike, options?: ServerRoutingOptions): Promise<void> {
    const id = routingIdOption(options);
    return message === undefined ? super.send(message) : super.send(withFrame(routingIdFrame(id), message));
  }
  /** The next message, with the routing id of the peer that sent it. */
  override receive(): Promise<ServerMessage> {
    return tagged(super.receive(), (id) => ({ routingId: id.readUInt32BE(0) }));
  }
}
export interface Peer extends OptionProps<"PEER">, Readable, Writable {
  [Symbol.asyncIterator](): AsyncIterator<ServerMessage, undefined>;
}

/** ZMQ_CHANNEL (not in the zeromq binding): one CHANNEL peer, like a single-frame PAIR. */
export class Channel extends Socket {
  constructor(options?: SocketOptionsInit) {
    super(SOCKET_TYPES.CHANNEL.id, options);
  }
  override send(message: MessageLike): Promise<void> {
    return super.send(message);
  }
  override receive(): Promise<[Buffer]> {
    return super.receive() as Promise<[Buffer]>;
  }
}
export interface Channel extends OptionProps<"CHANNEL">, Readable, Writable {
  [Symbol.asyncIterator](): AsyncIterator<[Buffer], undefined>;
}

installOptions(Server, "SERVER");
installOptions(Client, "CLIENT");
installOptions(Radio, "RADIO");
installOptions(Dish, "DISH");
installOptions(Gather, "GATHER");
installOptions(Scatter, "SCATTER");
installOptions(Datagram, "DGRAM");
installOptions(Peer, "PEER");
installOptions(Channel, "CHANNEL");
