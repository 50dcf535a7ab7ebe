import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { ADMIN_ROLES } from '../../domain/adminRoles.js';
import type { DomainContext } from '../../domain/ports.js';
import { createUseCases } from '../../domain/useCases.js';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import type { ExistingRelationship } from '../../graphEmulator/world.js';
import { GraphPartnerCenter } from '../../partnerCenter/graphPartnerCenter.js';
import { relationshipHistoryCard } from '../../cards/records/historyCard.js';
import { customersCard } from '../../cards/relationships/relationshipLists.js';
import { sayIn } from '../../translations/index.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { FABRIKAM_TENANT, fabrikamSettings, startTestGraphEmulator } from '../helpers/graphEmulator.js';
import { people, sequentialIds, TestClock, testStore } from '../helpers/world.js';

// R29, one estate: connected to Partner Center with an empty store, the partner comes from Microsoft's
// organisation record and every relationship it has at Microsoft — made in Partner Center, by another
// tool, before the bot ran — becomes its relationship in the bot, kept in sync by a pass that reads
// the list a page at a time (two items a page here) and compares ETags.

const template = (id: string) => ADMIN_ROLES.find((r) => r.id === id)!.templateId;
const tenant = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [CONTOSO, ADATUM, WINGTIP] = [tenant(201), tenant(202), tenant(203)];
const TIER1 = '00000000-0000-4000-8000-000000003011';
/** Fabrikam's AdminAgents group at Microsoft. */
const AGENTS = '00000000-0000-4000-8000-a00000000101';
/** A group of Fabrikam's at Microsoft that the bot's seed never named. */
const MESSAGING = '00000000-0000-4000-8000-00000000c0de';

const existing: ExistingRelationship[] = [
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: ADATUM,
    displayName: 'Fabrikam – Adatum – Helpdesk',
    roles: [template('directoryReaders'), template('helpdeskAdministrator')],
    durationDays: 365,
    activeForDays: 345, // ends in 20 days, auto-extend off
    assignments: [{ groupId: TIER1, roles: [template('directoryReaders')] }],
  },
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: WINGTIP,
    displayName: 'Fabrikam – Wingtip – Exchange',
    roles: [template('exchangeAdministrator')],
    durationDays: 730,
    autoExtend: true,
    activeForDays: 100,
    assignments: [{ groupId: MESSAGING, roles: [template('exchangeAdministrator')] }],
  },
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: CONTOSO,
    displayName: 'Fabrikam – Contoso – 2025',
    roles: [template('globalReader')],
    durationDays: 90,
    activeForDays: 120, // ended 30 days ago
  },
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: CONTOSO,
    displayName: 'Fabrikam – Contoso – ended',
    roles: [template('globalReader')],
    durationDays: 365,
    activeForDays: 30,
    terminated: true,
  },
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: WINGTIP,
    displayName: 'Fabrikam – Wingtip – never approved',
    roles: [template('globalReader')],
    durationDays: 30,
    activeForDays: -95, // locked 95 days ago, nobody approved: expired as a request, never a relationship
  },
  {
    partnerTenantId: FABRIKAM_TENANT,
    customerTenantId: ADATUM,
    displayName: 'Fabrikam – Adatum – waiting',
    roles: [template('globalReader')],
    durationDays: 30,
    activeForDays: -5, // locked five days ago, nobody approved yet
  },
  {
    partnerTenantId: tenant(102), // Northwind's: never Fabrikam's
    customerTenantId: CONTOSO,
    displayName: 'Northwind – Contoso',
    roles: [template('globalReader')],
    durationDays: 365,
    activeForDays: 10,
  },
];

let emulator: GraphEmulator;
beforeAll(async () => {
  emulator = await startTestGraphEmulator({ existing });
  emulator.world
    .tenant(FABRIKAM_TENANT)!
    .groups.push({ id: MESSAGING, displayName: 'Fabrikam Messaging', securityEnabled: true });
});
afterAll(async () => {
  await emulator.close();
});

/** An empty store, the bot's clock on Microsoft's, connected to Fabrikam's tenant. */
async function emptyConnectedWorld() {
  const store = await testStore(false);
  const clock = new TestClock(emulator.world.now().toISOString());
  const ctx: DomainContext = { clock: clock.now, ids: sequentialIds(), markets: BUILT_IN_MARKETS };
  const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
  return { store, clock, pc, service: createUseCases({ uow: store, ctx, partnerCenter: pc }) };
}

const byName = <T extends { name: string }>(relationships: Record<string, T>, name: string) =>
  Object.values(relationships).find((r) => r.name === name);

