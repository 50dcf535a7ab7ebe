import { z } from 'zod';
import {
  AUDIT_OBJECT_TYPES,
  AUDIT_OUTCOMES,
  type AuditEntry,
  type CardCopy,
  CLOUDS,
  type Contact,
  type Customer,
  CUSTOMER_ROLES,
  type Delivery,
  DELIVERY_STATUSES,
  type Invitation,
  INVITATION_EVENTS,
  MICROSOFT_RELATIONSHIP_STATUSES,
  INVITATION_STATUSES,
  type Notification,
  NOTIFICATION_KINDS,
  type Partner,
  PARTNER_ROLES,
  type Relationship,
  RELATIONSHIP_EVENTS,
  RELATIONSHIP_STATUSES,
  SERVICES,
  type Subscription,
  SUBSCRIPTION_STATUSES,
  type TenantEndpoint,
} from '../domain/types.js';
import { MAX_RELATIONSHIP_NAME } from '../domain/validation.js';

// The layout of the db file. Loading validates every record against these schemas, so a file
// edited by hand or written by a newer version is refused instead of half-understood. Every enum
// is built from the domain's constant, so a value the domain adds is a value the file accepts.

export const SCHEMA_VERSION = 5;

const iso = z.iso.datetime({ offset: true });
const cloud = z.enum(CLOUDS);

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
      roles: z.array(z.enum(PARTNER_ROLES)),
    }),
  ),
  securityGroups: z.array(
    z.object({ id: z.string().min(1), name: z.string().min(1), memberIds: z.array(z.string()).optional() }),
  ),
}) satisfies z.ZodType<Partner>;

export const customerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  tenantId: z.string().min(1),
  verifiedDomains: z.array(z.string().min(3)).min(1),
  cloud,
  country: z.string().length(2),
  countryAssumed: z.boolean().optional(),
  isCspPartner: z.boolean(),
  users: z.array(
    z.object({ id: z.string().min(1), name: z.string(), email: z.string(), role: z.enum(CUSTOMER_ROLES) }),
  ),
  language: z
    .string()
    .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'a language tag such as "ru" or "en-GB"')
    .optional(),
}) satisfies z.ZodType<Customer>;

const invitationStatus = z.enum(INVITATION_STATUSES);

