import type {
  ActiveRelationshipPageQuery,
  AuditLog,
  CardCopyRepository,
  ContactRepository,
  CustomerRepository,
  DeliveryRepository,
  HeldKeys,
  InvitationFilter,
  InvitationPageQuery,
  InvitationRepository,
  NotificationOutbox,
  PartnerRepository,
  RelationshipFilter,
  RelationshipRepository,
  Repositories,
  SubscriptionRepository,
} from '../domain/ports.js';
import type { AuditEntry, PersonRef } from '../domain/types.js';
import { type Collection, type Indexes, partnerNameKey } from './indexes.js';
import { type BotStateItem, type Database, FORBIDDEN_KEYS } from './schema.js';

type Item<C extends Collection> = Database[C][string];

/** The records a batch changed, by collection. */
export type ChangedKeys = Map<Collection, Set<string>>;

/** Undoes committed changes in reverse order when the file write that should follow them fails. */
export class UndoLog {
  private readonly steps: Array<() => void> = [];
  record(step: () => void): void {
    this.steps.push(step);
  }
  get isEmpty(): boolean {
    return this.steps.length === 0;
  }
  rollback(): void {
    for (const step of this.steps.splice(0).reverse()) step();
  }
}

export class ReadOnlyUnitError extends Error {
  constructor(collection: string) {
    super(`A read-only unit of work tried to write to ${collection}`);
    this.name = 'ReadOnlyUnitError';
  }
}

const contactKey = (person: PersonRef) => `${person.tenantId}/${person.userId}`;

/** Freezes a record and everything in it: stored records are values, never changed in place. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

// botbuilder changes the state objects it reads (the dialog stack), so they are handed out as copies.
const handOut = <T>(collection: Collection, value: T): T =>
  collection === 'botState' ? structuredClone(value) : value;

/**
 * One unit of work over the in-memory database: reads see the committed data plus this unit's
 * own writes; writes are buffered and reach the database only through commit(). Look-ups go
 * through the indexes. Every stored record is frozen when it is written, so a read hands out the
 * record itself, without copying it: changing what was read throws and changes nothing stored.
 */
export class Transaction {
  private readonly writes = new Map<Collection, Map<string, unknown>>();
  private readonly appended: AuditEntry[] = [];

  constructor(
    private readonly db: Database,
    private readonly indexes: Indexes,
    private readonly readOnly = false,
  ) {}

  get hasChanges(): boolean {
    return this.writes.size > 0 || this.appended.length > 0;
  }

  private raw<C extends Collection>(collection: C, id: string): Item<C> | undefined {
    const pending = this.writes.get(collection);
    if (pending?.has(id)) return pending.get(id) as Item<C> | undefined;
    return Object.hasOwn(this.db[collection], id) ? (this.db[collection][id] as Item<C>) : undefined;
  }

  get<C extends Collection>(collection: C, id: string): Item<C> | undefined {
    const value = this.raw(collection, id);
    return value === undefined ? undefined : handOut(collection, value);
  }

  /** Copies of the records whose index `name` has `key` and that match, including this unit's writes. */
  lookup<C extends Collection>(
    collection: C,
    name: string,
    key: string,
    match: (item: Item<C>) => boolean = () => true,
  ): Item<C>[] {
    const ids = new Set(this.indexes.ids(collection, name, key));
    for (const id of this.writes.get(collection)?.keys() ?? []) ids.add(id);
    const found: Item<C>[] = [];
    for (const id of ids) {
      const value = this.raw(collection, id);
      if (value !== undefined && match(value)) found.push(handOut(collection, value));
    }
    return found;
  }

  /** How many committed records index `name` has under `key` (to start a look-up from the narrowest index). */
  indexed(collection: Collection, name: string, key: string): number {
    return this.indexes.ids(collection, name, key).size;
  }

  /** Every record of a small collection (the directory), with this unit's writes. */
  all<C extends Collection>(collection: C): Item<C>[] {
    return this.keys(collection).map((id) => this.get(collection, id)!);
  }

  keys(collection: Collection): string[] {
    const keys = new Set(Object.keys(this.db[collection]));
    for (const [id, value] of this.writes.get(collection) ?? []) {
      if (value === undefined) keys.delete(id);
      else keys.add(id);
    }
    return [...keys];
  }

