import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BotMetrics } from '../../bot/metrics.js';
import { PartnerCenterSchedule } from '../../delivery/partnerCenterSync.js';
import { createUseCases } from '../../domain/useCases.js';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import { demoApp } from '../../graphEmulator/demoTenants.js';
import { GraphPartnerCenter } from '../../partnerCenter/graphPartnerCenter.js';
import { sayIn } from '../../translations/index.js';
import { FABRIKAM_TENANT, fabrikamSettings, startTestGraphEmulator } from '../helpers/graphEmulator.js';
import { demoWorld, inviteContoso, people } from '../helpers/world.js';

// Connected to Partner Center, what goes wrong (R12, R19, R22, R29): each fault with the sentence the
// user gets and the records left consistent; every failed pass logged and counted.

let emulator: GraphEmulator;
beforeAll(async () => {
  emulator = await startTestGraphEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const control = (path: string, body?: object) =>
  fetch(`${emulator.origin}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function connectedWorld() {
  const world = await demoWorld();
  const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
  const ctx = { ...world.ctx, partnerCenter: 'graph' as const, sendRetrySeconds: [0] };
  return { ...world, pc, service: createUseCases({ uow: world.store, ctx, partnerCenter: pc }) };
}

type Connected = Awaited<ReturnType<typeof connectedWorld>>;

async function sent(world: Connected, name: string) {
  const created = await world.service.invitations.create(people.fabrikamAdminAgent, {
    ...inviteContoso,
    relationshipName: name,
    durationDays: 90,
  });
  if (!created.ok) throw new Error(created.refusal.code);
  expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ sent: 1 });
  return (await world.store.snapshot()).invitations[created.value.id]!;
}

async function active(world: Connected, name: string) {
  const invitation = await sent(world, name);
  await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
  await world.service.partnerCenter.sync();
  const relationshipId = (await world.store.snapshot()).invitations[invitation.id]!.relationshipId!;
  return { invitation, relationshipId, microsoftId: invitation.microsoft!.relationshipId! };
}

describe('connected to Partner Center: faults', () => {
  it('R12: the bot never expires a request before Microsoft does — past its own 90 days the invitation stays pending while Microsoft still allows approval, and an approval then is honoured', async () => {
    const world = await connectedWorld();
    const invitation = await sent(world, 'Approved on day 90');
    world.clock.advanceDays(90.5); // the bot's clock past Send + 90 days; Microsoft's lock was later
    expect(await world.service.invitations.expire()).toEqual([]);
    const decided = await world.service.invitations.decide(people.contosoAdmin, {
      invitationId: invitation.id,
      decision: 'decline',
    });
    expect(decided.ok || decided.refusal.code).not.toBe('expired');
    await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
    await world.service.partnerCenter.sync();
    expect((await world.store.snapshot()).invitations[invitation.id]).toMatchObject({ status: 'approved' });
  });

  it('R19: terminating a relationship the customer already ended in the admin center says it has ended, changes nothing here; the next pass records it', async () => {
    const world = await connectedWorld();
    const { relationshipId, microsoftId } = await active(world, 'Ended by the customer');
    await control(`relationships/${microsoftId}/terminate`);
    const refused = await world.service.relationships.terminate(people.fabrikamAdminAgent, relationshipId);
    expect(!refused.ok && refused.refusal).toMatchObject({
      code: 'partnerCenterFailed',
      params: { failure: 'alreadyEnded' },
    });
    expect(!refused.ok && sayIn('en').refusal(refused.refusal)).toBe(
      'Nothing changed: It has already ended at Microsoft, or is ending (the customer may have ended it).',
    );
    expect((await world.store.snapshot()).relationships[relationshipId]).toMatchObject({ status: 'active' });
    await world.service.partnerCenter.sync();
    expect((await world.store.snapshot()).relationships[relationshipId]).toMatchObject({
      status: 'terminated',
      microsoft: { status: 'terminated' },
    });
  });

  it('R18: turning auto-extend to what it already is changes nothing, asks Microsoft nothing, tells no one', async () => {
    const world = await connectedWorld();
    const { relationshipId } = await active(world, 'Auto-extend already on');
    const before = await world.store.snapshot();
    const calls = emulator.calls.length;
    const same = await world.service.relationships.setAutoExtend(people.fabrikamAdminAgent, relationshipId, true);
    expect(same.ok).toBe(true);
    const after = await world.store.snapshot();
    expect(after.relationships[relationshipId]!.history).toEqual(before.relationships[relationshipId]!.history);
    expect(Object.keys(after.outbox)).toEqual(Object.keys(before.outbox));
    expect(emulator.calls.slice(calls).filter((c) => c.method === 'PATCH')).toEqual([]);
  });

  it('R22 R29: a group id that is not an Entra object id never reaches Microsoft; groups are found by name at Microsoft, never the Partner Center agent groups', async () => {
    const world = await connectedWorld();
    const { relationshipId } = await active(world, 'Access by name');
    const calls = emulator.calls.length;
    const typed = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: 'sg-fabrikam-tier1', roles: ['directoryReaders'] },
    ]);
    expect(!typed.ok && typed.refusal.code).toBe('unknownSecurityGroup');
    expect(
      emulator.calls.slice(calls).filter((c) => c.path.includes('accessAssignments') && c.method !== 'GET'),
    ).toEqual([]);
    const found = await world.service.access.view(people.fabrikamAdminAgent, relationshipId, 'tier');
    expect(found.ok && found.value.securityGroups.map((g) => g.name)).toEqual([
      'Fabrikam Helpdesk Tier 1',
      'Fabrikam Helpdesk Tier 2',
    ]);
    expect(emulator.calls.at(-1)).toMatchObject({ method: 'GET', path: '/groups', status: 200 });
    const all = await world.service.access.view(people.fabrikamAdminAgent, relationshipId);
    expect(all.ok && all.value.securityGroups.map((g) => g.name).sort()).toEqual([
      'Fabrikam Cloud Admins',
      'Fabrikam Helpdesk Tier 1',
      'Fabrikam Helpdesk Tier 2',
    ]);
    // A group Microsoft has that the bot never met is taken by its object id, named as Microsoft names it.
    const NEW = '00000000-0000-4000-8000-00000000beef';
    emulator.world.tenant(FABRIKAM_TENANT)!.groups.push({ id: NEW, displayName: 'Fabrikam Night Shift' });
    const assigned = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: NEW, roles: ['directoryReaders'] },
    ]);
    expect(assigned.ok && assigned.value.accessAssignments.map((a) => a.groupId)).toEqual([NEW]);
    expect((await world.store.snapshot()).partners.fabrikam!.securityGroups.find((g) => g.id === NEW)?.name).toBe(
      'Fabrikam Night Shift',
    );
  });

  it('R9 R29: a user in many groups (read across pages) keeps the role of the group on the last page', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    const fabrikam = emulator.world.tenant(FABRIKAM_TENANT)!;
    for (const n of [1, 2, 3, 4])
      fabrikam.groups.push({ id: `00000000-0000-4000-8000-0000000d000${n}`, displayName: `Team ${n}` });
    fabrikam.users.push({
      id: '00000000-0000-4000-8000-00000000f00d',
      displayName: 'Many Groups',
      groups: ['Team 1', 'Team 2', 'Team 3', 'Team 4', 'AdminAgents'],
    });
    const calls = emulator.calls.length;
    expect(await pc.directory.partnerRolesOf('00000000-0000-4000-8000-00000000f00d')).toEqual(['adminAgent']);
    expect(emulator.calls.slice(calls).filter((c) => c.path.endsWith('/memberOf')).length).toBeGreaterThan(1);
  });

  it('credentials revoked while running: a new token is asked once; still refused, the user is told the app’s credentials were refused (not an outage), the pass is logged and counted; renewed, it works again', async () => {
    const world = await connectedWorld();
    const { relationshipId } = await active(world, 'Secret revoked');
    const warnings: Array<{ detail: object; message: string }> = [];
    const log = {
      info: () => undefined,
      warn: (detail: object, message: string) => warnings.push({ detail, message }),
      error: (detail: object, message: string) => warnings.push({ detail, message }),
    };
    const metrics = new BotMetrics({
      store: 'memory',
      deliveryBacklog: async () => ({ unplanned: 0, pending: 0, waiting: 0 }),
      openDialogs: async () => 0,
      conflictRetries: () => 0,
    });
    const worker = { wake: () => undefined } as unknown as ConstructorParameters<typeof PartnerCenterSchedule>[1];
    const schedule = new PartnerCenterSchedule(world.service, worker, 60, log, undefined, (pass) =>
      metrics.syncPassed(pass),
    );
    const secret = demoApp(FABRIKAM_TENANT).secret;
    await control(`apps/${demoApp(FABRIKAM_TENANT).clientId}/secret`, { secret: 'a-new-secret' });
    try {
      const tokenCalls = () => emulator.calls.length;
      const before = tokenCalls();
      const refused = await world.service.relationships.setAutoExtend(people.fabrikamAdminAgent, relationshipId, false);
      expect(!refused.ok && refused.refusal.params).toEqual({ failure: 'signInFailed' });
      expect(!refused.ok && sayIn('en').refusal(refused.refusal)).toMatch(
        /Microsoft refused the bot’s app credentials .* this is not an outage/,
      );
      // One Graph call refused (401), then the new token is refused by Entra: no retries for 40 minutes.
      expect(emulator.calls.slice(before).map((c) => c.status)).toEqual([401]);
      await schedule.runOnce();
      expect(warnings).toContainEqual({
        detail: expect.objectContaining({ operation: 'listRelationships', failure: 'signInFailed' }),
        message: 'sync pass stopped: Microsoft refused or did not answer',
      });
      expect(await metrics.text()).toMatch(/bot_partner_center_sync_passes_total\{result="stopped"\} 1/);
      expect(await metrics.text()).toMatch(
        /bot_partner_center_failures_total\{operation="listRelationships",failure="signInFailed"\} 1/,
      );
    } finally {
      await control(`apps/${demoApp(FABRIKAM_TENANT).clientId}/secret`, { secret });
    }
    const renewed = await world.service.relationships.setAutoExtend(people.fabrikamAdminAgent, relationshipId, false);
    expect(renewed.ok).toBe(true);
  });

  it('Microsoft down during a sync pass: logged with the operation, status, Graph code and request id; counted; nothing recorded', async () => {
    const world = await connectedWorld();
    const warnings: object[] = [];
    const log = {
      info: () => undefined,
      warn: (d: object) => warnings.push(d),
      error: (d: object) => warnings.push(d),
    };
    const worker = { wake: () => undefined } as unknown as ConstructorParameters<typeof PartnerCenterSchedule>[1];
    const passes: string[] = [];
    const schedule = new PartnerCenterSchedule(world.service, worker, 60, log, undefined, (pass) =>
      passes.push(pass?.stopped?.failure ?? 'ok'),
    );
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator, { maxRetries: 1 }));
    const quick = {
      ...world,
      service: createUseCases({ uow: world.store, ctx: { ...world.ctx, partnerCenter: 'graph' }, partnerCenter: pc }),
    };
    const quickSchedule = new PartnerCenterSchedule(quick.service, worker, 60, log, undefined, (pass) =>
      passes.push(pass?.stopped?.failure ?? 'ok'),
    );
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100 });
    try {
      await quickSchedule.runOnce();
    } finally {
      emulator.clearFaults();
    }
    expect(passes).toEqual(['unavailable']);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        operation: 'listRelationships',
        failure: 'unavailable',
        status: 503,
        code: 'ServiceUnavailable',
        requestId: expect.any(String),
      }),
    );
    await schedule.runOnce();
    expect(passes).toEqual(['unavailable', 'ok']);
  });
});
