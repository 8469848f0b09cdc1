/**
 * RADIO/DISH groups as they travel through pipes. A DISH's JOIN and LEAVE are one-frame
 * messages `[group]` tagged with the command, so the engine sends them as ZMTP JOIN/LEAVE
 * commands and a RADIO tells them from data; a RADIO's messages are `[group, body]`, which is
 * also their wire form (a group frame with MORE, then the body).
 */

/** ZMQ_GROUP_MAX_LENGTH in libzmq 4.3.5: the longest group, in bytes. */
export const GROUP_MAX_LENGTH = 255;

export const GROUP_COMMAND = Symbol("zmtp.group-command");

export type GroupCommandName = "JOIN" | "LEAVE";

export type GroupCommandMessage = Buffer[] & { [GROUP_COMMAND]?: GroupCommandName };

/** A JOIN or LEAVE of `group`, as a pipe message. */
export function groupCommand(name: GroupCommandName, group: Buffer): GroupCommandMessage {
  const msg: GroupCommandMessage = [group];
  msg[GROUP_COMMAND] = name;
  return msg;
}

/** The command a pipe message stands for, or undefined for data. */
export function groupCommandOf(msg: Buffer[]): GroupCommandName | undefined {
  return (msg as GroupCommandMessage)[GROUP_COMMAND];
}
