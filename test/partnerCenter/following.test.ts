import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { whoManagesCard } from '../../cards/access/whoManagesCard.js';
import { invitationCard } from '../../cards/invitations/invitationCard.js';
import { requestFailedCard } from '../../cards/invitations/notices.js';
import { createUseCases } from '../../domain/useCases.js';
import { sayIn } from '../../translations/index.js';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import { GraphPartnerCenter } from '../../partnerCenter/graphPartnerCenter.js';
import { fabrikamSettings, startTestGraphEmulator } from '../helpers/graphEmulator.js';
import { demoWorld, inviteContoso, people, type World } from '../helpers/world.js';

// Following Microsoft's statuses (R12, R15, R18, R19, R21, R22 connected to Partner Center): the use
// cases with the real Graph adapter against the emulator, whose provisioning takes a moment (as
// Microsoft's does: approved → activating → active, an access assignment pending → active).
const PROVISIONING_MS = 400;
let emulator: GraphEmulator;
beforeAll(async () => {
  emulator = await startTestGraphEmulator({ provisioningMs: PROVISIONING_MS });
});
afterAll(async () => {
  await emulator.close();
});

async function connectedWorld(): Promise<World & { pc: GraphPartnerCenter }> {
  const world = await demoWorld();
  const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
  const ctx = { ...world.ctx, partnerCenter: 'graph' as const, sendRetrySeconds: [0] };
  return { ...world, ctx, pc, service: createUseCases({ uow: world.store, ctx, partnerCenter: pc }) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, PROVISIONING_MS + 50));
