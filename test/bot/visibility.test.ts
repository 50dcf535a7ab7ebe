import { describe, expect, it } from '@jest/globals';
import { type Activity, MemoryStorage, TestAdapter } from 'botbuilder';
import { composeBot } from '../../bot/composeBot.js';
import { cardOf, member, party, textIn } from '../helpers/party.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';

// R23: an invitation exists only for the two organisations it involves; R24: who a user is comes
// only from what the channel vouches for.
describe('R23 an outsider learns nothing, on every path', () => {
  it('R23 code, Open, refresh, Approve, cancel and resend all answer an outsider exactly as for an unknown code, and every attempt is audited', async () => {
    const world = await demoWorld();
    const p = party(world);
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const { id, code } = sent.value;
    const nora = member(people.northwindAdminAgent); // another partner
    const ada = member(people.adatumAdmin); // another customer's administrator
    const unknownCode = (value: string) => `There is no invitation ${value}. Check the code (it looks like ABC-123).`;
    // The same answers for a code that does not exist, to compare with.
    expect((await p.send(nora, 'code ZZZ-999')).map((a) => a.text)).toEqual([unknownCode('ZZZ-999')]);

    expect((await p.send(nora, `code ${code}`)).map((a) => a.text)).toEqual([unknownCode(code)]);
    expect((await p.send(ada, `code ${code}`)).map((a) => a.text)).toEqual([unknownCode(code)]);
    expect((await p.send(ada, { value: { verb: 'showInvitation', invitationId: id } })).map((a) => a.text)).toEqual([
      unknownCode(id),
    ]);
    const refresh = await p.execute(ada, 'refreshInvitation', { invitationId: id });
    expect(refresh.response?.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: unknownCode(id),
    });
    const approve = await p.execute(ada, 'approve', { invitationId: id });
    expect(approve.response?.body.value).toBe(unknownCode(id));
    expect((await p.send(nora, `cancel ${code}`)).map((a) => a.text)).toEqual([unknownCode(code)]);
    expect((await p.send(nora, { value: { verb: 'resendInvitation', invitationId: id } })).map((a) => a.text)).toEqual([
      unknownCode(id),
    ]);
    // The customer's ordinary user is a party: sees the read-only card.
    const diego = member(people.contosoUser);
    expect(textIn(cardOf((await p.send(diego, `code ${code}`))[0]))).toContain('Fabrikam IT invites Contoso');

    const audit = (await world.store.snapshot()).audit.filter((a) => a.rule === 'R23');
    expect(audit.map((a) => [a.userId.slice(-4), a.action])).toEqual([
      ['1021', 'code'],
      ['2021', 'code'],
      ['2021', 'showInvitation'],
      ['2021', 'refreshInvitation'],
      ['2021', 'approve'],
      ['1021', 'cancel'],
      ['1021', 'resend'],
    ]);
    expect((await world.store.snapshot()).invitations[id]?.status).toBe('pending');
  });
});

describe('R24 identity only from the channel', () => {
  const botWithCredentials = (world: Awaited<ReturnType<typeof demoWorld>>) => {
    const { bot } = composeBot({
      unitOfWork: world.store,
      ctx: world.ctx,
      storage: new MemoryStorage(),
      channel: { send: () => Promise.resolve() },
      log: { warn: () => undefined },
      selfDeclaredIdentity: false,
    });
    return bot;
  };
  const say = async (bot: ReturnType<typeof botWithCredentials>, activity: Partial<Activity>) => {
    const adapter = new TestAdapter((context) => bot.run(context));
    await adapter.processActivity({
      type: 'message',
      recipient: { id: 'bot', name: 'Bot' },
      conversation: { id: 'c1' } as Activity['conversation'],
      ...activity,
    });
    return adapter.activeQueue.map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content ?? ''));
  };

  it('R24 with an app id, "signin" is refused and audited, and an Emulator user id equal to an administrator\'s object id is nobody', async () => {
    const world = await demoWorld();
    const bot = botWithCredentials(world);
    const emulator = { channelId: 'emulator', from: { id: people.contosoAdmin.userId, name: 'Megan?' } };
    expect(await say(bot, { ...emulator, text: 'signin megan@contoso.com' })).toEqual([
      expect.stringContaining('Signing in by e-mail exists only while the bot runs without credentials'),
    ]);
    expect(await say(bot, { ...emulator, text: 'partners' })).toEqual([expect.stringContaining("I don't know you")]);
    const audit = (await world.store.snapshot()).audit.filter((a) => a.rule === 'R24');
    expect(audit).toEqual([
      expect.objectContaining({ action: 'signin', outcome: 'refused', userId: people.contosoAdmin.userId }),
    ]);
  });

  it('R24 Teams identity fields are read only on msteams: the same fields on webchat make nobody', async () => {
    const world = await demoWorld();
    const bot = botWithCredentials(world);
    const claimed = {
      from: { id: 'x', name: 'Megan?', aadObjectId: people.contosoAdmin.userId },
      channelData: { tenant: { id: people.contosoAdmin.tenantId } },
    };
    expect(await say(bot, { channelId: 'webchat', text: 'partners', ...claimed })).toEqual([
      expect.stringContaining("I don't know you"),
    ]);
    expect(await say(bot, { channelId: 'msteams', text: 'partners', ...claimed })).toEqual([
      expect.stringContaining('Partners of Contoso'),
    ]);
  });

  it('R24 without credentials (local testing), the Emulator sign-in works', async () => {
    const world = await demoWorld();
    const { bot } = composeBot({
      unitOfWork: world.store,
      ctx: world.ctx,
      storage: new MemoryStorage(),
      channel: { send: () => Promise.resolve() },
      log: { warn: () => undefined },
      selfDeclaredIdentity: true,
    });
    const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'emulator' });
    await adapter.receiveActivity('signin megan@contoso.com');
    expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual([
      expect.stringContaining('You are now Megan Bowen (Contoso)'),
    ]);
  });
});
