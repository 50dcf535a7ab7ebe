import { describe, expect, it } from '@jest/globals';
import { MemoryStorage } from 'botbuilder';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { cardOf, type InvokeAnswer, member, party, textIn } from '../helpers/party.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';
import { sweep } from '../../delivery/sweeper.js';

async function setup() {
  const world = await demoWorld();
  const p = party(world);
  const alex = member(people.fabrikamAdminAgent);
  const megan = member(people.contosoAdmin);
  const diego = member(people.contosoUser);
  const ada = member(people.adatumAdmin);
  // Everyone has talked to the bot once, so it can reach them.
  for (const who of [alex, megan, diego, ada]) await p.send(who, 'help');
  return { world, p, alex, megan, diego, ada };
}

async function invite(
  world: Awaited<ReturnType<typeof demoWorld>>,
  p: ReturnType<typeof party>,
  _alex: ReturnType<typeof member>,
) {
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
  if (!sent.ok) throw new Error(sent.refusal.code);
  await p.deliver();
  return sent.value;
}

describe('the customer side', () => {
  it('scenario 6 and 7: the administrator gets the card proactively, sees who invites for what and what will not change, approves; every copy changes and the partner is told', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    const queued = p.adapter.activeQueue.splice(0);
    const toMegan = queued.filter((a) => a.conversation?.id === megan.conversationId);
    expect(toMegan).toHaveLength(1);
    const card = cardOf(toMegan[0])!;
    expect(cardProblems(card)).toEqual([]);
    const json = textIn(card);
    for (const piece of [
      'Fabrikam IT invites Contoso to work with it',
      'Partner ID 4871203',
      'Microsoft 365, Azure',
      '**Directory Readers** — Reads basic directory information',
      '365 days',
      'Hello from Fabrikam',
      'Northwind Traders (Partner ID 5529184)',
      'None of your existing subscriptions changes',
      'The partner of record of every subscription stays as it is.',
      '"verb":"approve"',
      '"type":"Action.Submit"',
      '"userIds":["29:00000000-0000-4000-8000-000000002011"]',
    ]) {
      expect(json).toContain(piece);
    }
    expect(Object.keys((card.actions as Array<{ data: object }>)[0]!.data)).toEqual(['invitationId']); // ids only

    const { response, others } = await p.execute(megan, 'approve', { invitationId: invitation.id });
    expect(response?.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textIn(response?.body.value)).toContain('Approved by Megan Bowen (Contoso)');
    expect(textIn(response?.body.value)).not.toContain('"verb":"approve"');
    const updates = p.updates.filter((a) => a.conversation?.id === megan.conversationId && a.id === toMegan[0]!.id);
    expect(updates).toHaveLength(1);
    expect(textIn(cardOf(updates[0]))).toContain('Approved by Megan Bowen');
    const toAlex = others.filter((a) => a.conversation?.id === alex.conversationId);
    expect(toAlex).toHaveLength(1);
    expect(textIn(cardOf(toAlex[0]))).toMatch(
      /Contoso approved your invitation AAA-001.*Directory Readers, User Administrator.*24 November 2027/,
    );
    expect(cardProblems(cardOf(toAlex[0]))).toEqual([]);
  });

  it("R10 R23 scenario 8: an ordinary user is refused, another tenant's administrator is told there is no such invitation; the card is unchanged for everyone, the partner hears nothing", async () => {
    const { world, p, alex, diego, ada } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const byDiego = await p.execute(diego, 'approve', { invitationId: invitation.id });
    expect(textIn(byDiego.response?.body.value)).toContain(
      'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation can approve or decline',
    );
    expect(byDiego.others).toEqual([]);
    const byAda = await p.execute(ada, 'approve', { invitationId: invitation.id });
    expect(byAda.response?.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: `There is no invitation ${invitation.id}. Check the code (it looks like ABC-123).`,
    });
    expect(byAda.others).toEqual([]);
    const replies = await p.send(diego, { value: { verb: 'approve', invitationId: invitation.id } }); // Emulator path
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringContaining('Only a Global Administrator or a Customer Delegated Admin Relationship Administrator'),
    ]);
    expect((await world.store.snapshot()).invitations[invitation.id]?.status).toBe('pending');
  });

  it('R11 a second decision gets who decided what and when, by invoke and by submit, and changes nothing', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    await p.send(megan, {
      value: { verb: 'decline', invitationId: invitation.id, reason: 'We are happy with Northwind' },
    });
    const again = await p.execute(megan, 'approve', { invitationId: invitation.id });
    expect(textIn(again.response?.body.value)).toContain(
      'This invitation was already declined by Megan Bowen (Contoso)',
    );
    expect(again.others).toEqual([]);
    const stored = (await world.store.snapshot()).invitations[invitation.id];
    expect(stored).toMatchObject({ status: 'declined', reason: 'We are happy with Northwind' });
  });

  it("R15 a decline says it was recorded by this bot and sent to the partner, not decided by Microsoft, on the card and in the partner's notice", async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const declined = await p.execute(megan, 'decline', { invitationId: invitation.id, reason: 'Not now' });
    expect(textIn(declined.response?.body.value)).toContain(
      'Declined by Megan Bowen (Contoso) on 24 November 2026: “Not now”. Recorded by this bot and sent to the partner: Microsoft has no decline for an admin relationship request.',
    );
    const toAlex = declined.others.filter((a) => a.conversation?.id === alex.conversationId);
    expect(textIn(cardOf(toAlex[0]))).toContain(
      'Contoso declined your invitation AAA-001 (recorded by this bot, not by Microsoft)',
    );
  });

  it('R20 forged payloads: another id, no id, a wrong verb, an oversized reason; nothing changes', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['approve', { invitationId: 'not-an-invitation' }, 'There is no invitation not-an-invitation'],
      ['approve', {}, 'There is no invitation (none)'],
      ['approve', { invitationId: ['x'] }, 'There is no invitation (none)'],
      ['delete', { invitationId: invitation.id }, 'I cannot do anything with that button'],
      ['decline', { invitationId: invitation.id, reason: 'r'.repeat(501) }, 'at most 500 characters'],
    ];
    for (const [verb, data, answer] of cases) {
      const { response } = await p.execute(megan, verb, data);
      expect({ verb, data, answer: textIn(response?.body.value) }).toEqual({
        verb,
        data,
        answer: expect.stringContaining(answer),
      });
    }
    expect((await world.store.snapshot()).invitations[invitation.id]?.status).toBe('pending');
  });

  it('R10 a Teams card action that needs no state (Approve, refresh) reads none: it is answered in the language the person chose ("language ru"), read with the action, else in their client\'s', async () => {
    const world = await demoWorld();
    const reads: string[][] = [];
    const storage = new (class extends MemoryStorage {
      override read(keys: string[]) {
        reads.push(keys);
        return super.read(keys);
      }
    })();
    const p = party(world, { storage });
    const alex = member(people.fabrikamAdminAgent);
    const megan = member(people.contosoAdmin);
    const diego = member(people.contosoUser);
    for (const who of [alex, megan, diego]) await p.send(who, 'help');
    await p.send(megan, 'language ru');
    const invitation = await invite(world, p, alex);
    reads.length = 0;
    const refreshed = await p.invoke(megan, 'refreshInvitation', { invitationId: invitation.id });
    expect(textIn(refreshed?.body.value)).toContain('приглашает Contoso');
    const forDiego = await p.invoke(diego, 'refreshInvitation', { invitationId: invitation.id }); // no choice: his English client
    expect(textIn(forDiego?.body.value)).toContain('Fabrikam IT invites Contoso to work with it');
    const approved = await p.invoke(megan, 'approve', { invitationId: invitation.id });
    expect(textIn(approved?.body.value)).toContain('Одобрено: Megan Bowen (Contoso)');
    const refused = await p.invoke(diego, 'decline', { invitationId: invitation.id });
    expect(textIn(refused?.body.value)).toContain(
      'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation',
    );
    expect(reads).toEqual([]);
    // A card action that goes on in the conversation (a partner's) reads the state as a message does.
    await p.invoke(alex, 'invitationsPage', { page: 1 });
    expect(reads.flat().map((key) => key.split('/')[1])).toEqual(['conversations', 'users']);
  });

  it('refresh gives the administrator the buttons and anyone else a read-only view', async () => {
    const { world, p, alex, megan, diego } = await setup();
    const invitation = await invite(world, p, alex);
    const forMegan = await p.execute(megan, 'refreshInvitation', { invitationId: invitation.id });
    expect(textIn(forMegan.response?.body.value)).toContain('"verb":"approve"');
    const forDiego = await p.execute(diego, 'refreshInvitation', { invitationId: invitation.id });
    expect(textIn(forDiego.response?.body.value)).not.toContain('"verb":"approve"');
    expect(textIn(forDiego.response?.body.value)).toContain(
      'Waiting for a Global Administrator or a Customer Delegated Admin Relationship Administrator of Contoso',
    );
  });

  it('scenario 6: an administrator the bot could not reach gets the card first when they talk to it; "code" shows it in Russian', async () => {
    const world = await demoWorld();
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    const megan = member(people.contosoAdmin, 'emulator', 'ru');
    await p.send(alex, 'help');
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error('setup');
    await p.deliver();
    // Megan never talked to the bot and this is not Teams: her delivery waits (with backoff) for a way to reach her.
    expect(Object.values((await world.store.snapshot()).deliveries).map((d) => [d.status, d.attempts])).toEqual([
      ['pending', 1],
    ]);
    const replies = await p.send(megan, 'помощь');
    expect(textIn(cardOf(replies[0]))).toContain('Fabrikam IT приглашает Contoso к сотрудничеству');
    expect(replies[1]?.text).toContain('Вы — Megan Bowen, глобальный администратор в Contoso');
    const byCode = await p.send(megan, `code ${sent.value.code.toLowerCase()}`);
    expect(textIn(cardOf(byCode[0]))).toContain('Одобрить');
    expect((await p.send(member(people.northwindAdminAgent), `code ${sent.value.code}`))[0]?.text).toContain(
      `There is no invitation ${sent.value.code}`,
    );
  });

  it('R10 in a group chat the card keeps its buttons for everyone (refresh names every user of the tenant); an ordinary user pressing Approve is refused', async () => {
    const { world, p, alex } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const group = { ...member(people.contosoUser), conversationId: 'contoso-group', groupChat: true };
    const mention = {
      type: 'mention',
      text: '<at>Partner invitations</at>',
      mentioned: { id: 'bot', name: 'Partner invitations' },
    };
    const replies = await p.send(group, {
      text: `<at>Partner invitations</at> code ${invitation.code}`,
      entities: [mention],
    });
    expect(replies).toHaveLength(1);
    const [card] = replies;
    const json = textIn(cardOf(card));
    expect(json).toContain('"verb":"approve"');
    // Teams' own ids (29:…), not the Entra object ids, administrators first (per-user views in real Teams).
    expect(json).toContain(`"userIds":["29:${people.contosoAdmin.userId}","29:${people.contosoUser.userId}"]`);
    const refused = await p.execute(group, 'approve', { invitationId: invitation.id });
    expect(textIn(refused.response?.body.value)).toContain(
      'Only a Global Administrator or a Customer Delegated Admin Relationship Administrator of the invited organisation',
    );
    const forDiego = await p.execute(member(people.contosoUser), 'refreshInvitation', { invitationId: invitation.id });
    expect(textIn(forDiego.response?.body.value)).not.toContain('"verb":"approve"'); // Teams' own view for him: read-only
    expect((await world.store.snapshot()).invitations[invitation.id]?.status).toBe('pending');
  });

  it('R14 cancelling shows every copy of the card as withdrawn', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    const [card] = p.adapter.activeQueue.splice(0).filter((a) => a.conversation?.id === megan.conversationId);
    await p.send(alex, `cancel ${invitation.code}`);
    const update = p.updates.find((a) => a.conversation?.id === megan.conversationId && a.id === card!.id);
    expect(textIn(cardOf(update))).toContain('Withdrawn by Fabrikam IT.');
    expect(textIn(cardOf(update))).not.toContain('"verb":"approve"');
  });

  it('R11 100 concurrent approve and decline invokes: one decision, one relationship, one partner notification', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        p.execute(megan, n % 2 ? 'approve' : 'decline', { invitationId: invitation.id }),
      ),
    );
    // The test adapter's queue is shared, so responses are gathered from every call.
    const all = [...results.flatMap((r) => r.all), ...p.adapter.activeQueue.splice(0)];
    const answers = all
      .filter((a) => a.type === 'invokeResponse')
      .map((a) => textIn((a.value as InvokeAnswer).body.value));
    expect(answers).toHaveLength(100);
    expect(answers.filter((t) => !/This invitation was already/.test(t))).toHaveLength(1);
    expect(
      answers.filter((t) => /This invitation was already (approved|declined) by Megan Bowen/.test(t)),
    ).toHaveLength(99);
    const db = await world.store.snapshot();
    expect(Object.values(db.relationships).filter((r) => r.partnerId === 'fabrikam').length).toBeLessThanOrEqual(1);
    const notices = Object.values(db.outbox).filter(
      (n) => n.kind === 'invitationApproved' || n.kind === 'invitationDeclined',
    );
    expect(notices).toHaveLength(1);
    const toAlex = all.filter((a) => a.type === 'message' && a.conversation?.id === alex.conversationId);
    expect(toAlex).toHaveLength(1);
  });
});

