import type { Database } from './schema.js';

// Secondary indexes over the in-memory database, for what is looked up on every turn: an
// invitation by code, invitations by partner, domain and status, the directory by tenant and
// domain, undelivered notifications and due deliveries. They are kept in step with every change
// that reaches the database (commit, rollback, reseed), never rebuilt per request.

export type Collection = Exclude<keyof Database, 'schemaVersion' | 'seededAt' | 'audit'>;
type Item<C extends Collection> = Database[C][string];

interface IndexSpec<C extends Collection = Collection> {
  collection: C;
  name: string;
  keys(item: Item<C>): string[];
}

/** A partner's relationship name as the 'partnerName' index keys it (R13: without case). */
export const partnerNameKey = (partnerId: string, name: string) => `${partnerId}\n${name.toLowerCase()}`;

const spec = <C extends Collection>(collection: C, name: string, keys: (item: Item<C>) => string[]): IndexSpec =>
  ({ collection, name, keys }) as unknown as IndexSpec;

export const INDEX_SPECS: readonly IndexSpec[] = [
  spec('partners', 'tenant', (p) => [p.tenantId]),
  spec('customers', 'tenant', (c) => [c.tenantId]),
  spec('customers', 'domain', (c) => c.verifiedDomains.map((d) => d.toLowerCase())),
  spec('invitations', 'code', (i) => [i.code]),
  spec('invitations', 'partner', (i) => [i.partnerId]),
  spec('invitations', 'domain', (i) => [i.customerDomain]),
  spec('invitations', 'status', (i) => [i.status]),
  spec('relationships', 'partner', (r) => [r.partnerId]),
  spec('relationships', 'customer', (r) => [r.customerId]),
  spec('relationships', 'status', (r) => [r.status]),
  spec('relationships', 'partnerName', (r) => [partnerNameKey(r.partnerId, r.name)]),
  spec('subscriptions', 'customer', (s) => [s.customerId]),
  spec('outbox', 'unplanned', (n) => (n.plannedAt ? [] : ['*'])),
  spec('outbox', 'invitation', (n) => (n.invitationId ? [n.invitationId] : [])),
  spec('deliveries', 'pending', (d) => (d.status === 'pending' ? ['*'] : [])),
  spec('deliveries', 'notification', (d) => [d.notificationId]),
  spec('cardCopies', 'invitation', (c) => [c.invitationId]),
];

export class Indexes {
  private readonly maps = new Map<string, Map<string, Set<string>>>();
  private readonly byCollection = new Map<Collection, IndexSpec[]>();

  constructor(db: Database) {
    for (const s of INDEX_SPECS) {
      this.maps.set(`${s.collection}.${s.name}`, new Map());
      this.byCollection.set(s.collection, [...(this.byCollection.get(s.collection) ?? []), s]);
    }
    this.rebuild(db);
  }

  rebuild(db: Database): void {
    for (const map of this.maps.values()) map.clear();
    for (const [collection, specs] of this.byCollection) {
      for (const [id, item] of Object.entries(db[collection])) for (const s of specs) this.add(s, id, item);
    }
  }

  /** Called for every record that changes: `before` and `after` are undefined for a new or deleted record. */
  onChange(collection: Collection, id: string, before: unknown, after: unknown): void {
    for (const s of this.byCollection.get(collection) ?? []) {
      if (before !== undefined) this.remove(s, id, before);
      if (after !== undefined) this.add(s, id, after);
    }
  }

  /** The ids of committed records with this key (a live set: copy it before changing the database). */
  ids(collection: Collection, name: string, key: string): ReadonlySet<string> {
    const map = this.maps.get(`${collection}.${name}`);
    if (!map) throw new Error(`No index ${collection}.${name}`);
    return map.get(key) ?? EMPTY;
  }

  private add(s: IndexSpec, id: string, item: unknown): void {
    const map = this.maps.get(`${s.collection}.${s.name}`)!;
    for (const key of s.keys(item as never)) {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(id);
    }
  }

  private remove(s: IndexSpec, id: string, item: unknown): void {
    const map = this.maps.get(`${s.collection}.${s.name}`)!;
    for (const key of s.keys(item as never)) {
      const set = map.get(key);
      set?.delete(id);
      if (set?.size === 0) map.delete(key);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();
