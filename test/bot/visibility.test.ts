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

describe('R23 every routed verb and every command that takes an id or a code', () => {
  it("R23 another organisation's invitation or relationship gets, byte for byte, the answer an unknown one gets, for every verb and command, from a partner and from a customer; each attempt is audited", async () => {
    const world = await demoWorld();
    const p = party(world);
    const foreign = await world.service.invitations.create(people.northwindAdminAgent, inviteContoso);
    if (!foreign.ok) throw new Error(foreign.refusal.code);
    const foreignRelationship = 'rel-northwind-contoso'; // Northwind and Contoso: neither Fabrikam nor Adatum
    const invitation = (id: string) => ({ invitationId: id });
    const relationship = (id: string) => ({ relationshipId: id });
    // Every verb with what it acts on; those that act on nothing of anyone's are named as such.
    const verbs: Record<string, ((id: string) => Record<string, unknown>) | 'no id'> = {
      approve: invitation,
      decline: (id) => ({ invitationId: id, reason: 'no' }),
      refreshInvitation: invitation,
      showInvitation: invitation,
      cancelInvitation: invitation,
      resendInvitation: invitation,
      invitationsPage: 'no id',
      relationshipsPage: 'no id',
      terminateRelationship: relationship,
      turnOnAutoExtend: relationship,
      turnOffAutoExtend: relationship,
      requestAgain: relationship,
      showAccess: relationship,
      assignAccess: (id) => ({ relationshipId: id, 'group:tier1': 'Directory Readers' }),
      searchGroups: (id) => ({ relationshipId: id, groupSearch: 'tier' }),
    };
    expect(Object.keys(verbs).sort()).toEqual([...p.routedVerbs].sort());
    const commands = ['code', 'cancel', 'resend', 'history'];
    const unknown = { invitation: 'id-unknown-1', code: 'ZZZ-999', relationship: 'rel-unknown-1' };
    const answer = async (who: ReturnType<typeof member>, activity: string | Partial<Activity>, id: string) =>
      JSON.stringify((await p.send(who, activity)).map((a) => [a.text, a.attachments])).replaceAll(id, '<id>');
    const refusedAudit = async () => (await world.store.snapshot()).audit.filter((a) => a.outcome === 'refused').length;
    for (const who of [member(people.fabrikamAdminAgent), member(people.adatumAdmin)]) {
      for (const [verb, data] of Object.entries(verbs)) {
        if (data === 'no id') continue;
        const [mine, theirs] =
          verb.includes('Invitation') || ['approve', 'decline'].includes(verb)
            ? [unknown.invitation, foreign.value.id]
            : [unknown.relationship, foreignRelationship];
        const before = await refusedAudit();
        const toUnknown = await answer(who, { value: { verb, ...data(mine) } }, mine);
        const toForeign = await answer(who, { value: { verb, ...data(theirs) } }, theirs);
        expect(toUnknown).toMatch(/<id>/); // something was said, naming what was asked for
        expect({ verb, answer: toForeign }).toEqual({ verb, answer: toUnknown });
        expect({ verb, audited: (await refusedAudit()) - before }).toEqual({ verb, audited: 2 });
      }
      for (const command of commands) {
        const before = await refusedAudit();
        const toUnknown = await answer(who, `${command} ${unknown.code}`, unknown.code);
        const toForeign = await answer(who, `${command} ${foreign.value.code}`, foreign.value.code);
        expect(toUnknown).toMatch(/<id>/);
        expect({ command, answer: toForeign }).toEqual({ command, answer: toUnknown });
        expect({ command, audited: (await refusedAudit()) - before }).toEqual({ command, audited: 2 });
      }
    }
    expect((await world.store.snapshot()).invitations[foreign.value.id]?.status).toBe('pending');
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
