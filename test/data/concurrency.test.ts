import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from '@jest/globals';
import { LowdbStore } from '../../data/lowdbStore.js';
import { createUseCases } from '../../domain/useCases.js';
import { demoSeed, inviteContoso, people, sequentialIds, TestClock } from '../helpers/world.js';

let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('R11 records exactly one decision out of 200 concurrent approve and decline calls on one invitation', async () => {
  dir = await mkdtemp(join(tmpdir(), 'concurrency-'));
  const file = join(dir, 'db.json');
  const store = await LowdbStore.open(file, { seed: demoSeed() });
  const service = createUseCases({
    uow: store,
    ctx: {
      clock: new TestClock().now,
      ids: sequentialIds(),
      markets: BUILT_IN_MARKETS,
    },
  });
  const sent = await service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
  if (!sent.ok) throw new Error(sent.refusal.code);

  const results = await Promise.all(
    Array.from({ length: 200 }, (_, n) =>
      service.invitations.decide(people.contosoAdmin, {
        invitationId: sent.value.id,
        decision: n % 2 === 0 ? 'approve' : 'decline',
      }),
    ),
  );

  const accepted = results.filter((r) => r.ok);
  expect(accepted).toHaveLength(1);
  expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.refusal.rule === 'R11')).toBe(true);
  // What is on disk (as a new process would read it), not only in memory.
  const onDisk = await LowdbStore.read(file);
  const invitation = onDisk.invitations[sent.value.id]!;
  expect(invitation.history.filter((h) => h.action === 'approved' || h.action === 'declined')).toHaveLength(1);
  expect(Object.values(onDisk.relationships).filter((r) => r.partnerId === 'fabrikam')).toHaveLength(
    invitation.status === 'approved' ? 1 : 0,
  );
  expect(
    Object.values(onDisk.outbox).filter((n) => n.kind === 'invitationApproved' || n.kind === 'invitationDeclined'),
  ).toHaveLength(1);
  expect(onDisk.audit.filter((a) => a.objectId === sent.value.id && a.outcome === 'refused')).toHaveLength(199);
});