  /**
   * `undefined` deletes. The value is frozen where it is, not copied: what the domain saves is a
   * new value it built (parts of it may be other stored values, already frozen), and bot state
   * arrives here as a copy of its own. Changing it after saving throws.
   */
  set<C extends Collection>(collection: C, id: string, value: Item<C> | undefined): void {
    if (this.readOnly) throw new ReadOnlyUnitError(collection);
    if (FORBIDDEN_KEYS.has(id)) throw new Error(`No record may be stored under the key "${id}"`);
    let pending = this.writes.get(collection);
    if (!pending) this.writes.set(collection, (pending = new Map()));
    pending.set(id, value === undefined ? undefined : deepFreeze(value));
  }

  appendAudit(entry: AuditEntry): void {
    if (this.readOnly) throw new ReadOnlyUnitError('audit');
    this.appended.push(deepFreeze(entry));
  }

  /**
   * Applies the buffered writes to the database and its indexes, recording how to undo them, and
   * which records changed (the journal writes their values after the batch).
   */
  commit(undo: UndoLog, changed?: ChangedKeys, audited?: AuditEntry[]): void {
    for (const [collection, pending] of this.writes) {
      const records = this.db[collection] as Record<string, unknown>;
      let keys = changed?.get(collection);
      if (changed && !keys) changed.set(collection, (keys = new Set()));
      for (const [id, value] of pending) {
        keys?.add(id);
        const existed = Object.hasOwn(records, id);
        const before = existed ? records[id] : undefined;
        if (value === undefined) delete records[id];
        else records[id] = value;
        this.indexes.onChange(collection, id, before, value);
        undo.record(() => {
          if (existed) records[id] = before;
          else delete records[id];
          this.indexes.onChange(collection, id, value, before);
        });
      }
    }
    if (this.appended.length > 0) {
      const appended = this.appended;
      this.db.audit.push(...appended);
      audited?.push(...appended);
      // By identity, not by position: a compaction may have moved older entries out meanwhile.
      undo.record(() => {
        const at = this.db.audit.lastIndexOf(appended[0]!);
        if (at >= 0) this.db.audit.splice(at, appended.length);
      });
    }
  }

  botStateItem(key: string): BotStateItem | undefined {
    return this.get('botState', key);
  }

  /** The domain's repositories over this unit of work. */
  repositories(): Repositories {
    return new UnitRepositories(this);
  }
}

const firstOf = <T>(items: T[]): T | undefined => items[0];

// One small object per repository, their methods on the prototype: a unit of work (every read
// on every turn) creates no closures.
class Partners implements PartnerRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('partners', id);
  }
  async findByTenant(tenantId: string) {
    return firstOf(this.tx.lookup('partners', 'tenant', tenantId));
  }
  async list() {
    return this.tx.all('partners');
  }
  async save(partner: Item<'partners'>) {
    this.tx.set('partners', partner.id, partner);
  }
}

class Customers implements CustomerRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('customers', id);
  }
  async findByTenant(tenantId: string) {
    return firstOf(this.tx.lookup('customers', 'tenant', tenantId));
  }
  async findByDomain(domain: string) {
    return firstOf(this.tx.lookup('customers', 'domain', domain.toLowerCase()));
  }
  async list() {
    return this.tx.all('customers');
  }
  async save(customer: Item<'customers'>) {
    this.tx.set('customers', customer.id, customer);
  }
}

