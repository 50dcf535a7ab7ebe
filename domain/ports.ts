import type {
  AuditEntry,
  CardCopy,
  Contact,
  Customer,
  Delivery,
  Invitation,
  InvitationStatus,
  Notification,
  Partner,
  PersonRef,
  Relationship,
  RelationshipStatus,
  Subscription,
  TenantEndpoint,
} from './types.js';

// What the domain needs from persistence, and nothing of how a store keeps it. The use cases run
// inside one unit of work: they read and write through these repositories, and the store commits
// all their writes at once or none. Every method returns a promise so that a store over a
// network fits the same port as the embedded one.

export interface PartnerRepository {
  get(id: string): Promise<Partner | undefined>;
  findByTenant(tenantId: string): Promise<Partner | undefined>;
  list(): Promise<Partner[]>;
  /**
   * Connected to Partner Center: a user's roles as Microsoft says (their AdminAgents, SalesAgents, HelpdeskAgents
   * groups).
   */
  save(partner: Partner): Promise<void>;
}

export interface CustomerRepository {
  get(id: string): Promise<Customer | undefined>;
  findByTenant(tenantId: string): Promise<Customer | undefined>;
  findByDomain(domain: string): Promise<Customer | undefined>;
  list(): Promise<Customer[]>;
  /** A tenant met through Microsoft (connected to Partner Center) that the directory did not know. */
  save(customer: Customer): Promise<void>;
}

export interface InvitationFilter {
  partnerId?: string;
  status?: InvitationStatus;
  /** Addressed to any of these domains. */
  domains?: readonly string[];
  /** Connected to Partner Center: where its request at Microsoft is (being made, or made). */
  atMicrosoft?: 'sending' | 'sent';
}

/** A page of a partner's invitations, or of those addressed to a customer's domains, newest first. */
export interface InvitationPageQuery {
  partnerId?: string;
  domains?: readonly string[];
  /** Only those still pending at this time: an overdue pending invitation counts as expired (R12). */
  pendingAt?: string;
  offset: number;
  limit: number;
}

export interface InvitationRepository {
  get(id: string): Promise<Invitation | undefined>;
  findByCode(code: string): Promise<Invitation | undefined>;
  list(filter?: InvitationFilter): Promise<Invitation[]>;
  /**
   * Newest first (by creation time, then code), and how many match: a partner's history grows
   * without end, so a list is read a page at a time, never whole.
   */
  newestFirst(query: InvitationPageQuery): Promise<{ items: Invitation[]; total: number }>;
  /** Which of `names` the partner's pending requests already have, lower-cased (R13, without case). */
  pendingNamesInUse(partnerId: string, names: readonly string[]): Promise<Set<string>>;
  /** When each invitation this partner user sent after `since` (ISO) was sent, oldest first (R26). */
  sentBySince(partnerId: string, userId: string, since: string): Promise<string[]>;
  save(invitation: Invitation): Promise<void>;
}

export interface RelationshipFilter {
  partnerId?: string;
  customerId?: string;
  status?: RelationshipStatus;
}

/**
 * A page of a partner's active relationships, each with its customer (relationships whose customer is gone are left
 * out).
 */
export interface ActiveRelationshipPageQuery {
  partnerId: string;
  /**
   * Without it: by customer name (Unicode's root collation: case and accents second), then id.
   * With it (ISO): only those ending by then, soonest first, then by customer name, then id.
   */
  endingBy?: string;
  offset: number;
  limit: number;
}

export interface RelationshipWithCustomer {
  relationship: Relationship;
  customer: Pick<Customer, 'id' | 'name'>;
}

export interface RelationshipRepository {
  get(id: string): Promise<Relationship | undefined>;
  list(filter?: RelationshipFilter): Promise<Relationship[]>;
  /**
   * A page and how many match: every approved request becomes a relationship, so a partner's are read a page at a time.
   */
  activePage(query: ActiveRelationshipPageQuery): Promise<{ items: RelationshipWithCustomer[]; total: number }>;
  /**
   * Which of `names` the partner's relationships already have, lower-cased (R13: compared without
   * case). Asked, never listed: every approved request becomes a relationship, so a partner's grow.
   */
  namesInUse(partnerId: string, names: readonly string[]): Promise<Set<string>>;
  save(relationship: Relationship): Promise<void>;
}

