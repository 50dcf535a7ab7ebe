import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { LowdbStore } from '../../data/lowdbStore.js';
import { PG_MIGRATIONS } from '../../data/postgres/migrations.js';
import { DatabaseUnavailableError, PostgresStore } from '../../data/postgres/postgresStore.js';
import { StorageConflictError } from '../../data/store.js';
import { DEFAULT_DELIVERY_POLICY } from '../../domain/delivery.js';
import { InvitationService } from '../../domain/invitationService.js';
import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { BotProcess, LoopbackChannel, teamsMessage } from '../helpers/channel.js';
import { startTestPostgres } from '../helpers/postgresServer.js';
import { demoSeed, inviteContoso, people, sequentialIds, TestClock } from '../helpers/world.js';

// What only PostgreSQL has: several instances on one database, its migrations, its connection.
const DATABASE_URL = process.env.TEST_DATABASE_URL!;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const stores: PostgresStore[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
});
let n = 0;
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
    const broken = [...PG_MIGRATIONS, { version: latest + 1, description: 'a broken one', sql: 'CREATE TABLE half_done (x int); SELECT no_such_function();' }];
    const error = await PostgresStore.open(DATABASE_URL, { schema, migrations: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/^Cannot use the PostgreSQL database at 127\.0\.0\.1:\d+\/postgres: migration \d+ \(a broken one\) failed and was undone: function no_such_function\(\) does not exist\.$/);
    expect(await store.query(`SELECT to_regclass('${schema}.half_done') AS t`)).toEqual([{ t: null }]);
    expect(await store.query(`SELECT max(version) AS v FROM ${schema}.schema_migrations`)).toEqual([{ v: latest }]);
    await store.query(`INSERT INTO ${schema}.schema_migrations (version, description) VALUES (99, 'from the future')`);
    await expect(PostgresStore.open(DATABASE_URL, { schema })).rejects.toThrow(`its schema is version 99, newer than this bot knows (${latest}); run the newer bot`);
  });

  it('unreachable at start-up: one sentence naming the host and the problem, and the bot exits 1', async () => {
    const bad = 'postgres://bot:secret@127.0.0.1:1/bot';
    await expect(PostgresStore.open(bad)).rejects.toThrow('Cannot use the PostgreSQL database at 127.0.0.1:1/bot: the connection was refused: is PostgreSQL running there (ECONNREFUSED).');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'index.ts')], { env: { ...process.env, STORE: 'postgres', DATABASE_URL: bad, PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Cannot use the PostgreSQL database at 127.0.0.1:1/bot: the connection was refused: is PostgreSQL running there (ECONNREFUSED).');
    expect(run.stderr).not.toContain('secret');
  }, 40_000);

  it('R11 two instances on one database: 200 concurrent approve / decline give one decision, one relationship, one partner notification', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const service = (store: PostgresStore) => new InvitationService(store, { clock: clock.now, ids: { newId: () => `${Math.random().toString(36).slice(2)}`, newCode: sequentialIds().newCode }, markets: BUILT_IN_MARKETS });
    const [a, b] = [service(one), service(two)];
    const sent = await a.createInvitation(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).decideInvitation(people.contosoAdmin, { invitationId: sent.value.id, decision: i % 3 ? 'approve' : 'decline' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.refusal.code)))).toEqual(new Set(['alreadyDecided']));
    const data = await one.snapshot();
    const decided = data.invitations[sent.value.id]!;
    expect(Object.values(data.relationships).filter((r) => r.partnerId === 'fabrikam')).toHaveLength(decided.status === 'approved' ? 1 : 0);
    expect(Object.values(data.outbox).filter((o) => o.invitationId === sent.value.id && (o.kind === 'invitationApproved' || o.kind === 'invitationDeclined'))).toHaveLength(1);
  }, 60_000);

  it('two instances claiming due deliveries at once never take the same one (FOR UPDATE SKIP LOCKED)', async () => {
    const schema = schemaName();
    const [one, two] = [await open(schema), await open(schema, { seed: false })];
    const clock = new TestClock();
    const service = (store: PostgresStore) => new InvitationService(store, { clock: clock.now, ids: { newId: () => Math.random().toString(36).slice(2), newCode: () => `ABC-${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}` }, markets: BUILT_IN_MARKETS });
    const [a, b] = [service(one), service(two)];
    for (const domain of ['contoso.com', 'adatum.com', 'wingtiptoys.onmicrosoft.com']) await a.createInvitation(people.fabrikamAdminAgent, { ...inviteContoso, customerDomain: domain }).catch(() => undefined);
    while ((await a.planDeliveries(50)) > 0);
    const due = Object.values((await one.snapshot()).deliveries).length;
    expect(due).toBeGreaterThan(0);
    const claims = await Promise.all([a, b, a, b].map((s) => s.claimDueDeliveries(DEFAULT_DELIVERY_POLICY, 50)));
    const ids = claims.flat().map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(due);
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
      const service = new InvitationService(lowdb, { clock: new TestClock().now, ids: sequentialIds(), markets: BUILT_IN_MARKETS });
      const sent = await service.createInvitation(people.fabrikamAdminAgent, inviteContoso);
      if (!sent.ok) throw new Error(sent.refusal.code);
      await lowdb.storage.write({ 'msteams/conversations/a:1/': { dialogState: { x: 1 } } });
      await lowdb.close();
      const schema = schemaName();
      const move = () => spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(ROOT, 'bot', 'moveToPostgres.ts')], { cwd: dir, env: { ...process.env, DB_FILE: file, DATABASE_URL, DATABASE_SCHEMA: schema }, encoding: 'utf8', timeout: 30_000 });
      const moved = move();
      expect(moved.stderr).toBe('');
      expect(moved.stdout).toMatch(/^Moved .*db\.json into postgres:\/\/127\.0\.0\.1:\d+\/postgres: 1 invitations, 1 relationships, \d+ audit entries, 1 conversation states\. Start the bot with STORE=postgres\.\n$/);
      const target = await open(schema, { seed: false });
      const copied = await target.snapshot();
      const original = await (await LowdbStore.open(file)).snapshot();
      expect({ ...copied, schemaVersion: 0 }).toEqual({ ...original, schemaVersion: 0 });
      const again = move();
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('Nothing was moved: the PostgreSQL database already holds invitations, relationships or an audit log; import only into an empty one');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

it('PostgreSQL stopped while a connection is checked out and idle (the sweeper\'s lock held while it works): the error is heard, the connection dropped, the next unit gets a new one', async () => {
  const server = await startTestPostgres(); // a server of its own: this test stops it
  const store = await PostgresStore.open(server.url, { poolSize: 2 });
  const heard: unknown[] = [];
  const listener = (error: unknown) => heard.push(error);
  process.on('uncaughtException', listener);
  try {
    // The lock's connection sits idle while `work` runs; stopping the server breaks it then.
    const done = await store.alone('sweep', async () => {
      await server.pause();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return 'worked';
    }).catch((error: Error) => error.message);
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
      const response = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(teamsMessage(channel, { identity: people.fabrikamAdminAgent, conversationId: 'a:alex' }, { text })) });
      await channel.until(() => channel.received.length > before);
      return { status: response.status, texts: channel.received.slice(before).map((a) => a.text) };
    };
    expect(await ready()).toBe(200);
    expect((await say('help')).texts.join(' ')).toContain('You are Alex Wilber');
    await server.pause();
    expect(await ready()).toBe(503);
    expect((await say('help')).texts).toContain('Sorry, something went wrong on my side. Please try again in a moment.');
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
