import { expect, it } from '@jest/globals';
import { MemoryStorage, TestAdapter } from 'botbuilder';
import { composeBot } from '../../bot/composeBot.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';
import { member, party } from '../helpers/party.js';
import { channelIdentity } from '../helpers/conversation.js';

it('a delivery that fails (403 from Teams: bot blocked or not installed) is logged and kept pending, then delivered later', async () => {
  const world = demoWorld();
  const p = party(world);
  await p.send(member(people.contosoAdmin), 'help'); // the bot knows how to reach Megan
  const storage = new MemoryStorage();
  // A second bot over the same domain whose channel refuses everything; it knows Megan's conversation too.
  const warnings: Array<{ details: object; message: string }> = [];
  const failing = composeBot({
    service: world.service,
    storage,
    send: () => Promise.reject(Object.assign(new Error('Forbidden: the bot is not installed'), { statusCode: 403 })),
    log: { warn: (details, message) => warnings.push({ details, message }) },
  });
  const sent = await world.service.createInvitation(people.fabrikamAdminAgent, inviteContoso);
  if (!sent.ok) throw new Error('setup');
  const key = `conversationReferences/${people.contosoAdmin.tenantId}/${people.contosoAdmin.userId}`;
  await storage.write(await p.storage.read([key]));
  await failing.dispatcher.dispatch();
  expect(warnings.map((w) => w.message)).toEqual(['notification not delivered; kept for later']);
  expect(Object.values((await world.store.snapshot()).outbox).find((n) => n.kind === 'invitationSent')?.deliveredAt).toBeUndefined();
  await p.dispatcher.dispatch();
  expect(Object.values((await world.store.snapshot()).outbox).find((n) => n.kind === 'invitationSent')?.deliveredAt).toBeDefined();
  expect(p.adapter.activeQueue.some((a) => a.attachments?.length)).toBe(true);
});

it('remembering where a user is costs no write when nothing changed', async () => {
  const world = demoWorld();
  const writes: string[] = [];
  const storage = new MemoryStorage();
  const spy = Object.assign(Object.create(storage) as MemoryStorage, {
    write: (changes: Record<string, unknown>) => {
      writes.push(...Object.keys(changes));
      return storage.write(changes);
    },
  });
  const { bot } = composeBot({ service: world.service, storage: spy, send: () => Promise.resolve(), log: { warn: () => undefined } });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  adapter.use(channelIdentity('msteams', people.fabrikamAdminAgent, 'en'));
  await adapter.receiveActivity('help');
  await adapter.receiveActivity('help');
  await adapter.receiveActivity('help');
  const referenceWrites = writes.filter((k) => k.startsWith('conversationReferences/') || k.startsWith('tenantEndpoints/'));
  expect(referenceWrites).toEqual([`conversationReferences/${people.fabrikamAdminAgent.tenantId}/${people.fabrikamAdminAgent.userId}`, `tenantEndpoints/${people.fabrikamAdminAgent.tenantId}`]);
});
