import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { loadSeed } from '../../data/seed.js';
import { LowdbStore } from '../../data/lowdbStore.js';
import type { Seed } from '../../data/schema.js';
import type { DomainContext, IdSource } from '../../domain/ports.js';
import type { Identity } from '../../domain/identity.js';
import { InvitationService } from '../../domain/invitationService.js';

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
  store: LowdbStore;
  clock: TestClock;
  ctx: DomainContext;
  service: InvitationService;
}

export function demoWorld(seed: Seed = demoSeed()): World {
  const store = LowdbStore.inMemory(seed);
  const clock = new TestClock();
  const ctx: DomainContext = { clock: clock.now, ids: sequentialIds(), markets: BUILT_IN_MARKETS };
  return { store, clock, ctx, service: new InvitationService(store, ctx) };
}

export const inviteContoso = {
  customerDomain: 'contoso.onmicrosoft.com',
  services: ['microsoft365', 'azure'],
  roles: ['Directory Readers', 'User Administrator'],
  durationDays: 365,
  recipientEmail: 'megan@contoso.com',
  message: 'Hello from Fabrikam',
};
