import { describe, expect, it } from '@jest/globals';
import { sweep } from '../../delivery/sweeper.js';
import type { Result } from '../../domain/refusals.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { cardOf, member, party, textIn } from '../helpers/party.js';
import { demoWorld, inviteContoso, people, type World } from '../helpers/world.js';

// R22: an approved relationship gives the partner's staff nothing until an admin agent assigns its
// roles to partner security groups.

async function approved(world: World, draft: Partial<typeof inviteContoso> = {}) {
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, ...draft });
  if (!sent.ok) throw new Error(sent.refusal.code);
  const decided = await world.service.invitations.decide(people.contosoAdmin, {
    invitationId: sent.value.id,
    decision: 'approve',
  });
  if (!decided.ok) throw new Error(decided.refusal.code);
  return decided.value.relationship!;
}

const refusalCode = <T>(result: Result<T>) => (result.ok ? 'ok' : `${result.refusal.rule} ${result.refusal.code}`);
const TIER1 = '00000000-0000-4000-8000-000000003011';
const TIER2 = '00000000-0000-4000-8000-000000003012';
const CLOUD_ADMINS = '00000000-0000-4000-8000-000000003013';

describe('R22 access assignments', () => {
  it("R22 an approved relationship starts with no access; an admin agent assigns some of its roles to the partner's groups, never others", async () => {
    const world = await demoWorld();
    const relationship = await approved(world);
    expect(relationship.accessAssignments).toEqual([]);
    const assign = (
      who = people.fabrikamAdminAgent,
      choices = [{ groupId: TIER1, roles: ['directoryReaders'] }],
      id = relationship.id,
    ) => world.service.access.assign(who, id, choices);

    expect(
      refusalCode(await assign(people.fabrikamAdminAgent, [{ groupId: TIER1, roles: ['globalAdministrator'] }])),
    ).toBe('R22 roleNotInRelationship');
    expect(
      refusalCode(
        await assign(people.fabrikamAdminAgent, [
          { groupId: '00000000-0000-4000-8000-000000003021', roles: ['directoryReaders'] },
        ]),
      ),
    ).toBe('R22 unknownSecurityGroup');
    expect(refusalCode(await assign(people.fabrikamAdminAgent, [{ groupId: TIER1, roles: [] }]))).toBe(
      'R22 noAccessChosen',
    );
    expect(refusalCode(await assign(people.fabrikamSalesAgent))).toBe('R22 accessNeedsAdminAgent');
    expect(refusalCode(await assign(people.contosoAdmin))).toBe('R22 accessNeedsAdminAgent');
    // R23: another partner is told the relationship does not exist.
    expect(refusalCode(await assign(people.northwindAdminAgent))).toBe('R20 unknownRelationship');
    expect((await world.store.snapshot()).relationships[relationship.id]?.accessAssignments).toEqual([]);

    const done = await assign(people.fabrikamAdminAgent, [
      { groupId: TIER1, roles: ['userAdministrator', 'directoryReaders'] },
      { groupId: TIER2, roles: ['directoryReaders'] },
      { groupId: '00000000-0000-4000-8000-000000003013', roles: [] },
    ]);
    expect(done.ok).toBe(true);
    const stored = (await world.store.snapshot()).relationships[relationship.id]!;
    // In the relationship's own order; a group without roles is not assigned.
    expect(stored.accessAssignments.map((a) => [a.groupId, a.roles, a.assignedBy.name])).toEqual([
      [TIER1, ['directoryReaders', 'userAdministrator'], 'Alex Wilber'],
      [TIER2, ['directoryReaders'], 'Alex Wilber'],
    ]);
    expect(stored.history.at(-1)).toMatchObject({
      action: 'accessAssigned',
      note: 'Fabrikam Helpdesk Tier 1: directoryReaders, userAdministrator; Fabrikam Helpdesk Tier 2: directoryReaders',
    });
    // Roles, duration and the rest never change (R13).
    expect({ ...stored, accessAssignments: [], history: [] }).toEqual({ ...relationship, history: [] });
    const audit = (await world.store.snapshot()).audit.filter((a) => a.action === 'assignAccess');
    expect(audit.map((a) => `${a.outcome}:${a.rule ?? ''}`)).toEqual([
      'refused:R22',
      'refused:R22',
      'refused:R22',
      'refused:R22',
      'refused:R22',
      'refused:R20',
      'allowed:',
    ]);
  });

  it('R22 a reseller relationship without admin roles has nothing to assign', async () => {
    const world = await demoWorld();
    const relationship = await approved(world, { roles: [] });
    expect(
      refusalCode(
        await world.service.access.assign(people.fabrikamAdminAgent, relationship.id, [{ groupId: TIER1, roles: [] }]),
      ),
    ).toBe('R22 nothingToAssign');
  });

  it('R22 the sender is reminded once a day for 7 days while nothing is assigned, and not after it is', async () => {
    const world = await demoWorld();
    await approved(world);
    const reminders = async () =>
      Object.values((await world.store.snapshot()).outbox)
        .filter((n) => n.kind === 'accessReminder')
        .map((n) => n.daysLeft);
    expect((await sweep(world.service)).accessReminded).toBe(0); // the day of approval: the approval notice asks
    for (let day = 1; day <= 3; day++) {
      world.clock.advanceDays(1);
      expect((await sweep(world.service)).accessReminded).toBe(1);
      expect((await sweep(world.service)).accessReminded).toBe(0); // once a day
    }
    world.clock.advanceDays(3); // a sweeper that missed two days sends one reminder
    expect((await sweep(world.service)).accessReminded).toBe(1);
    world.clock.advanceDays(1);
    await sweep(world.service);
    world.clock.advanceDays(1); // day 8: no more
    expect((await sweep(world.service)).accessReminded).toBe(0);
    expect(await reminders()).toEqual([6, 5, 4, 1, 0]);

    const other = await demoWorld();
    const assigned = await approved(other);
    other.clock.advanceDays(1);
    await other.service.access.assign(people.fabrikamAdminAgent, assigned.id, [
      { groupId: TIER1, roles: ['directoryReaders'] },
    ]);
    expect((await sweep(other.service)).accessReminded).toBe(0);
  });

  it("R22 scenario 11: the approval notice asks the sender to assign; the card offers only the relationship's roles per group; the lists show the access", async () => {
    const world = await demoWorld();
    const p = party(world);
    const [alex, megan, sam] = [
      member(people.fabrikamAdminAgent),
      member(people.contosoAdmin),
      member(people.fabrikamSalesAgent),
    ];
    for (const who of [alex, megan, sam]) await p.send(who, 'help');
    const relationship = await approved(world);
    await p.deliver();
    const notice = p.adapter.activeQueue
      .splice(0)
      .find((a) => a.conversation?.id === alex.conversationId && a.attachments?.length);
    expect(cardProblems(cardOf(notice))).toEqual([]);
    expect(textIn(cardOf(notice))).toMatch(
      /Contoso approved your invitation AAA-001.*Nobody at Fabrikam IT can use these roles until you assign them.*"title":"Access","value":"No access assigned".*"verb":"showAccess"/,
    );

    const [before] = await p.send(alex, 'customers');
    expect(textIn(cardOf(before))).toMatch(
      /"title":"Access","value":"No access assigned".*Assign access for “Fabrikam IT – Contoso – Directory 2026-11”/,
    );

    const [accessCard] = await p.send(alex, { value: { verb: 'showAccess', relationshipId: relationship.id } });
    const card = cardOf(accessCard)!;
    expect(cardProblems(card)).toEqual([]);
    const inputs = (card.body as Array<Record<string, unknown>>).filter((e) => e.type === 'Input.ChoiceSet');
    expect(inputs.map((i) => [i.id, i.label])).toEqual([
      ['access.00000000-0000-4000-8000-000000003011', 'Fabrikam Helpdesk Tier 1'],
      ['access.00000000-0000-4000-8000-000000003012', 'Fabrikam Helpdesk Tier 2'],
      ['access.00000000-0000-4000-8000-000000003013', 'Fabrikam Cloud Admins'],
    ]);
    expect((inputs[0]!.choices as Array<{ value: string }>).map((c) => c.value)).toEqual([
      'directoryReaders',
      'userAdministrator',
    ]);
    // The button carries the relationship's id only; the choice comes from the inputs.
    expect(textIn(card)).toContain(`"data":{"relationshipId":"${relationship.id}"}`);

    // Teams: Action.Execute with the inputs merged into the data. A foreign role is refused, the card stays.
    const refused = await p.invoke(alex, 'assignAccess', {
      relationshipId: relationship.id,
      'access.00000000-0000-4000-8000-000000003011': 'directoryReaders,globalAdministrator',
    });
    expect(refused?.body).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: expect.stringContaining(
        'does not include Global Administrator, so Fabrikam Helpdesk Tier 1 cannot get it',
      ),
    });
    const answer = await p.invoke(alex, 'assignAccess', {
      relationshipId: relationship.id,
      'access.00000000-0000-4000-8000-000000003011': 'directoryReaders,userAdministrator',
      'access.00000000-0000-4000-8000-000000003012': 'directoryReaders',
      'access.00000000-0000-4000-8000-000000003013': '',
    });
    expect(answer?.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(answer?.body.value as Record<string, unknown>)).toEqual([]);
    expect(textIn(answer?.body.value)).toContain('Access assigned for “Fabrikam IT – Contoso – Directory 2026-11”');
    expect(textIn(answer?.body.value)).toContain(
      'Fabrikam Helpdesk Tier 1: Directory Readers, User Administrator; Fabrikam Helpdesk Tier 2: Directory Readers',
    );
    expect(textIn(answer?.body.value)).not.toContain('Input.ChoiceSet');

    const after = (await p.send(alex, 'customers')).find((a) => a.type === 'message'); // the invokes' responses are in the queue too
    expect(textIn(cardOf(after))).toMatch(
      /"title":"Access","value":"Fabrikam Helpdesk Tier 1: Directory Readers, User Administrator; Fabrikam Helpdesk Tier 2: Directory Readers".*Change access for/,
    );
    // The customer sees that access is assigned, not the partner's group names.
    const [partners] = await p.send(megan, 'partners');
    expect(textIn(cardOf(partners))).toContain('"title":"Access","value":"Assigned to 2 security groups"');
    expect(textIn(cardOf(partners))).not.toContain('Tier 1');
    // A sales agent sees the list without the button, and may not open the card.
    expect(textIn(cardOf((await p.send(sam, 'customers'))[0]))).not.toContain('showAccess');
    expect(
      (await p.send(sam, { value: { verb: 'showAccess', relationshipId: relationship.id } })).map((a) => a.text),
    ).toStrictEqual(["Only an admin agent of the partner can assign a relationship's roles to security groups."]);
  });

  it("R22 the Emulator's Action.Submit fallback assigns the same way, and the reminder card offers Assign access in Russian", async () => {
    const world = await demoWorld();
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent, 'emulator', 'ru');
    await p.send(alex, 'help');
    const relationship = await approved(world);
    await p.deliver();
    p.adapter.activeQueue.splice(0);
    world.clock.advanceDays(1);
    await sweep(world.service);
    await p.deliver();
    const reminder = cardOf(p.adapter.activeQueue.splice(0).find((a) => a.attachments?.length));
    expect(cardProblems(reminder)).toEqual([]);
    expect(textIn(reminder)).toMatch(
      /Ни у кого в Fabrikam IT пока нет доступа.*ещё 6 дней.*Читатели каталогов, Администратор пользователей.*Назначить доступ/,
    );
    const [done] = await p.send(alex, {
      value: {
        verb: 'assignAccess',
        relationshipId: relationship.id,
        'access.00000000-0000-4000-8000-000000003011': 'directoryReaders',
      },
    });
    expect(textIn(cardOf(done))).toContain('Доступ для «Fabrikam IT – Contoso – Directory 2026-11» назначен');
    expect(
      (await world.store.snapshot()).relationships[relationship.id]?.accessAssignments.map((a) => a.groupId),
    ).toEqual([TIER1]);
  });
});

