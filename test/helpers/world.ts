import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { loadSeed } from '../../data/seed.js';
import { LowdbStore } from '../../data/lowdbStore.js';
import { PostgresStore } from '../../data/postgres/postgresStore.js';
import type { Seed } from '../../data/schema.js';
import type { DomainContext, IdSource } from '../../domain/ports.js';
import type { Identity } from '../../domain/identity.js';
import { createUseCases, type UseCases } from '../../domain/useCases.js';

/** A clock the test moves by hand. */
export class TestClock {
  private at: number;
  constructor(start = '2026-11-24T12:00:00.000Z') {
    this.at = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.at);
  advanceDays(days: number): void {
    this.at += days * 24 * 60 * 60 * 1000;
  }
  advanceMinutes(minutes: number): void {
    this.at += minutes * 60 * 1000;
  }
}

/** Ids "id-1", "id-2", … and codes "AAA-001", "AAA-002", …: readable in failures, never random. */
export function sequentialIds(): IdSource {
  let id = 0;
  let code = 0;
  return {
    newId: () => `id-${++id}`,
    newCode: () => `AAA-${String(++code).padStart(3, '0')}`,
  };
}

const SEED = await loadSeed();
export const demoSeed = (): Seed => structuredClone(SEED);

const user = (tenant: number, n: number): Identity => ({
  tenantId: `00000000-0000-4000-8000-${String(tenant).padStart(12, '0')}`,
  userId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

/** The demo directory's people, by what they are. */
export const people = {
  fabrikamAdminAgent: user(101, 1011),
  fabrikamSalesAgent: user(101, 1012),
  fabrikamHelpdeskAgent: user(101, 1013),
  northwindAdminAgent: user(102, 1021),
  usGovAdminAgent: user(103, 1031),
  contosoAdmin: user(201, 2011),
  contosoUser: user(201, 2012),
  adatumAdmin: user(202, 2021),
  wingtipAdmin: user(203, 2031),
  relecloudGovAdmin: user(204, 2041),
  prosewareAdmin: user(205, 2051),
  stranger: { tenantId: 'ffffffff-0000-4000-8000-000000000000', userId: 'ffffffff-0000-4000-8000-000000000001' },
} as const;

export interface World {
  store: LowdbStore | PostgresStore;
  clock: TestClock;
  ctx: DomainContext;
  service: UseCases;
}

/**
 * The demo directory in a fresh store: the embedded one, or with STORE=postgres a schema of its own on the test server.
 */
export async function demoWorld(seed: Seed = demoSeed()): Promise<World> {
  const store = await testStore(seed);
  const clock = new TestClock();
  const ctx: DomainContext = { clock: clock.now, ids: sequentialIds(), markets: BUILT_IN_MARKETS };
  return { store, clock, ctx, service: createUseCases({ uow: store, ctx }) };
}

export const inviteContoso = {
  customerDomain: 'contoso.onmicrosoft.com',
  services: ['microsoft365', 'azure'],
  roles: ['Directory Readers', 'User Administrator'],
  durationDays: 365,
  recipientEmail: 'megan@contoso.com',
  message: 'Hello from Fabrikam',
};

let schemas = 0;

/** STORE=postgres: the whole suite runs on PostgreSQL (test/helpers/postgresServer.ts starts it). */
export const onPostgres = process.env.STORE === 'postgres';

export async function testStore(seed: Seed | false = demoSeed()): Promise<LowdbStore | PostgresStore> {
  if (!onPostgres) return LowdbStore.inMemory(seed === false ? undefined : seed);
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('STORE=postgres needs the test server: run the suite with jest.postgres.config.js');
  // Unique across test files too: each file gets its own module registry, so its own counter.
  const schema = `w${process.pid}_${Math.random().toString(36).slice(2, 10)}_${++schemas}`;
  const store = await PostgresStore.open(url, { schema, seed, poolSize: 3, idleMillis: 500 });
  openStores.push(store);
  return store;
}

const openStores: PostgresStore[] = [];

/**
 * After each test file (jest.postgres.config.js): its stores' connections are closed (the server and its schemas go
 * with the run).
 */
export async function closeTestStores(): Promise<void> {
  await Promise.all(openStores.splice(0).map((store) => store.close().catch(() => undefined)));
}
