import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_ROLES } from '../../domain/adminRoles.js';
import { PartnerCenterError } from '../../domain/partnerCenterPort.js';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import { GraphPartnerCenter } from '../../partnerCenter/graphPartnerCenter.js';
import { demoSeed } from '../helpers/world.js';
import { fabrikamSettings, startTestGraphEmulator } from '../helpers/graphEmulator.js';

// The Graph adapter through the real @azure/identity and Microsoft Graph client, over HTTPS, against
// the emulator (graphEmulator/): no HTTP is stubbed.
const seed = demoSeed();
const contoso = seed.customers.find((c) => c.name === 'Contoso')!;
const template = (id: string) => ADMIN_ROLES.find((r) => r.id === id)!.templateId;
const approve = async (emulator: GraphEmulator, id: string) => {
  const response = await fetch(`${emulator.origin}/_emulator/relationships/${id}/approve`, { method: 'POST' });
  expect(response.status).toBe(200);
};
const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PartnerCenterError);
  return (error as PartnerCenterError).failure;
};

let emulator: GraphEmulator;
beforeAll(async () => {
  emulator = await startTestGraphEmulator();
});
afterAll(async () => {
  await emulator.close();
});

describe('Partner Center through Microsoft Graph (emulated)', () => {
  it('signs in, finds the customer tenant by domain and the user’s role by group membership', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    await pc.signIn();
    expect(await pc.findCustomerTenant('contoso.com')).toEqual({ tenantId: contoso.tenantId, displayName: 'Contoso' });
    expect(await pc.findCustomerTenant('nobody-here.example')).toBeUndefined();
    const alex = seed.partners[0]!.users.find((u) => u.roles.includes('adminAgent'))!;
    const hana = seed.partners[0]!.users.find((u) => u.roles.includes('helpdeskAgent'))!;
    expect(await pc.directory.partnerRolesOf(alex.id)).toEqual(['adminAgent']);
    expect(await pc.directory.partnerRolesOf(hana.id)).toEqual(['helpdeskAgent']);
    expect(await pc.directory.partnerRolesOf('00000000-0000-0000-0000-00000000dead')).toEqual([]);
  });

  it('the lifecycle: create, lock, the customer approves, active (the same ETag while unchanged: Microsoft documents no 304), auto-extend off with If-Match, access assigned, terminated', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    const created = await pc.createRelationship({
      displayName: 'Fabrikam IT – Contoso – Exchange 2026-11',
      customerTenantId: contoso.tenantId,
      customerName: 'Contoso',
      roleTemplateIds: [template('directoryReaders'), template('exchangeAdministrator')],
      durationDays: 730,
      autoExtend: true,
    });
    expect(created).toMatchObject({
      status: 'created',
      durationDays: 730,
      autoExtend: true,
      customerTenantId: contoso.tenantId,
    });
    expect(await pc.findRelationshipByName('Fabrikam IT – Contoso – Exchange 2026-11')).toMatchObject({
      id: created.id,
    });
    await pc.lockForApproval(created.id);
    const pending = (await pc.getRelationship(created.id))!;
    expect(pending.status).toBe('approvalPending');
    expect((await pc.getRelationship(created.id)).etag).toBe(pending.etag); // nothing changed: the same ETag
    await approve(emulator, created.id);
    const active = await pc.getRelationship(created.id);
    expect(active.etag).not.toBe(pending.etag);
    expect(active.status).toBe('active');
    expect(active.activatedAt).toBeDefined();
    expect((await pc.listRelationshipsWith(contoso.tenantId)).map((r) => r.id)).toContain(created.id);
    // A stale ETag is refused; the current one works.
    expect(await failureOf(pc.setAutoExtend(created.id, pending.etag, false))).toBe('changedMeanwhile');
    const off = await pc.setAutoExtend(created.id, active.etag, false);
    expect(off.autoExtend).toBe(false);
    const assignment = await pc.assignAccess(created.id, '00000000-0000-4000-8000-000000003011', [
      template('directoryReaders'),
    ]);
    expect(assignment).toMatchObject({
      groupId: '00000000-0000-4000-8000-000000003011',
      roleTemplateIds: [template('directoryReaders')],
    });
    expect((await pc.getAccessAssignment(created.id, assignment.id)).status).toBe('active');
    await pc.terminate(created.id);
    expect((await pc.getRelationship(created.id))!.status).toBe('terminated');
  });

  it('Microsoft’s refusals arrive as the domain’s codes: a taken name, a role with auto-extend, an unknown relationship, a relationship that cannot be deleted', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    const request = {
      displayName: 'Fabrikam IT – Contoso – twice',
      customerTenantId: contoso.tenantId,
      roleTemplateIds: [template('globalReader')],
      durationDays: 30,
      autoExtend: false,
    };
    const first = await pc.createRelationship(request);
    expect(await failureOf(pc.createRelationship(request))).toBe('nameTaken');
    expect(
      await failureOf(
        pc.createRelationship({
          ...request,
          displayName: 'with GA',
          roleTemplateIds: [template('globalAdministrator')],
          autoExtend: true,
        }),
      ),
    ).toBe('requestRefused');
    expect(
      await failureOf(
        pc.createRelationship({
          ...request,
          displayName: 'no such tenant',
          customerTenantId: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    ).toBe('requestRefused');
    expect(await failureOf(pc.getRelationship('no-such-id'))).toBe('notFound');
    // Never locked: it can be deleted (what a Send that failed half-way does); locked, it cannot.
    await pc.deleteRelationship(first.id, first.etag);
    expect(await pc.findRelationshipByName(request.displayName)).toBeUndefined();
    const second = await pc.createRelationship(request);
    await pc.lockForApproval(second.id);
    const locked = (await pc.getRelationship(second.id))!;
    expect(await failureOf(pc.deleteRelationship(second.id, locked.etag))).toBe('requestRefused');
  });

  it('the emulator answers as Graph does without a valid token: 401 with an OData error body', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const response = await fetch(`${emulator.graphBaseUrl}/tenantRelationships/delegatedAdminRelationships`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: {
          code: 'InvalidAuthenticationToken',
          message: expect.any(String),
          innerError: {
            date: expect.any(String),
            'request-id': expect.any(String),
            'client-request-id': expect.any(String),
          },
        },
      });
    }
  });

  it('throttling: a 429 on every call type is waited out as Retry-After says, and every call succeeds', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator));
    emulator.addFault({ status: 429, retryAfterSeconds: 1, times: 1, eachCallType: true });
    try {
      const before = emulator.calls.length;
      expect(await pc.findCustomerTenant('contoso.com')).toMatchObject({ tenantId: contoso.tenantId });
      const created = await pc.createRelationship({
        displayName: 'Fabrikam IT – throttled',
        customerTenantId: contoso.tenantId,
        roleTemplateIds: [template('globalReader')],
        durationDays: 30,
        autoExtend: false,
      });
      await pc.lockForApproval(created.id);
      expect((await pc.getRelationship(created.id))!.status).toBe('approvalPending');
      const calls = emulator.calls.slice(before);
      expect(calls.filter((c) => c.status === 429)).toHaveLength(4);
      expect(calls.filter((c) => c.status >= 200 && c.status < 300)).toHaveLength(4);
    } finally {
      emulator.clearFaults();
    }
  }, 30_000);

  it('an outage that outlasts the retries is "unavailable"; wrong credentials are "signInFailed"; a missing permission is "permissionMissing"', async () => {
    const pc = new GraphPartnerCenter(fabrikamSettings(emulator, { maxRetries: 1 }));
    emulator.addFault({ status: 503, retryAfterSeconds: 1, times: 5 });
    try {
      expect(await failureOf(pc.findCustomerTenant('contoso.com'))).toBe('unavailable');
    } finally {
      emulator.clearFaults();
    }
    expect(
      await failureOf(new GraphPartnerCenter(fabrikamSettings(emulator, { clientSecret: 'wrong' })).signIn()),
    ).toBe('signInFailed');
    expect(
      await failureOf(
        new GraphPartnerCenter(
          fabrikamSettings(emulator, { tenantId: '00000000-0000-4000-8000-00000000ffff' }),
        ).signIn(),
      ),
    ).toBe('signInFailed');
    const app = emulator.world.tenant(fabrikamSettings(emulator).tenantId)!.apps[0]!;
    const granted = app.permissions;
    app.permissions = granted.filter((p) => !p.startsWith('DelegatedAdminRelationship'));
    try {
      expect(await failureOf(pc.listRelationshipsWith(contoso.tenantId))).toBe('permissionMissing');
    } finally {
      app.permissions = granted;
    }
  }, 30_000);
});
