import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { LowdbStore } from '../../data/lowdbStore.js';
import { PG_MIGRATIONS } from '../../data/postgres/migrations.js';
import { DatabaseUnavailableError, PostgresStore } from '../../data/postgres/postgresStore.js';
import { quoteLiteral } from '../../data/postgres/repositories.js';
import { StorageConflictError } from '../../data/store.js';
import type { TestAdapter } from 'botbuilder';
import { type Activity, type TurnContext } from 'botbuilder';
import { NOTICES } from '../../commands/notices.js';
import { DeliveryWorker } from '../../delivery/deliveryWorker.js';
import { DEFAULT_DELIVERY_POLICY } from '../../domain/delivery/delivery.js';
import type { SendingLimits } from '../../domain/ports.js';
import { createUseCases } from '../../domain/useCases.js';
import { createInvitation } from '../../domain/invitations/invitations.js';
import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { BotProcess, LoopbackChannel, teamsMessage } from '../helpers/channel.js';
import { startTestPostgres } from '../helpers/postgresServer.js';
import { member, party, proactiveSender } from '../helpers/party.js';
import { demoSeed, inviteContoso, people, sequentialIds, TestClock, type World } from '../helpers/world.js';

// What only PostgreSQL has: several instances on one database, its migrations, its connection.
const DATABASE_URL = process.env.TEST_DATABASE_URL!;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
});
let n = 0;
/** R26's limits out of the way: these tests make many requests of one user to one customer on purpose. */
const LOOSE = { invitationsPerHour: 1000, pendingPerCustomer: 1000 };
const randomContext = (clock: TestClock, limits: Partial<SendingLimits> = LOOSE) => ({
  clock: clock.now,
  limits,
  ids: {
    newId: () => Math.random().toString(36).slice(2),
    newCode: () => `ABC-${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`,
  },
  markets: BUILT_IN_MARKETS,
});
/** A service whose ids and codes are random: instances writing at once never make the same one. */
const randomService = (store: PostgresStore, clock: TestClock, limits?: Partial<SendingLimits>) =>
  createUseCases({ uow: store, ctx: randomContext(clock, limits) });
/** Two instances on one new schema (the first seeds it), each a test world with random ids, one clock. */
async function twoInstances(): Promise<[World, World]> {
  const schema = schemaName();
  const clock = new TestClock();
  const world = (store: PostgresStore): World => {
    const ctx = randomContext(clock);
    return { store, clock, ctx, service: createUseCases({ uow: store, ctx }) };
  };
  return [world(await open(schema)), world(await open(schema, { seed: false }))];
}
const isCard = (activity: Partial<Activity>) =>
  activity.attachments?.some((x) => x.contentType === 'application/vnd.microsoft.card.adaptive') === true;
const schemaName = () => `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}_${++n}`;
async function open(schema: string, seed: Parameters<typeof PostgresStore.open>[1] = {}) {
  const store = await PostgresStore.open(DATABASE_URL, { schema, poolSize: 5, ...seed });
  stores.push(store);
  return store;
}

