import type {
  AuditEntry,
  Customer,
  Invitation,
  InvitationStatus,
  Notification,
  Partner,
  Relationship,
  RelationshipStatus,
  Subscription,
} from './types.js';

// What the domain needs from persistence. The use cases run inside one unit of work: they read
// and write through these synchronous views of a consistent snapshot, and the data layer commits
// all their writes at once or none (see UnitOfWork).

export interface PartnerRepository {
  get(id: string): Partner | undefined;
  findByTenant(tenantId: string): Partner | undefined;
  list(): Partner[];
}

export interface CustomerRepository {
  get(id: string): Customer | undefined;
  findByTenant(tenantId: string): Customer | undefined;
  findByDomain(domain: string): Customer | undefined;
  list(): Customer[];
}

export interface InvitationFilter {
  partnerId?: string;
  status?: InvitationStatus;
  /** Addressed to any of these domains. */
  domains?: readonly string[];
}

export interface InvitationRepository {
  get(id: string): Invitation | undefined;
  findByCode(code: string): Invitation | undefined;
  list(filter?: InvitationFilter): Invitation[];
  save(invitation: Invitation): void;
}

export interface RelationshipFilter {
  partnerId?: string;
  customerId?: string;
  status?: RelationshipStatus;
}

export interface RelationshipRepository {
  get(id: string): Relationship | undefined;
  list(filter?: RelationshipFilter): Relationship[];
  save(relationship: Relationship): void;
}

export interface SubscriptionRepository {
  get(id: string): Subscription | undefined;
  listByCustomer(customerId: string): Subscription[];
  add(subscription: Subscription): void;
}

export interface AuditLog {
  append(entry: AuditEntry): void;
  list(): AuditEntry[];
}

export interface NotificationOutbox {
  add(notification: Notification): void;
  listUndelivered(): Notification[];
  markDelivered(id: string, at: string): void;
}

export interface Repositories {
  partners: PartnerRepository;
  customers: CustomerRepository;
  invitations: InvitationRepository;
  relationships: RelationshipRepository;
  subscriptions: SubscriptionRepository;
  audit: AuditLog;
  outbox: NotificationOutbox;
}

/**
 * Runs `work` against a consistent snapshot, one unit at a time per store. If `work` returns,
 * its writes are committed and durable before the promise resolves; if it throws, none are.
 */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => T): Promise<T>;
}

/** Ids and codes come from outside so that the domain stays deterministic under test. */
export interface IdSource {
  newId(): string;
  /** A short code like "ABC-123"; the domain retries when one is taken. */
  newCode(): string;
}

export type Clock = () => Date;

export interface DomainContext {
  clock: Clock;
  ids: IdSource;
}
