import { z } from 'zod';
import type {
  AuditEntry,
  Customer,
  Invitation,
  Notification,
  Partner,
  Relationship,
  Subscription,
} from '../domain/types.js';

// The layout of the db file. Loading validates every record against these schemas, so a file
// edited by hand or written by a newer version is refused instead of half-understood.

export const SCHEMA_VERSION = 1;

const iso = z.iso.datetime({ offset: true });
const cloud = z.enum(['commercial', 'usgov']);

const actorRef = z.object({ tenantId: z.string(), userId: z.string(), name: z.string(), organisation: z.string() });

export const partnerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  mpnId: z.string().min(1),
  tenantId: z.string().min(1),
  cloud,
  country: z.string().length(2),
  specialisations: z.array(z.string()),
  users: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      email: z.string(),
      roles: z.array(z.enum(['adminAgent', 'salesAgent', 'helpdeskAgent'])),
    }),
  ),
}) satisfies z.ZodType<Partner>;

export const customerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  tenantId: z.string().min(1),
  verifiedDomains: z.array(z.string().min(3)).min(1),
  cloud,
  country: z.string().length(2),
  isCspPartner: z.boolean(),
  users: z.array(
    z.object({ id: z.string().min(1), name: z.string(), email: z.string(), role: z.enum(['globalAdministrator', 'user']) }),
  ),
}) satisfies z.ZodType<Customer>;

const invitationStatus = z.enum(['pending', 'approved', 'declined', 'expired', 'cancelled']);

export const invitationSchema = z.object({
  id: z.string().min(1),
  code: z.string().regex(/^[A-Z]{3}-\d{3}$/),
  partnerId: z.string(),
  customerDomain: z.string(),
  customerId: z.string().optional(),
  customerTenantId: z.string().optional(),
  recipientEmail: z.string().optional(),
  services: z.array(z.enum(['microsoft365', 'azure', 'dynamics365', 'other'])),
  roles: z.array(z.string()),
  durationDays: z.number().int().min(1).max(730).nullable(),
  autoExtend: z.boolean(),
  message: z.string().optional(),
  status: invitationStatus,
  createdAt: iso,
  createdBy: actorRef,
  expiresAt: iso,
  decidedAt: iso.optional(),
  decidedBy: actorRef.optional(),
  reason: z.string().optional(),
  relationshipId: z.string().optional(),
  history: z.array(
    z.object({
      at: iso,
      action: z.enum(['created', 'resent', 'reminded', 'approved', 'declined', 'expired', 'cancelled']),
      by: actorRef.optional(),
      note: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<Invitation>;

export const relationshipSchema = z.object({
  id: z.string().min(1),
  partnerId: z.string(),
  customerId: z.string(),
  roles: z.array(z.string()),
  startedAt: iso,
  endsAt: iso.nullable(),
  autoExtend: z.boolean(),
  status: z.enum(['active', 'expired', 'terminated']),
  invitationIds: z.array(z.string()),
  terminatedAt: iso.optional(),
  terminatedBy: actorRef.optional(),
  history: z.array(
    z.object({
      at: iso,
      action: z.enum(['created', 'rolesAdded', 'extended', 'autoExtendChanged', 'expired', 'terminated']),
      by: actorRef.optional(),
      note: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<Relationship>;

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  customerId: z.string(),
  product: z.string(),
  kind: z.enum(['microsoft365', 'azure', 'dynamics365', 'other']),
  quantity: z.number().int().min(0),
  status: z.enum(['active', 'suspended']),
  owner: z.string(),
  terms: z.string(),
  partnerOfRecordId: z.string(),
  createdAt: iso,
}) satisfies z.ZodType<Subscription>;

export const auditEntrySchema = z.object({
  id: z.string(),
  at: iso,
  tenantId: z.string(),
  userId: z.string(),
  action: z.string(),
  objectType: z.enum(['invitation', 'relationship', 'subscription', 'customer']),
  objectId: z.string(),
  outcome: z.enum(['allowed', 'refused']),
  rule: z.string().optional(),
}) satisfies z.ZodType<AuditEntry>;

export const notificationSchema = z.object({
  id: z.string(),
  createdAt: iso,
  kind: z.enum(['invitationSent', 'invitationReminder', 'invitationApproved', 'invitationDeclined', 'invitationExpired', 'invitationCancelled', 'relationshipTerminated']),
  recipient: z.union([
    z.object({ kind: z.literal('partner'), partnerId: z.string() }),
    z.object({ kind: z.literal('customer'), customerId: z.string().optional(), domain: z.string() }),
  ]),
  invitationId: z.string().optional(),
  relationshipId: z.string().optional(),
  deliveredAt: iso.optional(),
}) satisfies z.ZodType<Notification>;

export const botStateItemSchema = z.object({ eTag: z.string(), value: z.record(z.string(), z.unknown()) });

const keyed = <T extends z.ZodType<{ id: string }>>(item: T) =>
  z.record(z.string(), item).superRefine((records, issue) => {
    for (const [key, record] of Object.entries(records)) {
      if (record.id !== key) issue.addIssue({ code: 'custom', message: `record stored under "${key}" has id "${record.id}"`, path: [key] });
    }
  });

export const databaseSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  seededAt: iso.optional(),
  partners: keyed(partnerSchema),
  customers: keyed(customerSchema),
  invitations: keyed(invitationSchema),
  relationships: keyed(relationshipSchema),
  subscriptions: keyed(subscriptionSchema),
  audit: z.array(auditEntrySchema),
  outbox: keyed(notificationSchema),
  botState: z.record(z.string(), botStateItemSchema),
});

export type Database = z.infer<typeof databaseSchema>;
export type BotStateItem = z.infer<typeof botStateItemSchema>;

/** The demo directory as written in data/seed/*.json: plain arrays. */
export const seedSchema = z.object({
  partners: z.array(partnerSchema),
  customers: z.array(customerSchema),
  relationships: z.array(relationshipSchema),
  subscriptions: z.array(subscriptionSchema),
});

export type Seed = z.infer<typeof seedSchema>;

export function emptyDatabase(): Database {
  return {
    schemaVersion: SCHEMA_VERSION,
    partners: {},
    customers: {},
    invitations: {},
    relationships: {},
    subscriptions: {},
    audit: [],
    outbox: {},
    botState: {},
  };
}

/** "invitations.abc.status: Invalid option" — short enough for a start-up error. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines.join('; ');
}