class Invitations implements InvitationRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('invitations', id);
  }
  async findByCode(code: string) {
    return firstOf(this.tx.lookup('invitations', 'code', code));
  }
  async list(filter: InvitationFilter = {}) {
    const match = (i: Item<'invitations'>) =>
      (filter.partnerId === undefined || i.partnerId === filter.partnerId) &&
      (filter.status === undefined || i.status === filter.status) &&
      (filter.domains === undefined || filter.domains.includes(i.customerDomain)) &&
      (filter.atMicrosoft === undefined || i.microsoft?.state === filter.atMicrosoft);
    // Start from the narrowest index the filter names: a partner with 100,000 past invitations has
    // a handful pending.
    if (filter.domains !== undefined)
      return [...new Set(filter.domains)].flatMap((d) => this.tx.lookup('invitations', 'domain', d, match));
    const byPartner =
      filter.partnerId === undefined ? Infinity : this.tx.indexed('invitations', 'partner', filter.partnerId);
    const byStatus = filter.status === undefined ? Infinity : this.tx.indexed('invitations', 'status', filter.status);
    if (filter.status !== undefined && byStatus <= byPartner)
      return this.tx.lookup('invitations', 'status', filter.status, match);
    if (filter.partnerId !== undefined) return this.tx.lookup('invitations', 'partner', filter.partnerId, match);
    return this.tx.all('invitations');
  }
  async newestFirst(query: InvitationPageQuery) {
    // References to the frozen records, sorted, and only the page handed out.
    const candidates = await this.list({
      ...(query.partnerId !== undefined ? { partnerId: query.partnerId } : {}),
      ...(query.domains !== undefined ? { domains: query.domains } : {}),
      ...(query.pendingAt !== undefined ? { status: 'pending' as const } : {}),
    });
    const matching =
      query.pendingAt === undefined ? candidates : candidates.filter((i) => i.expiresAt > query.pendingAt!);
    const newest = matching.sort((a, b) =>
      a.createdAt === b.createdAt
        ? a.code < b.code
          ? 1
          : a.code > b.code
            ? -1
            : 0
        : a.createdAt < b.createdAt
          ? 1
          : -1,
    );
    return { items: newest.slice(query.offset, query.offset + query.limit), total: newest.length };
  }
  async pendingNamesInUse(partnerId: string, names: readonly string[]) {
    // A partner's pending requests are few (they expire, R12): listed and compared here.
    const wanted = new Set(names.map((name) => name.toLowerCase()));
    const pending = await this.list({ partnerId, status: 'pending' });
    return new Set(pending.map((i) => i.relationshipName.toLowerCase()).filter((name) => wanted.has(name)));
  }
  async sentBySince(partnerId: string, userId: string, since: string) {
    return this.tx
      .lookup('invitations', 'partner', partnerId, (i) => i.createdBy.userId === userId && i.createdAt > since)
      .map((i) => i.createdAt)
      .sort();
  }
  async save(invitation: Item<'invitations'>) {
    this.tx.set('invitations', invitation.id, invitation);
  }
}

/** Customer names in Unicode's root order (case and accents second), as PostgreSQL's store sorts them. */
const NAME_ORDER = new Intl.Collator('und');

class Relationships implements RelationshipRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('relationships', id);
  }
  async list(filter: RelationshipFilter = {}) {
    const match = (r: Item<'relationships'>) =>
      (filter.partnerId === undefined || r.partnerId === filter.partnerId) &&
      (filter.customerId === undefined || r.customerId === filter.customerId) &&
      (filter.status === undefined || r.status === filter.status);
    if (filter.customerId !== undefined) return this.tx.lookup('relationships', 'customer', filter.customerId, match);
    if (filter.partnerId !== undefined) return this.tx.lookup('relationships', 'partner', filter.partnerId, match);
    if (filter.status !== undefined) return this.tx.lookup('relationships', 'status', filter.status, match);
    return this.tx.all('relationships');
  }
  async activePage(query: ActiveRelationshipPageQuery) {
    const { endingBy } = query;
    const matching = this.tx.lookup(
      'relationships',
      'partner',
      query.partnerId,
      (r) => r.status === 'active' && (endingBy === undefined || (r.endsAt !== null && r.endsAt <= endingBy)),
    );
    const withCustomers = matching.flatMap((relationship) => {
      const customer = this.tx.get('customers', relationship.customerId);
      return customer ? [{ relationship, customer: { id: customer.id, name: customer.name } }] : [];
    });
    // The order PostgreSQL's store gives (its "names" collation is ICU's root, as this collator is).
    const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    withCustomers.sort(
      (a, b) =>
        (endingBy === undefined ? 0 : byCode(a.relationship.endsAt!, b.relationship.endsAt!)) ||
        NAME_ORDER.compare(a.customer.name, b.customer.name) ||
        byCode(a.relationship.id, b.relationship.id),
    );
    return { items: withCustomers.slice(query.offset, query.offset + query.limit), total: withCustomers.length };
  }
  async namesInUse(partnerId: string, names: readonly string[]) {
    const lower = names.map((name) => name.toLowerCase());
    return new Set(
      lower.filter(
        (name) => this.tx.lookup('relationships', 'partnerName', partnerNameKey(partnerId, name)).length > 0,
      ),
    );
  }
  async save(relationship: Item<'relationships'>) {
    this.tx.set('relationships', relationship.id, relationship);
  }
}

class Subscriptions implements SubscriptionRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('subscriptions', id);
  }
  async listByCustomer(customerId: string) {
    return this.tx.lookup('subscriptions', 'customer', customerId);
  }
  async add(subscription: Item<'subscriptions'>) {
    if (this.tx.get('subscriptions', subscription.id))
      throw new Error(`Subscription ${subscription.id} already exists`);
    this.tx.set('subscriptions', subscription.id, subscription);
  }
}

class Audit implements AuditLog {
  constructor(private readonly tx: Transaction) {}
  async append(entry: AuditEntry) {
    this.tx.appendAudit(entry);
  }
}

