import type { InvitationFilter, RelationshipFilter, Repositories } from '../domain/ports.js';
import type { AuditEntry, PersonRef } from '../domain/types.js';
import type { Collection, Indexes } from './indexes.js';
import type { BotStateItem, Database } from './schema.js';

type Item<C extends Collection> = Database[C][string];

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
const handOut = <T>(collection: Collection, value: T): T => (collection === 'botState' ? structuredClone(value) : value);

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
  lookup<C extends Collection>(collection: C, name: string, key: string, match: (item: Item<C>) => boolean = () => true): Item<C>[] {
    const ids = new Set(this.indexes.ids(collection, name, key));
    for (const id of this.writes.get(collection)?.keys() ?? []) ids.add(id);
    const found: Item<C>[] = [];
    for (const id of ids) {
      const value = this.raw(collection, id);
      if (value !== undefined && match(value)) found.push(handOut(collection, value));
    }
    return found;
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

  /** `undefined` deletes. */
  set<C extends Collection>(collection: C, id: string, value: Item<C> | undefined): void {
    if (this.readOnly) throw new ReadOnlyUnitError(collection);
    let pending = this.writes.get(collection);
    if (!pending) this.writes.set(collection, (pending = new Map()));
    pending.set(id, value === undefined ? undefined : deepFreeze(structuredClone(value)));
  }

  appendAudit(entry: AuditEntry): void {
    if (this.readOnly) throw new ReadOnlyUnitError('audit');
    this.appended.push(deepFreeze(structuredClone(entry)));
  }

  /** Applies the buffered writes to the database and its indexes, recording how to undo them. */
  commit(undo: UndoLog): void {
    for (const [collection, pending] of this.writes) {
      const records = this.db[collection] as Record<string, unknown>;
      for (const [id, value] of pending) {
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
    const one = <C extends Collection>(collection: C, name: string, key: string, match?: (item: Item<C>) => boolean) => this.lookup(collection, name, key, match)[0];
    return {
      partners: {
        get: async (id) => this.get('partners', id),
        findByTenant: async (tenantId) => one('partners', 'tenant', tenantId),
        list: async () => this.all('partners'),
      },
      customers: {
        get: async (id) => this.get('customers', id),
        findByTenant: async (tenantId) => one('customers', 'tenant', tenantId),
        findByDomain: async (domain) => one('customers', 'domain', domain.toLowerCase()),
        list: async () => this.all('customers'),
      },
      invitations: {
        get: async (id) => this.get('invitations', id),
        findByCode: async (code) => one('invitations', 'code', code),
        list: async (filter: InvitationFilter = {}) => {
          const match = (i: Item<'invitations'>) =>
            (filter.partnerId === undefined || i.partnerId === filter.partnerId) &&
            (filter.status === undefined || i.status === filter.status) &&
            (filter.domains === undefined || filter.domains.includes(i.customerDomain));
          // Start from the narrowest index the filter names.
          if (filter.domains !== undefined) return [...new Set(filter.domains)].flatMap((d) => this.lookup('invitations', 'domain', d, match));
          if (filter.partnerId !== undefined) return this.lookup('invitations', 'partner', filter.partnerId, match);
          if (filter.status !== undefined) return this.lookup('invitations', 'status', filter.status, match);
          return this.all('invitations');
        },
        save: async (invitation) => this.set('invitations', invitation.id, invitation),
      },
      relationships: {
        get: async (id) => this.get('relationships', id),
        list: async (filter: RelationshipFilter = {}) => {
          const match = (r: Item<'relationships'>) =>
            (filter.partnerId === undefined || r.partnerId === filter.partnerId) &&
            (filter.customerId === undefined || r.customerId === filter.customerId) &&
            (filter.status === undefined || r.status === filter.status);
          if (filter.customerId !== undefined) return this.lookup('relationships', 'customer', filter.customerId, match);
          if (filter.partnerId !== undefined) return this.lookup('relationships', 'partner', filter.partnerId, match);
          if (filter.status !== undefined) return this.lookup('relationships', 'status', filter.status, match);
          return this.all('relationships');
        },
        save: async (relationship) => this.set('relationships', relationship.id, relationship),
      },
      subscriptions: {
        get: async (id) => this.get('subscriptions', id),
        listByCustomer: async (customerId) => this.lookup('subscriptions', 'customer', customerId),
        add: async (subscription) => {
          if (this.raw('subscriptions', subscription.id)) throw new Error(`Subscription ${subscription.id} already exists`);
          this.set('subscriptions', subscription.id, subscription);
        },
      },
      audit: {
        append: async (entry) => this.appendAudit(entry),
      },
      outbox: {
        add: async (notification) => this.set('outbox', notification.id, notification),
        get: async (id) => this.get('outbox', id),
        listUnplanned: async (limit) =>
          this.lookup('outbox', 'unplanned', '*', (n) => !n.plannedAt)
            .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
            .slice(0, limit),
        save: async (notification) => this.set('outbox', notification.id, notification),
      },
      deliveries: {
        get: async (id) => this.get('deliveries', id),
        listDue: async (now, limit) =>
          this.lookup('deliveries', 'pending', '*', (d) => d.status === 'pending' && d.nextAttemptAt <= now)
            .sort((a, b) => a.nextAttemptAt.localeCompare(b.nextAttemptAt) || a.id.localeCompare(b.id))
            .slice(0, limit),
        listByNotification: async (notificationId) => this.lookup('deliveries', 'notification', notificationId),
        save: async (delivery) => this.set('deliveries', delivery.id, delivery),
      },
      contacts: {
        get: async (person) => this.get('contacts', contactKey(person)),
        save: async (contact) => this.set('contacts', contactKey(contact.person), contact),
        endpointOf: async (tenantId) => this.get('endpoints', tenantId),
        saveEndpoint: async (endpoint) => this.set('endpoints', endpoint.tenantId, endpoint),
      },
      cardCopies: {
        get: async (id) => this.get('cardCopies', id),
        listByInvitation: async (invitationId) => this.lookup('cardCopies', 'invitation', invitationId).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
        save: async (copy) => this.set('cardCopies', copy.id, copy),
      },
    };
  }
}
