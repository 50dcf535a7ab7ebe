import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_ROLES } from '../../domain/adminRoles.js';
import type { GraphEmulator } from '../../graphEmulator/server.js';
import { cardProblems } from '../helpers/adaptiveCard.js';
import { BotProcess, LoopbackChannel, overHttp, type Speaker } from '../helpers/channel.js';
import { fabrikamSettings, graphModeEnv, startTestGraphEmulator } from '../helpers/graphEmulator.js';
import { people } from '../helpers/world.js';

// PARTNER_CENTER=graph end to end: the real bot process, the real @azure/identity and Graph client,
// over HTTPS to the emulator (graphEmulator/), a loopback Bot Connector. The customer's approval in
// the Microsoft 365 admin center is played through the emulator's control.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRECTORY_READERS = ADMIN_ROLES.find((r) => r.id === 'directoryReaders')!.templateId;
const alex: Speaker = { identity: people.fabrikamAdminAgent, conversationId: 'a:alex' };
const megan: Speaker = { identity: people.contosoAdmin, conversationId: 'a:megan' };

let emulator: GraphEmulator;
let dir = '';
const channel = new LoopbackChannel();
let bot: BotProcess;

const graphEnv = (overrides: Record<string, string> = {}) => graphModeEnv(emulator, overrides);

beforeAll(async () => {
  emulator = await startTestGraphEmulator();
  dir = await mkdtemp(join(tmpdir(), 'graph-mode-'));
  await channel.start();
  bot = new BotProcess({ DB_FILE: join(dir, 'db.json'), ...graphEnv() });
  await bot.start();
}, 60_000);
afterAll(async () => {
  await bot?.stop();
  await channel.stop();
  await emulator?.close();
  await rm(dir, { recursive: true, force: true });
});

const say = (who: Speaker, content: string | Record<string, unknown>) => overHttp(channel, bot).say(who, content);
const execute = (who: Speaker, verb: string, data: Record<string, unknown>) =>
  overHttp(channel, bot).execute(who, verb, data);

/** Alex's invite dialog to the end; the Send turn's reply. */
async function invite(domain: string, name?: string) {
  for (const answer of [`invite ${domain}`, 'Azure', 'Directory Readers', '90', 'yes', 'skip', 'skip', name ?? 'keep'])
    await say(alex, answer);
  const sent = await say(alex, { formAction: 'send' });
  return sent.map((a) => a.text ?? '').join(' ');
}

const text = (value: unknown) => JSON.stringify(value);
const relationshipsAtMicrosoft = async () =>
  (
    (await (await fetch(`${emulator.origin}/_emulator/relationships`)).json()) as {
      value: Array<Record<string, unknown> & { id: string; displayName: string; status: string }>;
    }
  ).value;
const cardsTo = (who: Speaker, from: number) =>
  channel.received
    .slice(from)
    .filter((a) => a.conversationId === who.conversationId)
    .map((a) => text(a.attachments?.[0]?.content ?? a.text));

