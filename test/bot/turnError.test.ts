import { expect, it } from '@jest/globals';
import { MemoryStorage, TestAdapter } from 'botbuilder';
import pino from 'pino';
import { composeBot } from '../../bot/composeBot.js';
import { turnErrorHandler } from '../../bot/server.js';
import { InvitationService } from '../../domain/invitationService.js';
import { channelIdentity } from '../helpers/conversation.js';
import { demoWorld, people } from '../helpers/world.js';

it('a failing turn is logged, and the user gets one sentence without a stack trace, in their language', async () => {
  const world = demoWorld();
  // Identity lookups work; the invitations list blows up as a broken store would.
  const failing = new InvitationService({ run: () => Promise.reject(new Error('disk on fire')) }, world.ctx);
  const service = Object.assign(Object.create(world.service) as InvitationService, { listInvitations: failing.listInvitations.bind(failing) });
  const { bot, conversationState } = composeBot({ service, storage: new MemoryStorage(), send: () => Promise.resolve(), log: { warn: () => undefined } });
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  adapter.onTurnError = turnErrorHandler(conversationState, logger);
  adapter.use(channelIdentity('msteams', people.fabrikamAdminAgent, 'ru'));
  await adapter.receiveActivity('приглашения');
  const replies = adapter.activeQueue.splice(0);
  expect(replies.map((r) => r.text)).toEqual(['Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.']);
  expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'turn failed', err: { message: 'disk on fire' } });
});