describe('PostgreSQL', () => {
  it('botbuilder Storage: eTags as MemoryStorage, a batch with a conflict writes nothing', async () => {
    const { storage } = await open(schemaName());
    await storage.write({ a: { n: 1 } });
    const read = await storage.read(['a']);
    const eTag = (read.a as { eTag: string }).eTag;
    await storage.write({ a: { n: 2, eTag } });
    await expect(storage.write({ b: { n: 1 }, a: { n: 3, eTag } })).rejects.toBeInstanceOf(StorageConflictError);
    expect(await storage.read(['a', 'b'])).toEqual({ a: expect.objectContaining({ n: 2 }) });
    await storage.write({ a: { n: 4, eTag: '*' } });
    expect((await storage.read(['a'])).a).toMatchObject({ n: 4 });
    await storage.delete(['a']);
    expect(await storage.read(['a'])).toEqual({});
  });

  it('a migration that fails is undone and leaves the schema as it was; a newer schema is refused', async () => {
    const schema = schemaName();
    const store = await open(schema);
    const latest = Math.max(...PG_MIGRATIONS.map((m) => m.version));
    const broken = [
      ...PG_MIGRATIONS,
      {
        version: latest + 1,
        description: 'a broken one',
        sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();',
      },
    ];
    const error = await PostgresStore.open(DATABASE_URL, { schema, migrations: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(
      /^Cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/postgres: migration \d+ \(a broken one\) failed and was undone: function no_such_function\(\) does not exist\.$/,
    );
    expect(await store.query(`SELECT to_regclass('${schema}.half_done') AS t`)).toEqual([{ t: null }]);
    expect(await store.query(`SELECT max(version) AS v FROM ${schema}.schema_migrations`)).toEqual([{ v: latest }]);
    await store.query(`INSERT INTO ${schema}.schema_migrations (version, description) VALUES (99, 'from the future')`);
    await expect(PostgresStore.open(DATABASE_URL, { schema })).rejects.toThrow(
      `its schema is version 99, newer than this bot knows (${latest}); run the newer bot`,
    );
  });

  it('unreachable at start-up: one sentence naming the host and the problem, and the bot exits 1', async () => {
    const bad = 'postgres://bot:secret@127.0.0.1:1/bot';
    await expect(PostgresStore.open(bad)).rejects.toThrow(
      'Cannot use the PostgreSQL database at 127.0.0.1:1/bot: the connection was refused: is PostgreSQL running there (ECONNREFUSED).',
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')], {
      env: { ...process.env, STORE: 'postgres', DATABASE_URL: bad, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Cannot use the PostgreSQL database at 127.0.0.1:1/bot: the connection was refused: is PostgreSQL running there (ECONNREFUSED).',
    );
    expect(run.stderr).not.toContain('secret');
  }, 40_000);

  it('R11 two instances on one database: 200 concurrent approve / decline give one decision, one relationship, one partner notification', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const service = (store: PostgresStore) =>
      createUseCases({
        uow: store,
        ctx: {
          clock: clock.now,
          ids: { newId: () => `${Math.random().toString(36).slice(2)}`, newCode: sequentialIds().newCode },
          markets: BUILT_IN_MARKETS,
        },
      });
    const [a, b] = [service(one), service(two)];
    const sent = await a.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? a : b).invitations.decide(people.contosoAdmin, {
          invitationId: sent.value.id,
          decision: i % 3 ? 'approve' : 'decline',
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.refusal.code)))).toEqual(
      new Set(['alreadyDecided']),
    );
    const data = await one.snapshot();
    const decided = data.invitations[sent.value.id]!;
    expect(Object.values(data.relationships).filter((r) => r.partnerId === 'fabrikam')).toHaveLength(
      decided.status === 'approved' ? 1 : 0,
    );
    expect(
      Object.values(data.outbox).filter(
        (o) => o.invitationId === sent.value.id && (o.kind === 'invitationApproved' || o.kind === 'invitationDeclined'),
      ),
    ).toHaveLength(1);
  }, 60_000);

  it('two instances claiming due deliveries at once never take the same one (FOR UPDATE SKIP LOCKED)', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const service = (store: PostgresStore) => randomService(store, clock);
    const [a, b] = [service(one), service(two)];
    for (const domain of ['contoso.com', 'adatum.com', 'wingtiptoys.onmicrosoft.com'])
      await a.invitations
        .create(people.fabrikamAdminAgent, { ...inviteContoso, customerDomain: domain })
        .catch(() => undefined);
    while ((await a.deliveries.plan(50)) > 0);
    const due = Object.values((await one.snapshot()).deliveries).length;
    expect(due).toBeGreaterThan(0);
    const claims = await Promise.all([a, b, a, b].map((s) => s.deliveries.claimDue(DEFAULT_DELIVERY_POLICY, 50)));
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(due);
  });

  it('R13 two instances, one partner, eight requests at once under one relationship name: exactly one is made, the others are told the name is taken', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const service = (store: PostgresStore) => randomService(store, clock);
    const [a, b] = [service(one), service(two)];
    const roleSets = [
      'Directory Readers',
      'Global Reader',
      'Service Support Administrator',
      'Helpdesk Administrator',
      'License Administrator',
      'User Administrator',
      'Exchange Administrator',
      'Teams Administrator',
    ];
    const results = await Promise.all(
      roleSets.map((role, i) =>
        (i % 2 ? a : b).invitations.create(people.fabrikamAdminAgent, {
          ...inviteContoso,
          roles: [role],
          relationshipName: 'Fabrikam – Contoso (shared)',
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.refusal.code))).toEqual(
      Array(7).fill('relationshipNameTaken'),
    );
    expect(
      Object.values((await one.snapshot()).invitations).filter(
        (i) => i.relationshipName === 'Fabrikam – Contoso (shared)',
      ),
    ).toHaveLength(1);
  }, 60_000);

  it("a partner or customer changed by another instance (or another unit) is never overwritten from an instance's stale directory: the save finds the change and the unit runs again on fresh data", async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    // Both instances hold the directory now; the second changes Contoso and Fabrikam.
    await two.run(async (r) => {
      const contoso = (await r.customers.get('contoso'))!;
      await r.customers.save({ ...contoso, name: `${contoso.name} one` });
      const fabrikam = (await r.partners.get('fabrikam'))!;
      await r.partners.save({
        ...fabrikam,
        securityGroups: [...fabrikam.securityGroups, { id: 'g-one', name: 'One' }],
      });
    });
    // The first, whose directory predates that change, reads and writes them too.
    await one.run(async (r) => {
      const contoso = (await r.customers.get('contoso'))!;
      await r.customers.save({ ...contoso, name: `${contoso.name} two` });
      const fabrikam = (await r.partners.get('fabrikam'))!;
      await r.partners.save({
        ...fabrikam,
        securityGroups: [...fabrikam.securityGroups, { id: 'g-two', name: 'Two' }],
      });
    });
    const contoso = await one.read((r) => r.customers.get('contoso'));
    expect(contoso?.name).toBe('Contoso one two');
    const groups = (await one.read((r) => r.partners.get('fabrikam')))?.securityGroups.map((g) => g.id) ?? [];
    expect(groups.slice(-2)).toEqual(['g-one', 'g-two']);
    expect(one.conflictRetries).toBeGreaterThan(0);
  });

  it('the sweeper runs on one instance at a time: while one holds "sweep", the other skips it; afterwards it runs', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    let release: () => void = () => undefined;
    const holding = one.alone('sweep', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await two.alone('sweep', async () => 'second')).toBeUndefined();
    expect(await two.alone('something else', async () => 'other')).toBe('other');
    release();
    expect(await holding).toBe('first');
    expect(await two.alone('sweep', async () => 'second')).toBe('second');
  });

  it('npm run move-to-postgres copies an embedded file into an empty database, and refuses a database that has data', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'move-'));
    try {
      const file = join(dir, 'db.json');
      const lowdb = await LowdbStore.open(file, { seed: demoSeed() });
      const service = createUseCases({
        uow: lowdb,
        ctx: {
          clock: new TestClock().now,
          ids: sequentialIds(),
          markets: BUILT_IN_MARKETS,
        },
      });
      const sent = await service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
      if (!sent.ok) throw new Error(sent.refusal.code);
      await lowdb.storage.write({ 'msteams/conversations/a:1/': { dialogState: { x: 1 } } });
      await lowdb.close();
      const schema = schemaName();
      const move = () =>
        spawnSync(
          process.execPath,
          [
            '--disable-warning=DEP0111',
            '--import',
            pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
            join(ROOT, 'bot', 'moveToPostgres.ts'),
          ],
          {
            cwd: dir,
            env: { ...process.env, DB_FILE: file, DATABASE_URL, DATABASE_SCHEMA: schema },
            encoding: 'utf8',
            timeout: 30_000,
          },
        );
      const moved = move();
      expect(moved.stderr).toBe('');
      expect(moved.stdout).toMatch(
        /^Moved .*db\.json into postgres:\/\/127\.0\.0\.1:\d+\/postgres: 1 invitations, 1 relationships, \d+ audit entries, 1 conversation states\. Start the bot with STORE=postgres\.\n$/,
      );
      const target = await open(schema, { seed: false });
      const copied = await target.snapshot();
      const original = await (await LowdbStore.open(file)).snapshot();
      expect({ ...copied, schemaVersion: 0 }).toEqual({ ...original, schemaVersion: 0 });
      const again = move();
      expect(again.status).toBe(1);
      expect(again.stderr).toContain(
        'Nothing was moved: the PostgreSQL database already holds invitations, relationships or an audit log; import only into an empty one',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

it("PostgreSQL stopped while a connection is checked out and idle (the sweeper's lock held while it works): the error is heard, the connection dropped, the next unit gets a new one", async () => {
  const server = await startTestPostgres(); // a server of its own: this test stops it
  const store = await PostgresStore.open(server.url, { poolSize: 2 });
  const heard: unknown[] = [];
  const listener = (error: unknown) => heard.push(error);
  process.on('uncaughtException', listener);
  try {
    // The lock's connection sits idle while `work` runs; stopping the server breaks it then.
    const done = await store
      .alone('sweep', async () => {
        await server.pause();
        await new Promise((resolve) => setTimeout(resolve, 300));
        return 'worked';
      })
      .catch((error: Error) => error.message);
    expect(typeof done).toBe('string');
    expect(heard).toEqual([]);
    await server.resume();
    expect(await store.alone('sweep', async () => 'again')).toBe('again');
  } finally {
    process.off('uncaughtException', listener);
    await store.close();
    await server.stop();
  }
}, 60_000);

it('PostgreSQL lost while running: /readyz says 503 and a turn gets the one-sentence apology; when it is back the bot recovers by itself', async () => {
  const server = await startTestPostgres(); // a server of its own: this test stops it
  const dir = await mkdtemp(join(tmpdir(), 'lost-'));
  const channel = new LoopbackChannel();
  await channel.start();
  const bot = new BotProcess({ STORE: 'postgres', DATABASE_URL: server.url, DB_FILE: join(dir, 'unused.json') });
  try {
    await bot.start();
    const ready = async () => (await fetch(`http://127.0.0.1:${bot.port}/readyz`)).status;
    const say = async (text: string) => {
      const before = channel.received.length;
      const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          teamsMessage(channel, { identity: people.fabrikamAdminAgent, conversationId: 'a:alex' }, { text }),
        ),
      });
      await channel.until(() => channel.received.length > before);
      return { status: response.status, texts: channel.received.slice(before).map((a) => a.text) };
    };
    expect(await ready()).toBe(200);
    expect((await say('help')).texts.join(' ')).toContain('You are Alex Wilber');
    await server.pause();
    expect(await ready()).toBe(503);
    expect((await say('help')).texts).toContain(
      'Sorry, something went wrong on my side. Please try again in a moment.',
    );
    await server.resume();
    for (let i = 0; i < 50 && (await ready()) !== 200; i++) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ready()).toBe(200);
    expect((await say('help')).texts.join(' ')).toContain('You are Alex Wilber');
  } finally {
    await bot.stop();
    await channel.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}, 90_000);