export const invitationSchema = z.object({
  id: z.string().min(1),
  code: z.string().regex(/^[A-Z]{3}-\d{3}$/),
  partnerId: z.string(),
  customerDomain: z.string(),
  relationshipName: z.string().min(1).max(MAX_RELATIONSHIP_NAME),
  customerId: z.string().optional(),
  customerTenantId: z.string().optional(),
  recipientEmail: z.string().optional(),
  services: z.array(z.enum(SERVICES)),
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
  microsoft: z
    .object({
      state: z.enum(['sending', 'sent', 'failed', 'done']),
      relationshipId: z.string().optional(),
      status: z.enum(MICROSOFT_RELATIONSHIP_STATUSES).optional(),
      etag: z.string().optional(),
      failure: z.string().optional(),
      until: iso.optional(),
      attempts: z.number().int().min(0),
      nextAttemptAt: iso.optional(),
    })
    .optional(),
  history: z.array(
    z.object({
      at: iso,
      action: z.enum(INVITATION_EVENTS),
      by: actorRef.optional(),
      note: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<Invitation>;

export const relationshipSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(MAX_RELATIONSHIP_NAME),
  partnerId: z.string(),
  customerId: z.string(),
  roles: z.array(z.string()),
  startedAt: iso,
  endsAt: iso.nullable(),
  autoExtend: z.boolean(),
  status: z.enum(RELATIONSHIP_STATUSES),
  invitationIds: z.array(z.string()),
  accessAssignments: z.array(
    z.object({ groupId: z.string().min(1), roles: z.array(z.string()).min(1), assignedAt: iso, assignedBy: actorRef }),
  ),
  terminatedAt: iso.optional(),
  terminatedBy: actorRef.optional(),
  microsoft: z
    .object({
      id: z.string().min(1),
      status: z.enum(MICROSOFT_RELATIONSHIP_STATUSES),
      etag: z.string(),
      assignments: z
        .record(z.string(), z.object({ id: z.string(), status: z.string(), roles: z.array(z.string()).optional() }))
        .optional(),
      accessCheckedAt: iso.optional(),
    })
    .optional(),
  origin: z.literal('microsoft').optional(),
  history: z.array(
    z.object({
      at: iso,
      action: z.enum(RELATIONSHIP_EVENTS),
      by: actorRef.optional(),
      note: z.string().optional(),
    }),
  ),
}) satisfies z.ZodType<Relationship>;

export const subscriptionSchema = z.object({
  id: z.string().min(1),
  customerId: z.string(),
  product: z.string(),
  kind: z.enum(SERVICES),
  quantity: z.number().int().min(0),
  status: z.enum(SUBSCRIPTION_STATUSES),
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
  objectType: z.enum(AUDIT_OBJECT_TYPES),
  objectId: z.string(),
  outcome: z.enum(AUDIT_OUTCOMES),
  rule: z.string().optional(),
}) satisfies z.ZodType<AuditEntry>;

const person = z.object({ tenantId: z.string().min(1), userId: z.string().min(1) });
const address = z.record(z.string(), z.unknown());

export const notificationSchema = z.object({
  id: z.string(),
  createdAt: iso,
  kind: z.enum(NOTIFICATION_KINDS),
  recipient: z.union([
    z.object({ kind: z.literal('partner'), partnerId: z.string() }),
    z.object({ kind: z.literal('customer'), customerId: z.string().optional(), domain: z.string() }),
  ]),
  invitationId: z.string().optional(),
  relationshipId: z.string().optional(),
  deliveryId: z.string().optional(),
  daysLeft: z.number().int().min(0).optional(),
  failure: z.string().optional(),
  plannedAt: iso.optional(),
}) satisfies z.ZodType<Notification>;

export const deliverySchema = z.object({
  id: z.string().min(1),
  notificationId: z.string(),
  target: z.union([
    z.object({ kind: z.literal('person'), person }),
    z.object({ kind: z.literal('cardCopy'), copyId: z.string() }),
  ]),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().min(0),
  claims: z.number().int().min(0).optional(),
  nextAttemptAt: iso,
  lastError: z.string().optional(),
  waitingForRecipient: z.boolean().optional(),
  deliveredAt: iso.optional(),
  failedAt: iso.optional(),
}) satisfies z.ZodType<Delivery>;

export const contactSchema = z.object({
  person,
  channelUserId: z.string().optional(),
  address,
  locale: z.string(),
  chosenLocale: z.string().optional(),
  updatedAt: iso,
}) satisfies z.ZodType<Contact>;

export const endpointSchema = z.object({
  tenantId: z.string().min(1),
  serviceUrl: z.string(),
  bot: address,
}) satisfies z.ZodType<TenantEndpoint>;

export const cardCopySchema = z.object({
  id: z.string().min(1),
  invitationId: z.string(),
  address,
  activityId: z.string(),
  viewerId: z.string(),
  shared: z.boolean(),
  locale: z.string(),
  createdAt: iso,
  claimedUntil: iso.optional(),
}) satisfies z.ZodType<CardCopy>;

export const botStateItemSchema = z.object({ eTag: z.string(), value: z.record(z.string(), z.unknown()) });

/** Keys that name an object's own machinery: stored under them a record would vanish or corrupt the object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A record of records keyed by string, refusing the forbidden keys. */
const safeRecord = <T extends z.ZodType>(item: T) =>
  z.record(z.string(), item).superRefine((records, issue) => {
    for (const key of Object.keys(records)) {
      if (FORBIDDEN_KEYS.has(key))
        issue.addIssue({
          code: 'custom',
          message: `a record is stored under the key "${key}", which no record may have`,
          path: [key],
        });
    }
  });

const keyed = <T extends z.ZodType<{ id: string }>>(item: T) =>
  safeRecord(item).superRefine((records, issue) => {
    for (const [key, record] of Object.entries(records)) {
      if (record.id !== key)
        issue.addIssue({ code: 'custom', message: `record stored under "${key}" has id "${record.id}"`, path: [key] });
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
  deliveries: keyed(deliverySchema),
  /** Keyed by `tenantId/userId`. */
  contacts: safeRecord(contactSchema),
  /** Keyed by tenant id. */
  endpoints: safeRecord(endpointSchema),
  cardCopies: keyed(cardCopySchema),
  botState: safeRecord(botStateItemSchema),
});

export type Database = z.infer<typeof databaseSchema>;

/** Each collection's record schema: a record read back from the journal is checked against it. */
export const COLLECTION_SCHEMAS = {
  partners: partnerSchema,
  customers: customerSchema,
  invitations: invitationSchema,
  relationships: relationshipSchema,
  subscriptions: subscriptionSchema,
  outbox: notificationSchema,
  deliveries: deliverySchema,
  contacts: contactSchema,
  endpoints: endpointSchema,
  cardCopies: cardCopySchema,
  botState: botStateItemSchema,
} as const satisfies { [C in Exclude<keyof Database, 'schemaVersion' | 'seededAt' | 'audit'>]: z.ZodType };
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
    deliveries: {},
    contacts: {},
    endpoints: {},
    cardCopies: {},
    botState: {},
  };
}

/** "invitations.abc.status: Invalid option" — short enough for a start-up error. */
export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
  if (error.issues.length > max) lines.push(`… and ${error.issues.length - max} more`);
  return lines.join('; ');
}
