import { emptyDatabase, type Database, type Seed } from '../data/schema.js';
import { seedDatabase } from '../data/seed.js';
import { SYSTEM } from '../domain/audit.js';

// Fills a store as a partner's history would: the demo directory, customers and admin agents for the
// benchmark's own users, and N finished invitations (sent, then approved, declined, expired or
// cancelled) to customers of the past (one for every 20 invitations), each with its audit entries,
// its delivered notification and that notification's delivery; an approved one with its
// relationship (R13: every approved request is one), half of them still active for two years, half
// terminated. The records follow data/schema.ts: the store validates them at start-up like any other file.

export interface BenchPopulation {
  /** Customers the benchmark's dialogs invite, one per dialog. */
  customers: number;
  /** Admin agents of Fabrikam IT who run those dialogs. */
  agents: number;
}

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const uuid = (group: number, n: number) =>
  `${String(group).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const benchCustomer = (n: number) => ({
  id: `bench-c${n}`,
  domain: `c${n}.bench.example`,
  tenantId: uuid(30, n),
  adminId: uuid(31, n),
});
/** The customers of the partner's past invitations: not in the benchmark's dialogs. */
const historyCustomer = (k: number) => ({
  id: `hist-c${k}`,
  domain: `h${k}.history.example`,
  tenantId: uuid(33, k),
  adminId: uuid(34, k),
});
export const benchAgent = (n: number) => ({ tenantId: '00000000-0000-4000-8000-000000000101', userId: uuid(32, n) });

/** "ABC-123" for n < 13,824,000, each n its own. */
function code(n: number): string {
  const digits = n % 1000;
  let rest = Math.floor(n / 1000);
  let letters = '';
  for (let i = 0; i < 3; i++) {
    letters = LETTERS[rest % LETTERS.length] + letters;
    rest = Math.floor(rest / LETTERS.length);
  }
  return `${letters}-${String(digits).padStart(3, '0')}`;
}

export function benchDatabase(
  seed: Seed,
  invitations: number,
  population: BenchPopulation,
  now = new Date(),
): Database {
  const db = emptyDatabase();
  seedDatabase(db, seed, now);
  const fabrikam = db.partners.fabrikam!;
  db.partners.fabrikam = {
    ...fabrikam,
    users: [
      ...fabrikam.users,
      ...Array.from({ length: population.agents }, (_, n) => ({
        id: benchAgent(n).userId,
        name: `Agent ${n}`,
        email: `agent${n}@fabrikam.onmicrosoft.com`,
        roles: ['adminAgent' as const],
      })),
    ],
  };
  const addCustomer = (c: ReturnType<typeof benchCustomer>, name: string, adminName: string) => {
    db.customers[c.id] = {
      id: c.id,
      name,
      tenantId: c.tenantId,
      verifiedDomains: [c.domain],
      cloud: 'commercial',
      country: 'US',
      isCspPartner: false,
      users: [{ id: c.adminId, name: adminName, email: `admin@${c.domain}`, role: 'globalAdministrator' }],
    };
  };
  for (let n = 0; n < population.customers; n++) addCustomer(benchCustomer(n), `Customer ${n}`, `Admin ${n}`);
  const pastCustomers = Math.max(1, Math.ceil(invitations / 20));
  for (let k = 0; k < pastCustomers; k++) addCustomer(historyCustomer(k), `Past customer ${k}`, `Past admin ${k}`);
  const alex = {
    tenantId: fabrikam.tenantId,
    userId: fabrikam.users[0]!.id,
    name: fabrikam.users[0]!.name,
    organisation: fabrikam.name,
  };
  const ends = ['approved', 'declined', 'expired', 'cancelled'] as const;
  /** The domain's audit action for each way an invitation ends. */
  const AUDITED = { approved: 'approve', declined: 'decline', expired: 'expire', cancelled: 'cancel' } as const;
  const day = 86_400_000;
  for (let n = 0; n < invitations; n++) {
    const k = n % pastCustomers;
    const customer = historyCustomer(k);
    const id = `hist-${n}`;
    const created = new Date(now.getTime() - (400 - (n % 365)) * day);
    const at = created.toISOString();
    const decided = new Date(created.getTime() + 3 * day).toISOString();
    const end = ends[n % ends.length]!;
    const customerAdmin = {
      tenantId: customer.tenantId,
      userId: customer.adminId,
      name: `Past admin ${k}`,
      organisation: `Past customer ${k}`,
    };
    const relationshipId = end === 'approved' ? `rel-hist-${n}` : undefined;
    db.invitations[id] = {
      id,
      code: code(n),
      partnerId: 'fabrikam',
      customerDomain: customer.domain,
      relationshipName: `Fabrikam IT – support ${n}`,
      customerId: customer.id,
      customerTenantId: customer.tenantId,
      services: ['azure'],
      roles: ['88d8e3e3-8f55-4a1e-953a-9b9898b8876b'],
      durationDays: 730,
      autoExtend: false,
      status: end,
      createdAt: at,
      createdBy: alex,
      expiresAt: new Date(created.getTime() + 90 * day).toISOString(),
      ...(end === 'declined' || end === 'approved' ? { decidedAt: decided, decidedBy: customerAdmin } : {}),
      ...(relationshipId ? { relationshipId } : {}),
      history: [
        { at, action: 'created', by: alex },
        {
          at: decided,
          action: end,
          ...(end === 'expired' ? {} : { by: end === 'declined' || end === 'approved' ? customerAdmin : alex }),
        },
      ],
    };
    if (relationshipId) {
      const terminated = n % 8 === 4 ? new Date(created.getTime() + 33 * day).toISOString() : undefined;
      db.relationships[relationshipId] = {
        id: relationshipId,
        name: `Fabrikam IT – support ${n}`,
        partnerId: 'fabrikam',
        customerId: customer.id,
        roles: ['88d8e3e3-8f55-4a1e-953a-9b9898b8876b'],
        startedAt: decided,
        endsAt: new Date(created.getTime() + 733 * day).toISOString(),
        autoExtend: false,
        status: terminated ? 'terminated' : 'active',
        invitationIds: [id],
        accessAssignments: [],
        ...(terminated ? { terminatedAt: terminated, terminatedBy: customerAdmin } : {}),
        history: [
          { at: decided, action: 'created', by: customerAdmin },
          ...(terminated ? [{ at: terminated, action: 'terminated' as const, by: customerAdmin }] : []),
        ],
      };
      if (terminated)
        db.audit.push({
          id: `audit-${n}-c`,
          at: terminated,
          tenantId: customerAdmin.tenantId,
          userId: customerAdmin.userId,
          action: 'terminate',
          objectType: 'relationship',
          objectId: relationshipId,
          outcome: 'allowed',
        });
    }
    db.audit.push({
      id: `audit-${n}-a`,
      at,
      tenantId: alex.tenantId,
      userId: alex.userId,
      action: 'createInvitation',
      objectType: 'invitation',
      objectId: id,
      outcome: 'allowed',
    });
    // As the domain records them: the administrator decides, the clock expires, the partner cancels.
    const ender = end === 'approved' || end === 'declined' ? customerAdmin : end === 'expired' ? SYSTEM : alex;
    db.audit.push({
      id: `audit-${n}-b`,
      at: decided,
      tenantId: ender.tenantId,
      userId: ender.userId,
      action: AUDITED[end],
      objectType: 'invitation',
      objectId: id,
      outcome: 'allowed',
    });
    db.outbox[`note-${n}`] = {
      id: `note-${n}`,
      createdAt: at,
      kind: 'invitationSent',
      recipient: { kind: 'customer', customerId: customer.id, domain: customer.domain },
      invitationId: id,
      plannedAt: at,
    };
    db.deliveries[`delivery-${n}`] = {
      id: `delivery-${n}`,
      notificationId: `note-${n}`,
      target: { kind: 'person', person: { tenantId: customer.tenantId, userId: customer.adminId } },
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: at,
      deliveredAt: at,
    };
  }
  return db;
}