describe('connected to Partner Center (emulated Microsoft Graph)', () => {
  it('R15 R19 R22 R18 the whole flow: invite → the request at Microsoft, locked → the card links to the admin center → approved there → active: every card updated, the partner told → access assigned, auto-extend off, terminated — each at Microsoft', async () => {
    for (const who of [alex, megan]) await say(who, 'help');
    const start = channel.received.length;
    const reply = await invite('contoso.com');
    expect(reply).toContain('is being registered at Microsoft');

    // The request is made after the turn, by the schedule: created with the roles and locked for approval.
    const partnerNotice = await channel.until(
      () => cardsTo(alex, start).find((c) => c.includes('is at Microsoft')),
      15_000,
    );
    const [atMicrosoft] = (await relationshipsAtMicrosoft()).filter((r) => r.displayName.includes('Contoso'));
    expect(atMicrosoft).toMatchObject({
      status: 'approvalPending',
      duration: 'P90D',
      autoExtendDuration: 'P180D',
      accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }] },
    });
    const adminCenterUrl = `https://admin.microsoft.com/AdminPortal/Home#/partners/invitation/granularAdminRelationships/${atMicrosoft!.id}`;
    // The partner gets both links, labelled, and a text to pass on.
    expect(partnerNotice).toContain(adminCenterUrl);
    expect(partnerNotice).toContain('invType=ResellerRelationship');
    expect(partnerNotice).toContain('To send to the customer (English)');
    expect(partnerNotice).toContain(`"title":"Admin relationship (GDAP) link","url":"${adminCenterUrl}"`);
    expect(partnerNotice).toContain('"title":"Reseller relationship link"');
    // The customer's card: review and approve in the admin center; no Approve button on the card.
    const customerCard = await channel.until(() =>
      cardsTo(megan, start).find((c) => c.includes('Fabrikam IT invites Contoso')),
    );
    expect(customerCard).toContain(adminCenterUrl);
    expect(customerCard).toContain('Approve in the Microsoft 365 admin center');
    expect(customerCard).toContain(
      'Microsoft requires a Global Administrator or a Customer Delegated Admin Relationship Administrator of Contoso to approve this request in the Microsoft 365 admin center',
    );
    expect(customerCard).not.toContain('"verb":"approve"');
    const db = await bot.database();
    const invitation = Object.values(db.invitations).find((i) => i.microsoft?.relationshipId === atMicrosoft!.id)!;
    expect(invitation).toMatchObject({ status: 'pending', microsoft: { state: 'sent', status: 'approvalPending' } });
    // R15: an approval on the card (a replayed one) is refused: Microsoft takes it in its admin center.
    expect(text(await execute(megan, 'approve', { invitationId: invitation.id }))).toContain(
      'Microsoft takes the approval of',
    );

    // The customer's Global Administrator approves in the admin center; the poller sees "active".
    const updatesBefore = channel.updated.length;
    const beforeApproval = channel.received.length;
    expect(
      (await fetch(`${emulator.origin}/_emulator/relationships/${atMicrosoft!.id}/approve`, { method: 'POST' })).status,
    ).toBe(200);
    const approvedNotice = await channel.until(
      () => cardsTo(alex, beforeApproval).find((c) => c.includes('Contoso approved your invitation')),
      15_000,
    );
    expect(approvedNotice).toContain('Microsoft 365 admin center');
    const updated = await channel.until(() =>
      channel.updated.slice(updatesBefore).find((u) => u.conversationId === megan.conversationId),
    );
    expect(text(updated.attachments?.[0]?.content)).toContain('Approved by Microsoft 365 admin center (Contoso)');
    const approved = await bot.database();
    expect(approved.invitations[invitation.id]).toMatchObject({ status: 'approved' });
    const relationship = approved.relationships[approved.invitations[invitation.id]!.relationshipId!]!;
    expect(relationship).toMatchObject({
      status: 'active',
      autoExtend: true,
      microsoft: { id: atMicrosoft!.id, status: 'active' },
    });

    // R22: access assigned at Microsoft, to the partner's security group, with the relationship's role.
    const assigned = await execute(alex, 'assignAccess', {
      relationshipId: relationship.id,
      'access.00000000-0000-4000-8000-000000003011': 'directoryReaders',
    });
    expect(text(assigned)).toContain('Fabrikam Helpdesk Tier 1');
    const assignments = emulator.world.assignments(fabrikamSettings(emulator).tenantId, atMicrosoft!.id);
    expect(assignments).toEqual([
      expect.objectContaining({
        accessContainer: {
          accessContainerId: '00000000-0000-4000-8000-000000003011',
          accessContainerType: 'securityGroup',
        },
        accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }] },
      }),
    ]);

    // R18: auto-extend off, at Microsoft (PATCH with If-Match) and here.
    const off = await say(alex, { verb: 'turnOffAutoExtend', relationshipId: relationship.id });
    expect(off.map((a) => a.text).join(' ')).toContain('Auto-extend is off');
    expect((await relationshipsAtMicrosoft()).find((r) => r.id === atMicrosoft!.id)).toMatchObject({
      autoExtendDuration: 'PT0S',
    });
    expect(
      emulator.calls.some((c) => c.method === 'PATCH' && c.path.endsWith(atMicrosoft!.id) && c.status === 200),
    ).toBe(true);

    // R19: terminated at Microsoft; the customer is told.
    const beforeTermination = channel.received.length;
    await say(alex, { verb: 'terminateRelationship', relationshipId: relationship.id });
    const done = await say(alex, 'yes');
    expect(done.map((a) => a.text).join(' ')).toContain('has ended');
    expect((await relationshipsAtMicrosoft()).find((r) => r.id === atMicrosoft!.id)).toMatchObject({
      status: 'terminated',
    });
    await channel.until(() =>
      cardsTo(megan, beforeTermination).find((c) => c.includes('Fabrikam IT ended its relationship with Contoso')),
    );
    expect((await bot.database()).relationships[relationship.id]).toMatchObject({
      status: 'terminated',
      microsoft: { status: 'terminationRequested' },
    });
  }, 90_000);

  it('Microsoft down between creating and locking: the partner is told it keeps trying, then that nothing was sent; the half-made relationship is deleted (no orphan)', async () => {
    emulator.addFault({ status: 503, retryAfterSeconds: 0, times: 1000, pathContains: '/requests' });
    try {
      const start = channel.received.length;
      await invite('contoso.com', 'Outage test');
      await channel.until(() => cardsTo(alex, start).find((c) => c.includes('Microsoft is not answering')), 20_000);
      const failed = await channel.until(
        () => cardsTo(alex, start).find((c) => c.includes('Nothing was sent for')),
        30_000,
      );
      expect(failed).toContain('Microsoft did not answer, even after retrying for a while');
      expect((await relationshipsAtMicrosoft()).filter((r) => r.displayName === 'Outage test')).toEqual([]);
      // It was created once, then deleted: nothing is left behind.
      expect(
        emulator.calls.filter(
          (c) =>
            c.method === 'POST' && c.path === '/tenantRelationships/delegatedAdminRelationships' && c.status === 201,
        ).length,
      ).toBeGreaterThanOrEqual(1);
      expect(emulator.calls.some((c) => c.method === 'DELETE' && c.status === 204)).toBe(true);
      const invitation = Object.values((await bot.database()).invitations).find(
        (i) => i.relationshipName === 'Outage test',
      )!;
      expect(invitation).toMatchObject({ status: 'cancelled', microsoft: { state: 'failed', failure: 'unavailable' } });
      expect(invitation.history.map((h) => h.action)).toEqual(['created', 'sendFailed']);
      const history = (await say(alex, `history ${invitation.code}`))
        .map((a) => text(a.attachments?.[0]?.content ?? a.text))
        .join(' ');
      expect(history).toContain('Not sent: Microsoft did not answer, even after retrying for a while');
    } finally {
      emulator.clearFaults();
    }
  }, 90_000);

  it('who a partner user is comes from Microsoft: a user the directory does not know, in AdminAgents, is an admin agent; in HelpdeskAgents only, may not invite (R9)', async () => {
    const tenant = emulator.world.tenant(fabrikamSettings(emulator).tenantId)!;
    tenant.users.push({ id: '00000000-0000-4000-8000-00000000a001', displayName: 'Ana New', groups: ['AdminAgents'] });
    tenant.users.push({
      id: '00000000-0000-4000-8000-00000000a002',
      displayName: 'Hal New',
      groups: ['HelpdeskAgents'],
    });
    const ana: Speaker = {
      identity: { tenantId: tenant.tenantId, userId: '00000000-0000-4000-8000-00000000a001' },
      conversationId: 'a:ana',
    };
    const hal: Speaker = {
      identity: { tenantId: tenant.tenantId, userId: '00000000-0000-4000-8000-00000000a002' },
      conversationId: 'a:hal',
    };
    expect((await say(ana, 'help')).map((a) => a.text).join(' ')).toMatch(/You are .*admin agent at Fabrikam IT/);
    expect((await say(hal, 'invite contoso.com')).map((a) => a.text).join(' ')).toContain(
      'Only an admin agent or a sales agent can send invitations',
    );
    const partner = Object.values((await bot.database()).partners).find((p) => p.tenantId === tenant.tenantId)!;
    expect(partner.users.find((u) => u.id === ana.identity.userId)).toMatchObject({ roles: ['adminAgent'] });
  }, 30_000);

  it('the dry run asks Microsoft: a domain it does not know is corrected before anything is asked; the partner’s own relationships there are listed, other partners said to be the customer’s to see', async () => {
    const unknown = (await say(alex, 'invite unknown-customer.example')).map((a) => a.text).join(' ');
    expect(unknown).toContain('Microsoft knows no organisation with the domain unknown-customer.example');
    const known = (await say(alex, 'contoso.com')).map((a) => a.text ?? '').join(' ');
    expect(known).toContain('its other partners are visible only to the customer');
    expect(known).toMatch(/At Microsoft you have “[^”]+” with this customer \(terminated/);
    await say(alex, 'cancel');
  }, 30_000);

  it('a name Microsoft already has (made outside the bot, with another customer): refused by Microsoft after Send, the partner told in one sentence, nothing made', async () => {
    const adatum = emulator.world.findTenantByDomain('adatum.com').tenantId;
    emulator.world.createRelationship(fabrikamSettings(emulator).tenantId, {
      displayName: 'Made in Partner Center',
      duration: 'P30D',
      customer: { tenantId: adatum },
      accessDetails: { unifiedRoles: [{ roleDefinitionId: DIRECTORY_READERS }] },
    });
    const start = channel.received.length;
    await invite('contoso.com', 'Made in Partner Center');
    const failed = await channel.until(
      () => cardsTo(alex, start).find((c) => c.includes('Nothing was sent for')),
      20_000,
    );
    expect(failed).toContain('Microsoft already has a relationship of yours with that name');
    expect((await relationshipsAtMicrosoft()).filter((r) => r.displayName === 'Made in Partner Center')).toHaveLength(
      1,
    ); // only the one made outside
  }, 60_000);

  it('throttled on every call type (429 with Retry-After): slower, nothing lost — the request is made once and the card reaches the customer', async () => {
    emulator.addFault({ status: 429, retryAfterSeconds: 1, times: 1, eachCallType: true });
    try {
      const start = channel.received.length;
      await invite('contoso.com', 'Throttled request');
      await channel.until(
        () => cardsTo(alex, start).find((c) => c.includes('is at Microsoft') && c.includes('Throttled request')),
        30_000,
      );
      await channel.until(() => cardsTo(megan, start).find((c) => c.includes('Throttled request')), 10_000);
      expect((await relationshipsAtMicrosoft()).filter((r) => r.displayName === 'Throttled request')).toEqual([
        expect.objectContaining({ status: 'approvalPending' }),
      ]);
      expect(emulator.calls.filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(3);
    } finally {
      emulator.clearFaults();
    }
  }, 60_000);

  it('every card sent in graph mode (the links, the delays, the failures, the updates) parses and validates with zero problems', () => {
    const cards = [...channel.received, ...channel.updated]
      .map((a) => a.attachments?.[0]?.content)
      .filter((c) => c !== undefined);
    const texts = cards.map((c) => JSON.stringify(c));
    for (const kind of [
      'is at Microsoft',
      'Microsoft is not answering',
      'Nothing was sent for',
      'Approve in the Microsoft 365 admin center',
    ])
      expect(texts.some((t) => t.includes(kind))).toBe(true);
    for (const card of cards)
      expect({ card: JSON.stringify(card).slice(0, 100), problems: cardProblems(card) }).toEqual({
        card: JSON.stringify(card).slice(0, 100),
        problems: [],
      });
  });
});

