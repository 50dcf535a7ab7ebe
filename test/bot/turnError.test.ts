import { expect, it } from '@jest/globals';
import { MemoryStorage, TestAdapter } from 'botbuilder';
import pino from 'pino';
import { composeBot } from '../../bot/composeBot.js';
import { turnErrorHandler } from '../../bot/server.js';
import type { UnitOfWork } from '../../domain/ports.js';
import { channelIdentity } from '../helpers/conversation.js';
import { demoWorld, people } from '../helpers/world.js';

it('a failing turn is logged, and the user gets one sentence without a stack trace, in their language', async () => {
  const world = await demoWorld();
  // Identity lookups work; reading invitations blows up as a broken store would.
  const broken: UnitOfWork = {
    run: (work) => world.store.run(work),
    read: (work) =>
      world.store.read((repos) =>
        work({
          ...repos,
          invitations: new Proxy(repos.invitations, { get: () => () => Promise.reject(new Error('disk on fire')) }),
        }),
      ),
  };
  const { bot } = composeBot({
    unitOfWork: broken,
    ctx: world.ctx,
    storage: new MemoryStorage(),
    channel: { send: () => Promise.resolve() },
    log: { warn: () => undefined },
  });
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  adapter.onTurnError = turnErrorHandler(logger);
  adapter.use(channelIdentity('msteams', people.fabrikamAdminAgent, 'ru'));
  await adapter.receiveActivity('приглашения');
  const replies = adapter.activeQueue.splice(0);
  expect(replies.map((r) => r.text)).toEqual(['Извините, у меня что-то пошло не так. Попробуйте ещё раз чуть позже.']);
  expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'turn failed', err: { message: 'disk on fire' } });
});

it("R20 a turn that fails on our side keeps the user's half-finished dialog: the next message goes on where it was", async () => {
  const world = await demoWorld();
  let broken = false;
  const flaky: UnitOfWork = {
    run: (work) => world.store.run(work),
    read: (work) => (broken ? Promise.reject(new Error('store unavailable')) : world.store.read(work)),
  };
  const { bot } = composeBot({
    unitOfWork: flaky,
    ctx: world.ctx,
    storage: new MemoryStorage(),
    channel: { send: () => Promise.resolve() },
    log: { warn: () => undefined },
  });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  adapter.onTurnError = turnErrorHandler(pino({ level: 'silent' }));
  adapter.use(channelIdentity('msteams', people.fabrikamAdminAgent, 'en'));
  await adapter.receiveActivity('invite contoso.com');
  expect(
    adapter.activeQueue
      .splice(0)
      .map((a) => a.text)
      .join(' '),
  ).toContain('Which services');
  broken = true;
  await adapter.receiveActivity('Azure');
  expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual([
    'Sorry, something went wrong on my side. Please try again in a moment.',
  ]);
  broken = false;
  await adapter.receiveActivity('Azure');
  expect(
    adapter.activeQueue
      .splice(0)
      .map((a) => a.text)
      .join(' '),
  ).toContain('Which admin roles');
});