describe('the clock', () => {
  it('R12 reminds the administrators 7 days before expiry, then expires the invitation: every card says so and the partner is told', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    const [card] = p.adapter.activeQueue.splice(0).filter((a) => a.conversation?.id === megan.conversationId);
    world.clock.advanceDays(82);
    expect(await sweep(world.service).then(async (done) => (await p.deliver(), done))).toEqual({
      expired: 0,
      reminded: 0,
      relationships: 0,
      warned: 0,
      accessReminded: 0,
      pruned: 0,
    });
    world.clock.advanceDays(1);
    expect(await sweep(world.service).then(async (done) => (await p.deliver(), done))).toMatchObject({
      expired: 0,
      reminded: 1,
    });
    const reminders = p.adapter.activeQueue.splice(0);
    expect(reminders.map((a) => a.conversation?.id)).toEqual([megan.conversationId]);
    expect(textIn(cardOf(reminders[0]))).toContain('Reminder: this invitation expires on 22 February 2027');
    expect((await sweep(world.service).then(async (done) => (await p.deliver(), done))).reminded).toBe(0); // once only
    world.clock.advanceDays(7);
    expect(await sweep(world.service).then(async (done) => (await p.deliver(), done))).toMatchObject({ expired: 1 });
    const updated = p.updates.filter((a) => a.id === card!.id);
    expect(textIn(cardOf(updated[updated.length - 1]))).toContain(
      'Expired on 22 February 2027: nobody decided within 90 days.',
    );
    const toAlex = p.adapter.activeQueue.splice(0).filter((a) => a.conversation?.id === alex.conversationId);
    expect(textIn(cardOf(toAlex[0]))).toContain('Your invitation AAA-001 to Contoso expired');
    const late = await p.execute(megan, 'approve', { invitationId: invitation.id });
    expect(textIn(late.response?.body.value)).toContain('expired on 22 February 2027');
  });
});

