import { expect, it } from '@jest/globals';
import type { Relationship } from '../../domain/types.js';
import { demoWorld, people } from '../helpers/world.js';

// Every approved request becomes a relationship (R13), so "customers" and "ending" (R21) ask the
// store for one page of a partner's active relationships, never for all of them. Both stores give
// the same order (this suite runs on each): customer names in Unicode's root collation.
const NAMES = ['zeta', 'Älvsjö AB', 'adatum', 'Beta', 'Ёлка', 'beta'];
const day = (n: number) => new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString();

const relationship = (
  n: number,
  customerId: string,
  status: Relationship['status'],
  endsAt: string | null,
): Relationship => ({
  id: `rel-page-${String(n).padStart(2, '0')}`,
  name: `Page test ${n}`,
  partnerId: n < 100 ? 'fabrikam' : 'wingtip',
  customerId,
  roles: endsAt ? ['Directory Readers'] : [],
  startedAt: day(-30),
  endsAt,
  autoExtend: false,
  status,
  invitationIds: [],
  accessAssignments: [],
  history: [],
});

async function worldWithRelationships() {
  const world = await demoWorld();
  await world.store.run(async (r) => {
    for (const [k, name] of NAMES.entries()) {
      await r.customers.save({
        id: `page-customer-${k}`,
        name,
        tenantId: `3000000${k}-0000-4000-8000-000000000000`,
        verifiedDomains: [`page${k}.example`],
        cloud: 'commercial',
        country: 'US',
        isCspPartner: false,
        users: [],
      });
    }
    // Two relationships for each customer, ending 10 and 40 + k days from 1 November 2026; one expired, one another
    // partner's, one whose customer is not in the directory.
    for (const k of NAMES.keys()) {
      await r.relationships.save(relationship(2 * k, `page-customer-${k}`, 'active', day(40 + k)));
      await r.relationships.save(relationship(2 * k + 1, `page-customer-${k}`, 'active', k === 1 ? null : day(10 + k)));
    }
    await r.relationships.save(relationship(50, 'page-customer-0', 'expired', day(1)));
    await r.relationships.save(relationship(150, 'page-customer-0', 'active', day(1)));
    await r.relationships.save(relationship(51, 'no-such-customer', 'active', day(1)));
  });
  return world;
}

it('R13 "customers": a page of the partner\'s active relationships by customer name (case and accents second), with how many there are', async () => {
  const world = await worldWithRelationships();
  const all = await world.store.read((r) =>
    r.relationships.activePage({ partnerId: 'fabrikam', offset: 0, limit: 100 }),
  );
  const ours = all.items.filter((item) => item.relationship.id.startsWith('rel-page-'));
  expect(ours.map((item) => `${item.customer.name} ${item.relationship.id}`)).toEqual([
    'adatum rel-page-04',
    'adatum rel-page-05',
    'Älvsjö AB rel-page-02',
    'Älvsjö AB rel-page-03',
    'beta rel-page-10',
    'beta rel-page-11',
    'Beta rel-page-06',
    'Beta rel-page-07',
    'zeta rel-page-00',
    'zeta rel-page-01',
    'Ёлка rel-page-08',
    'Ёлка rel-page-09',
  ]);
  // The page is the slice of that order, and the count is the whole list's.
  const page = await world.store.read((r) =>
    r.relationships.activePage({ partnerId: 'fabrikam', offset: 3, limit: 4 }),
  );
  expect(page).toEqual({ total: all.total, items: all.items.slice(3, 7) });
  expect(page.items[0]).toEqual({
    relationship: expect.objectContaining({ partnerId: 'fabrikam', status: 'active' }),
    customer: { id: expect.any(String), name: expect.any(String) },
  });
});

it('R21 "ending": only active relationships ending by the date, soonest first; none without an end date', async () => {
  const world = await worldWithRelationships();
  const ending = await world.store.read((r) =>
    r.relationships.activePage({ partnerId: 'fabrikam', endingBy: day(41), offset: 0, limit: 50 }),
  );
  const ours = ending.items.filter((item) => item.relationship.id.startsWith('rel-page-'));
  // Ending 10 + k (k ≠ 1, no end date) and 40 + k for k ≤ 1.
  expect(ours.map((item) => item.relationship.id)).toEqual([
    'rel-page-01',
    'rel-page-05',
    'rel-page-07',
    'rel-page-09',
    'rel-page-11',
    'rel-page-00',
    'rel-page-02',
  ]);
  expect(ending.total).toBe(ending.items.length);
  // Through the service, pages of five, the days counted from the clock; a page past the end is the last.
  world.clock.advanceDays((Date.parse(day(0)) - world.clock.now().getTime()) / 86_400_000);
  const last = await world.service.relationships.ending(people.fabrikamAdminAgent, 41, { page: 99, pageSize: 5 });
  expect(last.ok && { page: last.value.page, total: last.value.total }).toEqual({
    page: Math.ceil(ending.total / 5),
    total: ending.total,
  });
  const customers = await world.service.relationships.customersOf(people.fabrikamAdminAgent, { page: 1, pageSize: 5 });
  expect(customers.ok && customers.value.items.map((item) => item.customer.name)).toEqual(
    expect.arrayContaining(['adatum']),
  );
  expect(customers.ok && customers.value.items[0]!.securityGroups.length).toBeGreaterThan(0);
});
