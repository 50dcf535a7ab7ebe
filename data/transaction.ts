import type {
  AuditLog,
  CustomerRepository,
  InvitationFilter,
  InvitationRepository,
  NotificationOutbox,
  PartnerRepository,
  RelationshipFilter,
  RelationshipRepository,
  Repositories,
  SubscriptionRepository,
} from '../domain/repositories.js';
import type { AuditEntry } from '../domain/types.js';
import type { BotStateItem, Database } from './schema.js';

type Keyed = 'partners' | 'customers' | 'invitations' | 'relationships' | 'subscriptions' | 'outbox' | 'botState';
type Item<K extends Keyed> = Database[K][string];

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

/**
 * One unit of work over the in-memory database: reads see the committed data plus this unit's
 * own writes; writes are buffered and reach the database only through commit(). Everything
 * handed out is a copy, so a caller that mutates what it read changes nothing stored.
 */
export class Transaction {
  private readonly writes = new Map<Keyed, Map<string, unknown>>();
  private readonly appended: AuditEntry[] = [];

  constructor(private readonly db: Database) {}

  get hasChanges(): boolean {
    return this.writes.size > 0 || this.appended.length > 0;
  }

  get<K extends Keyed>(collection: K, id: string): Item<K> | undefined {
    const pending = this.writes.get(collection);
    const value = pending?.has(id) ? pending.get(id) : Object.hasOwn(this.db[collection], id) ? this.db[collection][id] : undefined;
    return value === undefined ? undefined : (structuredClone(value) as Item<K>);
  }

  /** Committed records merged with this unit's writes, not copied: for scanning only. */
  private current<K extends Keyed>(collection: K): Item<K>[] {
    const pending = this.writes.get(collection);
    if (!pending) return Object.values(this.db[collection]) as Item<K>[];
    const merged = new Map<string, unknown>(Object.entries(this.db[collection]));
    for (const [id, value] of pending) {
      if (value === undefined) merged.delete(id);
      else merged.set(id, value);
    }
    return [...merged.values()] as Item<K>[];
  }

  /** Copies of the records that match. */
  select<K extends Keyed>(collection: K, match: (item: Item<K>) => boolean = () => true): Item<K>[] {
    return this.current(collection).filter(match).map((v) => structuredClone(v));
  }

  find<K extends Keyed>(collection: K, match: (item: Item<K>) => boolean): Item<K> | undefined {
    const found = this.current(collection).find(match);
    return found === undefined ? undefined : structuredClone(found);
  }

  keys(collection: Keyed): string[] {
    const keys = new Set(Object.keys(this.db[collection]));
    for (const [id, value] of this.writes.get(collection) ?? []) {
      if (value === undefined) keys.delete(id);
      else keys.add(id);
    }
    return [...keys];
  }

  /** `undefined` deletes. */
  set<K extends Keyed>(collection: K, id: string, value: Item<K> | undefined): void {
    let pending = this.writes.get(collection);
    if (!pending) this.writes.set(collection, (pending = new Map()));
    pending.set(id, value === undefined ? undefined : structuredClone(value));
  }

  appendAudit(entry: AuditEntry): void {
    this.appended.push(structuredClone(entry));
  }

  /** Applies the buffered writes to the database, recording how to undo them. */
  commit(undo: UndoLog): void {
    for (const [collection, pending] of this.writes) {
      const records = this.db[collection] as Record<string, unknown>;
      for (const [id, value] of pending) {
        const existed = Object.hasOwn(records, id);
        const before = records[id];
        if (value === undefined) delete records[id];
        else records[id] = value;
        undo.record(() => {
          if (existed) records[id] = before;
          else delete records[id];
        });
      }
    }
    if (this.appended.length > 0) {
      const length = this.db.audit.length;
      this.db.audit.push(...this.appended);
      undo.record(() => {
        this.db.audit.length = length;
      });
    }
  }

  botStateItem(key: string): BotStateItem | undefined {
    return this.get('botState', key);
  }

  repositories(): Repositories {
    const find = <K extends Keyed>(collection: K, match: (item: Item<K>) => boolean) => this.find(collection, match);
    const partners: PartnerRepository = {
      get: (id) => this.get('partners', id),
      findByTenant: (tenantId) => find('partners', (p) => p.tenantId === tenantId),
      list: () => this.select('partners'),
    };
    const customers: CustomerRepository = {
      get: (id) => this.get('customers', id),
      findByTenant: (tenantId) => find('customers', (c) => c.tenantId === tenantId),
      findByDomain: (domain) => {
        const wanted = domain.toLowerCase();
        return find('customers', (c) => c.verifiedDomains.some((d) => d.toLowerCase() === wanted));
      },
      list: () => this.select('customers'),
    };
    const invitations: InvitationRepository = {
      get: (id) => this.get('invitations', id),
      findByCode: (code) => find('invitations', (i) => i.code === code),
      list: (filter: InvitationFilter = {}) =>
        this.select(
          'invitations',
          (i) =>
            (filter.partnerId === undefined || i.partnerId === filter.partnerId) &&
            (filter.status === undefined || i.status === filter.status) &&
            (filter.domains === undefined || filter.domains.includes(i.customerDomain)),
        ),
      save: (invitation) => this.set('invitations', invitation.id, invitation),
    };
    const relationships: RelationshipRepository = {
      get: (id) => this.get('relationships', id),
      list: (filter: RelationshipFilter = {}) =>
        this.select(
          'relationships',
          (r) =>
            (filter.partnerId === undefined || r.partnerId === filter.partnerId) &&
            (filter.customerId === undefined || r.customerId === filter.customerId) &&
            (filter.status === undefined || r.status === filter.status),
        ),
      save: (relationship) => this.set('relationships', relationship.id, relationship),
    };
    const subscriptions: SubscriptionRepository = {
      get: (id) => this.get('subscriptions', id),
      listByCustomer: (customerId) => this.select('subscriptions', (s) => s.customerId === customerId),
      add: (subscription) => {
        if (this.get('subscriptions', subscription.id)) throw new Error(`Subscription ${subscription.id} already exists`);
        this.set('subscriptions', subscription.id, subscription);
      },
    };
    const audit: AuditLog = {
      append: (entry) => this.appendAudit(entry),
      list: () => [...this.db.audit, ...this.appended].map((e) => structuredClone(e)),
    };
    const outbox: NotificationOutbox = {
      add: (notification) => this.set('outbox', notification.id, notification),
      listUndelivered: () => this.select('outbox', (n) => !n.deliveredAt).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      markDelivered: (id, at) => {
        const notification = this.get('outbox', id);
        if (notification) this.set('outbox', id, { ...notification, deliveredAt: at });
      },
    };
    return { partners, customers, invitations, relationships, subscriptions, audit, outbox };
  }
}
