import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Indexes, INDEX_SPECS } from '../../data/indexes.js';
import { LowdbStore } from '../../data/lowdbStore.js';
import type { Database } from '../../data/schema.js';
import { Transaction, UndoLog } from '../../data/transaction.js';
import { demoSeed, demoWorld, inviteContoso, people } from '../helpers/world.js';

// Every look-up made on every turn goes through an index kept in step with each change; the
// indexes after any sequence of commits and rollbacks are the ones a fresh build would give.
const snapshotOf = (indexes: Indexes, db: Database) =>
  Object.fromEntries(
    INDEX_SPECS.map((s) => {
      const keys = new Set(Object.values(db[s.collection]).flatMap((item) => s.keys(item as never)));
      return [
        `${s.collection}.${s.name}`,
        Object.fromEntries([...keys].sort().map((k) => [k, [...indexes.ids(s.collection, s.name, k)].sort()])),
      ];
    }),
  );

describe('indexes', () => {
  it('after random invitations, decisions, cancellations and failed writes, they equal a fresh build', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.boolean()), { minLength: 1, maxLength: 25 }),
        async (steps) => {
          const store = LowdbStore.inMemory(demoSeed());
          const data = await store.snapshot();
          // A second, private copy driven through Transaction directly, so rollbacks can be tested.
          const db = structuredClone(data);
          const indexes = new Indexes(db);
          for (const [n, rollback] of steps) {
            const tx = new Transaction(db, indexes);
            const repos = tx.repositories();
            const pending = await repos.invitations.list({ status: 'pending' });
            if (n === 0 || pending.length === 0) {
              await repos.invitations.save({
                ...structuredClone(Object.values(data.invitations)[0] ?? fakeInvitation()),
                id: `i${db.audit.length}-${Math.random()}`,
                code: `ABC-${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`,
              });
            } else {
              const target = pending[n % pending.length]!;
              await repos.invitations.save({ ...target, status: n % 2 ? 'approved' : 'cancelled' });
              await repos.outbox.add({
                id: `n-${target.id}-${n}`,
                createdAt: new Date().toISOString(),
                kind: 'invitationApproved',
                recipient: { kind: 'partner', partnerId: 'fabrikam' },
                invitationId: target.id,
              });
            }
            const undo = new UndoLog();
            tx.commit(undo);
            if (rollback) undo.rollback();
          }
          expect(snapshotOf(indexes, db)).toEqual(snapshotOf(new Indexes(db), db));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("find an invitation by code, the directory by tenant and domain, and pending invitations, including a unit's own writes", async () => {
    const world = await demoWorld();
    const sent = await world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await world.store.read(async (repos) => {
      expect((await repos.invitations.findByCode(sent.value.code))?.id).toBe(sent.value.id);
      expect((await repos.customers.findByDomain('CONTOSO.COM'))?.id).toBe('contoso');
      expect((await repos.partners.findByTenant(people.fabrikamAdminAgent.tenantId))?.id).toBe('fabrikam');
      expect((await repos.invitations.list({ partnerId: 'fabrikam', status: 'pending' })).map((i) => i.code)).toEqual([
        sent.value.code,
      ]);
      expect((await repos.outbox.listUnplanned(10)).map((n) => n.kind)).toEqual(['invitationSent']);
    });
    await world.store.run(async (repos) => {
      await repos.invitations.save({ ...sent.value, id: 'mine', code: 'ZZZ-999' });
      expect((await repos.invitations.findByCode('ZZZ-999'))?.id).toBe('mine'); // not yet committed, but this unit's own
    });
  });

  it('a read-only unit cannot write', async () => {
    const world = await demoWorld();
    await expect(world.store.read(async (repos) => repos.invitations.save({ ...fakeInvitation() }))).rejects.toThrow(
      /read-only unit of work/,
    );
  });

  it('a read does not wait for the write queue', async () => {
    const world = await demoWorld();
    let release: () => void = () => undefined;
    const held = (world.store as LowdbStore).enqueue(() => new Promise<void>((resolve) => (release = resolve)));
    // queued behind the held unit
    const created = world.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    expect((await world.service.people.describe(people.fabrikamAdminAgent))?.name).toBe('Alex Wilber');
    expect((await world.service.invitations.list(people.fabrikamAdminAgent)).ok).toBe(true);
    release();
    await Promise.all([held, created]);
  });
});

function fakeInvitation() {
  return {
    id: 'x',
    code: 'XXX-000',
    partnerId: 'fabrikam',
    customerDomain: 'contoso.com',
    relationshipName: 'Fabrikam IT – Contoso – test',
    services: ['azure' as const],
    roles: [],
    durationDays: null,
    autoExtend: false,
    status: 'pending' as const,
    createdAt: '2026-11-24T12:00:00.000Z',
    createdBy: { tenantId: 't', userId: 'u', name: 'n', organisation: 'o' },
    expiresAt: '2027-02-22T12:00:00.000Z',
    history: [],
  };
}