class Outbox implements NotificationOutbox {
  constructor(private readonly tx: Transaction) {}
  async add(notification: Item<'outbox'>) {
    this.tx.set('outbox', notification.id, notification);
  }
  async get(id: string) {
    return this.tx.get('outbox', id);
  }
  async listUnplanned(limit: number) {
    return this.tx
      .lookup('outbox', 'unplanned', '*', (n) => !n.plannedAt)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit);
  }
  async listPlannedBefore(before: string, limit: number) {
    // A scan, once per sweep: the outbox of a large partner is tens of thousands of small records.
    return this.tx
      .all('outbox')
      .filter((n) => n.plannedAt !== undefined && n.plannedAt < before)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, limit);
  }
  async remove(id: string) {
    this.tx.set('outbox', id, undefined);
  }
  async countUnplanned() {
    return this.tx.lookup('outbox', 'unplanned', '*', (n) => !n.plannedAt).length;
  }
  async listByInvitation(invitationId: string) {
    return this.tx.lookup('outbox', 'invitation', invitationId, (n) => n.invitationId === invitationId);
  }
  async save(notification: Item<'outbox'>) {
    this.tx.set('outbox', notification.id, notification);
  }
}

class Deliveries implements DeliveryRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('deliveries', id);
  }
  async listDue(now: string, limit: number) {
    return this.tx
      .lookup('deliveries', 'pending', '*', (d) => d.status === 'pending' && d.nextAttemptAt <= now)
      .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }
  async remove(id: string) {
    this.tx.set('deliveries', id, undefined);
  }
  async countPending() {
    return this.tx.lookup('deliveries', 'pending', '*', (d) => d.status === 'pending').length;
  }
  async countWaitingForRecipient() {
    return this.tx.lookup('deliveries', 'pending', '*', (d) => d.status === 'pending' && d.waitingForRecipient === true)
      .length;
  }
  async listPendingFor(person: PersonRef) {
    return this.tx.lookup(
      'deliveries',
      'pending',
      '*',
      (d) =>
        d.status === 'pending' &&
        d.target.kind === 'person' &&
        d.target.person.userId === person.userId &&
        d.target.person.tenantId === person.tenantId,
    );
  }
  async listByNotification(notificationId: string) {
    return this.tx.lookup('deliveries', 'notification', notificationId);
  }
  async save(delivery: Item<'deliveries'>) {
    this.tx.set('deliveries', delivery.id, delivery);
  }
}

class Contacts implements ContactRepository {
  constructor(private readonly tx: Transaction) {}
  async get(person: PersonRef) {
    return this.tx.get('contacts', contactKey(person));
  }
  async save(contact: Item<'contacts'>) {
    this.tx.set('contacts', contactKey(contact.person), contact);
  }
  async endpointOf(tenantId: string) {
    return this.tx.get('endpoints', tenantId);
  }
  async saveEndpoint(endpoint: Item<'endpoints'>) {
    this.tx.set('endpoints', endpoint.tenantId, endpoint);
  }
}

class CardCopies implements CardCopyRepository {
  constructor(private readonly tx: Transaction) {}
  async get(id: string) {
    return this.tx.get('cardCopies', id);
  }
  async listByInvitation(invitationId: string) {
    return this.tx
      .lookup('cardCopies', 'invitation', invitationId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }
  async save(copy: Item<'cardCopies'>) {
    this.tx.set('cardCopies', copy.id, copy);
  }
}

class UnitRepositories implements Repositories {
  readonly partners: Partners;
  readonly customers: Customers;
  readonly invitations: Invitations;
  readonly relationships: Relationships;
  readonly subscriptions: Subscriptions;
  readonly audit: Audit;
  readonly outbox: Outbox;
  readonly deliveries: Deliveries;
  readonly contacts: Contacts;
  readonly cardCopies: CardCopies;
  /** Units run one at a time here (the store's queue): a key held is never wanted by another. */
  readonly keys: HeldKeys = { hold: async () => undefined };
  constructor(tx: Transaction) {
    this.partners = new Partners(tx);
    this.customers = new Customers(tx);
    this.invitations = new Invitations(tx);
    this.relationships = new Relationships(tx);
    this.subscriptions = new Subscriptions(tx);
    this.audit = new Audit(tx);
    this.outbox = new Outbox(tx);
    this.deliveries = new Deliveries(tx);
    this.contacts = new Contacts(tx);
    this.cardCopies = new CardCopies(tx);
  }
}
