import { fileURLToPath } from 'node:url';
import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DatabaseLoadError, LowdbStore } from '../../data/lowdbStore.js';
import { MIGRATIONS } from '../../data/migrations.js';
import { SCHEMA_VERSION } from '../../data/schema.js';
import { createUseCases } from '../../domain/useCases.js';
import { demoSeed, inviteContoso, people, sequentialIds, TestClock } from '../helpers/world.js';

const dirs: string[] = [];
async function tempFile(name = 'db.json'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'store-'));
  dirs.push(dir);
  return join(dir, name);
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const service = (store: LowdbStore) =>
  createUseCases({ uow: store, ctx: { clock: new TestClock().now, ids: sequentialIds(), markets: BUILT_IN_MARKETS } });

describe('opening the db file', () => {
  it('creates a missing file (and its folder) with the demo data, then reopens it as it was left', async () => {
    const file = join(await tempFile(), 'nested', 'db.json');
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    const created = JSON.parse(await readFile(file, 'utf8'));
    expect(created.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.keys(created.partners)).toEqual(['fabrikam', 'northwind', 'tailspin-gov']);
    expect(Object.keys(created.customers)).toEqual(['contoso', 'adatum', 'wingtip', 'relecloud-gov', 'proseware']);
    const invitation = await service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    expect(invitation.ok).toBe(true);

    const reopened = await LowdbStore.open(file, { seed: demoSeed() });
    const data = await reopened.snapshot();
    expect(Object.values(data.invitations).map((i) => i.customerDomain)).toEqual(['contoso.onmicrosoft.com']);
    expect(data.seededAt).toBe(created.seededAt); // seeded on the first start only
  });

  it('uses DB_FILE when no path is given', async () => {
    const file = await tempFile('from-env.json');
    const saved = process.env.DB_FILE;
    process.env.DB_FILE = file;
    try {
      const store = await LowdbStore.open(undefined, { seed: false });
      expect(store.file).toBe(file);
      expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    } finally {
      if (saved === undefined) delete process.env.DB_FILE;
      else process.env.DB_FILE = saved;
    }
  });

  const corrupt: Array<[string, string, RegExp]> = [
    ['truncated JSON', '{"schemaVersion": 1, "partners": {', /not valid JSON/],
    ['an empty file', '', /it is empty/],
    ['no schemaVersion', '{"partners": {}}', /no schemaVersion/],
    ['a newer schemaVersion', JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }), /newer version of the bot/],
    [
      'a record that breaks the schema',
      JSON.stringify({
        schemaVersion: 1,
        partners: { p: { id: 'p' } },
        customers: {},
        invitations: {},
        relationships: {},
        subscriptions: {},
        audit: [],
        outbox: {},
        botState: {},
      }),
      /partners\.p\.name/,
    ],
    [
      'a record under the wrong key',
      JSON.stringify({
        schemaVersion: 1,
        partners: {},
        customers: {},
        invitations: {},
        relationships: {},
        subscriptions: {},
        audit: [],
        outbox: {
          x: {
            id: 'y',
            createdAt: '2026-01-01T00:00:00.000Z',
            kind: 'invitationSent',
            recipient: { kind: 'partner', partnerId: 'p' },
          },
        },
        botState: {},
      }),
      /stored under "x" has id "y"/,
    ],
  ];

  it.each(corrupt)(
    'refuses to start on %s, names the file and the problem, and leaves its bytes alone',
    async (_what, content, problem) => {
      const file = await tempFile();
      await writeFile(file, content);
      const error = await LowdbStore.open(file, { seed: demoSeed() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseLoadError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(problem);
      expect(await readFile(file, 'utf8')).toBe(content);
      expect(await readdir(join(file, '..'))).toEqual(['db.json']);
    },
  );

  it('runs migrations from an older schema version and keeps a backup of the old file', async () => {
    const file = await tempFile();
    const current = await (await LowdbStore.open(await tempFile(), { seed: demoSeed() })).snapshot();
    // A pretend version 0 that called partners "resellers".
    const { partners, ...rest } = current;
    const old = JSON.stringify({ ...rest, schemaVersion: 0, resellers: partners });
    await writeFile(file, old);
    const store = await LowdbStore.open(file, {
      migrations: [
        { from: 0, to: 1, migrate: ({ resellers, ...data }) => ({ ...data, partners: resellers }) },
        ...MIGRATIONS,
      ],
    });
    expect(Object.keys((await store.snapshot()).partners)).toEqual(['fabrikam', 'northwind', 'tailspin-gov']);
    expect(JSON.parse(await readFile(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(await readFile(`${file}.v0.bak`, 'utf8')).toBe(old);
  });

  it('1 → 2: delivered notifications count as planned, references, endpoints and card copies leave the bot state', async () => {
    const file = await tempFile();
    const {
      schemaVersion: _v,
      deliveries: _d,
      contacts: _c,
      endpoints: _e,
      cardCopies: _k,
      ...v1
    } = await (await LowdbStore.open(await tempFile(), { seed: demoSeed() })).snapshot();
    const notification = (id: string, deliveredAt?: string) => ({
      id,
      createdAt: '2026-11-01T00:00:00.000Z',
      kind: 'invitationSent',
      recipient: { kind: 'partner', partnerId: 'fabrikam' },
      ...(deliveredAt ? { deliveredAt } : {}),
    });
    const reference = {
      conversation: { id: 'a:1' },
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      bot: { id: 'b' },
    };
    await writeFile(
      file,
      JSON.stringify({
        ...v1,
        schemaVersion: 1,
        outbox: { n1: notification('n1', '2026-11-02T00:00:00.000Z'), n2: notification('n2') },
        botState: {
          'conversationReferences/t1/u1': { eTag: '1', value: { reference, locale: 'ru' } },
          'tenantEndpoints/t1': {
            eTag: '2',
            value: { serviceUrl: reference.serviceUrl, bot: reference.bot, tenantId: 't1' },
          },
          'invitationCards/inv1': {
            eTag: '3',
            value: { copies: [{ reference, activityId: 'act-1', viewerId: 'u1', locale: 'ru' }] },
          },
          'msteams/conversations/a:1/': { eTag: '4', value: { dialogState: {} } },
        },
      }),
    );
    const data = await (await LowdbStore.open(file)).snapshot();
    expect(data.outbox.n1).toMatchObject({ plannedAt: '2026-11-02T00:00:00.000Z' });
    expect(data.outbox.n2?.plannedAt).toBeUndefined();
    expect(data.contacts['t1/u1']).toMatchObject({
      person: { tenantId: 't1', userId: 'u1' },
      address: reference,
      locale: 'ru',
    });
    expect(data.endpoints.t1).toEqual({ tenantId: 't1', serviceUrl: reference.serviceUrl, bot: reference.bot });
    expect(Object.values(data.cardCopies)).toEqual([
      expect.objectContaining({
        invitationId: 'inv1',
        activityId: 'act-1',
        viewerId: 'u1',
        shared: false,
        address: reference,
      }),
    ]);
    expect(Object.keys(data.botState)).toEqual(['msteams/conversations/a:1/']);
    expect(await readFile(`${file}.v1.bak`, 'utf8')).toContain('conversationReferences/t1/u1');
  });

  it('R13 2 → 3: every relationship and every request gets a name of its own, unique for its partner', async () => {
    const file = await tempFile();
    const { schemaVersion: _v, ...current } = await (
      await LowdbStore.open(await tempFile(), { seed: demoSeed() })
    ).snapshot();
    const unnamed = Object.fromEntries(
      Object.entries(current.relationships).map(([id, { name: _name, ...r }]) => [id, r]),
    );
    const request = (id: string, code: string) => ({
      id,
      code,
      partnerId: 'fabrikam',
      customerDomain: 'contoso.com',
      services: ['azure'],
      roles: [],
      durationDays: null,
      autoExtend: false,
      status: 'pending',
      createdAt: '2026-11-01T00:00:00.000Z',
      createdBy: { tenantId: 't', userId: 'u', name: 'n', organisation: 'o' },
      expiresAt: '2027-01-30T00:00:00.000Z',
      history: [],
    });
    await writeFile(
      file,
      JSON.stringify({
        ...current,
        schemaVersion: 2,
        relationships: { ...unnamed, second: { ...unnamed['rel-northwind-contoso'], id: 'second' } },
        invitations: { a: request('a', 'AAA-001'), b: request('b', 'AAA-002') },
      }),
    );
    const data = await (await LowdbStore.open(file)).snapshot();
    expect(data.relationships['rel-northwind-contoso']?.name).toBe('Northwind Traders – Contoso – 2025-03');
    expect(data.relationships.second?.name).toBe('Northwind Traders – Contoso – 2025-03 2');
    expect([data.invitations.a?.relationshipName, data.invitations.b?.relationshipName]).toEqual([
      'Fabrikam IT – contoso.com – AAA-001',
      'Fabrikam IT – contoso.com – AAA-002',
    ]);
    expect(await readFile(`${file}.v2.bak`, 'utf8')).toContain('"schemaVersion":2');
  });

  it('R22 3 → 4: a file written by the previous version (schema 3) opens; its relationships have no access assigned and its partners no groups yet', async () => {
    const file = await tempFile();
    // Written by commit 0cf56bb (schema 3): the demo data, one invitation sent and approved.
    const written = await readFile(
      fileURLToPath(new URL('./fixtures/written-by-schema-3.json', import.meta.url)),
      'utf8',
    );
    await writeFile(file, written);
    const data = await (await LowdbStore.open(file)).snapshot();
    expect(data.schemaVersion).toBe(SCHEMA_VERSION);
    expect(Object.values(data.relationships).map((r) => [r.id, r.accessAssignments])).toEqual([
      ['rel-northwind-contoso', []],
      ['v3-4', []],
    ]);
    expect(Object.values(data.partners).map((p) => p.securityGroups)).toEqual([[], [], []]);
    expect(data.relationships['v3-4']).toMatchObject({
      name: 'Fabrikam IT – Contoso – Directory 2026-11',
      roles: ['directoryReaders', 'userAdministrator'],
      status: 'active',
    });
    expect(await readFile(`${file}.v3.bak`, 'utf8')).toBe(written);
  });

  it('refuses an older file that no migration covers', async () => {
    const file = await tempFile();
    await writeFile(file, JSON.stringify({ schemaVersion: 0 }));
    await expect(LowdbStore.open(file)).rejects.toThrow(new RegExp(`does not match schema version ${SCHEMA_VERSION}`));
  });
});

describe('units of work', () => {
  it('a unit that throws writes nothing, and the next unit runs', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    const before = await readFile(file, 'utf8');
    await expect(
      store.run(async (repos) => {
        await repos.subscriptions.add({ ...(await repos.subscriptions.get('sub-contoso-m365'))!, id: 'half-written' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await store.snapshot()).subscriptions['half-written']).toBeUndefined();
    expect((await service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso)).ok).toBe(true);
  });

  it('a failed file write rolls back the in-memory data and rejects the unit', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    await rm(join(file, '..'), { recursive: true }); // the temp file can no longer be written
    const result = service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    await expect(result).rejects.toThrow(/db\.json was removed while the bot was running/);
    const data = await store.snapshot();
    expect(data.invitations).toEqual({});
    expect(data.audit).toEqual([]);
  });

  it('what a unit reads is an immutable value: changing it throws and changes nothing stored', async () => {
    const store = LowdbStore.inMemory(demoSeed());
    await expect(
      store.run(async (repos) => {
        (await repos.customers.get('contoso'))!.isCspPartner = true;
      }),
    ).rejects.toThrow(TypeError);
    await expect(
      store.read(async (repos) => {
        (await repos.subscriptions.listByCustomer('contoso'))[0]!.quantity = 0;
      }),
    ).rejects.toThrow(TypeError);
    const data = await store.snapshot();
    expect(data.customers.contoso?.isCspPartner).toBe(false);
    expect(data.subscriptions['sub-contoso-m365']?.quantity).toBe(50);
  });

  it('reseeding puts the demo data back, clears invitations and state, and keeps the audit log', async () => {
    const file = await tempFile();
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    await service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    await store.enqueue((tx) => tx.set('botState', 'k', { eTag: '1', value: { a: 1 } }));
    await store.reseed(demoSeed());
    const reopened = await (await LowdbStore.open(file)).snapshot();
    expect(reopened.invitations).toEqual({});
    expect(reopened.botState).toEqual({});
    expect(Object.keys(reopened.customers)).toHaveLength(5);
    expect(reopened.audit.map((a) => a.action)).toEqual(['createInvitation', 'reseed']);
  });
});
