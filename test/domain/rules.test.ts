import { beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_ROLES, findAdminRole } from '../../domain/adminRoles.js';
import type { Result } from '../../domain/refusals.js';
import { refusalText, sayIn, t } from '../../translations/index.js';
import { demoSeed, demoWorld, inviteContoso, people, type World } from '../helpers/world.js';

function refusalOf<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.refusal;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.refusal.rule} ${refusalText('en', result.refusal)}`);
  return result.value;
}

async function sendContoso(world: World, draft: Partial<typeof inviteContoso> & { autoExtend?: boolean } = {}) {
  return valueOf(await world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, ...draft }));
}

const snapshot = (world: World) => world.store.snapshot();

describe('multi-partner rules', () => {
  it('R1 allows inviting a customer that already works with another partner, and names that partner', async () => {
    const world = await demoWorld();
    const preview = valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'contoso.com'));
    expect(preview.refusals).toEqual([]);
    expect(preview.existingPartners.map((p) => p.name)).toEqual(['Northwind Traders']);
    const invitation = await sendContoso(world);
    expect(invitation.status).toBe('pending');
    // The customer's view lists every partner after approval: Northwind and Fabrikam.
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    const partners = valueOf(await world.service.relationships.partnersOf(people.contosoAdmin));
    expect(partners.partners.map((p) => p.partner.name)).toEqual(['Northwind Traders', 'Fabrikam IT']);
    expect(
      partners.partners.every(
        (p) => p.relationships.every((r) => r.status === 'active') && p.relationships.length === 1,
      ),
    ).toBe(true);
  });

  it('R1 R13 names a partner with several relationships once, in the dry run and on the card, with all their roles', async () => {
    const world = await demoWorld();
    const second = valueOf(
      await world.service.invitations.create(people.northwindAdminAgent, {
        ...inviteContoso,
        roles: ['Exchange Administrator'],
      }),
    );
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: second.id, decision: 'approve' }),
    );
    const preview = valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'contoso.com'));
    expect(preview.existingPartners.map((p) => p.name)).toEqual(['Northwind Traders']);
    expect(preview.existingPartners[0]?.roles).toEqual(expect.arrayContaining(['directoryReaders', second.roles[0]]));
    expect(preview.existingPartners[0]?.since).toBe('2025-03-01T09:00:00.000Z');
    const invitation = await sendContoso(world);
    expect((await world.service.invitations.describe(invitation.id))?.existingPartners.map((p) => p.name)).toEqual([
      'Northwind Traders',
    ]);
  });

  it('R1 tells a customer without partners that it has none', async () => {
    const world = await demoWorld();
    const preview = valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'adatum.com'));
    expect(preview.existingPartners).toEqual([]);
    expect(valueOf(await world.service.relationships.partnersOf(people.adatumAdmin)).partners).toEqual([]);
  });

  it("R2 approving leaves every existing subscription's product, quantity and status as they were", async () => {
    const world = await demoWorld();
    const before = (await snapshot(world)).subscriptions;
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    const after = (await snapshot(world)).subscriptions;
    for (const [id, sub] of Object.entries(before)) {
      expect({ product: after[id]?.product, quantity: after[id]?.quantity, status: after[id]?.status }).toEqual({
        product: sub.product,
        quantity: sub.quantity,
        status: sub.status,
      });
    }
    expect(Object.keys(after)).toEqual(Object.keys(before));
  });

  it('R3 approving transfers neither a subscription nor the account ownership to the new partner', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    const subs = Object.values((await snapshot(world)).subscriptions).filter((s) => s.customerId === 'contoso');
    expect(subs.map((s) => s.owner)).toEqual(['Contoso', 'Contoso']);
    expect(subs.some((s) => s.partnerOfRecordId === 'fabrikam')).toBe(false);
  });

  it("R4 approving changes no subscription's terms or the customer's obligations", async () => {
    const world = await demoWorld();
    const terms = Object.values((await snapshot(world)).subscriptions).map((s) => s.terms);
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(Object.values((await snapshot(world)).subscriptions).map((s) => s.terms)).toEqual(terms);
  });

  it('R5 approving does not change the partner of record of any subscription', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    const subs = Object.values((await snapshot(world)).subscriptions);
    expect(subs.map((s) => [s.id, s.partnerOfRecordId])).toEqual([
      ['sub-contoso-m365', 'northwind'],
      ['sub-contoso-azure', 'northwind'],
    ]);
  });

  it("R6 lets a partner with an active relationship add an Azure subscription next to another partner's Azure", async () => {
    const world = await demoWorld();
    const before = (await snapshot(world)).subscriptions;
    const refused = refusalOf(
      await world.service.relationships.addAzure(people.fabrikamSalesAgent, { customerId: 'contoso' }),
    );
    expect(refused.rule).toBe('R6');
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    const added = valueOf(
      await world.service.relationships.addAzure(people.fabrikamSalesAgent, { customerId: 'contoso' }),
    );
    expect(added).toMatchObject({
      kind: 'azure',
      customerId: 'contoso',
      partnerOfRecordId: 'fabrikam',
      owner: 'Contoso',
    });
    const after = (await snapshot(world)).subscriptions;
    const azure = Object.values(after).filter((s) => s.kind === 'azure' && s.customerId === 'contoso');
    expect(azure.map((s) => s.partnerOfRecordId).sort()).toEqual(['fabrikam', 'northwind']);
    for (const [id, sub] of Object.entries(before)) expect(after[id]).toEqual(sub);
  });

  it('R6 refuses a helpdesk agent, a bad quantity and an unknown customer, and writes nothing but the audit', async () => {
    const world = await demoWorld();
    expect(
      refusalOf(
        await world.service.relationships.addAzure(people.northwindAdminAgent, {
          customerId: 'contoso',
          quantity: 'ten',
        }),
      ).rule,
    ).toBe('R20');
    expect(
      refusalOf(await world.service.relationships.addAzure(people.northwindAdminAgent, { customerId: 'nowhere' })).rule,
    ).toBe('R20');
    const nell = { ...people.northwindAdminAgent, userId: '00000000-0000-4000-8000-000000001023' };
    expect(refusalOf(await world.service.relationships.addAzure(nell, { customerId: 'contoso' })).rule).toBe('R9');
    expect(Object.keys((await snapshot(world)).subscriptions)).toHaveLength(2);
  });

  it('R7 refuses an invitation to a tenant that is a CSP partner', async () => {
    const world = await demoWorld();
    const preview = valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'proseware.com'));
    expect(preview.refusals.map((r) => r.rule)).toEqual(['R7']);
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'proseware.com',
      }),
    );
    expect(refused).toMatchObject({ rule: 'R7', code: 'customerIsCspPartner' });
    expect(refusalText('en', refused)).toContain('cannot resell to another CSP partner');
    expect(refusalText('ru', refused)).toContain('CSP');
    expect((await snapshot(world)).invitations).toEqual({});
  });

  it('R8 refuses a customer in the other cloud, in either direction', async () => {
    const world = await demoWorld();
    const commercialToGov = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'relecloud.gov',
      }),
    );
    expect(commercialToGov).toMatchObject({ rule: 'R8', code: 'otherCloud' });
    expect(refusalText('en', commercialToGov)).toContain(
      'Relecloud Government is in the US Government cloud and your organisation is in the commercial cloud',
    );
    expect(refusalText('ru', commercialToGov)).toContain(
      'Relecloud Government находится в облаке для государственных организаций США, а ваша организация — в коммерческом облаке',
    );
    const govToCommercial = refusalOf(
      await world.service.invitations.create(people.usGovAdminAgent, {
        ...inviteContoso,
        customerDomain: 'adatum.com',
      }),
    );
    expect(govToCommercial).toMatchObject({ rule: 'R8', code: 'otherCloud' });
    valueOf(
      await world.service.invitations.create(people.usGovAdminAgent, {
        ...inviteContoso,
        customerDomain: 'relecloud.gov',
      }),
    );
  });

  it('R8 refuses a customer in another country or region', async () => {
    const world = await demoWorld();
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'wingtiptoys.co.uk',
      }),
    );
    expect(refused).toMatchObject({ rule: 'R8', code: 'otherCountry' });
    expect(
      valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'wingtiptoys.co.uk')).refusals.map(
        (r) => r.rule,
      ),
    ).toEqual(['R8']);
  });

  it('R8 refuses a reseller-only invitation from a US Government partner', async () => {
    const world = await demoWorld();
    const refused = refusalOf(
      await world.service.invitations.create(people.usGovAdminAgent, {
        ...inviteContoso,
        customerDomain: 'relecloud.gov',
        roles: [],
      }),
    );
    expect(refused).toMatchObject({ rule: 'R8', code: 'usGovNeedsRoles' });
  });
});

describe('invitation rules', () => {
  it('R9 lets only an admin agent request admin roles; a sales agent may ask for the reseller relationship alone; a helpdesk agent nothing', async () => {
    const world = await demoWorld();
    expect(refusalOf(await world.service.invitations.create(people.fabrikamSalesAgent, inviteContoso))).toMatchObject({
      rule: 'R9',
      code: 'rolesNeedAdminAgent',
    });
    expect(
      refusalOf(await world.service.invitations.create(people.fabrikamHelpdeskAgent, { ...inviteContoso, roles: [] })),
    ).toMatchObject({ rule: 'R9', code: 'notAllowedToInvite' });
    expect(refusalOf(await world.service.invitations.create(people.stranger, inviteContoso))).toMatchObject({
      rule: 'R9',
      code: 'unknownPartnerUser',
    });
    const resellerOnly = valueOf(
      await world.service.invitations.create(people.fabrikamSalesAgent, { ...inviteContoso, roles: [] }),
    );
    expect(resellerOnly).toMatchObject({ roles: [], durationDays: null, autoExtend: false });
    expect(
      valueOf(await world.service.invitations.preview(people.fabrikamHelpdeskAgent, 'adatum.com')).refusals.map(
        (r) => r.code,
      ),
    ).toEqual(['notAllowedToInvite']);
  });

  it("R10 R23 refuses an ordinary user and a partner (R10), another tenant's administrator and a stranger (R23: no such invitation), audits it and changes nothing", async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    const before = (await snapshot(world)).invitations;
    for (const who of [people.contosoUser, people.fabrikamAdminAgent]) {
      const refused = refusalOf(
        await world.service.invitations.decide(who, { invitationId: invitation.id, decision: 'approve' }),
      );
      expect(refused.rule).toBe('R10');
    }
    // R23: outside the two organisations, the invitation does not exist.
    for (const who of [people.adatumAdmin, people.stranger]) {
      const refused = refusalOf(
        await world.service.invitations.decide(who, { invitationId: invitation.id, decision: 'approve' }),
      );
      expect(refused).toMatchObject({ rule: 'R23', code: 'invitationNotVisible' });
    }
    const after = await snapshot(world);
    expect(after.invitations).toEqual(before);
    expect(Object.values(after.relationships).filter((r) => r.partnerId === 'fabrikam')).toEqual([]);
    const refusals = after.audit.filter((a) => a.outcome === 'refused' && a.objectId === invitation.id);
    expect(refusals.map((a) => [a.userId, a.rule])).toEqual([
      [people.contosoUser.userId, 'R10'],
      [people.fabrikamAdminAgent.userId, 'R10'],
      [people.adatumAdmin.userId, 'R23'],
      [people.stranger.userId, 'R23'],
    ]);
  });

  it("R10 a Customer Delegated Admin Relationship Administrator approves without being a Global Administrator, and may end the relationship (R19) but not change auto-extend (R18: the customer's Global Administrators)", async () => {
    const seed = demoSeed();
    const contoso = seed.customers.find((c) => c.id === 'contoso')!;
    const priya = { id: '00000000-0000-4000-8000-000000002019', name: 'Priya Raman', email: 'priya@contoso.com' };
    contoso.users.push({ ...priya, role: 'relationshipAdministrator' });
    const world = await demoWorld(seed);
    const approver = { tenantId: contoso.tenantId, userId: priya.id };
    const invitation = await sendContoso(world);
    const approved = valueOf(
      await world.service.invitations.decide(approver, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(approved.invitation).toMatchObject({ status: 'approved', decidedBy: { name: 'Priya Raman' } });
    const relationshipId = approved.relationship!.id;
    expect(refusalOf(await world.service.relationships.setAutoExtend(approver, relationshipId, false))).toMatchObject({
      rule: 'R19',
      code: 'notRelationshipSide',
    });
    expect(valueOf(await world.service.relationships.terminate(approver, relationshipId))).toMatchObject({
      status: 'terminated',
      terminatedBy: { name: 'Priya Raman' },
    });
    // Both approvers are named wherever the bot says who may approve.
    const say = sayIn('en');
    expect(say('card.waiting', { customer: 'Contoso' })).toBe(
      'Waiting for a Global Administrator or a Customer Delegated Admin Relationship Administrator of Contoso to approve or decline.',
    );
  });

  it('R11 takes the first decision and answers every later one with who decided what and when', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    valueOf(
      await world.service.invitations.decide(people.contosoAdmin, {
        invitationId: invitation.id,
        decision: 'decline',
        reason: 'Not now',
      }),
    );
    const stored = (await snapshot(world)).invitations[invitation.id];
    for (const decision of ['approve', 'decline']) {
      const refused = refusalOf(
        await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision }),
      );
      expect(refused).toMatchObject({ rule: 'R11', code: 'alreadyDecided' });
      expect(refusalText('en', refused)).toContain('already declined by Megan Bowen (Contoso) on 24 November 2026');
    }
    expect((await snapshot(world)).invitations[invitation.id]).toEqual(stored);
  });

  it('R12 expires an undecided invitation after 90 days; it can no longer be approved', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    expect(invitation.expiresAt).toBe('2027-02-22T12:00:00.000Z');
    world.clock.advanceDays(89);
    expect(await world.service.invitations.expire()).toEqual([]);
    world.clock.advanceDays(1);
    const expired = await world.service.invitations.expire();
    expect(expired.map((i) => [i.code, i.status])).toEqual([[invitation.code, 'expired']]);
    const refused = refusalOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(refused).toMatchObject({ rule: 'R12', code: 'expired' });
    const outbox = Object.values((await snapshot(world)).outbox).map((n) => n.kind);
    expect(outbox).toEqual(['invitationSent', 'invitationExpired']);
  });

  it('R12 treats an overdue invitation as expired even before the sweeper runs', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    world.clock.advanceDays(91);
    expect(
      refusalOf(
        await world.service.invitations.decide(people.contosoAdmin, {
          invitationId: invitation.id,
          decision: 'approve',
        }),
      ).rule,
    ).toBe('R12');
    expect((await snapshot(world)).invitations[invitation.id]?.status).toBe('expired');
    expect(valueOf(await world.service.invitations.list(people.fabrikamAdminAgent)).items[0]?.status).toBe('expired');
  });

  it("R13 allows several pending requests to one customer with other roles and names, but refuses the same roles again with the first one's code, and a name already used", async () => {
    const world = await demoWorld();
    const first = await sendContoso(world);
    expect(first.relationshipName).toBe('Fabrikam IT – Contoso – Directory 2026-11');
    // The same roles again, by another domain of the customer: refused, naming the pending one.
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'contoso.com',
        roles: ['User Administrator', 'Directory Readers'],
      }),
    );
    expect(refused).toMatchObject({ rule: 'R13', code: 'pendingExists', params: { code: first.code } });
    expect(refusalText('en', refused)).toContain(first.code);
    // Other roles: a second pending request, with a name of its own.
    const second = valueOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        roles: ['Exchange Administrator'],
      }),
    );
    expect(second.relationshipName).toBe('Fabrikam IT – Contoso – Exchange 2026-11');
    // A name the partner already uses is refused; a name over 50 characters too.
    const taken = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        roles: ['Teams Administrator'],
        relationshipName: first.relationshipName.toUpperCase(),
      }),
    );
    expect(taken).toMatchObject({ rule: 'R13', code: 'relationshipNameTaken' });
    expect(
      refusalOf(
        await world.service.invitations.create(people.fabrikamAdminAgent, {
          ...inviteContoso,
          roles: ['Teams Administrator'],
          relationshipName: 'x'.repeat(51),
        }),
      ),
    ).toMatchObject({ rule: 'R13', code: 'invalidRelationshipName' });
    // The dry run lists the pending requests; nothing refuses the customer as such.
    const preview = valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'CONTOSO.COM'));
    expect(preview.refusals).toEqual([]);
    expect(preview.pendingInvitations.map((i) => i.code)).toEqual([first.code, second.code]);
  });

  it("R13 a relationship's name is taken for its partner only, without case, and a proposal skips every number in use", async () => {
    const world = await demoWorld();
    const northwinds = 'Northwind Traders – Contoso – Directory 2025-03'; // the demo's relationship
    const typed = { ...inviteContoso, roles: ['Exchange Administrator'], relationshipName: northwinds.toUpperCase() };
    expect(refusalOf(await world.service.invitations.create(people.northwindAdminAgent, typed))).toMatchObject({
      rule: 'R13',
      code: 'relationshipNameTaken',
    });
    expect(valueOf(await world.service.invitations.create(people.fabrikamAdminAgent, typed)).relationshipName).toBe(
      northwinds.toUpperCase(),
    );
    // The proposal and its numbers 2 … 25 already relationships of Fabrikam's: more than one look-up's worth of
    // candidates.
    const base = 'Fabrikam IT – Contoso – Directory 2026-11';
    const used = [base, ...Array.from({ length: 24 }, (_, k) => `${base} ${k + 2}`)];
    const template = (await snapshot(world)).relationships['rel-northwind-contoso']!;
    await world.store.unitOfWork.run(async (r) => {
      for (const [k, name] of used.entries())
        await r.relationships.save({ ...template, id: `rel-used-${k}`, partnerId: 'fabrikam', name });
    });
    expect(
      valueOf(await world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso })).relationshipName,
    ).toBe(`${base} 26`);
    expect(
      await world.store.unitOfWork.read((r) =>
        r.relationships.namesInUse('fabrikam', [base.toUpperCase(), northwinds, `${base} 26`]),
      ),
    ).toEqual(new Set([base.toLowerCase()]));
  });

  it('R13 scenario 12: a second request for other roles becomes a second relationship; the first is unchanged', async () => {
    const world = await demoWorld();
    const preview = valueOf(await world.service.invitations.preview(people.northwindAdminAgent, 'contoso.com'));
    expect(preview.activeRelationships.map((r) => r.id)).toEqual(['rel-northwind-contoso']);
    expect(preview.refusals).toEqual([]);
    const before = (await snapshot(world)).relationships['rel-northwind-contoso'];
    const more = valueOf(
      await world.service.invitations.create(people.northwindAdminAgent, {
        ...inviteContoso,
        roles: ['Exchange Administrator'],
        durationDays: 30,
        relationshipName: 'Northwind – Contoso – mail',
      }),
    );
    const outcome = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: more.id, decision: 'approve' }),
    );
    expect(outcome.relationship).toMatchObject({
      name: 'Northwind – Contoso – mail',
      roles: ['exchangeAdministrator'],
      endsAt: '2026-12-24T12:00:00.000Z',
      status: 'active',
    });
    expect(outcome.relationship?.id).not.toBe('rel-northwind-contoso');
    expect((await snapshot(world)).relationships['rel-northwind-contoso']).toEqual(before);
    const partners = valueOf(await world.service.relationships.partnersOf(people.contosoAdmin)).partners;
    expect(partners.find((p) => p.partner.id === 'northwind')?.relationships.map((r) => r.name)).toEqual([
      'Northwind Traders – Contoso – Directory 2025-03',
      'Northwind – Contoso – mail',
    ]);
  });

  it('R14 lets the inviting partner cancel a pending invitation, and the customer can then no longer decide it', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    expect(refusalOf(await world.service.invitations.cancel(people.northwindAdminAgent, invitation.code)).rule).toBe(
      'R23',
    ); // another partner: no such invitation
    expect(refusalOf(await world.service.invitations.cancel(people.contosoAdmin, invitation.code)).rule).toBe('R14'); // the customer sees it, cannot cancel it
    const cancelled = valueOf(
      await world.service.invitations.cancel(people.fabrikamSalesAgent, invitation.code.toLowerCase()),
    );
    expect(cancelled.status).toBe('cancelled');
    const refused = refusalOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(refused).toMatchObject({ rule: 'R14', code: 'withdrawn' });
    const notice = Object.values((await snapshot(world)).outbox).find((n) => n.kind === 'invitationCancelled');
    expect(notice?.recipient).toEqual({ kind: 'customer', customerId: 'contoso', domain: 'contoso.onmicrosoft.com' });
    // Cancelled, it no longer blocks a new invitation (R13), and cannot be cancelled twice.
    expect(refusalOf(await world.service.invitations.cancel(people.fabrikamAdminAgent, invitation.code)).rule).toBe(
      'R14',
    );
    valueOf(await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso));
  });

  it('R14 R26 resend keeps the invitation pending and its expiry, sends the card again to every administrator by name, at most once an hour', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    world.clock.advanceDays(10);
    const resent = valueOf(await world.service.invitations.resend(people.fabrikamAdminAgent, invitation.code));
    expect(resent.invitation).toMatchObject({ status: 'pending', expiresAt: invitation.expiresAt });
    expect(resent.invitation.history.map((h) => h.action)).toEqual(['created', 'resent']);
    expect(resent).toMatchObject({ sentTo: ['Megan Bowen'], customer: 'Contoso' });
    const kinds = async () => Object.values((await snapshot(world)).outbox).map((n) => n.kind);
    expect(await kinds()).toEqual(['invitationSent', 'invitationResent']);
    // Again within the hour: refused, saying from when; nothing changed, audited.
    const refused = refusalOf(await world.service.invitations.resend(people.fabrikamAdminAgent, invitation.code));
    expect(refused).toMatchObject({
      rule: 'R26',
      code: 'resendTooSoon',
      params: { code: invitation.code, at: new Date(world.clock.now().getTime() + 3_600_000).toISOString() },
    });
    expect(await kinds()).toEqual(['invitationSent', 'invitationResent']);
    expect((await snapshot(world)).audit.at(-1)).toMatchObject({ action: 'resend', outcome: 'refused', rule: 'R26' });
    world.clock.advanceMinutes(61);
    valueOf(await world.service.invitations.resend(people.fabrikamAdminAgent, invitation.code));
    expect(await kinds()).toEqual(['invitationSent', 'invitationResent', 'invitationResent']);
  });

  it('R26 resend of an invitation to a tenant nobody known is in: nothing is sent, and it says why', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world, { customerDomain: 'unknown-tenant.com' });
    const resent = valueOf(await world.service.invitations.resend(people.fabrikamAdminAgent, invitation.code));
    expect(resent).toMatchObject({ sentTo: [], nothingSent: 'nobodyKnown' });
    expect(Object.values((await snapshot(world)).outbox).map((n) => n.kind)).toEqual(['invitationSent']);
  });

  it('R26 a partner user sends at most INVITATIONS_PER_HOUR invitations an hour: the next is refused saying from when, nothing changed, audited; another user is not held back', async () => {
    const world = await demoWorld();
    world.ctx.limits = { invitationsPerHour: 3 };
    const first = world.clock.now().toISOString();
    for (const n of [1, 2, 3]) {
      await sendContoso(world, { customerDomain: `new-${n}.com` });
      world.clock.advanceMinutes(10);
    }
    const before = await snapshot(world);
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'new-4.com',
      }),
    );
    expect(refused).toEqual({
      rule: 'R26',
      code: 'tooManyInvitations',
      params: { limit: '3', at: new Date(Date.parse(first) + 3_600_000).toISOString() },
    });
    expect(refusalText('en', refused)).toBe(
      'You have sent 3 invitations in the last hour, as many as an hour allows. You can send another from 24 Nov 2026, 13:00 UTC. Nothing was sent.',
    );
    const after = await snapshot(world);
    expect(Object.keys(after.invitations)).toEqual(Object.keys(before.invitations));
    expect(after.audit.at(-1)).toMatchObject({ action: 'createInvitation', outcome: 'refused', rule: 'R26' });
    // The dry run at the domain question says so too, before any other answer is asked for.
    expect(valueOf(await world.service.invitations.preview(people.fabrikamAdminAgent, 'new-4.com')).refusals).toEqual([
      refused,
    ]);
    // Another user of the same partner has their own hour.
    valueOf(
      await world.service.invitations.create(people.fabrikamSalesAgent, {
        ...inviteContoso,
        roles: [],
        customerDomain: 'new-5.com',
      }),
    );
    world.clock.advanceMinutes(30); // an hour after the first
    await sendContoso(world, { customerDomain: 'new-4.com' });
  });

  it('R26 a partner has at most PENDING_PER_CUSTOMER pending requests to one customer: the next is refused naming the first to expire; one cancelled makes room', async () => {
    const world = await demoWorld();
    world.ctx.limits = { pendingPerCustomer: 2 };
    const first = await sendContoso(world, { roles: ['Directory Readers'] });
    world.clock.advanceDays(1);
    await sendContoso(world, { roles: ['Global Reader'] });
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        roles: ['User Administrator'],
      }),
    );
    expect(refused).toEqual({
      rule: 'R26',
      code: 'tooManyPending',
      params: { limit: '2', customer: 'Contoso', code: first.code, at: first.expiresAt },
    });
    expect(refusalText('en', refused)).toContain(
      'You can send another when one of them is approved, declined or cancelled',
    );
    valueOf(await world.service.invitations.cancel(people.fabrikamAdminAgent, first.code));
    await sendContoso(world, { roles: ['User Administrator'] });
  });

  it('R15 approving creates the relationship with its roles, records who approved and when, and tells the partner', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    world.clock.advanceDays(2);
    const { invitation: approved, relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(approved).toMatchObject({
      status: 'approved',
      decidedAt: '2026-11-26T12:00:00.000Z',
      decidedBy: { name: 'Megan Bowen', organisation: 'Contoso' },
      relationshipId: relationship?.id,
    });
    expect(relationship).toMatchObject({
      partnerId: 'fabrikam',
      customerId: 'contoso',
      roles: ['directoryReaders', 'userAdministrator'],
      status: 'active',
      startedAt: '2026-11-26T12:00:00.000Z',
    });
    const notice = Object.values((await snapshot(world)).outbox).find((n) => n.kind === 'invitationApproved');
    expect(notice).toMatchObject({
      recipient: { kind: 'partner', partnerId: 'fabrikam' },
      invitationId: invitation.id,
      relationshipId: relationship?.id,
    });
  });

  it('R15 declining records the optional reason and tells the partner', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world);
    const { invitation: declined, relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, {
        invitationId: invitation.id,
        decision: 'decline',
        reason: '  We have a partner for that  ',
      }),
    );
    expect(declined).toMatchObject({ status: 'declined', reason: 'We have a partner for that' });
    expect(relationship).toBeUndefined();
    expect(Object.values((await snapshot(world)).outbox).map((n) => n.kind)).toEqual([
      'invitationSent',
      'invitationDeclined',
    ]);
  });
});

describe('the dry run says what this user may request', () => {
  it('R8 R9 R17 R18 the policy: admin agents may request roles, sales agents not; a US Government partner must; the duration range; what excludes auto-extend', async () => {
    const world = await demoWorld();
    const policy = async (who: typeof people.fabrikamAdminAgent, domain: string) =>
      valueOf(await world.service.invitations.preview(who, domain)).policy;
    expect(await policy(people.fabrikamAdminAgent, 'adatum.com')).toEqual({
      mayRequestRoles: true,
      rolesRequired: false,
      duration: { min: 1, max: 730, default: 730 },
      autoExtendExcludedRoles: ['globalAdministrator'],
    });
    expect(await policy(people.fabrikamSalesAgent, 'adatum.com')).toMatchObject({
      mayRequestRoles: false,
      rolesRequired: false,
    });
    expect(await policy(people.usGovAdminAgent, 'relecloud.gov')).toMatchObject({
      mayRequestRoles: true,
      rolesRequired: true,
    });
  });
});

describe('admin roles and duration', () => {
  it('R16 offers Entra built-in roles least privilege first, each explained in one line in both languages', () => {
    expect(ADMIN_ROLES[0]?.name).toBe('Directory Readers');
    expect(ADMIN_ROLES[ADMIN_ROLES.length - 1]?.name).toBe('Global Administrator');
    for (const role of ADMIN_ROLES) {
      // The explanation is words, so it lives in the catalogue, one line per language.
      expect(t('en', `adminRole.${role.id}.explanation` as never)).toMatch(/^[^\n]{10,100}$/);
      expect(t('ru', `adminRole.${role.id}.explanation` as never)).toMatch(/^[^\n]{10,120}$/);
    }
    expect(findAdminRole('  user   administrator ')?.id).toBe('userAdministrator');
  });

  it('R16 stores requested roles least privilege first and refuses an unknown role', async () => {
    const world = await demoWorld();
    const refused = refusalOf(
      await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        roles: ['Directory Readers', 'Root'],
      }),
    );
    expect(refused).toMatchObject({ rule: 'R16', code: 'unknownRole' });
    expect(refusalText('en', refused)).toContain('Helpdesk Administrator');
    const invitation = await sendContoso(world, {
      roles: ['Exchange Administrator', 'directoryReaders', 'Exchange Administrator'],
    });
    expect(invitation.roles).toEqual(['directoryReaders', 'exchangeAdministrator']);
  });

  it('R17 accepts 1 to 730 days, defaults to 730, and refuses anything else', async () => {
    for (const bad of [0, 731, -5, 1.5, 'forever', '', '10 days']) {
      const world = await demoWorld();
      expect(
        refusalOf(
          await world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, durationDays: bad }),
        ).rule,
      ).toBe('R17');
    }
    expect((await sendContoso(await demoWorld(), { durationDays: 1 })).durationDays).toBe(1);
    expect((await sendContoso(await demoWorld(), { durationDays: '730' as unknown as number })).durationDays).toBe(730);
    const world = await demoWorld();
    const { durationDays: _omitted, ...withoutDuration } = inviteContoso;
    const invitation = valueOf(await world.service.invitations.create(people.fabrikamAdminAgent, withoutDuration));
    expect(invitation.durationDays).toBe(730);
    const { relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(relationship?.endsAt).toBe('2028-11-23T12:00:00.000Z');
  });

  it('R18 auto-extends by 180 days at each end date until it is turned off, and never with Global Administrator', async () => {
    const world = await demoWorld();
    expect(
      refusalOf(
        await world.service.invitations.create(people.fabrikamAdminAgent, {
          ...inviteContoso,
          roles: ['Global Administrator'],
          autoExtend: true,
        }),
      ),
    ).toMatchObject({ rule: 'R18' });
    const invitation = await sendContoso(world, { durationDays: 30, autoExtend: true });
    const { relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    world.clock.advanceDays(30);
    const [extended] = await world.service.relationships.expire();
    expect(extended).toMatchObject({ status: 'active', endsAt: '2027-06-22T12:00:00.000Z' });
    valueOf(await world.service.relationships.setAutoExtend(people.contosoAdmin, relationship!.id, false));
    world.clock.advanceDays(180);
    const changed = await world.service.relationships.expire();
    expect(changed.find((r) => r.id === relationship!.id)).toMatchObject({
      status: 'expired',
      endsAt: '2027-06-22T12:00:00.000Z',
    });
    // Northwind's demo relationship auto-extends past its end date of 2027-03-01.
    expect(changed.find((r) => r.id === 'rel-northwind-contoso')).toMatchObject({
      status: 'active',
      endsAt: '2027-08-28T09:00:00.000Z',
    });
  });

  it('R18 defaults auto-extend off with Global Administrator, and refuses to turn it on later', async () => {
    const world = await demoWorld();
    const invitation = await sendContoso(world, { roles: ['Global Administrator'] });
    expect(invitation.autoExtend).toBe(false);
    const { relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    expect(
      refusalOf(await world.service.relationships.setAutoExtend(people.fabrikamAdminAgent, relationship!.id, true))
        .rule,
    ).toBe('R18');
  });

  it('R19 lets either side terminate an active relationship, notifies the other side and leaves subscriptions alone', async () => {
    const world = await demoWorld();
    const before = (await snapshot(world)).subscriptions;
    expect(
      refusalOf(await world.service.relationships.terminate(people.contosoUser, 'rel-northwind-contoso')).rule,
    ).toBe('R19');
    expect(
      // R23: another partner is told the relationship does not exist (as an unknown id), not who is in it.
      refusalOf(await world.service.relationships.terminate(people.fabrikamAdminAgent, 'rel-northwind-contoso')).code,
    ).toBe('unknownRelationship');
    const terminated = valueOf(
      await world.service.relationships.terminate(people.contosoAdmin, 'rel-northwind-contoso'),
    );
    expect(terminated).toMatchObject({ status: 'terminated', terminatedBy: { name: 'Megan Bowen' } });
    expect(
      refusalOf(await world.service.relationships.terminate(people.northwindAdminAgent, 'rel-northwind-contoso')).rule,
    ).toBe('R19');
    const after = await snapshot(world);
    expect(after.subscriptions).toEqual(before);
    expect(Object.values(after.outbox)).toMatchObject([
      { kind: 'relationshipTerminated', recipient: { kind: 'partner', partnerId: 'northwind' } },
    ]);

    const invitation = await sendContoso(world);
    const { relationship } = valueOf(
      await world.service.invitations.decide(people.contosoAdmin, { invitationId: invitation.id, decision: 'approve' }),
    );
    valueOf(await world.service.relationships.terminate(people.fabrikamAdminAgent, relationship!.id));
    const notice = Object.values((await snapshot(world)).outbox).filter((n) => n.kind === 'relationshipTerminated')[1];
    expect(notice?.recipient).toMatchObject({ kind: 'customer', customerId: 'contoso' });
  });
});

describe('every input', () => {
  let world: World;
  beforeAll(async () => {
    world = await demoWorld();
  });
  const create = (draft: Partial<typeof inviteContoso> & { services?: string[] }) =>
    world.service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, ...draft });

  it.each([
    ['a domain that is not a domain', { customerDomain: 'not a domain' }, 'invalidDomain'],
    ['a domain with no dot', { customerDomain: 'contoso' }, 'invalidDomain'],
    ['a domain with a bad label', { customerDomain: '-contoso.com' }, 'invalidDomain'],
    ['an e-mail that is not an e-mail', { recipientEmail: 'megan at contoso' }, 'invalidEmail'],
    ['an e-mail with two dots', { recipientEmail: 'me..gan@contoso.com' }, 'invalidEmail'],
    ['no service', { services: [] }, 'invalidServices'],
    ['an unknown service', { services: ['office'] }, 'invalidServices'],
    ['a message that is too long', { message: 'x'.repeat(501) }, 'textTooLong'],
  ])('R20 refuses %s with a clear message and stores nothing', async (_what, draft, code) => {
    const refused = refusalOf(await create(draft));
    expect(refused).toMatchObject({ rule: 'R20', code });
    expect(refusalText('en', refused).length).toBeGreaterThan(20);
    expect(refusalText('ru', refused).length).toBeGreaterThan(20);
    expect((await world.store.snapshot()).invitations).toEqual({});
  });

  it('R20 refuses an invitation code that does not exist', async () => {
    expect(refusalOf(await world.service.invitations.cancel(people.fabrikamAdminAgent, 'ZZZ-999'))).toMatchObject({
      rule: 'R20',
      code: 'unknownInvitation',
    });
    expect(refusalOf(await world.service.invitations.resend(people.fabrikamAdminAgent, 'nonsense'))).toMatchObject({
      rule: 'R20',
      code: 'unknownInvitation',
    });
  });

  it('R20 refuses a card action with missing or forged data and changes nothing', async () => {
    const fresh = await demoWorld();
    const invitation = valueOf(await fresh.service.invitations.create(people.fabrikamAdminAgent, inviteContoso));
    const before = (await fresh.store.snapshot()).invitations;
    const forged = [
      { invitationId: '', decision: 'approve' },
      { invitationId: undefined as unknown as string, decision: 'approve' },
      { invitationId: 'someone-elses-id', decision: 'approve' },
      { invitationId: invitation.id, decision: 'delete' },
      { invitationId: invitation.id, decision: undefined as unknown as string },
      { invitationId: invitation.id, decision: 'decline', reason: 'r'.repeat(501) },
      { invitationId: { $ne: null } as unknown as string, decision: 'approve' },
    ];
    for (const input of forged) {
      expect(refusalOf(await fresh.service.invitations.decide(people.contosoAdmin, input)).rule).toBe('R20');
    }
    expect((await fresh.store.snapshot()).invitations).toEqual(before);
  });

  it('R20 accepts what a person would reasonably type', async () => {
    const fresh = await demoWorld();
    const invitation = valueOf(
      await fresh.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: '  Contoso.OnMicrosoft.com. ',
        recipientEmail: ' Megan@Contoso.COM ',
        services: ['Microsoft365', 'AZURE'],
        message: '   ',
      }),
    );
    expect(invitation).toMatchObject({
      customerDomain: 'contoso.onmicrosoft.com',
      recipientEmail: 'Megan@contoso.com',
      services: ['microsoft365', 'azure'],
    });
    expect(invitation.message).toBeUndefined();
  });
});
