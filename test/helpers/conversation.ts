import { expect } from '@jest/globals';
import { type Activity, MemoryStorage, type Middleware, UserState } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import type { Identity } from '../../domain/identity.js';
import { createTurnInfoSource, type TurnInfoSource, type UserProfile } from '../../turn/turnInfo.js';
import type { Locale } from '../../translations/index.js';
import type { World } from './world.js';
import { cardProblems } from './adaptiveCard.js';

export type Channel = 'msteams' | 'emulator';

/**
 * Makes the test adapter's activities look like the channel's: Teams names tenant and Entra user; the Emulator only a
 * user id.
 */
export function channelIdentity(channel: Channel, who: Identity, locale: Locale): Middleware {
  return {
    onTurn: async (context, next) => {
      const activity = context.activity;
      activity.locale = locale === 'ru' ? 'ru-RU' : 'en-US';
      if (channel === 'msteams') {
        activity.from = { ...activity.from, id: `29:${who.userId}`, aadObjectId: who.userId };
        activity.channelData = { ...(activity.channelData ?? {}), tenant: { id: who.tenantId } };
        activity.conversation = { ...activity.conversation, tenantId: who.tenantId };
      } else {
        activity.from = { ...activity.from, id: who.userId };
      }
      await next();
    },
  };
}

export function turnInfoFor(world: World): TurnInfoSource {
  const userState = new UserState(new MemoryStorage());
  return createTurnInfoSource(world.service, userState.createProperty<UserProfile>('profile'), true);
}

/** One expected reply: a piece of its text, or a check of the whole activity (cards). */
export type Expect = string | RegExp | ((reply: Partial<Activity>) => void);
export type Script = Array<[userSays: string | Partial<Activity>, botAnswers: Expect[]]>;

/** What a reader sees of a text: without the invisible spaces and backslash escapes of plain text (R25). */
export const visible = (text: string): string =>
  text.replace(/\u200B/g, '').replace(/\\{1,2}([\\`*_[\]<>~|{}#+=.)-])/g, '$1');

const textOf = (reply: Partial<Activity> | undefined): string =>
  visible(reply?.text ?? JSON.stringify(reply?.attachments ?? reply ?? ''));

/** Plays a table of [what the user says, what the bot answers, in order]; no reply may be left over. */
export async function play(client: DialogTestClient, script: Script): Promise<void> {
  for (const [says, answers] of script) {
    let reply: Partial<Activity> | undefined = await client.sendActivity(says);
    for (const expected of answers) {
      const where = `after "${typeof says === 'string' ? says : JSON.stringify(says.value)}", expecting ${String(expected)}`;
      if (!reply) throw new Error(`${where}: the bot said nothing more`);
      if (typeof expected === 'function') expected(reply);
      else if (typeof expected === 'string')
        expect({ where, text: textOf(reply) }).toEqual({ where, text: expect.stringContaining(expected) });
      else expect({ where, text: textOf(reply) }).toEqual({ where, text: expect.stringMatching(expected) });
      reply = client.getNextReply();
    }
    expect({ after: says, extra: reply ? textOf(reply) : undefined }).toEqual({ after: says, extra: undefined });
  }
}

export function dialogClient(
  channel: Channel,
  dialog: Dialog,
  who: Identity,
  locale: Locale,
  options?: unknown,
): DialogTestClient {
  return new DialogTestClient(channel, dialog, options, [channelIdentity(channel, who, locale)]);
}

/** A card reply whose JSON contains every piece. */
export const card =
  (...pieces: string[]) =>
  (reply: Partial<Activity>) => {
    expect(reply.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const content = reply.attachments?.[0]?.content;
    expect(cardProblems(content)).toEqual([]);
    const json = visible(JSON.stringify(content));
    for (const piece of pieces) expect(json).toContain(piece);
  };

/** A card's Action.Submit, as Teams and the Emulator send it: a message with `value`. */
export const submit = (value: Record<string, unknown>): Partial<Activity> => ({ type: 'message', value });
