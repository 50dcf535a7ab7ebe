import { type Activity, MemoryStorage, TestAdapter, TurnContext } from 'botbuilder';
import type { ProactiveSender } from '../../dialogs/notificationDispatcher.js';
import { composeBot } from '../../bot/composeBot.js';
import type { Identity } from '../../domain/identity.js';
import type { Locale } from '../../dialogs/strings.js';
import type { Channel } from './conversation.js';
import type { World } from './world.js';

export interface Member {
  identity: Identity;
  channel: Channel;
  locale: Locale;
  conversationId: string;
  groupChat?: boolean;
}

/** TestAdapter has no continueConversation: a proactive turn is a TurnContext on the conversation's reference. */
export function proactiveSender(holder: { adapter?: TestAdapter }): ProactiveSender {
  return async (reference, logic) => {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await logic(new TurnContext(holder.adapter!, activity));
  };
}

export const member = (identity: Identity, channel: Channel = 'msteams', locale: Locale = 'en'): Member => ({ identity, channel, locale, conversationId: `${channel}:${identity.userId}` });

/**
 * Several people talking to one bot (one adapter, one storage), each in their own 1:1 conversation.
 * Every reply, including proactive ones and invoke responses, is returned with the conversation it went to.
 */
export function party(world: World) {
  const holder: { adapter?: TestAdapter } = {};
  const storage = new MemoryStorage();
  const { bot, dispatcher } = composeBot({
    service: world.service,
    storage,
    send: proactiveSender(holder),
    log: { warn: (details: object, message: string) => process.env.DEBUG_DISPATCH && console.warn(message, details) },
  });
  const updates: Array<Partial<Activity>> = [];
  // TestAdapter's updateActivity only rewrites its queue; record updates so tests can see every copy change.
  const adapter = new (class extends TestAdapter {
    override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
      updates.push({ ...activity, conversation: context.activity.conversation });
    }
  })((context) => bot.run(context));
  holder.adapter = adapter;
  const stamp = (who: Member, activity: Partial<Activity>): Partial<Activity> => ({
    ...activity,
    channelId: who.channel,
    locale: who.locale === 'ru' ? 'ru-RU' : 'en-US',
    conversation: { id: who.conversationId, ...(who.channel === 'msteams' ? { tenantId: who.identity.tenantId } : {}), ...(who.groupChat ? { isGroup: true, conversationType: 'groupChat' } : {}) } as Activity['conversation'],
    from: who.channel === 'msteams' ? { id: `29:${who.identity.userId}`, name: 'User', aadObjectId: who.identity.userId } : { id: who.identity.userId, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    ...(who.channel === 'msteams' ? { channelData: { tenant: { id: who.identity.tenantId } } } : {}),
  });
  return {
    adapter,
    dispatcher,
    updates,
    storage,
    async send(who: Member, activity: string | Partial<Activity>): Promise<Array<Partial<Activity>>> {
      const full = stamp(who, typeof activity === 'string' ? { type: 'message', text: activity } : { type: 'message', ...activity });
      await adapter.processActivity(full);
      return adapter.activeQueue.splice(0);
    },
    /** Teams' Action.Execute: the adaptiveCard/action invoke. Returns the invoke response and any other replies. */
    async execute(who: Member, verb: string, data: Record<string, unknown>) {
      const full = stamp(who, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
      await adapter.processActivity(full);
      const replies = adapter.activeQueue.splice(0);
      const response = replies.find((r) => r.type === 'invokeResponse')?.value as InvokeAnswer | undefined;
      return { response, others: replies.filter((r) => r.type !== 'invokeResponse'), all: replies };
    },
  };
}

export type InvokeAnswer = { status: number; body: { statusCode: number; type: string; value: unknown } };

export const cardOf = (activity: Partial<Activity> | undefined): Record<string, unknown> | undefined => activity?.attachments?.[0]?.content as Record<string, unknown> | undefined;
export const textIn = (value: unknown): string => JSON.stringify(value ?? '');