describe("the customer's conversation", () => {
  it("R1 R19 scenario 9: lists Contoso's partners with their subscriptions, terminates one after confirming; the partner is told, subscriptions stay", async () => {
    const world = await demoWorld();
    const p = party(world);
    const nora = member(people.northwindAdminAgent);
    const megan = member(people.contosoAdmin);
    await p.send(nora, 'help');
    const subscriptionsBefore = (await world.store.snapshot()).subscriptions;
    const [list] = await p.send(megan, 'partners');
    expect(cardProblems(cardOf(list))).toEqual([]);
    expect(textIn(cardOf(list))).toContain(
      '"title":"Terminate","tooltip":"Terminate “Northwind Traders – Contoso – Directory 2025-03”"',
    ); // the button names what it ends
    expect(textIn(cardOf(list))).toMatch(
      /Partners of Contoso.*Northwind Traders \(Partner ID 5529184\).*1 March 2025.*Directory Readers, Helpdesk Administrator, License Administrator.*1 March 2027.*Microsoft 365 E3 ×50, Azure plan ×1.*"verb":"terminateRelationship","relationshipId":"rel-northwind-contoso"/,
    );
    expect(
      (await p.send(megan, { value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' } }))[0]
        ?.text,
    ).toContain('End the relationship between Northwind Traders and Contoso?');
    expect((await p.send(megan, 'no'))[0]?.text).toContain('Nothing changed');
    await p.send(megan, { value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' } });
    const done = await p.send(megan, 'yes');
    expect(done.find((a) => a.conversation?.id === megan.conversationId)?.text).toContain(
      'The relationship between Northwind Traders and Contoso has ended',
    );
    const toNora = done.filter((a) => a.conversation?.id === nora.conversationId);
    expect(textIn(cardOf(toNora[0]))).toContain('Contoso ended its relationship with Northwind Traders');
    const after = await world.store.snapshot();
    expect(after.subscriptions).toEqual(subscriptionsBefore);
    expect(after.relationships['rel-northwind-contoso']?.status).toBe('terminated');
    const [again] = await p.send(megan, 'partners');
    expect(textIn(cardOf(again))).toContain('No active relationship; partner of record of existing subscriptions');
    expect(textIn(cardOf(again))).not.toContain('terminateRelationship');
  });

  it('R19 an ordinary user sees the partners but cannot terminate; a forged Terminate is refused', async () => {
    const world = await demoWorld();
    const p = party(world);
    const diego = member(people.contosoUser, 'emulator', 'ru');
    const [list] = await p.send(diego, 'партнёры');
    expect(textIn(cardOf(list))).toContain('Партнёры Contoso');
    expect(textIn(cardOf(list))).not.toContain('terminateRelationship');
    // Refused at once, before any question naming the partners.
    const forged = await p.send(diego, {
      value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' },
    });
    expect(forged.map((a) => a.text)).toEqual([expect.stringContaining('Прекратить эти отношения может только')]);
    expect((await world.store.snapshot()).relationships['rel-northwind-contoso']?.status).toBe('active');
  });

  it("R23 another partner naming a relationship's id in Terminate or auto-extend is told it does not exist, as for an unknown id — never who is in it; audited", async () => {
    const world = await demoWorld();
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    const answers = [];
    for (const verb of ['terminateRelationship', 'turnOffAutoExtend', 'turnOnAutoExtend'])
      answers.push(...(await p.send(alex, { value: { verb, relationshipId: 'rel-northwind-contoso' } })));
    expect(answers.map((a) => a.text)).toEqual([
      'There is no relationship rel-northwind-contoso.',
      'There is no relationship rel-northwind-contoso.',
      'There is no relationship rel-northwind-contoso.',
    ]);
    const unknown = await p.send(alex, { value: { verb: 'terminateRelationship', relationshipId: 'no-such-id' } });
    expect(unknown.map((a) => a.text)).toEqual(['There is no relationship no-such-id.']);
    const db = await world.store.snapshot();
    expect(db.relationships['rel-northwind-contoso']?.status).toBe('active');
    expect(db.audit.filter((a) => a.objectId === 'rel-northwind-contoso' && a.outcome === 'refused')).toHaveLength(3);
  });

  it('R19 the partner\'s side terminates from "customers"; the customer\'s administrators are told', async () => {
    const world = await demoWorld();
    const p = party(world);
    const nora = member(people.northwindAdminAgent);
    const megan = member(people.contosoAdmin);
    await p.send(megan, 'help');
    const [list] = await p.send(nora, 'customers');
    expect(textIn(cardOf(list))).toMatch(/Customers of Northwind Traders.*Contoso/);
    await p.send(nora, { value: { verb: 'terminateRelationship', relationshipId: 'rel-northwind-contoso' } });
    const done = await p.send(nora, 'yes');
    expect(textIn(cardOf(done.find((a) => a.conversation?.id === megan.conversationId)))).toContain(
      'Northwind Traders ended its relationship with Contoso',
    );
  });

  it('"invitations" for an administrator lists the pending invitations addressed to the tenant, each with Open', async () => {
    const { world, p, alex, megan } = await setup();
    const invitation = await invite(world, p, alex);
    p.adapter.activeQueue.splice(0);
    const [list] = await p.send(megan, 'invitations');
    expect(textIn(cardOf(list))).toMatch(/Invitations of Contoso.*AAA-001.*"verb":"showInvitation"/);
    expect(textIn(cardOf(list))).not.toContain('cancelInvitation');
    const [card] = await p.send(megan, { value: { verb: 'showInvitation', invitationId: invitation.id } });
    expect(textIn(cardOf(card))).toContain('"verb":"approve"');
  });
});