const control = (path: string, body?: object) =>
  fetch(`${emulator.origin}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function sentRequest(world: Awaited<ReturnType<typeof connectedWorld>>, name: string, autoExtend = true) {
  const created = await world.service.invitations.create(people.fabrikamAdminAgent, {
    ...inviteContoso,
    relationshipName: name,
    durationDays: 90,
    autoExtend,
  });
  if (!created.ok) throw new Error(created.refusal.code);
  expect(created.value.microsoft).toEqual({ state: 'sending', attempts: 0 });
  expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ sent: 1 });
  const invitation = (await world.store.snapshot()).invitations[created.value.id]!;
  expect(invitation.microsoft).toMatchObject({ state: 'sent', status: 'approvalPending' });
  return invitation;
}

/** A request made, approved in the admin center, and followed until active here. */
async function approvedAtMicrosoft(world: Awaited<ReturnType<typeof connectedWorld>>, name: string) {
  const invitation = await sentRequest(world, name);
  await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
  await settle();
  await world.service.partnerCenter.sync();
  return { invitation, relationshipId: (await world.store.snapshot()).invitations[invitation.id]!.relationshipId! };
}

describe('following Microsoft', () => {
  it('R15: approved → activating (the card says so) → active: the invitation approved by the admin center, the relationship made with Microsoft’s id, the partner told once', async () => {
    const world = await connectedWorld();
    const invitation = await sentRequest(world, 'Follow approval');
    // The same ETag: nothing new.
    expect(await world.service.partnerCenter.sync()).toMatchObject({ listed: 1, changed: 0 });
    await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
    await world.service.partnerCenter.sync();
    let db = await world.store.snapshot();
    expect(db.invitations[invitation.id]).toMatchObject({ status: 'pending', microsoft: { status: 'approved' } });
    const card = JSON.stringify(
      invitationCard(
        (await world.service.invitations.describe(invitation.id))!,
        sayIn('en'),
        people.contosoAdmin.userId,
      ),
    );
    expect(card).toContain('Approved at Microsoft: Microsoft is activating the relationship.');
    // R1: connected, the bot knows only Fabrikam's relationships: the card says so and links to the full list.
    expect(card).toContain('This bot sees only Fabrikam IT’s own relationships with Contoso, not your other partners');
    expect(card).toContain('"url":"https://admin.microsoft.com/AdminPortal/Home#/partners"');
    expect(card).not.toContain('Northwind Traders (Partner ID');
    await settle();
    await world.service.partnerCenter.sync();
    db = await world.store.snapshot();
    const approved = db.invitations[invitation.id]!;
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: { name: 'Microsoft 365 admin center', organisation: 'Contoso' },
    });
    expect(db.relationships[approved.relationshipId!]).toMatchObject({
      status: 'active',
      autoExtend: true,
      microsoft: { id: invitation.microsoft!.relationshipId, status: 'active' },
    });
    expect(
      Object.values(db.outbox).filter((n) => n.kind === 'invitationApproved' && n.invitationId === invitation.id),
    ).toHaveLength(1);
    await world.service.partnerCenter.sync(); // again: nothing changes, nobody is told twice
    expect(
      Object.values((await world.store.snapshot()).outbox).filter((n) => n.kind === 'invitationApproved'),
    ).toHaveLength(1);
  });

  it('R22: an access assignment Microsoft is still provisioning is followed to active; a change is a 202 operation that keeps the id; a removed group is deleted (still listed) and assigned again as a new assignment', async () => {
    const world = await connectedWorld();
    const { invitation, relationshipId } = await approvedAtMicrosoft(world, 'Follow access');
    const TIER1 = '00000000-0000-4000-8000-000000003011';
    const TIER2 = '00000000-0000-4000-8000-000000003012';
    const assigned = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: ['directoryReaders'] },
    ]);
    expect(assigned.ok && assigned.value.microsoft?.assignments).toEqual({
      [TIER1]: { id: expect.any(String), status: 'pending', roles: ['directoryReaders'] },
    });
    const firstId = assigned.ok ? assigned.value.microsoft!.assignments![TIER1]!.id : '';
    await settle();
    await world.service.partnerCenter.sync();
    expect((await world.store.snapshot()).relationships[relationshipId]!.microsoft!.assignments).toEqual({
      [TIER1]: { id: firstId, status: 'active', roles: ['directoryReaders'] },
    });
    // Changed: Tier 1 gets both roles (PATCH with If-Match: 202, the same assignment, pending until Microsoft made
    // it), Tier 2 is added; then Tier 1 removed (DELETE): Microsoft has exactly what was chosen.
    const both = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: ['directoryReaders', 'userAdministrator'] },
      { groupId: TIER2, roles: ['directoryReaders'] },
    ]);
    expect(both.ok && both.value.microsoft!.assignments![TIER1]).toEqual({
      id: firstId,
      status: 'pending',
      roles: ['directoryReaders', 'userAdministrator'],
    });
    expect(emulator.calls.some((c) => c.method === 'GET' && c.path.endsWith('/accessAssignments/'))).toBe(false);
    const atMicrosoft = () =>
      new GraphPartnerCenter(fabrikamSettings(emulator)).listAccessAssignments(invitation.microsoft!.relationshipId!);
    const live = (list: Awaited<ReturnType<typeof atMicrosoft>>) =>
      list
        .filter((a) => a.status !== 'deleted' && a.status !== 'deleting')
        .map((a) => ({ group: a.groupId, roles: a.roleTemplateIds.length }))
        .sort((a, b) => a.group.localeCompare(b.group));
    expect(live(await atMicrosoft())).toEqual([
      { group: TIER1, roles: 2 },
      { group: TIER2, roles: 1 },
    ]);
    await settle();
    await world.service.partnerCenter.sync();
    expect((await world.store.snapshot()).relationships[relationshipId]!.microsoft!.assignments![TIER1]).toEqual({
      id: firstId,
      status: 'active',
      roles: ['directoryReaders', 'userAdministrator'],
    });
    // The card sends every group it shows: Tier 1 emptied is removed, Tier 2 changed.
    const only2 = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: [] },
      { groupId: TIER2, roles: ['userAdministrator'] },
    ]);
    expect(only2.ok && Object.keys(only2.value.microsoft!.assignments!)).toEqual([TIER2]);
    expect(live(await atMicrosoft())).toEqual([{ group: TIER2, roles: 1 }]);
    expect((await atMicrosoft()).find((a) => a.id === firstId)?.status).toBe('deleting');
    expect(
      emulator.calls.some((c) => c.method === 'PATCH' && c.path.includes('/accessAssignments/') && c.status === 202),
    ).toBe(true);
    expect(
      emulator.calls.some((c) => c.method === 'DELETE' && c.path.includes('/accessAssignments/') && c.status === 204),
    ).toBe(true);
    // While Microsoft is still removing it, Tier 1 cannot be assigned again: the sentence names the group.
    const tooSoon = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: ['directoryReaders'] },
    ]);
    expect(!tooSoon.ok && tooSoon.refusal).toMatchObject({
      code: 'accessAssignmentFailed',
      params: { failure: 'groupAlreadyAssigned', group: 'Fabrikam Helpdesk Tier 1' },
    });
    await settle();
    expect((await atMicrosoft()).find((a) => a.id === firstId)?.status).toBe('deleted'); // still listed
    // A deleted assignment is no access: Tier 1 assigned again is a new assignment at Microsoft.
    const again = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: ['directoryReaders'] },
    ]);
    expect(again.ok).toBe(true);
    const renewed = again.ok ? again.value.microsoft!.assignments![TIER1]! : undefined;
    expect(renewed?.id).toEqual(expect.any(String));
    expect(renewed?.id).not.toBe(firstId);
    expect(live(await atMicrosoft())).toEqual([
      { group: TIER1, roles: 1 },
      { group: TIER2, roles: 1 },
    ]);
  });

  it('R18 R21: Microsoft extends at the end date (auto-extend on): the end date moves and both sides are told; the customer ends it in the admin center (R19): ended here, the partner told', async () => {
    const world = await connectedWorld();
    const { invitation, relationshipId } = await approvedAtMicrosoft(world, 'Follow extension');
    const endsAt = (await world.store.snapshot()).relationships[relationshipId]!.endsAt!;
    await control('clock', { days: 91 });
    try {
      await world.service.partnerCenter.sync();
      let db = await world.store.snapshot();
      expect(Date.parse(db.relationships[relationshipId]!.endsAt!) - Date.parse(endsAt)).toBe(180 * 86_400_000);
      expect(
        Object.values(db.outbox)
          .filter((n) => n.kind === 'relationshipExtended' && n.relationshipId === relationshipId)
          .map((n) => n.recipient.kind)
          .sort(),
      ).toEqual(['customer', 'partner']);
      // The local sweeper leaves a relationship Microsoft holds to Microsoft.
      expect(await world.service.relationships.expire()).toEqual([]);
      await control(`relationships/${invitation.microsoft!.relationshipId}/terminate`);
      await world.service.partnerCenter.sync();
      db = await world.store.snapshot();
      expect(db.relationships[relationshipId]).toMatchObject({
        status: 'terminated',
        terminatedBy: { name: 'Microsoft 365 admin center' },
      });
      expect(
        Object.values(db.outbox)
          .filter((n) => n.kind === 'relationshipTerminated' && n.relationshipId === relationshipId)
          .map((n) => n.recipient.kind),
      ).toEqual(['partner']);
    } finally {
      await control('clock', { days: -91 });
    }
  });

  it('R12: a request nobody approves at Microsoft expires there after 90 days; the invitation expires and the partner is told', async () => {
    const world = await connectedWorld();
    const invitation = await sentRequest(world, 'Follow expiry');
    await control('clock', { days: 91 });
    try {
      await world.service.partnerCenter.sync();
      const db = await world.store.snapshot();
      expect(db.invitations[invitation.id]).toMatchObject({ status: 'expired', microsoft: { status: 'expired' } });
      expect(
        Object.values(db.outbox).filter((n) => n.kind === 'invitationExpired' && n.invitationId === invitation.id),
      ).toHaveLength(1);
    } finally {
      await control('clock', { days: -91 });
    }
  });

  it("R30: who manages a customer, connected: each group holding a relationship's roles with its members as Microsoft lists them (every page); Microsoft down, the card says the members could not be read", async () => {
    const world = await connectedWorld();
    const { relationshipId } = await approvedAtMicrosoft(world, 'Who manages');
    const [TIER1, ADMINS] = ['00000000-0000-4000-8000-000000003011', '00000000-0000-4000-8000-000000003013'];
    const assigned = await world.service.access.assign(people.fabrikamAdminAgent, relationshipId, [
      { groupId: TIER1, roles: ['directoryReaders'] },
      { groupId: ADMINS, roles: ['directoryReaders', 'userAdministrator'] },
    ]);
    expect(assigned.ok).toBe(true);
    const callsBefore = emulator.calls.length;
    const answer = await world.service.access.whoManages(people.fabrikamAdminAgent, 'contoso.com');
    if (!answer.ok) throw new Error(answer.refusal.code);
    const mine = answer.value.relationships.find((r) => r.relationship.id === relationshipId)!;
    expect(mine.groups?.map((g) => [g.name, g.roles])).toEqual([
      ['Fabrikam Helpdesk Tier 1', ['directoryReaders']],
      ['Fabrikam Cloud Admins', ['directoryReaders', 'userAdministrator']],
    ]);
    // The emulator pages members two at a time: three members are two pages.
    expect(answer.value.members?.[TIER1]?.map((m) => m.name)).toEqual(['Alex Wilber', 'Sam Sales', 'Hana Help']);
    expect(answer.value.members?.[ADMINS]?.map((m) => m.name)).toEqual(['Alex Wilber']);
    expect(emulator.calls.slice(callsBefore).filter((c) => c.path.endsWith(`/groups/${TIER1}/members`)).length).toBe(2);
    const text = JSON.stringify(whoManagesCard(sayIn('en'), answer.value));
    expect(text).toContain('Members: Alex Wilber, Sam Sales, Hana Help');
    // Asked about a person: their groups as Microsoft has them (memberOf, by user principal name). The
    // emulator is shared by this file's tests: the estate holds their relationships too (R29).
    const hana = await world.service.access.whatCanManage(people.fabrikamAdminAgent, 'hana@fabrikam.onmicrosoft.com');
    if (!hana.ok) throw new Error(hana.refusal.code);
    expect(
      hana.value.relationships.find((r) => r.relationship.id === relationshipId)?.groups?.map((g) => g.name),
    ).toEqual(['Fabrikam Helpdesk Tier 1']);
    expect(hana.value.relationships.every((r) => r.groups?.every((g) => g.id === TIER1))).toBe(true);
    const stranger = await world.service.access.whatCanManage(
      people.fabrikamAdminAgent,
      'nobody@fabrikam.onmicrosoft.com',
    );
    expect(stranger.ok ? '' : stranger.refusal.code).toBe('unknownPartnerPerson');
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100 });
    try {
      const down = await world.service.access.whoManages(people.fabrikamAdminAgent, 'contoso.com');
      expect(down.ok && down.value.membersUnavailable).toBe(true);
      expect(JSON.stringify(whoManagesCard(sayIn('en'), down.ok ? down.value : answer.value))).toContain(
        'Members: Microsoft could not be asked just now',
      );
    } finally {
      emulator.clearFaults();
    }
  }, 30_000);

  it('Microsoft down while following: the pass stops, nothing changes, the next pass catches up', async () => {
    const world = await connectedWorld();
    const invitation = await sentRequest(world, 'Follow outage');
    await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
    await settle();
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100 });
    try {
      expect(await world.service.partnerCenter.sync()).toMatchObject({
        stopped: expect.objectContaining({ failure: 'unavailable' }),
        changed: 0,
      });
      expect((await world.store.snapshot()).invitations[invitation.id]).toMatchObject({ status: 'pending' });
    } finally {
      emulator.clearFaults();
    }
    expect(await world.service.partnerCenter.sync()).toMatchObject({ changed: 1 });
    expect((await world.store.snapshot()).invitations[invitation.id]).toMatchObject({ status: 'approved' });
  }, 30_000);

  it('R15: declined on the card (recorded by the bot; Microsoft has no decline), then approved in the admin center: Microsoft has the last word — approved, the relationship made, the partner told', async () => {
    const world = await connectedWorld();
    const invitation = await sentRequest(world, 'Declined then approved');
    const declined = await world.service.invitations.decide(people.contosoAdmin, {
      invitationId: invitation.id,
      decision: 'decline',
      reason: 'Not now',
    });
    expect(declined.ok).toBe(true);
    await control(`relationships/${invitation.microsoft!.relationshipId}/approve`);
    await settle();
    expect(await world.service.partnerCenter.sync()).toMatchObject({ changed: 1 });
    const db = await world.store.snapshot();
    expect(db.invitations[invitation.id]).toMatchObject({
      status: 'approved',
      decidedBy: { name: 'Microsoft 365 admin center' },
    });
    expect(db.invitations[invitation.id]!.reason).toBeUndefined();
    expect(db.relationships[db.invitations[invitation.id]!.relationshipId!]).toMatchObject({ status: 'active' });
  });

  it('withdrawn while Microsoft did not answer between create and lock: the relationship it created is deleted, nothing is left', async () => {
    const world = await connectedWorld();
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100, pathContains: '/requests' });
    let id: string;
    try {
      const created = await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        relationshipName: 'Withdrawn while sending',
        durationDays: 90,
      });
      if (!created.ok) throw new Error(created.refusal.code);
      id = created.value.id;
      expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ retrying: 1 });
      const atMicrosoft = (await new GraphPartnerCenter(fabrikamSettings(emulator)).findRelationshipByName(
        'Withdrawn while sending',
      ))!;
      expect(atMicrosoft.status).toBe('created');
    } finally {
      emulator.clearFaults();
    }
    expect((await world.service.invitations.cancel(people.fabrikamAdminAgent, id)).ok).toBe(true);
    await world.service.partnerCenter.sendRequests();
    expect(
      await new GraphPartnerCenter(fabrikamSettings(emulator)).findRelationshipByName('Withdrawn while sending'),
    ).toBeUndefined();
    expect((await world.store.snapshot()).invitations[id]).toMatchObject({
      status: 'cancelled',
      microsoft: { state: 'failed' },
    });
  }, 30_000);

  it('Microsoft stops answering after creating, and the draft cannot be deleted either: it is recorded and the partner is told it was left (never silently)', async () => {
    const world = await connectedWorld();
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100, pathContains: '/requests' });
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 100, method: 'DELETE' });
    try {
      const created = await world.service.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        relationshipName: 'Left behind',
        durationDays: 90,
      });
      if (!created.ok) throw new Error(created.refusal.code);
      expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ retrying: 1 });
      expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ failed: 1 });
      const draft = (await new GraphPartnerCenter(fabrikamSettings(emulator)).findRelationshipByName('Left behind'))!;
      expect(draft.status).toBe('created'); // never locked: nobody can approve it
      const invitation = (await world.store.snapshot()).invitations[created.value.id]!;
      expect(invitation.microsoft).toMatchObject({ state: 'failed', failure: 'unavailable', relationshipId: draft.id });
      const card = JSON.stringify(
        requestFailedCard(sayIn('en'), (await world.service.invitations.describe(invitation.id))!, 'unavailable'),
      );
      expect(card).toContain(`An unsent draft relationship ${draft.id}`);
    } finally {
      emulator.clearFaults();
    }
  }, 30_000);

  it('R9 unchanged, R15: a reseller-only invitation has no API at Microsoft: it is not sent there, its card carries the reseller link and may be approved on the card', async () => {
    const world = await connectedWorld();
    const created = await world.service.invitations.create(people.fabrikamAdminAgent, {
      ...inviteContoso,
      roles: [],
      relationshipName: 'Reseller only',
    });
    if (!created.ok) throw new Error(created.refusal.code);
    expect(created.value.microsoft).toBeUndefined();
    const details = await world.service.invitations.describe(created.value.id);
    expect(details?.microsoftLinks).toEqual({
      reseller: expect.stringContaining('invType=ResellerRelationship&partnerId=00000000-0000-4000-8000-000000000101'),
    });
    expect(await world.service.partnerCenter.sendRequests()).toMatchObject({ sent: 0 });
  });
});
