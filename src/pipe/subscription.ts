/**
 * Subscriptions travel through pipes as ordinary messages `[0x01 topic]` (subscribe) or
 * `[0x00 topic]` (cancel), as in libzmq. The ones a SUB/XSUB socket emits are tagged so the
 * engine can send them as ZMTP 3.1 SUBSCRIBE/CANCEL commands to 3.1 peers and leave them as
 * data frames for 3.0 peers; an XSUB user's data messages stay untagged.
 */
export const SUBSCRIPTION = Symbol("zmtp.subscription");

export type SubscriptionMessage = Buffer[] & { [SUBSCRIPTION]?: true };

export function subscriptionMessage(subscribe: boolean, topic: Buffer, asCommand = true): SubscriptionMessage {
  const body = Buffer.allocUnsafe(topic.length + 1);
  body[0] = subscribe ? 1 : 0;
  topic.copy(body, 1);
  const msg: SubscriptionMessage = [body];
  if (asCommand) msg[SUBSCRIPTION] = true;
  return msg;
}

export function isSubscriptionMessage(msg: Buffer[]): boolean {
  return (msg as SubscriptionMessage)[SUBSCRIPTION] === true;
}