describe('connected to Partner Center: day one', () => {
  it("R29 npm start on an empty store needs no seed: the partner comes from Microsoft with PARTNER_ID, no demo organisation is added, and the first pass finds the partner's admin agents; without PARTNER_ID it stops with one sentence", async () => {
    const fresh = join(dir, 'day-one.json');
    const missing = new BotProcess({ DB_FILE: fresh, ...graphEnv({ DEMO_DATA: 'auto' }) });
    await expect(missing.start()).rejects.toThrow(/set PARTNER_ID to Fabrikam IT's Partner ID/);
    const first = new BotProcess({
      DB_FILE: join(dir, 'day-one-2.json'),
      ...graphEnv({ DEMO_DATA: 'auto', PARTNER_ID: '4871203' }),
    });
    await first.start();
    try {
      let db = await first.database();
      for (let n = 0; n < 50 && !Object.values(db.partners)[0]?.users.length; n++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        db = await first.database();
      }
      expect(Object.values(db.partners).map((p) => [p.name, p.mpnId, p.country, p.cloud])).toEqual([
        ['Fabrikam IT', '4871203', 'US', 'commercial'],
      ]);
      // No fictional Contoso standing for a real one: a customer here is only one met through Microsoft.
      expect(db.customers.contoso).toBeUndefined();
      expect(Object.values(db.customers).every((c) => c.countryAssumed === true)).toBe(true);
      // Everyone the partner's notices go to: the members of AdminAgents at Microsoft (Alex among them).
      const users = Object.values(db.partners)[0]!.users;
      expect(users.map((u) => u.id)).toContain(people.fabrikamAdminAgent.userId);
      expect(users.every((u) => u.roles.join() === 'adminAgent')).toBe(true);
    } finally {
      await first.stop();
    }
  }, 60_000);
});

describe('connected to Partner Center: start-up', () => {
  // Not spawnSync: the emulator answering the sign-in runs in this process.
  const start = (env: Record<string, string>) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')],
        {
          cwd: ROOT,
          env: { ...process.env, PORT: '0', STORE: 'file', DB_FILE: join(dir, 'startup.json'), ...env },
          encoding: 'utf8',
          timeout: 30_000,
        },
        (_error, _stdout, stderr) => resolve({ status: child.exitCode, stderr }),
      );
    });

  it.each([
    [
      'a wrong secret',
      { GRAPH_CLIENT_SECRET: 'wrong' },
      /Microsoft refused the app's secret; check GRAPH_CLIENT_SECRET/,
    ],
    [
      'an unknown app',
      { GRAPH_CLIENT_ID: 'no-such-app' },
      /Microsoft knows no app no-such-app in tenant .*; check GRAPH_CLIENT_ID/,
    ],
    [
      'a tenant Microsoft does not know',
      { GRAPH_TENANT_ID: '00000000-0000-4000-8000-00000000ffff' },
      /Microsoft knows no tenant 00000000-0000-4000-8000-00000000ffff; check GRAPH_TENANT_ID/,
    ],
    [
      'an unreachable sign-in service',
      { GRAPH_AUTHORITY_HOST: 'https://127.0.0.1:9' },
      /cannot be reached .*check GRAPH_AUTHORITY_HOST/,
    ],
    [
      'a missing setting',
      { GRAPH_CLIENT_SECRET: '', GRAPH_CLIENT_ID: '' },
      /GRAPH_CLIENT_ID is required when PARTNER_CENTER=graph/,
    ],
  ])(
    '%s stops start-up with one sentence naming the setting, exit 1',
    async (_what, env, sentence) => {
      const run = await start({ ...graphEnv(), ...env });
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(sentence);
    },
    40_000,
  );
});
