import { describe, expect, it } from '@jest/globals';
import { sweep } from '../../delivery/sweeper.js';
import { cardOf, member, party, textIn } from '../helpers/party.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';
import { cardProblems } from '../helpers/adaptiveCard.js';

// R21: nothing expires silently.
async function approved(
  world: Awaited<ReturnType<typeof demoWorld>>,
  draft: Partial<typeof inviteContoso> & { autoExtend?: boolean } = {},
) {
  const sent = await world.service.invitations.create(people.fabrikamAdminAgent, {
    ...inviteContoso,
    durationDays: 60,
    autoExtend: false,
    ...draft,
  });
  if (!sent.ok) throw new Error(sent.refusal.code);
  const decided = await world.service.invitations.decide(people.contosoAdmin, {
    invitationId: sent.value.id,
    decision: 'approve',
  });
  if (!decided.ok) throw new Error(decided.refusal.code);
  return decided.value.relationship!;
}

/** Alex (Fabrikam) and Megan (Contoso) have talked to the bot, and Contoso approved a request. */
async function bothSidesWithRelationship() {
  const world = await demoWorld();
  const p = party(world);
  const [alex, megan] = [member(people.fabrikamAdminAgent), member(people.contosoAdmin)];
  for (const who of [alex, megan]) await p.send(who, 'help');
  return { world, p, alex, megan, relationship: await approved(world) };
}