describe("a unit of work on PostgreSQL: as few round trips as it can, a partner's requests side by side, holding their customer and names", () => {
  /**
   * Counts the messages sent to PostgreSQL (one `query` call is one round trip), and keeps their texts, until stopped.
   */
  const roundTrips = () => {
    const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = prototype.query;
    let count = 0;
    const texts: string[] = [];
    prototype.query = function (this: unknown, ...args: unknown[]) {
      count++;
      if (typeof args[0] === 'string') texts.push(args[0]);
      return query.apply(this, args);
    };
    return {
      get count() {
        return count;
      },
      texts,
      stop: () => void (prototype.query = query),
    };
  };

  it('writes are held and go with the next read or with COMMIT; reads asked together go together; a read sees what the unit wrote; values with quotes, backslashes and any text arrive intact', async () => {
    const store = await open(schemaName());
    const text = `O'Brien \\ "quoted" ; DROP TABLE invitations; -- $1 \n\t ünïcödé 😀 ' '' \\'`;
    expect((store as unknown as { pool: { Client: unknown } }).pool.Client).toBe(pg.Client);
    const trips = roundTrips();
    const seen = await store.run(async (r) => {
      await r.audit.append({
        id: 'a1',
        at: '2026-11-27T00:00:00.000Z',
        tenantId: 't',
        userId: 'u',
        action: text,
        objectType: 'invitation',
        objectId: 'x',
        outcome: 'allowed',
      });
      const [partner, relationships, nothing] = await Promise.all([
        r.partners.get('fabrikam'),
        r.relationships.list({}),
        r.invitations.findByCode("X'Y-001"),
      ]);
      const contact = {
        person: { tenantId: 't', userId: 'u' },
        channelId: 'msteams',
        conversationId: text,
        serviceUrl: 'https://example.test/',
        updatedAt: '2026-11-27T00:00:00.000Z',
      };
      await r.contacts.save(contact as never);
      const back = await r.contacts.get({ tenantId: 't', userId: 'u' });
      const byDomain = await r.invitations.list({
        partnerId: 'fabrikam',
        status: 'pending',
        domains: ["a'b.example", 'c\\d.example'],
      });
      await r.outbox.remove('no such notification');
      return { partner: partner?.id, relationships: relationships.length, nothing, back, byDomain: byDomain.length };
    });
    trips.stop();
    // BEGIN + the audit entry + three reads; the contact + its read; the domain filter; the removal + COMMIT.
    expect(trips.count).toBe(4);
    expect(seen).toMatchObject({
      partner: 'fabrikam',
      nothing: undefined,
      back: { conversationId: text },
      byDomain: 0,
    });
    expect(seen.relationships).toBeGreaterThan(0);
    const data = await store.snapshot();
    expect(data.audit.find((e) => e.id === 'a1')?.action).toBe(text);
    expect(Object.values(data.contacts).find((c) => c.person.userId === 'u')).toMatchObject({ conversationId: text });
  });

  it('botbuilder Storage: reads asked for together (a turn loads its conversation and user state at once) are one query; readers of the same key get values of their own', async () => {
    const { storage } = await open(schemaName());
    await storage.write({ conversation: { dialog: { step: 1 } }, user: { profile: { locale: 'ru' } } });
    const trips = roundTrips();
    const [a, b, again] = await Promise.all([
      storage.read(['conversation']),
      storage.read(['user', 'missing']),
      storage.read(['conversation']),
    ]);
    trips.stop();
    expect(trips.count).toBe(1);
    expect(a).toEqual({ conversation: expect.objectContaining({ dialog: { step: 1 } }) });
    expect(b).toEqual({ user: expect.objectContaining({ profile: { locale: 'ru' } }) });
    (a.conversation as { dialog: { step: number } }).dialog.step = 2;
    expect((again.conversation as { dialog: { step: number } }).dialog.step).toBe(1);
    // Keys are written into the query: any text is read back as its own key.
    const odd = [
      "msteams/conversations/a:1'; DROP TABLE bot_state; --",
      'emulator/users/back\\slash',
      'Пользователь 😀',
    ];
    await storage.write(Object.fromEntries(odd.map((key, n) => [key, { n }])));
    const read = await storage.read([...odd, 'conversation']);
    expect(Object.keys(read).sort()).toEqual([...odd, 'conversation'].sort());
    expect(odd.map((key) => (read[key] as { n: number }).n)).toEqual([0, 1, 2]);
  });

  it('botbuilder Storage: its read and its write of one item are statements each connection prepares once', async () => {
    const store = await PostgresStore.open(DATABASE_URL, { schema: schemaName(), poolSize: 1 });
    stores.push(store);
    const { storage } = store;
    await storage.write({ 'msteams/conversations/a': { step: 1 } });
    const [first] = [await storage.read(['msteams/conversations/a'])];
    await storage.write({ 'msteams/conversations/a': { ...first['msteams/conversations/a'], step: 2 } });
    expect(await storage.read(['msteams/conversations/a', 'missing'])).toEqual({
      'msteams/conversations/a': expect.objectContaining({ step: 2 }),
    });
    const prepared = await store.query(
      "SELECT name FROM pg_prepared_statements WHERE name LIKE 'bot\\_state\\_%' ORDER BY name",
    );
    expect(prepared.map((row) => row.name)).toEqual(['bot_state_read', 'bot_state_write']);
  });

  it("a partner's invitations are read a page at a time, newest first: the page's rows and the count in one round trip, through migration 5's index", async () => {
    const store = await open(schemaName());
    const at = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
    await store.run(async (r) => {
      for (let n = 0; n < 30; n++) {
        const code = `PGS-${String(n).padStart(3, '0')}`;
        await r.invitations.save({
          id: `inv-page-${n}`,
          code,
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
    const trips = roundTrips();
    const page = await store.read((r) => r.invitations.newestFirst({ partnerId: 'fabrikam', offset: 5, limit: 5 }));
    trips.stop();
    expect(trips.count).toBe(1);
    expect(page.total).toBe(30);
    expect(page.items.map((i) => i.code)).toEqual(['PGS-024', 'PGS-023', 'PGS-022', 'PGS-021', 'PGS-020']);
    // Still pending at the time the first 21 have expired (0 … 20): of 21 … 29, the pending ones.
    const pending = await store.read((r) =>
      r.invitations.newestFirst({ partnerId: 'fabrikam', pendingAt: at(20 + 2160), offset: 0, limit: 50 }),
    );
    expect(pending.items.map((i) => i.code)).toEqual(['PGS-027', 'PGS-024', 'PGS-021']);
    expect(pending.total).toBe(3);
    const plan = await store.query(
      "EXPLAIN SELECT data FROM invitations WHERE partner_id = 'fabrikam' ORDER BY data->>'createdAt' DESC, code DESC LIMIT 5 OFFSET 5",
    );
    expect(plan.map((row) => String(row['QUERY PLAN'])).join('\n')).toContain('invitations_partner_newest');
  });

  it("a page of a partner's active relationships with its customers' names: one round trip, in migration 6's collation (ICU's root here)", async () => {
    const store = await open(schemaName());
    await store.run(async (r) => {
      for (const customerId of ['wingtip', 'contoso', 'adatum']) {
        await r.relationships.save({
          id: `rel-fabrikam-${customerId}`,
          name: `Fabrikam ${customerId}`,
          partnerId: 'fabrikam',
          customerId,
          roles: [],
          startedAt: '2026-11-01T00:00:00.000Z',
          endsAt: null,
          autoExtend: false,
          status: 'active',
          invitationIds: [],
          accessAssignments: [],
          history: [],
        });
      }
    });
    const trips = roundTrips();
    const page = await store.read((r) => r.relationships.activePage({ partnerId: 'fabrikam', offset: 0, limit: 2 }));
    trips.stop();
    expect(trips.count).toBe(1);
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.items.map((item) => item.customer.name)).toEqual(
      page.items.map((item) => item.customer.name).sort(new Intl.Collator('und').compare),
    );
    const [collation] = await store.query("SELECT collprovider FROM pg_collation WHERE collname = 'names'");
    expect(collation).toEqual({ collprovider: 'i' });
  });

  it('a read on committed data asks for what it needs together: one round trip, nothing held', async () => {
    const store = await open(schemaName());
    const trips = roundTrips();
    const [partner, relationships, contact] = await store.read((r) =>
      Promise.all([
        r.partners.findByTenant(people.fabrikamAdminAgent.tenantId),
        r.relationships.list({}),
        r.contacts.get({ tenantId: 't', userId: 'nobody' }),
      ]),
    );
    trips.stop();
    expect(trips.count).toBe(1);
    expect(partner?.id).toBe('fabrikam');
    expect(relationships.length).toBeGreaterThan(0);
    expect(contact).toBeUndefined();
    await expect(
      store.read((r) =>
        r.audit.append({
          id: 'x',
          at: '2026-11-27T00:00:00.000Z',
          tenantId: 't',
          userId: 'u',
          action: 'x',
          objectType: 'invitation',
          objectId: 'x',
          outcome: 'allowed',
        }),
      ),
    ).rejects.toThrow();
  });

  it("describing an invitation for its card: the invitation, then its customer's partners and every user's Teams id together — two round trips however many users", async () => {
    const seed = demoSeed();
    const contoso = seed.customers.find((c) => c.id === 'contoso')!;
    for (let n = 0; n < 30; n++)
      contoso.users.push({
        id: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        name: `User ${n}`,
        email: `user${n}@contoso.com`,
        role: 'user',
      });
    const store = await open(schemaName(), { seed });
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
    const trips = roundTrips();
    const details = await service.invitations.describe(sent.value.id);
    trips.stop();
    expect(trips.count).toBe(2);
    expect(details?.existingPartners.map((p) => p.name)).toEqual(['Northwind Traders']);
  });

  it("reads begun together by different callers (the delivery worker's attempts, a card's parts) share one connection and go as one round trip", async () => {
    const store = await open(schemaName());
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
    const notification = Object.values((await store.snapshot()).outbox).find((o) => o.invitationId === sent.value.id)!;
    const trips = roundTrips();
    const [again, same, contact, copies, backlog] = await Promise.all([
      service.deliveries.notification(notification.id),
      service.deliveries.notification(notification.id),
      service.people.contactOf(people.contosoAdmin),
      service.deliveries.cardCopies(sent.value.id),
      service.deliveries.workWaiting(),
    ]);
    trips.stop();
    expect(trips.count).toBe(1);
    expect(again).toEqual(notification);
    expect(same).toEqual(notification);
    expect(contact).toBeUndefined();
    expect(copies).toEqual([]);
    expect(backlog).toEqual({ toPlan: true, due: false });
    // A read begun in a later turn of the event loop opens a session of its own, and gets its answer.
    const later = new Promise((resolve) => setImmediate(resolve)).then(() =>
      service.deliveries.notification(notification.id),
    );
    await expect(Promise.all([service.deliveries.notification('none'), later])).resolves.toEqual([
      undefined,
      notification,
    ]);
  });

  it("a person's unchanged contact is not looked up on every turn: a changed one is written at once, an unchanged one looked at again after a minute", async () => {
    const store = await open(schemaName());
    let now = Date.parse('2026-11-27T09:00:00.000Z');
    const service = createUseCases({
      uow: store,
      ctx: {
        clock: () => new Date(now),
        ids: sequentialIds(),
        markets: BUILT_IN_MARKETS,
      },
    });
    const contact = {
      person: people.contosoAdmin,
      channelUserId: '29:megan',
      address: { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' },
      locale: 'en-US',
    };
    const tripsOf = async (work: () => Promise<unknown>) => {
      const trips = roundTrips();
      await work();
      trips.stop();
      return trips.count;
    };
    expect(await tripsOf(() => service.people.rememberContact(contact))).toBe(2); // looked up, then written
    expect(await tripsOf(() => service.people.rememberContact(contact))).toBe(0);
    expect(await tripsOf(() => service.people.rememberContact({ ...contact, locale: 'ru-RU' }))).toBe(2);
    expect((await service.people.contactOf(people.contosoAdmin))?.locale).toBe('ru-RU');
    now += 61_000;
    expect(await tripsOf(() => service.people.rememberContact({ ...contact, locale: 'ru-RU' }))).toBe(1); // looked up, nothing to write
    // Another instance does not know what this one confirmed: it looks.
    const other = createUseCases({
      uow: await open(store.schema!, { seed: false }),
      ctx: {
        clock: () => new Date(now),
        ids: sequentialIds(),
        markets: BUILT_IN_MARKETS,
      },
    });
    expect(await tripsOf(() => other.people.rememberContact({ ...contact, locale: 'ru-RU' }))).toBe(1);
  });

  it.each(['worker', 'turn'] as const)(
    "R10 exactly one invitation card to its administrator when one instance's worker and her own turn on another send it at the same moment (%s first): the send is claimed in the store",
    async (first) => {
      const [one, two] = await twoInstances();
      const megan = member(people.contosoAdmin);
      const holder: { adapter?: TestAdapter } = {};
      const proactive = proactiveSender(holder);
      const held = { once: true };
      let other: () => Promise<unknown> = async () => undefined;
      // Instance one's worker: when first, its send waits until her turn on instance two has ended.
      const a = party(one, {
        send: async (reference, logic) => {
          if (first === 'worker' && held.once) {
            held.once = false;
            await other();
          }
          return proactive(reference, logic);
        },
      });
      holder.adapter = a.adapter;
      // Instance two: when her turn is first, its card waits until instance one's worker has done its round.
      const b = party(two, {
        beforeReply: async (activities) => {
          if (first === 'turn' && held.once && activities.some((x) => x.attachments?.length)) {
            held.once = false;
            await other();
          }
        },
      });
      await b.send(megan, 'help'); // she has talked to the bot: the worker can reach her
      const sent = await one.service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
      if (!sent.ok) throw new Error(sent.refusal.code);
      const cards: Array<Partial<Activity>> = [];
      const turn = () => b.send(megan, 'hello').then((replies) => cards.push(...replies.filter(isCard)));
      const worker = () => a.deliver();
      other = first === 'worker' ? turn : worker;
      await (first === 'worker' ? worker() : turn());
      cards.push(...a.adapter.activeQueue.splice(0).filter(isCard));
      expect(cards.map((card) => card.conversation?.id)).toEqual([megan.conversationId]);
      const copies = await one.service.deliveries.cardCopies(sent.value.id);
      expect(copies.map((c) => [c.viewerId, c.activityId !== ''])).toEqual([[people.contosoAdmin.userId, true]]);
      // Nothing more later: neither instance's worker nor her next turn sends it again.
      cards.push(...(await b.send(megan, 'hello again')).filter(isCard));
      await a.deliver();
      cards.push(...a.adapter.activeQueue.splice(0).filter(isCard));
      expect(cards.map((card) => card.conversation?.id)).toEqual([megan.conversationId]);
    },
  );

  it('R13 invite dialogs on two instances at once are proposed different names: the name is held in the shared state storage', async () => {
    const [one, two] = await twoInstances();
    const [a, b] = [party(one, { storage: one.store.storage }), party(two, { storage: two.store.storage })];
    const alex = member(people.fabrikamAdminAgent);
    const chats = [
      { p: a, chat: alex, roles: 'Directory Readers' },
      { p: b, chat: { ...alex, conversationId: 'other device' }, roles: 'Directory Readers, Global Reader' },
    ];
    const proposed: string[] = [];
    for (const answer of ['invite adatum.com', 'Azure', 'roles', '30', 'no', 'skip', 'skip'])
      for (const { p, chat, roles } of chats) {
        const replies = await p.send(chat, answer === 'roles' ? roles : answer);
        const name = /named “([^”]+)”/.exec(replies.at(-1)?.text ?? '')?.[1];
        if (name) proposed.push(name);
      }
    expect(proposed).toHaveLength(2);
    expect(proposed[0]).not.toBe(proposed[1]);
  });

  it('a worker that plans takes a batch of the new deliveries in the same unit; the rest are due for any instance, and none is taken twice', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const [a, b] = [randomService(one, clock), randomService(two, clock)];
    const sent = [];
    for (const domain of ['contoso.com', 'adatum.com', 'wingtiptoys.onmicrosoft.com'])
      sent.push(await a.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, customerDomain: domain }));
    expect(sent.filter((r) => r.ok).length).toBeGreaterThanOrEqual(2);
    const planning = await a.deliveries.planAndTake(DEFAULT_DELIVERY_POLICY, 50, 1);
    expect(planning.planned).toBe(sent.filter((r) => r.ok).length);
    expect(planning.taken).toHaveLength(1);
    expect(planning.left).toBeGreaterThan(0);
    for (const { delivery, notification } of planning.taken) {
      expect(delivery).toMatchObject({ claims: 1, status: 'pending', notificationId: notification.id });
      expect(Date.parse(delivery.nextAttemptAt) - clock.now().getTime()).toBe(
        DEFAULT_DELIVERY_POLICY.leaseSeconds * 1000,
      );
    }
    const claimed = await b.deliveries.claimDue(DEFAULT_DELIVERY_POLICY, 50);
    expect(claimed).toHaveLength(planning.left);
    const takenIds = new Set(planning.taken.map((t) => t.delivery.id));
    expect(claimed.filter((d) => takenIds.has(d.id))).toEqual([]);
    expect(await a.deliveries.claimDue(DEFAULT_DELIVERY_POLICY, 50)).toEqual([]);
  });

  it("delivering a new invitation card: one look for work, planning and taking in one unit, the card's parts asked together, the send claimed, the outcome recorded — ten round trips", async () => {
    const store = await open(schemaName());
    const service = createUseCases({
      uow: store,
      ctx: {
        clock: new TestClock().now,
        ids: sequentialIds(),
        markets: BUILT_IN_MARKETS,
      },
    });
    await service.people.rememberContact({
      person: people.contosoAdmin,
      address: { conversation: { id: 'a:megan' }, serviceUrl: 'https://smba.example/' },
      locale: 'en-US',
    });
    const sent = await service.invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const cards: unknown[] = [];
    const channel = {
      send: async (_address: unknown, logic: (context: TurnContext) => Promise<void>) =>
        logic({
          sendActivity: async (activity: unknown) => (cards.push(activity), { id: `activity-${cards.length}` }),
        } as unknown as TurnContext),
    };
    const worker = new DeliveryWorker(service, NOTICES, channel, { warn: () => undefined });
    const trips = roundTrips();
    const attempts = await worker.round();
    trips.stop();
    expect(attempts).toBe(1);
    expect(cards).toHaveLength(1);
    // look (1); plan and take: the notifications, their recipients and card copies, the writes (3);
    // the card: the invitation, copies and contact, then its customer's partners (2); the claim (2); record (2).
    expect(trips.count).toBe(10);
    expect(await service.deliveries.cardCopies(sent.value.id)).toEqual([
      expect.objectContaining({ viewerId: people.contosoAdmin.userId, activityId: 'activity-1' }),
    ]);
  });

  it("R1 R11 a decision and the card that answers it: two round trips (the invitation with its customer's side, where the language its administrator chose is, then the writes with the commit), the card the same as one read afterwards", async () => {
    const store = await open(schemaName());
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
    await service.people.rememberContact({
      person: people.contosoAdmin,
      address: { conversation: { id: 'a:megan' } },
      locale: 'ru',
      chosenLocale: 'ru',
    });
    const trips = roundTrips();
    const { result, details, chosenLanguage } = await service.invitations.decideAndDescribe(
      people.contosoAdmin,
      { invitationId: sent.value.id, decision: 'approve' },
      { withLanguage: true },
    );
    trips.stop();
    expect(trips.count).toBe(2);
    // The administrator's contact is read once: with their organisation's, not again for the language.
    const adminKey = `'${people.contosoAdmin.tenantId}/${people.contosoAdmin.userId}'`;
    expect(trips.texts[0]!.split(adminKey).length - 1).toBe(1);
    expect(chosenLanguage).toBe('ru');
    expect(result.ok).toBe(true);
    expect(details?.invitation).toMatchObject({ id: sent.value.id, status: 'approved' });
    // The customer's other partners and the refresh list, read before the decision, are what they are after it.
    expect(details?.existingPartners.length).toBeGreaterThan(0);
    expect(details).toEqual(await service.invitations.describe(sent.value.id));
  });

  it("a held write's text is quoted exactly as pg quotes it, and comes back as it was written", async () => {
    const texts = [
      '',
      'plain',
      "O'Brien",
      "''",
      'back\\slash',
      "\\'",
      'a\\\\b',
      '{"note":"it\'s \\"quoted\\" \\\\ here"}',
      'Заказчик – 顧客 😀',
      'line\nbreak\ttab',
    ];
    for (const text of texts) expect(quoteLiteral(text)).toBe(pg.escapeLiteral(text));
    const store = await open(schemaName());
    await store.run(async (r) => {
      for (const [k, text] of texts.entries())
        await r.audit.append({
          id: `quoted-${k}`,
          at: '2026-11-27T00:00:00.000Z',
          tenantId: 't',
          userId: 'u',
          action: text,
          objectType: 'invitation',
          objectId: 'x',
          outcome: 'allowed',
        });
    });
    const stored = (await store.snapshot()).audit.filter((e) => e.id.startsWith('quoted-'));
    expect(stored.map((e) => e.action)).toEqual(texts);
  });

  it('a held write that PostgreSQL refuses undoes the whole unit: nothing half-written', async () => {
    const store = await open(schemaName());
    const unit = store.run(async (r) => {
      await r.audit.append({
        id: 'first',
        at: '2026-11-27T00:00:00.000Z',
        tenantId: 't',
        userId: 'u',
        action: 'first',
        objectType: 'invitation',
        objectId: 'x',
        outcome: 'allowed',
      });
      // jsonb refuses a NUL character: the statement fails when the unit commits.
      await r.audit.append({
        id: 'second',
        at: '2026-11-27T00:00:00.000Z',
        tenantId: 't',
        userId: 'u',
        action: 'nul \u0000 here',
        objectType: 'invitation',
        objectId: 'x',
        outcome: 'allowed',
      });
    });
    await expect(unit).rejects.toMatchObject({ code: '22P05' });
    expect((await store.snapshot()).audit.filter((e) => e.id === 'first' || e.id === 'second')).toEqual([]);
    // The connection is usable again: the next unit commits.
    await store.run((r) =>
      r.audit.append({
        id: 'third',
        at: '2026-11-27T00:00:00.000Z',
        tenantId: 't',
        userId: 'u',
        action: 'third',
        objectType: 'invitation',
        objectId: 'x',
        outcome: 'allowed',
      }),
    );
    expect((await store.snapshot()).audit.map((e) => e.id)).toContain('third');
  });

  it('a statement is parsed and planned once per connection: prepared the first time it is sent there, run by name with its values after; one in a message that failed is sent as text there from then on', async () => {
    const store = await PostgresStore.open(DATABASE_URL, { schema: schemaName(), poolSize: 1 });
    stores.push(store);
    const trips = roundTrips();
    const sent = trips.texts;
    const entry = (id: string, action: string) => ({
      id,
      at: '2026-11-27T00:00:00.000Z',
      tenantId: 't',
      userId: 'u',
      action,
      objectType: 'invitation' as const,
      objectId: 'x',
      outcome: 'allowed' as const,
    });
    const unit = (id: string, action = "it's") =>
      store.run(async (r) => {
        const [invitation] = await Promise.all([
          r.invitations.findByCode(`NO-${id}`),
          r.contacts.get({ tenantId: 't', userId: id }),
        ]);
        await r.audit.append(entry(id, action));
        return invitation;
      });
    try {
      await unit('first');
      const first = sent.splice(0);
      await unit('second');
      const second = sent.splice(0);
      // One connection: the reads and the write are prepared with the first unit, run by name in the second.
      expect(first.join('\n')).toMatch(
        /^BEGIN ISOLATION LEVEL SERIALIZABLE;\nPREPARE unit_\d+ AS SELECT data FROM invitations WHERE code = \$1 ORDER BY seq;\nPREPARE unit_\d+ AS SELECT data FROM contacts WHERE id = \$1;\nEXECUTE unit_\d+\('NO-first'\);\nEXECUTE unit_\d+\('t\/first'\)/,
      );
      expect(first.join('\n')).toMatch(
        /PREPARE (unit_\d+) AS INSERT INTO audit \(data\) VALUES \(\$1\);\nEXECUTE \1\('\{.*"action":"it''s".*\}'\);\nCOMMIT$/,
      );
      expect(second.join('\n')).not.toContain('PREPARE');
      expect(second).toHaveLength(2);
      expect(second.join('\n')).toMatch(
        /^BEGIN ISOLATION LEVEL SERIALIZABLE;\nEXECUTE unit_\d+\('NO-second'\);\nEXECUTE unit_\d+\('t\/second'\)$/m,
      );
      const prepared = await store.query(
        "SELECT name, parameter_types::text AS types FROM pg_prepared_statements WHERE name LIKE 'unit\\_%' ORDER BY name",
      );
      expect(prepared).toEqual([
        { name: 'unit_1', types: '{text}' },
        { name: 'unit_2', types: '{text}' },
        { name: 'unit_3', types: '{jsonb}' },
      ]);

      // A new statement in a message that fails (jsonb refuses NUL): prepared or not, PostgreSQL does not say which.
      await expect(
        store.run((r) =>
          r.outbox.add({
            id: 'nul',
            createdAt: '2026-11-27T00:00:00.000Z',
            kind: 'invitationSent',
            recipient: { kind: 'partner', partnerId: 'fabrikam' },
            invitationId: 'nul \u0000',
          }),
        ),
      ).rejects.toMatchObject({ code: '22P05' });
      sent.splice(0);
      await store.run((r) =>
        r.outbox.add({
          id: 'fine',
          createdAt: '2026-11-27T00:00:00.000Z',
          kind: 'invitationSent',
          recipient: { kind: 'partner', partnerId: 'fabrikam' },
          invitationId: 'fine',
        }),
      );
      expect(sent.join('\n')).toMatch(/INSERT INTO outbox \(id, data\) VALUES \('fine', '\{.*\}'\);\nCOMMIT$/);
      expect(sent.join('\n')).not.toContain('PREPARE');
      expect(await store.run((r) => r.outbox.get('fine'))).toMatchObject({ invitationId: 'fine' });
      // The other statements still run by name on it.
      sent.splice(0);
      await unit('third');
      expect(sent.join('\n')).not.toContain('PREPARE');
    } finally {
      trips.stop();
    }
    expect(
      (await store.snapshot()).audit.filter((e) => ['first', 'second', 'third'].includes(e.id)).map((e) => e.action),
    ).toEqual(["it's", "it's", "it's"]);
  });

  it('a statement asked again on the same connection before the message that prepares it is answered is run by name, not prepared twice', async () => {
    const store = await PostgresStore.open(DATABASE_URL, { schema: schemaName(), poolSize: 1 });
    stores.push(store);
    const trips = roundTrips();
    const sent = trips.texts;
    try {
      // The delivery worker's attempts share a read's connection, each asking in turn: their messages overlap.
      const found = await store.read(async (r) => {
        const first = r.invitations.findByCode('NONE-1');
        await new Promise((resolve) => setImmediate(resolve));
        const second = r.invitations.findByCode('NONE-2');
        return Promise.all([first, second]);
      });
      expect(found).toEqual([undefined, undefined]);
    } finally {
      trips.stop();
    }
    expect(sent).toEqual([
      expect.stringMatching(
        /^PREPARE (unit_1) AS SELECT data FROM invitations WHERE code = \$1 ORDER BY seq;\nEXECUTE unit_1\('NONE-1'\)$/,
      ),
      "EXECUTE unit_1('NONE-2')",
    ]);
  });

  it('a connection is asked one message at a time (pg 9 refuses a second while one runs): callers sharing a read, and a unit that fails while its read still runs, wait their turn', async () => {
    const store = await PostgresStore.open(DATABASE_URL, { schema: schemaName(), poolSize: 1 });
    stores.push(store);
    const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = prototype.query;
    const running = new Map<unknown, number>();
    let most = 0;
    const sent: string[] = [];
    prototype.query = function (this: unknown, ...args: unknown[]) {
      running.set(this, (running.get(this) ?? 0) + 1);
      most = Math.max(most, running.get(this)!);
      sent.push(String(args[0]).split(/\s+/)[0]!);
      const answer = query.apply(this, args) as Promise<unknown>;
      const done = () => void running.set(this, running.get(this)! - 1);
      answer.then(done, done);
      return answer;
    };
    try {
      // Two callers in one read session; each asks again after its first answer, while the other's message may still
      // run.
      const asking = (code: string) =>
        store.read(async (r) => [
          await r.invitations.findByCode(`${code}-1`),
          await r.relationships.list({ partnerId: 'fabrikam' }),
          await r.invitations.findByCode(`${code}-2`),
        ]);
      const [first, second] = await Promise.all([asking('A'), asking('B')]);
      expect(first[0]).toBeUndefined();
      expect(second[1]).toEqual(first[1]);
      // A unit whose work fails while one of its reads is still being answered: ROLLBACK goes after that answer.
      const failing = store.run(async (r) => {
        await r.audit.append({
          id: 'never',
          at: '2026-11-27T00:00:00.000Z',
          tenantId: 't',
          userId: 'u',
          action: 'never',
          objectType: 'invitation',
          objectId: 'x',
          outcome: 'allowed',
        });
        const slow = r.relationships.list({});
        slow.catch(() => undefined);
        await Promise.resolve();
        throw new Error('the work failed');
      });
      await expect(failing).rejects.toThrow('the work failed');
    } finally {
      prototype.query = query;
    }
    expect(most).toBe(1);
    expect(sent).toContain('ROLLBACK');
    // The failed unit's write was not kept, and its connection is fine for the next one.
    expect((await store.snapshot()).audit.some((e) => e.id === 'never')).toBe(false);
    await expect(store.read((r) => r.invitations.findByCode('C-1'))).resolves.toBeUndefined();
  });

  describe('decisions written together (group commit): units that rest only on what they change share a transaction', () => {
    const entry = (id: string) => ({
      id,
      at: '2026-11-28T00:00:00.000Z',
      tenantId: 't',
      userId: 'u',
      action: 'shared',
      objectType: 'invitation' as const,
      objectId: id,
      outcome: 'allowed' as const,
    });
    const sharing = (key: string) => ({ oneAtATime: key, restsOnWhatItChanges: true });

    it('twenty at once: each written once, in fewer transactions and COMMITs than units', async () => {
      const store = await open(schemaName());
      const trips = roundTrips();
      let done: string[];
      try {
        done = await Promise.all(
          Array.from({ length: 20 }, (_, k) =>
            store.run(
              async (r) => {
                await r.invitations.findByCode(`NONE-${k}`);
                await r.audit.append(entry(`together-${k}`));
                return `unit ${k}`;
              },
              sharing(`key ${k}`),
            ),
          ),
        );
      } finally {
        trips.stop();
      }
      const commits = trips.texts.filter((text) => /(^|\n)COMMIT$/.test(text)).length;
      expect(done).toEqual(Array.from({ length: 20 }, (_, k) => `unit ${k}`));
      const written = (await store.snapshot()).audit
        .filter((e) => e.action === 'shared')
        .map((e) => e.id)
        .sort();
      expect(written).toEqual(Array.from({ length: 20 }, (_, k) => `together-${k}`).sort());
      expect(store.shared.units).toBeGreaterThanOrEqual(2);
      expect(commits).toBeLessThan(20);
      expect(commits).toBe(20 - store.shared.units + store.shared.transactions);
    });

    it('two that write one record are not written together (the second would overwrite the first): each runs again apart, and both changes are kept', async () => {
      const store = await open(schemaName());
      const rename = (suffix: string) =>
        store.run(
          async (r) => {
            const customer = (await r.customers.get('contoso'))!;
            await r.customers.save({ ...customer, name: `${customer.name} ${suffix}` });
          },
          sharing(`rename ${suffix}`),
        );
      // The first runs at once; the two after it gather while it is written, and would share a transaction.
      await Promise.all([
        store.run(async (r) => r.audit.append(entry('first')), sharing('first')),
        rename('one'),
        rename('two'),
      ]);
      const name = (await store.read((r) => r.customers.get('contoso')))!.name;
      expect(name).toMatch(/ (one two|two one)$/);
      expect(store.shared.transactions).toBe(0);
    });

    it("a part whose work fails: nothing of the shared transaction is kept, the others are written apart, and the failure is its caller's alone", async () => {
      const store = await open(schemaName());
      const results = await Promise.allSettled([
        store.run(async (r) => r.audit.append(entry('first')), sharing('first')),
        store.run(async (r) => r.audit.append(entry('kept-1')), sharing('one')),
        store.run(async (r) => {
          await r.audit.append(entry('never'));
          throw new Error('the part failed');
        }, sharing('two')),
        store.run(async (r) => r.audit.append(entry('kept-3')), sharing('three')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
      expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('the part failed'));
      const written = (await store.snapshot()).audit
        .filter((e) => e.action === 'shared')
        .map((e) => e.id)
        .sort();
      expect(written).toEqual(['first', 'kept-1', 'kept-3']);
    });
  });

  it('statements lost on a connection (DEALLOCATE ALL run on it): the read or the unit that meets it runs once more, and every statement is sent as text there from then on', async () => {
    const schema = schemaName();
    const entry = (id: string) => ({
      id,
      at: '2026-11-27T00:00:00.000Z',
      tenantId: 't',
      userId: 'u',
      action: 'lost',
      objectType: 'invitation' as const,
      objectId: 'x',
      outcome: 'allowed' as const,
    });
    // One connection each: what the pool runs is on the connection the bot's statements were prepared on.
    const [readFirst, unitFirst] = [
      await PostgresStore.open(DATABASE_URL, { schema, poolSize: 1 }),
      await PostgresStore.open(DATABASE_URL, { schema, poolSize: 1 }),
    ];
    stores.push(readFirst, unitFirst);
    const readPartner = (store: PostgresStore) => store.read((r) => r.relationships.list({ partnerId: 'fabrikam' }));
    const unit = (store: PostgresStore, id: string) =>
      store.run(async (r) => {
        await r.invitations.findByCode(`NO-${id}`);
        await r.audit.append(entry(id));
      });
    const before = await readPartner(readFirst);
    for (const store of [readFirst, unitFirst]) {
      await readPartner(store);
      await unit(store, `${store === readFirst ? 'a' : 'b'}-before`);
      await store.query('DEALLOCATE ALL');
    }
    const trips = roundTrips();
    try {
      expect(await readPartner(readFirst)).toEqual(before);
      await unit(readFirst, 'a-after');
      await unit(unitFirst, 'b-after');
      expect(await readPartner(unitFirst)).toEqual(before);
    } finally {
      trips.stop();
    }
    const partnerAsText = "SELECT data FROM relationships WHERE partner_id = 'fabrikam' ORDER BY seq";
    const unitAsText = (id: string) => [
      `BEGIN ISOLATION LEVEL SERIALIZABLE;\nSELECT data FROM invitations WHERE code = 'NO-${id}' ORDER BY seq`,
      expect.stringMatching(new RegExp(`^INSERT INTO audit \\(data\\) VALUES \\('\\{"id":"${id}".*\\}'\\);\nCOMMIT$`)),
    ];
    expect(trips.texts).toEqual([
      // The read meets the loss, and runs again; the unit after it sends text at once.
      expect.stringMatching(/^EXECUTE unit_\d+\('fabrikam'\)$/),
      partnerAsText,
      ...unitAsText('a-after'),
      // The unit meets it, is rolled back and runs again; the read after it sends text at once.
      expect.stringMatching(/^BEGIN ISOLATION LEVEL SERIALIZABLE;\nEXECUTE unit_\d+\('NO-b-after'\)$/),
      'ROLLBACK',
      ...unitAsText('b-after'),
      partnerAsText,
    ]);
    expect((await readFirst.snapshot()).audit.filter((e) => e.action === 'lost').map((e) => e.id)).toEqual([
      'a-before',
      'b-before',
      'a-after',
      'b-after',
    ]);
  });

  it('units with the same oneAtATime key run one after another without waiting for the other units; different keys run side by side', async () => {
    const store = await PostgresStore.open(DATABASE_URL, { schema: schemaName(), poolSize: 5, concurrency: 1 });
    stores.push(store);
    const events: string[] = [];
    let releaseHeld = (): void => undefined;
    // An ordinary unit holds the only slot until released.
    const held = store.run(async (r) => {
      await r.partners.get('fabrikam');
      await new Promise<void>((resolve) => (releaseHeld = resolve));
      events.push('held done');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const keyed = (key: string, name: string) =>
      store.run(
        async (r) => {
          events.push(`${name} start`);
          await r.relationships.list({ partnerId: 'fabrikam' });
          await new Promise((resolve) => setTimeout(resolve, 30));
          events.push(`${name} end`);
        },
        { oneAtATime: key },
      );
    try {
      await Promise.all([keyed('partner:a', 'a1'), keyed('partner:a', 'a2'), keyed('partner:b', 'b1')]);
    } finally {
      releaseHeld();
    }
    const at = (event: string) => events.indexOf(event);
    // a2 waited for a1; b1 waited for neither; none waited for the unit holding the slot.
    expect(at('a2 start')).toBeGreaterThan(at('a1 end'));
    expect(at('b1 start')).toBeLessThan(at('a1 end'));
    expect(at('held done')).toBe(-1);
    await held;
    expect(events.at(-1)).toBe('held done');
  });

  it('R13 twenty requests of one partner at once on one instance: none is run again for a conflict, each gets its own name', async () => {
    const store = await open(schemaName());
    const clock = new TestClock();
    const service = randomService(store, clock);
    const roles = [
      'Directory Readers',
      'Global Reader',
      'Service Support Administrator',
      'Helpdesk Administrator',
      'License Administrator',
      'User Administrator',
      'Exchange Administrator',
      'SharePoint Administrator',
      'Teams Administrator',
      'Security Administrator',
    ];
    const sets = roles.flatMap((r, i) => [[r], [r, roles[(i + 1) % roles.length]!]]);
    const results = await Promise.all(
      sets.map((set) => service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, roles: set })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(new Set(results.map((r) => (r.ok ? r.value.relationshipName : ''))).size).toBe(20);
    expect(store.conflictRetries).toBe(0);
  }, 60_000);

  it('R13 R26 a request holds only its sender, its customer and its names: while one to Contoso waits to commit on one instance, another instance makes one to Adatum for another user at once; one to Contoso with the same roles, or under the same name, waits and then sees it', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const ctx = {
      clock: clock.now,
      ids: {
        newId: () => Math.random().toString(36).slice(2),
        newCode: () => `ABC-${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`,
      },
      markets: BUILT_IN_MARKETS,
    };
    let commit = (): void => undefined;
    const mayCommit = new Promise<void>((resolve) => (commit = resolve));
    let written = (): void => undefined;
    const isWritten = new Promise<void>((resolve) => (written = resolve));
    // A request to Contoso made as the service makes it, held open after its last write.
    const first = one.run(
      (r) =>
        createInvitation(
          ctx,
          { ...r, audit: { append: async (entry) => (await r.audit.append(entry), written(), await mayCommit) } },
          people.fabrikamAdminAgent,
          { ...inviteContoso, relationshipName: 'Fabrikam – shared name' },
        ),
      { restsOnHeldKeys: true },
    );
    await isWritten;
    const other = randomService(two, clock);
    const events: string[] = [];
    const note = <T>(name: string, p: Promise<T>) => p.then((value) => (events.push(name), value));
    const sameRoles = note('same roles', other.invitations.create(people.fabrikamAdminAgent, inviteContoso));
    const sameName = note(
      'same name',
      other.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: 'fourthcoffee.com',
        roles: ['Global Reader'],
        relationshipName: 'FABRIKAM – shared name',
      }),
    );
    const adatum = await note(
      'adatum',
      other.invitations.create(people.fabrikamSalesAgent, {
        ...inviteContoso,
        customerDomain: 'adatum.com',
        roles: [],
      }),
    );
    expect(adatum.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).toEqual(['adatum']);
    commit();
    const made = await first;
    expect(made.ok).toBe(true);
    const [roles, name] = await Promise.all([sameRoles, sameName]);
    expect(roles.ok ? '' : roles.refusal).toEqual({
      code: 'pendingExists',
      rule: 'R13',
      params: { code: made.ok ? made.value.code : '', customer: 'Contoso' },
    });
    expect(name.ok ? '' : name.refusal.code).toBe('relationshipNameTaken');
    expect(one.conflictRetries + two.conflictRetries).toBe(0);
  }, 60_000);

  it('R26 limits hold across instances: one user sending eight at once on two instances sends three (the limit), and eight to one customer leave two pending (the limit)', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const limits = { invitationsPerHour: 3, pendingPerCustomer: 2 };
    const [a, b] = [randomService(one, clock, limits), randomService(two, clock, limits)];
    const eight = <T>(make: (service: typeof a, k: number) => Promise<T>) =>
      Promise.all(Array.from({ length: 8 }, (_, k) => make(k % 2 ? a : b, k)));
    const codes = (results: Array<{ ok: boolean; refusal?: { code: string } }>) =>
      results.map((r) => (r.ok ? 'sent' : r.refusal!.code)).sort();
    const hourly = await eight((service, k) =>
      service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, customerDomain: `new-${k}.com` }),
    );
    expect(codes(hourly)).toEqual([...Array(3).fill('sent'), ...Array(5).fill('tooManyInvitations')].sort());
    const roles = ['Directory Readers', 'Global Reader', 'Helpdesk Administrator', 'License Administrator'];
    const pending = await eight((service, k) =>
      service.invitations.create(k < 4 ? people.fabrikamSalesAgent : people.northwindAdminAgent, {
        ...inviteContoso,
        roles: k < 4 ? [] : [roles[k - 4]!],
        relationshipName: `Request ${k}`,
      }),
    );
    // Fabrikam's sales agent: one reseller request (the same roles twice is R13's refusal); Northwind: two.
    expect(codes(pending.slice(0, 4))).toEqual(['pendingExists', 'pendingExists', 'pendingExists', 'sent']);
    expect(codes(pending.slice(4))).toEqual(['sent', 'sent', 'tooManyPending', 'tooManyPending']);
  }, 60_000);

  it('R11 R15 twenty decisions on twenty invitations at once: each decided once, none run again for a conflict (a decision rests only on its invitation)', async () => {
    const store = await open(schemaName());
    const clock = new TestClock();
    const service = randomService(store, clock);
    const roles = [
      'Directory Readers',
      'Global Reader',
      'Service Support Administrator',
      'Helpdesk Administrator',
      'License Administrator',
      'User Administrator',
      'Exchange Administrator',
      'SharePoint Administrator',
      'Teams Administrator',
      'Security Administrator',
    ];
    const sent = await Promise.all(
      roles
        .flatMap((r, i) => [[r], [r, roles[(i + 1) % roles.length]!]])
        .map((set) => service.invitations.create(people.fabrikamAdminAgent, { ...inviteContoso, roles: set })),
    );
    const ids = sent.map((r) => (r.ok ? r.value.id : ''));
    const before = store.conflictRetries;
    // Each invitation twice: an approval and a decline race; exactly one of them wins.
    const results = await Promise.all(
      ids.flatMap((invitationId, i) => [
        service.invitations.decide(people.contosoAdmin, { invitationId, decision: 'approve' }),
        service.invitations.decide(people.contosoAdmin, { invitationId, decision: i % 2 ? 'decline' : 'approve' }),
      ]),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(20);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.refusal.code)))).toEqual(
      new Set(['alreadyDecided']),
    );
    expect(store.conflictRetries - before).toBe(0);
    const data = await store.snapshot();
    const approved = ids.filter((id) => data.invitations[id]!.status === 'approved');
    expect(
      Object.values(data.relationships).filter((r) => r.invitationIds.some((id) => ids.includes(id))),
    ).toHaveLength(approved.length);
    expect(
      Object.values(data.outbox).filter(
        (o) =>
          ids.includes(o.invitationId ?? '') && (o.kind === 'invitationApproved' || o.kind === 'invitationDeclined'),
      ),
    ).toHaveLength(20);
  }, 60_000);
});
