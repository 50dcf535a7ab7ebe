import { expect, it } from '@jest/globals';
import { benchDatabase } from '../../bench/generate.js';
import { SYSTEM } from '../../domain/audit.js';
import type { AuditEntry } from '../../domain/types.js';
import { demoSeed, demoWorld, inviteContoso, people } from '../helpers/world.js';

// The benchmark writes a partner's history straight into the store's schema (100,000 invitations
// through the domain would take too long): it must read like what the product writes.

const who = (entry: AuditEntry): string =>
  entry.tenantId === SYSTEM.tenantId
    ? 'the clock'
    : entry.tenantId === people.fabrikamAdminAgent.tenantId
      ? 'the partner'
      : 'the customer';

it("the benchmark's history is audited as the product audits: each way an invitation ends with the domain's action, by whoever took it, and a relationship's end too", async () => {
  // The domain, on the demo directory: one invitation approved, one declined, one cancelled, one expired, one
  // relationship terminated.
  const world = await demoWorld();
  const { service } = world;
  const send = async (roles: string[]) => {
    const sent = await service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, roles });
    if (!sent.ok) throw new Error(sent.refusal.code);
    return sent.value;
  };
  const approved = await send(['Directory Readers']);
  const decided = await service.invitations.decide(people.contosoAdmin, {
    invitationId: approved.id,
    decision: 'approve',
  });
  if (!decided.ok || !decided.value.relationship) throw new Error('not approved');
  await service.relationships.terminate(people.contosoAdmin, decided.value.relationship.id);
  const declined = await send(['User Administrator']);
  await service.invitations.decide(people.contosoAdmin, { invitationId: declined.id, decision: 'decline' });
  const cancelled = await send(['Exchange Administrator']);
  await service.invitations.cancel(people.fabrikamAdminAgent, cancelled.code);
  const expired = await send(['Global Reader']);
  world.clock.advanceDays(400);
  await service.invitations.expire();
  const product = (await world.store.snapshot()).audit;
  const ending = (id: string) =>
    product.filter((e) => e.objectId === id && e.action !== 'createInvitation').map((e) => `${e.action} by ${who(e)}`);
  const fromProduct = {
    approved: ending(approved.id),
    declined: ending(declined.id),
    cancelled: ending(cancelled.id),
    expired: ending(expired.id),
    terminated: ending(decided.value.relationship.id),
  };
  expect(fromProduct).toEqual({
    approved: ['approve by the customer'],
    declined: ['decline by the customer'],
    cancelled: ['cancel by the partner'],
    expired: ['expire by the clock'],
    terminated: ['terminate by the customer'],
  });

  // The generator's, for each way its invitations end.
  const db = benchDatabase(demoSeed(), 40, { customers: 0, agents: 1 }, new Date('2026-11-24T12:00:00.000Z'));
  const generated: Record<string, Set<string>> = {};
  for (const entry of db.audit) {
    if (entry.action === 'createInvitation') continue;
    const record = entry.objectType === 'invitation' ? db.invitations[entry.objectId] : undefined;
    const end = record ? record.status : entry.objectType === 'relationship' ? 'terminated' : 'other';
    (generated[end] ??= new Set()).add(`${entry.action} by ${who(entry)}`);
  }
  expect(Object.fromEntries(Object.entries(generated).map(([end, actions]) => [end, [...actions]]))).toEqual(
    fromProduct,
  );
});
