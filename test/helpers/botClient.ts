import { expect } from '@jest/globals';
import { type Activity, MemoryStorage, type Storage, TestAdapter } from 'botbuilder';
import { composeBot } from '../../bot/composeBot.js';
import type { Identity } from '../../domain/identity.js';
import type { Locale } from '../../translations/index.js';
import { channelIdentity, type Channel, type Expect, visible } from './conversation.js';
import type { World } from './world.js';
import { proactiveSender } from './party.js';

/** The whole bot (routing, dialogs, state) on botbuilder's TestAdapter, as one user on one channel. */
export function botClient(
  world: World,
  channel: Channel,
  who: Identity,
  locale: Locale,
  storage: Storage = new MemoryStorage(),
) {
  const holder: { adapter?: TestAdapter } = {};
  const { bot, worker } = composeBot({
    unitOfWork: world.store,
    ctx: world.ctx,
    storage,
    channel: { send: proactiveSender(holder) },
    log: { warn: () => undefined },
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: channel,
    conversation: { id: `${channel}-${who.userId}` } as Activity['conversation'],
  });
  holder.adapter = adapter;
  adapter.use(channelIdentity(channel, who, locale));
  return {
    adapter,
    worker,
    bot,
    /** One message, then whatever the delivery worker sends because of it. */
    async send(activity: string | Partial<Activity>): Promise<Partial<Activity>[]> {
      await adapter.receiveActivity(activity);
      await worker.idle();
      return adapter.activeQueue.splice(0);
    },
  };
}

const textOf = (reply: Partial<Activity>): string =>
  visible(reply.text ?? JSON.stringify(reply.attachments?.[0]?.content ?? reply));

/** Plays [user says, bot answers] rows against the whole bot; every reply must be expected. */
export async function playBot(
  client: ReturnType<typeof botClient>,
  script: Array<[string | Partial<Activity>, Expect[]]>,
): Promise<void> {
  for (const [says, answers] of script) {
    const replies = await client.send(says);
    const where = `after ${typeof says === 'string' ? `"${says}"` : JSON.stringify(says.value ?? says.type)}`;
    expect({ where, replies: replies.map(textOf) }).toEqual({ where, replies: answers.map(() => expect.anything()) });
    answers.forEach((expected, n) => {
      const reply = replies[n]!;
      if (typeof expected === 'function') expected(reply);
      else if (typeof expected === 'string')
        expect({ where, text: textOf(reply) }).toEqual({ where, text: expect.stringContaining(expected) });
      else expect({ where, text: textOf(reply) }).toEqual({ where, text: expect.stringMatching(expected) });
    });
  }
}
