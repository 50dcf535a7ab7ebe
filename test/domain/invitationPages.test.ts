import { expect, it } from '@jest/globals';
import { demoWorld, people } from '../helpers/world.js';

// A partner's history grows without end: its invitations are read from the store a page at a time,
// newest first (the same on both stores: this suite runs on each).
const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();

it('a page of a partner\'s invitations, newest first, with how many there are; "pending" as of a time leaves the overdue out (R12)', async () => {
  const world = await demoWorld();
  await world.store.run(async (r) => {
    for (let n = 0; n < 30; n++) {
      await r.invitations.save({
        id: `inv-page-${n}`,
        code: `PGS-${String(n).padStart(3, '0')}`,
        partnerId: 'fabrikam',
        customerDomain: `c${n}.example`,
        relationshipName: `Page test ${n}`,
        services: ['azure'],
        roles: [],
        durationDays: null,
        autoExtend: false,
        status: n % 3 ? 'declined' : 'pending',
        createdAt: at(n),
        expiresAt: at(n + 2160),
        createdBy: { tenantId: 't', userId: 'u', name: 'n', organisation: 'o' },
        history: [],
      } as never);
    }
  });
  const page = await world.store.read((r) => r.invitations.newestFirst({ partnerId: 'fabrikam', offset: 5, limit: 5 }));
  expect(page).toEqual({
    total: 30,
    items: ['PGS-024', 'PGS-023', 'PGS-022', 'PGS-021', 'PGS-020'].map((code) => expect.objectContaining({ code })),
  });
  const pending = await world.store.read((r) =>
    r.invitations.newestFirst({ partnerId: 'fabrikam', pendingAt: at(20 + 2160), offset: 0, limit: 50 }),
  );
  expect({ total: pending.total, codes: pending.items.map((i) => i.code) }).toEqual({
    total: 3,
    codes: ['PGS-027', 'PGS-024', 'PGS-021'],
  });
  // Through the service: pages of five; a page past the end is the last.
  // The clock at 1 April 2026, noon: every one of them is past its 90 days.
  world.clock.advanceDays((Date.UTC(2026, 3, 1, 12) - world.clock.now().getTime()) / 86_400_000);
  const last = await world.service.invitations.list(people.fabrikamAdminAgent, { page: 99, pageSize: 5 });
  expect(
    last.ok && { page: last.value.page, total: last.value.total, codes: last.value.items.map((i) => i.code) },
  ).toEqual({ page: 6, total: 30, codes: ['PGS-004', 'PGS-003', 'PGS-002', 'PGS-001', 'PGS-000'] });
  // Shown as of now: an overdue pending one is expired even before the sweeper runs.
  expect(last.ok && last.value.items.map((i) => i.status)).toEqual([
    'declined',
    'expired',
    'declined',
    'declined',
    'expired',
  ]);
});
