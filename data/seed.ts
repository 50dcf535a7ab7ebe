import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AuditEntry } from '../domain/types.js';
import { fileURLToPath } from 'node:url';
import { describeIssues, type Database, type Seed, seedSchema } from './schema.js';

// The demo directory lives in data/seed/demo.json. From dist/data/ the same file is two levels up.
const CANDIDATES = ['./seed/demo.json', '../../data/seed/demo.json'].map((p) =>
  fileURLToPath(new URL(p, import.meta.url)),
);

export async function loadSeed(path?: string): Promise<Seed> {
  const paths = path ? [path] : CANDIDATES;
  for (const candidate of paths) {
    let text: string;
    try {
      text = await readFile(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !path) continue;
      throw new Error(`Cannot read the seed file ${candidate}: ${(error as Error).message}`, { cause: error });
    }
    const parsed = seedSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`The seed file ${candidate} is not valid: ${describeIssues(parsed.error)}`);
    return parsed.data;
  }
  throw new Error(`No seed file found (looked for ${paths.join(', ')})`);
}

/** Replaces the directory, relationships and subscriptions with the seed's; the audit log stays. */
/** The audit log's line for a reseed (npm run seed): the log is kept, and says so. */
export const reseedAuditEntry = (now: Date): AuditEntry => ({
  id: randomUUID(),
  at: now.toISOString(),
  tenantId: 'system',
  userId: 'reseed',
  action: 'reseed',
  objectType: 'customer',
  objectId: '*',
  outcome: 'allowed',
});

export function seedDatabase(data: Database, seed: Seed, now: Date): void {
  const byId = <T extends { id: string }>(items: T[]): Record<string, T> =>
    Object.fromEntries(items.map((i) => [i.id, structuredClone(i)]));
  data.partners = byId(seed.partners);
  data.customers = byId(seed.customers);
  data.relationships = byId(seed.relationships);
  data.subscriptions = byId(seed.subscriptions);
  data.invitations = {};
  data.outbox = {};
  data.deliveries = {};
  data.contacts = {};
  data.endpoints = {};
  data.cardCopies = {};
  data.botState = {};
  data.seededAt = now.toISOString();
}