describe('R21 warnings before a relationship ends', () => {
  it('R21 warns both sides 30, 7 and 1 days before the end, each once, then tells both that it ended', async () => {
    const world = await demoWorld();
    const relationship = await approved(world);
    const warningsOf = async () =>
      Object.values((await world.store.snapshot()).outbox)
        .filter((n) => n.relationshipId === relationship.id && n.kind.startsWith('relationship'))
        .map((n) => `${n.kind}:${n.daysLeft ?? '-'}:${n.recipient.kind}`);
    world.clock.advanceDays(29);
    expect((await sweep(world.service)).warned).toBe(0);
    world.clock.advanceDays(1); // 30 days left
    expect((await sweep(world.service)).warned).toBe(1);
    expect((await sweep(world.service)).warned).toBe(0); // once only
    world.clock.advanceDays(23); // 7 days left
    await sweep(world.service);
    world.clock.advanceDays(6); // 1 day left
    await sweep(world.service);
    world.clock.advanceDays(1); // the end date
    expect((await sweep(world.service)).relationships).toBe(1);
    expect(await warningsOf()).toEqual([
      'relationshipExpiring:30:partner',
      'relationshipExpiring:30:customer',
      'relationshipExpiring:7:partner',
      'relationshipExpiring:7:customer',
      'relationshipExpiring:1:partner',
      'relationshipExpiring:1:customer',
      'relationshipExpired:-:partner',
      'relationshipExpired:-:customer',
    ]);
  });

  it('R21 a sweeper that missed the earlier dates sends only the most urgent warning', async () => {
    const world = await demoWorld();
    const relationship = await approved(world);
    world.clock.advanceDays(59);
    await sweep(world.service);
    expect(
      Object.values((await world.store.snapshot()).outbox)
        .filter((n) => n.relationshipId === relationship.id && n.kind.startsWith('relationship'))
        .map((n) => n.daysLeft),
    ).toEqual([1, 1]);
  });

  it('R21 R18 with auto-extend: no warnings, and both sides are told when it was extended', async () => {
    const world = await demoWorld();
    const relationship = await approved(world, { autoExtend: true });
    world.clock.advanceDays(60);
    await sweep(world.service);
    expect(
      Object.values((await world.store.snapshot()).outbox)
        .filter((n) => n.relationshipId === relationship.id && n.kind.startsWith('relationship'))
        .map((n) => `${n.kind}:${n.recipient.kind}`),
    ).toEqual(['relationshipExtended:partner', 'relationshipExtended:customer']);
  });

  it("R21 R18 scenario 10: the partner's admin agent gets the warning card with Turn on auto-extend and Request again; turning it on works; Request again opens the invite dialog for the same customer", async () => {
    const { world, p, alex, megan, relationship } = await bothSidesWithRelationship();
    await p.deliver();
    p.adapter.activeQueue.splice(0);
    world.clock.advanceDays(30);
    await sweep(world.service);
    await p.deliver();
    const cards = p.adapter.activeQueue.splice(0);
    const toAlex = cards.find((a) => a.conversation?.id === alex.conversationId);
    const toMegan = cards.find((a) => a.conversation?.id === megan.conversationId);
    expect(cardProblems(cardOf(toAlex))).toEqual([]);
    expect(textIn(cardOf(toAlex))).toMatch(
      /The relationship “Fabrikam IT – Contoso – Directory 2026-11” between Fabrikam IT and Contoso ends in 30 days.*"verb":"turnOnAutoExtend".*"verb":"requestAgain"/,
    );
    expect(textIn(cardOf(toMegan))).toContain('"verb":"turnOnAutoExtend"');
    expect(textIn(cardOf(toMegan))).not.toContain('requestAgain'); // only the partner requests
    const on = await p.send(alex, { value: { verb: 'turnOnAutoExtend', relationshipId: relationship.id } });
    expect(on.filter((a) => a.conversation?.id === alex.conversationId).map((a) => a.text)).toStrictEqual([
      expect.stringContaining('Auto-extend is on for “Fabrikam IT – Contoso – Directory 2026'),
    ]);
    expect((await world.store.snapshot()).relationships[relationship.id]?.autoExtend).toBe(true);
    // R18: the other side is told.
    const toMeganNow = on.filter((a) => a.conversation?.id === megan.conversationId);
    expect(toMeganNow.map((a) => textIn(cardOf(a)))).toEqual([
      expect.stringContaining(
        'Fabrikam IT turned auto-extend on for “Fabrikam IT – Contoso – Directory 2026-11” between Fabrikam IT and Contoso',
      ),
    ]);
    const again = await p.send(alex, { value: { verb: 'requestAgain', relationshipId: relationship.id } });
    expect(again.map((a) => a.text).join(' ')).toMatch(/Contoso already works with.*Which services/);
    // R21: the same services and roles are offered first; a new name is proposed.
    const servicesPrompt = again.at(-1)!;
    expect(servicesPrompt.suggestedActions?.actions.map((a) => a.title)[0]).toBe('Microsoft 365, Azure');
    const [rolesPrompt] = await p.send(alex, 'Microsoft 365, Azure');
    expect(rolesPrompt?.text).toContain(
      'Now requested: Directory Readers, User Administrator. Type **keep** to keep them.',
    );
    expect(rolesPrompt?.suggestedActions?.actions.map((a) => a.title)[0]).toBe('Keep');
    const [duration] = await p.send(alex, 'keep');
    expect(duration?.text).toContain('For how many days');
    for (const answer of ['365', 'no', 'skip', 'skip']) await p.send(alex, answer);
    const [named] = await p.send(alex, 'keep');
    expect(textIn(cardOf(named))).toMatch(
      /Fabrikam IT – Contoso – Directory 2026-12.*Directory Readers, User Administrator/,
    ); // a month later: a new name
  });

  it('R18 either side turns auto-extend off from the relationships list: the button names the relationship, the other side is told; with it off, no button', async () => {
    const { world, p, alex, megan, relationship } = await bothSidesWithRelationship();
    expect((await world.service.relationships.setAutoExtend(people.fabrikamAdminAgent, relationship.id, true)).ok).toBe(
      true,
    );
    await p.deliver();
    p.adapter.activeQueue.splice(0);
    const [list] = await p.send(megan, 'partners');
    expect(textIn(cardOf(list))).toContain('Turn off auto-extend: Fabrikam IT – Contoso – Directory 2026-11');
    expect(cardProblems(cardOf(list))).toEqual([]);
    const off = await p.send(megan, { value: { verb: 'turnOffAutoExtend', relationshipId: relationship.id } });
    expect(off.filter((a) => a.conversation?.id === megan.conversationId).map((a) => a.text)).toStrictEqual([
      expect.stringContaining('Auto-extend is off for “Fabrikam IT – Contoso – Directory 2026-11”'),
    ]);
    expect((await world.store.snapshot()).relationships[relationship.id]?.autoExtend).toBe(false);
    expect(off.filter((a) => a.conversation?.id === alex.conversationId).map((a) => textIn(cardOf(a)))).toEqual([
      expect.stringContaining('auto-extend off'),
    ]);
    const [after] = await p.send(alex, 'customers');
    expect(textIn(cardOf(after))).not.toContain('Turn off auto-extend');
    // Someone who is neither side is refused, and nothing changes.
    const [refused] = await p.send(member(people.northwindAdminAgent), {
      value: { verb: 'turnOffAutoExtend', relationshipId: relationship.id },
    });
    expect(refused?.text).toBeDefined();
    expect((await world.store.snapshot()).relationships[relationship.id]?.autoExtend).toBe(false);
  });

  it('R18 R21 a relationship with Global Administrator: no auto-extend button, the card says why', async () => {
    const world = await demoWorld();
    const p = party(world);
    const alex = member(people.fabrikamAdminAgent);
    await p.send(alex, 'help');
    await approved(world, { roles: ['Global Administrator'] });
    world.clock.advanceDays(53);
    await sweep(world.service);
    await p.deliver();
    const card = textIn(
      cardOf(
        p.adapter.activeQueue
          .splice(0)
          .find((a) => a.conversation?.id === alex.conversationId && textIn(cardOf(a)).includes('ends in')),
      ),
    );
    expect(card).toContain('ends in 7 days');
    expect(card).toContain('It includes the Global Administrator role, so it cannot be extended automatically');
    expect(card).not.toContain('turnOnAutoExtend');
  });
});

it('R21 "ending" lists the partner\'s relationships that end in the next 90 days, "ending 30" in the next 30, soonest first', async () => {
  const world = await demoWorld();
  const p = party(world);
  const alex = member(people.fabrikamAdminAgent);
  await approved(world); // ends in 60 days
  await p.send(alex, 'help'); // and the approval notice arrives
  expect((await p.send(alex, 'ending 30')).map((a) => a.text)).toStrictEqual([
    'No relationship of yours ends in the next 30 days.',
  ]);
  const [list] = await p.send(alex, 'ending');
  expect(cardProblems(cardOf(list))).toEqual([]);
  expect(textIn(cardOf(list))).toMatch(
    /Relationships that end in the next 90 days.*Contoso.*Fabrikam IT – Contoso – Directory 2026-11.*23 January 2027/,
  );
  world.clock.advanceDays(31);
  expect(textIn(cardOf((await p.send(alex, 'ending 30'))[0]))).toContain('Relationships that end in the next 30 days');
});