export interface SubscriptionRepository {
  get(id: string): Promise<Subscription | undefined>;
  listByCustomer(customerId: string): Promise<Subscription[]>;
  add(subscription: Subscription): Promise<void>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

export interface NotificationOutbox {
  add(notification: Notification): Promise<void>;
  get(id: string): Promise<Notification | undefined>;
  /** Notifications not yet turned into deliveries, oldest first. */
  listUnplanned(limit: number): Promise<Notification[]>;
  /** How many are not yet planned into deliveries (the operator's backlog figure). */
  countUnplanned(): Promise<number>;
  /** Planned before `before` (ISO), oldest first. */
  listPlannedBefore(before: string, limit: number): Promise<Notification[]>;
  remove(id: string): Promise<void>;
  /** Every notification about this invitation (its history). */
  listByInvitation(invitationId: string): Promise<Notification[]>;
  save(notification: Notification): Promise<void>;
}

export interface DeliveryRepository {
  get(id: string): Promise<Delivery | undefined>;
  /** Pending deliveries whose next attempt is due at `now`, oldest first. */
  listDue(now: string, limit: number): Promise<Delivery[]>;
  /** How many are still to be delivered, due now or later (the operator's backlog figure). */
  countPending(): Promise<number>;
  /** How many wait for a person the bot cannot reach yet. */
  countWaitingForRecipient(): Promise<number>;
  /** A person's pending deliveries (to send them at once when the person first talks to the bot). */
  listPendingFor(person: PersonRef): Promise<Delivery[]>;
  remove(id: string): Promise<void>;
  listByNotification(notificationId: string): Promise<Delivery[]>;
  save(delivery: Delivery): Promise<void>;
}

export interface ContactRepository {
  get(person: PersonRef): Promise<Contact | undefined>;
  save(contact: Contact): Promise<void>;
  endpointOf(tenantId: string): Promise<TenantEndpoint | undefined>;
  saveEndpoint(endpoint: TenantEndpoint): Promise<void>;
}

export interface CardCopyRepository {
  listByInvitation(invitationId: string): Promise<CardCopy[]>;
  get(id: string): Promise<CardCopy | undefined>;
  save(copy: CardCopy): Promise<void>;
}

export interface Repositories {
  partners: PartnerRepository;
  customers: CustomerRepository;
  invitations: InvitationRepository;
  relationships: RelationshipRepository;
  subscriptions: SubscriptionRepository;
  audit: AuditLog;
  outbox: NotificationOutbox;
  deliveries: DeliveryRepository;
  contacts: ContactRepository;
  cardCopies: CardCopyRepository;
  keys: HeldKeys;
}

/**
 * Keys a unit holds until it ends (see `UnitOptions.restsOnHeldKeys`): a unit asking for a key
 * another running unit holds waits until that one has ended, in this process or another instance.
 * Asked for before the reads they guard, in the same breath (a store may send them together).
 */
export interface HeldKeys {
  hold(keys: readonly string[]): Promise<void>;
}

/** Repositories for a unit that only reads: writing through them is a programming error. */
export type ReadRepositories = Repositories;

export interface UnitOptions {
  /**
   * Units naming the same key run one after another in this process: they read and change the
   * same records (two decisions on one invitation, two requests to one customer), so run together,
   * all but one would have to be run again or wait. (Across instances the store's isolation and the
   * keys units hold keep them correct.)
   */
  oneAtATime?: string;
  /**
   * What the unit decides rests only on records it changes (a decision on one invitation reads it
   * and writes it, and adds new records): a store may then check only that nobody changed those
   * meanwhile (the first writer wins, the other unit runs again) instead of tracking every read —
   * which would make decisions on neighbouring invitations conflict for nothing. For the
   * same reason a store may write several such units (different `oneAtATime` keys) in one
   * transaction: what the others write is not what each rests on; a record written by two of them
   * is a conflict.
   */
  restsOnWhatItChanges?: boolean;
  /**
   * Whatever another unit could change under what this unit decides is guarded by keys it holds
   * (`repos.keys`) before reading it — a request holds its customer and its relationship names
   * (R13) — so it needs no other protection: a store may run it beside everything else and let it
   * see what others committed while it waited for a key.
   */
  restsOnHeldKeys?: boolean;
}

/**
 * The store, as the domain sees it. `run` executes `work` as one unit of work: if it resolves,
 * its writes are committed and durable before the promise resolves; if it throws, none are.
 * `read` executes `work` against committed data without waiting for writes in progress; it
 * must not write. `work` must do no I/O of its own: it may be run while other units wait.
 */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => Promise<T>, options?: UnitOptions): Promise<T>;
  read<T>(work: (repos: ReadRepositories) => Promise<T>): Promise<T>;
}

/** Ids and codes come from outside so that the domain stays deterministic under test. */
export interface IdSource {
  newId(): string;
  /** A short code like "ABC-123"; the domain retries when one is taken. */
  newCode(): string;
}

export type Clock = () => Date;

/**
 * R8: Microsoft's CSP markets. A country's market id: a multi-country market's ("europe") or the country code itself.
 */
export interface MarketTable {
  marketOf(country: string): Promise<string>;
}

export interface DomainContext {
  clock: Clock;
  ids: IdSource;
  markets: MarketTable;
  /**
   * simulated (default): the bot's directory and the card's Approve decide. graph: Microsoft does —
   * a request is made at Microsoft before the customer is told, and approved in the admin center.
   */
  partnerCenter?: 'simulated' | 'graph';
  /**
   * Connected to Partner Center: the waits between attempts to reach Microsoft for one request (default
   * SEND_RETRY_SECONDS).
   */
  sendRetrySeconds?: readonly number[];
  /** R26: how much one user and one partner may send (DEFAULT_LIMITS where not given). */
  limits?: Partial<SendingLimits>;
}

/**
 * R13: names proposed to invite dialogs in flight, per partner, so that two dialogs are never proposed
 * the same one. A version read with the holds must still be current when they are saved (another
 * instance may have held a name meanwhile): `save` answers false then, and the caller reads again.
 */
export interface NameHolds {
  read(partnerId: string): Promise<{ holds: Record<string, NameHold>; version: string | undefined }>;
  save(partnerId: string, holds: Record<string, NameHold>, version: string | undefined): Promise<boolean>;
}

/** A proposed name (lower-cased key) held for one dialog (`holder`) until `until` (ISO). */
export interface NameHold {
  holder: string;
  until: string;
}

/** R26: nobody can flood a customer. */
export interface SendingLimits {
  /** Invitations one partner user may send in an hour. */
  invitationsPerHour: number;
  /** Pending requests one partner may have to one customer. */
  pendingPerCustomer: number;
  /** How long after a resend the same invitation may be resent. */
  resendMinutes: number;
}

export const DEFAULT_LIMITS: SendingLimits = { invitationsPerHour: 30, pendingPerCustomer: 5, resendMinutes: 60 };

export const limitsOf = (ctx: DomainContext): SendingLimits => ({ ...DEFAULT_LIMITS, ...ctx.limits });

export const connectedToMicrosoft = (ctx: DomainContext): boolean => ctx.partnerCenter === 'graph';
