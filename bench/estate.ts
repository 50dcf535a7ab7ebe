import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LowdbStore } from '../data/lowdbStore.js';
import { BUILT_IN_MARKETS } from '../data/markets/markets.js';
import { loadSeed } from '../data/seed.js';
import { ADMIN_ROLES } from '../domain/adminRoles.js';
import { createUseCases } from '../domain/useCases.js';
import { makeCertificate } from '../graphEmulator/certificate.js';
import { demoApp, demoWorldOptions } from '../graphEmulator/demoTenants.js';
import { startGraphEmulator } from '../graphEmulator/server.js';
import type { EmulatedTenant, ExistingRelationship } from '../graphEmulator/world.js';
import { GraphPartnerCenter } from '../partnerCenter/graphPartnerCenter.js';

// The estate (R29) at a partner's scale, for npm run bench: a partner with RELATIONSHIPS GDAP
// relationships at Microsoft (the project's emulator, serving them a page at a time), imported into
// an empty store, then synced again unchanged. Prints one JSON line: times, and the requests each
// took (a sync pass over an unchanged estate costs the list's pages, not a request per relationship).
// Run by bench/run.ts in a process of its own, which trusts the emulator's certificate.

export interface EstateFigures {
  relationships: number;
  pageSize: number;
  importMs: number;
  importRequests: number;
  importListPages: number;
  syncMs: number;
  syncRequests: number;
  syncListPages: number;
  syncAccessReads: number;
}

const RELATIONSHIPS = Number(process.env.BENCH_RELATIONSHIPS ?? 1_000);
const PAGE_SIZE = 100;
const self = fileURLToPath(import.meta.url);

if (process.env.BENCH_ESTATE_CHILD) {
  process.stdout.write(`${JSON.stringify(await measure())}\n`);
} else if (process.argv[1] === self) {
  process.stdout.write(`${JSON.stringify(await runEstateBench())}\n`);
}

/** Runs the measurement in a child process that trusts a certificate made now. */
export async function runEstateBench(): Promise<EstateFigures> {
  const { cert, key } = await makeCertificate();
  const dir = await mkdtemp(join(tmpdir(), 'bench-estate-'));
  try {
    await writeFile(join(dir, 'cert.pem'), cert);
    await writeFile(join(dir, 'key.pem'), key);
    const child = spawnSync(process.execPath, [self], {
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_ESTATE_CHILD: dir,
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
      },
      maxBuffer: 16 * 2 ** 20,
    });
    if (child.status !== 0) throw new Error(`the estate bench failed: ${child.stderr || child.stdout}`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as EstateFigures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(): Promise<EstateFigures> {
  const { readFile } = await import('node:fs/promises');
  const dir = process.env.BENCH_ESTATE_CHILD!;
  const certificate = {
    cert: await readFile(join(dir, 'cert.pem'), 'utf8'),
    key: await readFile(join(dir, 'key.pem'), 'utf8'),
  };
  const seed = await loadSeed();
  const options = demoWorldOptions(seed, 0);
  const partner = seed.partners[0]!;
  // As many customer tenants as relationships, each with one relationship, a third with access assigned.
  const customers: EmulatedTenant[] = Array.from({ length: RELATIONSHIPS }, (_, n) => ({
    tenantId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    displayName: `Customer ${n}`,
    domains: [`customer${n}.onmicrosoft.com`],
    users: [],
    groups: [],
    apps: [],
  }));
  const group = partner.securityGroups[0]!.id;
  const template = (id: string) => ADMIN_ROLES.find((r) => r.id === id)!.templateId;
  const existing: ExistingRelationship[] = customers.map((c, n) => ({
    partnerTenantId: partner.tenantId,
    customerTenantId: c.tenantId,
    displayName: `${partner.name} – ${c.displayName}`.slice(0, 50),
    roles: [template('directoryReaders'), template('helpdeskAdministrator')],
    durationDays: 730,
    autoExtend: n % 2 === 0,
    activeForDays: n % 700,
    ...(n % 3 === 0 ? { assignments: [{ groupId: group, roles: [template('directoryReaders')] }] } : {}),
  }));
  const emulator = await startGraphEmulator({
    ...options,
    tenants: [...options.tenants, ...customers],
    existing,
    pageSize: PAGE_SIZE,
    certificate,
  });
  try {
    const store = await LowdbStore.inMemory(undefined);
    const pc = new GraphPartnerCenter({
      tenantId: partner.tenantId,
      clientId: demoApp(partner.tenantId).clientId,
      clientSecret: demoApp(partner.tenantId).secret,
      baseUrl: emulator.graphBaseUrl,
      authorityHost: emulator.origin,
    });
    const service = createUseCases({
      uow: store,
      ctx: {
        clock: () => emulator.world.now(),
        ids: { newId: () => crypto.randomUUID(), newCode: () => 'AAA-001' },
        markets: BUILT_IN_MARKETS,
        partnerCenter: 'graph',
      },
      partnerCenter: pc,
    });
    await service.partnerCenter.recordOrganization({ mpnId: partner.mpnId, cloud: 'commercial', assumedCountry: '' });
    await pc.signIn();
    const pass = async () => {
      const before = emulator.calls.length;
      const started = performance.now();
      const counts = await service.partnerCenter.sync({ accessPerPass: 10 });
      const ms = performance.now() - started;
      if (!counts || counts.stopped || counts.failures.length > 0)
        throw new Error(`a sync pass failed: ${counts?.stopped?.detail ?? counts?.failures[0]?.detail}`);
      return { ms, requests: emulator.calls.length - before, counts };
    };
    const first = await pass();
    if (first.counts.imported !== RELATIONSHIPS)
      throw new Error(`imported ${first.counts.imported} of ${RELATIONSHIPS} relationships`);
    const again = await pass();
    await store.close();
    return {
      relationships: RELATIONSHIPS,
      pageSize: PAGE_SIZE,
      importMs: Math.round(first.ms),
      importRequests: first.requests,
      importListPages: first.counts.pages,
      syncMs: Math.round(again.ms),
      syncRequests: again.requests,
      syncListPages: again.counts.pages,
      syncAccessReads: again.counts.accessRead,
    };
  } finally {
    await emulator.close();
  }
}
