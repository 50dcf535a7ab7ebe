import { type Activity, MemoryStorage, type Storage, TestAdapter, TurnContext } from 'botbuilder';
import { composeBot } from '../../bot/composeBot.js';
import type { ProactiveSender } from '../../delivery/channel.js';
import type { DeliveryWorkerOptions } from '../../delivery/deliveryWorker.js';
import type { Identity } from '../../domain/identity.js';
import type { Locale } from '../../translations/index.js';
import { type Channel, visible } from './conversation.js';
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
    const activity = TurnContext.applyConversationReference(
      { type: 'event', name: 'continueConversation' },
      reference,
      true,
    );
    await logic(new TurnContext(holder.adapter!, activity));
  };
}

export const member = (identity: Identity, channel: Channel = 'msteams', locale: Locale = 'en'): Member => ({
  identity,
  channel,
  locale,
  conversationId: `${channel}:${identity.userId}`,
});

export interface PartyOptions {
  /** Replaces the channel's proactive sending (to make it fail or wait). */
  send?: ProactiveSender;
  delivery?: DeliveryWorkerOptions;
  warnings?: Array<{ details: object; message: string }>;
  /** Replaces the upload of an exported file (default: the real HTTP PUT). */
  upload?: (url: string, content: Buffer) => Promise<void>;
  /** The conversation and user state's storage (default: a MemoryStorage of the party's own). */
  storage?: Storage;
  /** Awaited before the adapter sends anything (to hold a reply while something else happens). */
  beforeReply?: (activities: Array<Partial<Activity>>) => Promise<void>;
}

/**
 * Several people talking to one bot (one adapter, one storage), each in their own 1:1 conversation.
 * Every reply, including proactive ones and invoke responses, is returned with the conversation it
 * went to. `send` and `execute` return once the delivery worker has nothing more due, so what a
 * turn caused to be sent is in their answer; the turn itself never waits for it.
 */
export function party(world: World, options: PartyOptions = {}) {
  const holder: { adapter?: TestAdapter } = {};
  const storage = options.storage ?? new MemoryStorage();
  const { bot, worker, service } = composeBot({
    unitOfWork: world.store,
    ctx: world.ctx,
    storage,
    channel: { send: options.send ?? proactiveSender(holder) },
    log: {
      warn: (details: object, message: string) => {
        options.warnings?.push({ details, message });
        if (process.env.DEBUG_DISPATCH) console.warn(message, details);
      },
    },
    ...(options.delivery ? { delivery: options.delivery } : {}),
    ...(options.upload ? { upload: options.upload } : {}),
  });
  const updates: Array<Partial<Activity>> = [];
  // TestAdapter's updateActivity only rewrites its queue; record updates so tests can see every copy change.
  const adapter = new (class extends TestAdapter {
    override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<void> {
      updates.push({ ...activity, conversation: context.activity.conversation });
    }
    override async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>) {
      await options.beforeReply?.(activities);
      return super.sendActivities(context, activities);
    }
  })((context) => bot.run(context));
  holder.adapter = adapter;
  const stamp = (who: Member, activity: Partial<Activity>): Partial<Activity> => ({
    ...activity,
    channelId: who.channel,
    locale: who.locale === 'ru' ? 'ru-RU' : 'en-US',
    conversation: {
      id: who.conversationId,
      ...(who.channel === 'msteams' ? { tenantId: who.identity.tenantId } : {}),
      ...(who.groupChat ? { isGroup: true, conversationType: 'groupChat' } : {}),
    } as Activity['conversation'],
    from:
      who.channel === 'msteams'
        ? { id: `29:${who.identity.userId}`, name: 'User', aadObjectId: who.identity.userId }
        : { id: who.identity.userId, name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    ...(who.channel === 'msteams' ? { channelData: { tenant: { id: who.identity.tenantId } } } : {}),
  });
  return {
    adapter,
    worker,
    service,
    /** Every card verb the bot routes. */
    routedVerbs: bot.routedVerbs,
    updates,
    storage,
    /** Runs the delivery worker until nothing is due now. */
    deliver: () => worker.idle(),
    async send(who: Member, activity: string | Partial<Activity>): Promise<Array<Partial<Activity>>> {
      const full = stamp(
        who,
        typeof activity === 'string' ? { type: 'message', text: activity } : { type: 'message', ...activity },
      );
      await adapter.processActivity(full);
      await worker.idle();
      return adapter.activeQueue.splice(0);
    },
    /** The invoke alone, without waiting for delivery: what Teams waits for. */
    async invoke(who: Member, verb: string, data: Record<string, unknown>): Promise<InvokeAnswer | undefined> {
      const full = stamp(who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      });
      const context = new TurnContext(adapter, full as Activity);
      let answer: InvokeAnswer | undefined;
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) if (a.type === 'invokeResponse') answer = a.value as InvokeAnswer;
        return next();
      });
      await bot.run(context);
      return answer;
    },
    /** Teams' Action.Execute: the adaptiveCard/action invoke. Returns the invoke response and any other replies. */
    async execute(who: Member, verb: string, data: Record<string, unknown>) {
      const full = stamp(who, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
      });
      await adapter.processActivity(full);
      await worker.idle();
      const replies = adapter.activeQueue.splice(0);
      const response = replies.find((r) => r.type === 'invokeResponse')?.value as InvokeAnswer | undefined;
      return { response, others: replies.filter((r) => r.type !== 'invokeResponse'), all: replies };
    },
  };
}

export type InvokeAnswer = { status: number; body: { statusCode: number; type: string; value: unknown } };

export const cardOf = (activity: Partial<Activity> | undefined): Record<string, unknown> | undefined =>
  activity?.attachments?.[0]?.content as Record<string, unknown> | undefined;
/** A card or message as text, as a reader sees it (no invisible spaces or escapes of plain text, R25). */
export const textIn = (value: unknown): string => visible(JSON.stringify(value ?? ''));