describe('one estate (R29)', () => {
  it('R29: an empty store needs no seed: the partner comes from /organization with PARTNER_ID; every relationship Fabrikam has at Microsoft is imported with its customer and access — a few list pages, then nothing more for what did not change', async () => {
    const world = await emptyConnectedWorld();
    const recorded = await world.service.partnerCenter.recordOrganization({
      mpnId: '1234567',
      cloud: 'commercial',
      assumedCountry: '',
    });
    expect(recorded).toMatchObject({
      created: true,
      partner: { name: 'Fabrikam IT', country: 'US', mpnId: '1234567', tenantId: FABRIKAM_TENANT, cloud: 'commercial' },
    });

    const before = emulator.calls.length;
    const first = await world.service.partnerCenter.sync();
    expect(first).toMatchObject({ listed: 6, imported: 4, pages: 3, failures: [] });
    expect(first?.stopped).toBeUndefined();
    let db = await world.store.snapshot();
    const adatum = byName(db.relationships, 'Fabrikam – Adatum – Helpdesk')!;
    expect(adatum).toMatchObject({
      status: 'active',
      origin: 'microsoft',
      roles: ['directoryReaders', 'helpdeskAdministrator'],
      autoExtend: false,
      accessAssignments: [{ groupId: TIER1, roles: ['directoryReaders'] }],
      history: [{ action: 'imported', note: 'active' }],
    });
    const daysLeft = (Date.parse(adatum.endsAt!) - world.clock.now().getTime()) / 86_400_000;
    expect(Math.round(daysLeft)).toBe(20);
    expect(Object.values(db.customers).find((c) => c.tenantId === ADATUM)).toMatchObject({
      name: 'Adatum',
      verifiedDomains: ['adatum.onmicrosoft.com'],
      country: 'US',
      countryAssumed: true,
    });
    expect(byName(db.relationships, 'Fabrikam – Wingtip – Exchange')).toMatchObject({
      status: 'active',
      autoExtend: true,
      accessAssignments: [{ groupId: MESSAGING, roles: ['exchangeAdministrator'] }],
    });
    // A group the bot had never met is named as Microsoft names it.
    expect(Object.values(db.partners)[0]!.securityGroups).toEqual(
      expect.arrayContaining([{ id: MESSAGING, name: 'Fabrikam Messaging' }]),
    );
    expect(byName(db.relationships, 'Fabrikam – Contoso – 2025')).toMatchObject({ status: 'expired' });
    expect(byName(db.relationships, 'Fabrikam – Contoso – ended')).toMatchObject({ status: 'terminated' });
    expect(byName(db.relationships, 'Fabrikam – Adatum – waiting')).toBeUndefined(); // not approved yet
    expect(byName(db.relationships, 'Fabrikam – Wingtip – never approved')).toBeUndefined();
    expect(byName(db.relationships, 'Northwind – Contoso')).toBeUndefined();
    expect(emulator.calls.slice(before).filter((c) => c.status >= 400)).toEqual([]);

    // Whom notices go to, before anyone talked to the bot: AdminAgents' members as Microsoft has them.
    expect(Object.values(db.partners)[0]!.users).toEqual([
      expect.objectContaining({ id: people.fabrikamAdminAgent.userId, roles: ['adminAgent'] }),
    ]);
    // The lists, R21's warnings and export treat them as the bot's own.
    const ending = await world.service.relationships.ending(people.fabrikamAdminAgent, 30);
    expect(ending.ok && ending.value.items.map((i) => i.relationship.name)).toEqual(['Fabrikam – Adatum – Helpdesk']);
    const customers = await world.service.relationships.customersOf(people.fabrikamAdminAgent);
    expect(customers.ok && customers.value.items.map((i) => i.relationship.name).sort()).toEqual([
      'Fabrikam – Adatum – Helpdesk',
      'Fabrikam – Wingtip – Exchange',
    ]);
    if (customers.ok) {
      const card = customersCard(sayIn('en'), 'Fabrikam IT', customers.value, true);
      expect(JSON.stringify(card)).toContain(
        'Outside this bot (in Partner Center or by another tool), found at Microsoft',
      );
      expect(cardProblems(card)).toEqual([]);
    }
    // R8: Microsoft did not say Adatum's country; the dry run knows it was assumed (and says so).
    const preview = await world.service.invitations.preview(people.fabrikamAdminAgent, 'adatum.onmicrosoft.com');
    expect(preview.ok && preview.value.customer).toMatchObject({ name: 'Adatum', country: 'US', countryAssumed: true });
    const warned = await world.service.relationships.warnExpiring();
    expect(warned.map((r) => r.name)).toEqual(['Fabrikam – Adatum – Helpdesk']);
    const exported = await world.service.records.export(people.fabrikamAdminAgent);
    expect(exported.ok && exported.value.rows.filter((r) => r.kind === 'relationship').length).toBe(4);
    // History by the relationship's name (it has no invitation code), to its two organisations only (R23).
    const history = await world.service.records.history(people.fabrikamAdminAgent, 'fabrikam – adatum – helpdesk');
    expect(history.ok && 'relationship' in history.value && history.value.entries.map((e) => e.event)).toEqual([
      'imported',
      'expiryWarned', // the 30-day warning above
    ]);
    if (history.ok && !('invitation' in history.value)) {
      const card = relationshipHistoryCard(sayIn('en'), history.value);
      expect(JSON.stringify(card)).toContain(
        'Outside this bot (in Partner Center or by another tool), found at Microsoft',
      );
      expect(await cardProblems(card)).toEqual([]);
    }
    // Anyone else is told what an unknown name is told.
    const stranger = await world.service.records.history(people.northwindAdminAgent, 'Fabrikam – Adatum – Helpdesk');
    const unknown = await world.service.records.history(people.fabrikamAdminAgent, 'No such relationship');
    expect(!stranger.ok && stranger.refusal.code).toBe(!unknown.ok && unknown.refusal.code);

    // A second pass over an unchanged estate: AdminAgents (two requests), the list's pages and the access of a few
    // relationships, nothing else.
    const again = emulator.calls.length;
    const second = await world.service.partnerCenter.sync();
    expect(second).toMatchObject({ listed: 6, imported: 0, changed: 0, pages: 3, accessRead: 2 });
    const calls = emulator.calls.slice(again).map((c) => `${c.method} ${c.path.replace(/[0-9a-f-]{73}/, '{id}')}`);
    expect(calls.sort()).toEqual([
      'GET /groups',
      `GET /groups/${AGENTS}/members`,
      'GET /tenantRelationships/delegatedAdminRelationships',
      'GET /tenantRelationships/delegatedAdminRelationships',
      'GET /tenantRelationships/delegatedAdminRelationships',
      'GET /tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments',
      'GET /tenantRelationships/delegatedAdminRelationships/{id}/accessAssignments',
    ]);
    db = await world.store.snapshot();
    // The warning, to both sides (R21); importing itself told nobody anything.
    expect(
      Object.values(db.outbox)
        .map((n) => `${n.kind} → ${n.recipient.kind}`)
        .sort(),
    ).toEqual(['relationshipExpiring → customer', 'relationshipExpiring → partner']);
  });

  it('R29 R18 R19: what changes in Partner Center is followed: auto-extend turned off there, a relationship ended there, a new one made there, access given there', async () => {
    const world = await emptyConnectedWorld();
    await world.service.partnerCenter.recordOrganization({ mpnId: '1234567', cloud: 'commercial', assumedCountry: '' });
    await world.service.partnerCenter.sync();
    const wingtip = emulator.world
      .list(FABRIKAM_TENANT)
      .find((r) => r.displayName === 'Fabrikam – Wingtip – Exchange')!;
    const adatum = emulator.world.list(FABRIKAM_TENANT).find((r) => r.displayName === 'Fabrikam – Adatum – Helpdesk')!;
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    // Another tool (or a person in Partner Center) acts at Microsoft.
    await pc.setAutoExtend(wingtip.id, emulator.world.etag(wingtip), false);
    await fetch(`${emulator.origin}/_emulator/relationships/${adatum.id}/terminate`, { method: 'POST' });
    await pc.assignAccess(wingtip.id, TIER1, [template('exchangeAdministrator')]);
    const made = await fetch(`${emulator.origin}/_emulator/relationships`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        partnerTenantId: FABRIKAM_TENANT,
        customerTenantId: CONTOSO,
        displayName: 'Fabrikam – Contoso – made today',
        roles: [template('globalReader')],
        durationDays: 180,
        activeForDays: 0,
      } satisfies ExistingRelationship),
    });
    expect(made.status).toBe(201);

    const pass = await world.service.partnerCenter.sync();
    expect(pass).toMatchObject({ imported: 1, failures: [] });
    try {
      const db = await world.store.snapshot();
      const inBot = (name: string) => byName(db.relationships, name)!;
      expect(inBot('Fabrikam – Wingtip – Exchange')).toMatchObject({
        autoExtend: false,
        accessAssignments: expect.arrayContaining(
          [{ groupId: TIER1, roles: ['exchangeAdministrator'] }].map((a) => expect.objectContaining(a)),
        ),
      });
      expect(inBot('Fabrikam – Adatum – Helpdesk')).toMatchObject({ status: 'terminated' });
      expect(inBot('Fabrikam – Contoso – made today')).toMatchObject({ status: 'active', origin: 'microsoft' });
      const told = Object.values(db.outbox).map((n) => `${n.kind} → ${n.recipient.kind}`);
      expect(told.sort()).toEqual([
        'relationshipAutoExtendChanged → customer',
        'relationshipAutoExtendChanged → partner',
        'relationshipTerminated → partner',
      ]);
    } finally {
      // Put the shared estate back as the first test found it.
      await pc.setAutoExtend(wingtip.id, emulator.world.etag(wingtip), true);
    }
  });
});