it('R16 an administrator who chose Russian gets the next invitation card in Russian, with Russian role names, without writing again', async () => {
  const world = await demoWorld();
  const p = party(world);
  const megan = member(people.contosoAdmin); // her Teams client is English
  await p.send(megan, 'language ru');
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
  expect(sent.ok).toBe(true);
  await p.deliver();
  const card = cardOf(
    p.adapter.activeQueue.splice(0).find((a) => a.conversation?.id === megan.conversationId && a.attachments?.length),
  );
  expect(cardProblems(card)).toEqual([]);
  expect(textIn(card)).toContain('Fabrikam IT приглашает Contoso к сотрудничеству');
  expect(textIn(card)).toContain('Читатели каталогов');
});

describe('R30 who can manage this customer', () => {
  it('R30 an admin agent sees, per active relationship, the roles and the groups holding them; the customer sees its partners and roles, never their staff; anyone else is told the customer does not exist, as for an unknown one', async () => {
    const world = await demoWorld();
    const relationship = await approved(world, { roles: ['Directory Readers', 'User Administrator'] });
    const assigned = await world.service.access.assign(people.fabrikamAdminAgent, relationship.id, [
      { groupId: TIER1, roles: ['directoryReaders'] },
      { groupId: TIER2, roles: ['directoryReaders', 'userAdministrator'] },
    ]);
    expect(refusalCode(assigned)).toBe('ok');
    const p = party(world);
    const ask = async (who: typeof people.fabrikamAdminAgent, text: string, locale: 'en' | 'ru' = 'en') => {
      const [reply] = await p.send(member(who, 'msteams', locale), text);
      const card = cardOf(reply);
      if (card) expect(cardProblems(card)).toEqual([]);
      // Without the zero-width spaces that keep a domain from becoming a link (R25).
      return (card ? textIn(card) : (reply?.text ?? '')).replaceAll('\u200B', '');
    };

    const alex = await ask(people.fabrikamAdminAgent, 'who manages contoso.com');
    expect(alex).toContain('Who can manage Contoso');
    expect(alex).toContain(relationship.name);
    expect(alex).toContain('Fabrikam Helpdesk Tier 1: Directory Readers');
    expect(alex).toContain('Fabrikam Helpdesk Tier 2: Directory Readers, User Administrator');
    expect(alex).not.toContain('Northwind'); // another partner's relationship is not Fabrikam's to see

    const nora = await ask(people.northwindAdminAgent, 'who manages contoso.onmicrosoft.com');
    expect(nora).toContain('Northwind Support: Directory Readers, Helpdesk Administrator');
    expect(nora).not.toContain('Fabrikam');

    // The customer's own view: every partner and the roles, no group and no partner staff.
    const megan = await ask(people.contosoAdmin, 'who manages contoso.com');
    for (const seen of ['Fabrikam IT', 'Northwind Traders', 'User Administrator', 'Helpdesk Administrator'])
      expect(megan).toContain(seen);
    for (const hidden of ['Helpdesk Tier', 'Northwind Support', 'Members']) expect(megan).not.toContain(hidden);
    const diego = await ask(people.contosoUser, 'кто управляет contoso.com', 'ru');
    expect(diego).toContain('Кто может управлять Contoso');

    // A sales agent may not ask; another organisation learns nothing (R23), and it is audited.
    expect(await ask(people.fabrikamSalesAgent, 'who manages contoso.com')).toBe(
      'Only an admin agent of your organisation can ask who manages a customer.',
    );
    const unknown = await ask(people.adatumAdmin, 'who manages nowhere.example');
    expect(await ask(people.adatumAdmin, 'who manages contoso.com')).toBe(
      unknown.replace('nowhere.example', 'contoso.com'),
    );
    expect(await ask(people.fabrikamAdminAgent, 'who manages')).toMatch(/^About which customer\?/);
    expect(await ask(people.fabrikamAdminAgent, 'who manages adatum.com')).toContain(
      'Your organisation has no active relationship with Adatum',
    );
    const refused = (await world.store.snapshot()).audit.filter((a) => a.action === 'whoManages');
    expect(refused.map((a) => [a.outcome, a.rule, a.objectId])).toEqual([
      ['refused', 'R30', 'contoso.com'],
      ['refused', 'R20', 'nowhere.example'],
      ['refused', 'R20', 'contoso.com'],
    ]);
  });

  it('R30 asked about a person: the customers they can manage, through which of their groups and roles; only admin agents ask, and an unknown address is said plainly', async () => {
    const world = await demoWorld();
    const relationship = await approved(world, { roles: ['Directory Readers', 'User Administrator'] });
    await world.service.access.assign(people.fabrikamAdminAgent, relationship.id, [
      { groupId: TIER1, roles: ['directoryReaders'] }, // everyone of Fabrikam is in Tier 1 (the demo)
      { groupId: CLOUD_ADMINS, roles: ['userAdministrator'] }, // its admin agents in Cloud Admins
    ]);
    const p = party(world);
    const ask = async (who: typeof people.fabrikamAdminAgent, text: string) => {
      const [reply] = await p.send(member(who), text);
      const card = cardOf(reply);
      if (card) expect(cardProblems(card)).toEqual([]);
      return (card ? textIn(card) : (reply?.text ?? '')).replaceAll('\u200B', '');
    };
    const alex = await ask(people.fabrikamAdminAgent, 'what can alex@fabrikam.onmicrosoft.com manage');
    expect(alex).toContain('What Alex Wilber (alex@fabrikam.onmicrosoft.com) can manage');
    expect(alex).toContain('Through Fabrikam Helpdesk Tier 1: Directory Readers');
    expect(alex).toContain('Through Fabrikam Cloud Admins: User Administrator');
    const sam = await ask(people.fabrikamAdminAgent, 'what can SAM@fabrikam.onmicrosoft.com manage?');
    expect(sam).toContain('Through Fabrikam Helpdesk Tier 1: Directory Readers');
    expect(sam).not.toContain('Cloud Admins');
    expect(await ask(people.fabrikamAdminAgent, 'what can nobody@fabrikam.onmicrosoft.com manage')).toBe(
      'Nobody at your organisation has the e-mail address nobody@fabrikam.onmicrosoft.com.',
    );
    expect(await ask(people.fabrikamSalesAgent, 'what can alex@fabrikam.onmicrosoft.com manage')).toBe(
      'Only an admin agent of your organisation can ask who manages a customer.',
    );
    expect(await ask(people.northwindAdminAgent, 'what can alex@fabrikam.onmicrosoft.com manage')).toBe(
      'Nobody at your organisation has the e-mail address alex@fabrikam.onmicrosoft.com.',
    ); // another partner's staff are not Northwind's to look up (R23)
    expect(await ask(people.fabrikamAdminAgent, 'what can')).toMatch(/^About whom\?/);
  });
});
