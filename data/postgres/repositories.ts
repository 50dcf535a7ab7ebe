import { deepFreeze } from '../transaction.js';
import type pg from 'pg';
import type { PoolClient } from 'pg';
import type {
  ActiveRelationshipPageQuery,
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
  AuditLog,
} from '../../domain/ports.js';
import type {
  AuditEntry,
  CardCopy,
  Contact,
  Customer,
  Delivery,
  Invitation,
  Notification,
  Partner,
  PersonRef,
  Relationship,
  Subscription,
  TenantEndpoint,
} from '../../domain/types.js';

// The domain's repositories over one PostgreSQL transaction. Each record is a JSON document in
// its table; look-ups use the generated columns and their indexes (migrations.ts). Results come in
// the order records were first written, as from the embedded store.

export const TABLES = [
  'partners',
  'customers',
  'invitations',
  'relationships',
  'subscriptions',
  'outbox',
  'deliveries',
  'contacts',
  'endpoints',
  'card_copies',
] as const;
export type Table = (typeof TABLES)[number];

export const contactKey = (person: PersonRef): string => `${person.tenantId}/${person.userId}`;

/**
 * The partners and customers, held by each instance: every turn looks them up, and they change
 * rarely (`npm run seed`, `move-to-postgres`; connected to Partner Center, a partner user's roles
 * and a customer met through Microsoft). The store reloads it after a change and periodically.
 * Frozen values, as the file store hands out.
 */
export class Directory {
  private readonly partnersById = new Map<string, Partner>();
  private readonly customersById = new Map<string, Customer>();
  // Every turn looks its user's organisation up by tenant: indexed, the first record of each key
  // winning as in a scan in order.
  private readonly partnersByTenant = new Map<string, Partner>();
  private readonly customersByTenant = new Map<string, Customer>();
  private readonly customersByDomain = new Map<string, Customer>();

  constructor(
    private readonly partners: readonly Partner[],
    private readonly customers: readonly Customer[],
  ) {
    const first = <V>(map: Map<string, V>, key: string, value: V) => void (map.has(key) || map.set(key, value));
    for (const p of partners) {
      this.partnersById.set(p.id, deepFreeze(p));
      first(this.partnersByTenant, p.tenantId, p);
    }
    for (const c of customers) {
      this.customersById.set(c.id, deepFreeze(c));
      first(this.customersByTenant, c.tenantId, c);
      for (const d of c.verifiedDomains) first(this.customersByDomain, d.toLowerCase(), c);
    }
  }

  static async load(client: Pick<PoolClient, 'query'>): Promise<Directory> {
    const read = async <T>(table: Table) =>
      (await client.query<{ data: T }>(`SELECT data FROM ${table} ORDER BY seq`)).rows.map((r) => r.data);
    return new Directory(await read<Partner>('partners'), await read<Customer>('customers'));
  }

  partner = (id: string) => this.partnersById.get(id);
  partnerByTenant = (tenantId: string) => this.partnersByTenant.get(tenantId);
  listPartners = () => [...this.partners];
  customer = (id: string) => this.customersById.get(id);
  customerByTenant = (tenantId: string) => this.customersByTenant.get(tenantId);
  customerByDomain = (domain: string) => this.customersByDomain.get(domain.toLowerCase());
  listCustomers = () => [...this.customers];
}

/** Statement texts a store names for its connections: more distinct texts than this are sent as they are. */
const MAX_NAMED_STATEMENTS = 256;

/**
 * The statements prepared on the connections of one store's pool. A unit's statements go to
 * PostgreSQL as text (several in one message), so each would be parsed and planned every time: a
 * fifth of PostgreSQL's CPU per decision. Instead each statement text gets a name, is prepared on a
 * connection the first time that connection needs it (`PREPARE`, in front of the message), and is
 * run by name with its values (`EXECUTE`). A prepared statement outlives a rolled-back
 * transaction, but one in a message that failed may or may not have been prepared: on that
 * connection its text is sent as it is from then on.
 */
export class PreparedStatements {
  /** Each statement text seen, with its name; null for one sent as text (BEGIN, COMMIT), decided once. */
  private readonly names = new Map<string, string | null>();
  private named = 0;
  private readonly connections = new WeakMap<object, { prepared: Set<string>; uncertain: Set<string> }>();

  /** The name of a statement text; undefined for what PREPARE does not take, and past MAX_NAMED_STATEMENTS. */
  nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < MAX_NAMED_STATEMENTS)
      this.names.set(sql, (name = PREPARABLE.test(sql) ? `unit_${++this.named}` : null));
    return name ?? undefined;
  }

  /** What is prepared on a connection (a pool's client, the same object each time it is checked out). */
  on(connection: object): { prepared: Set<string>; uncertain: Set<string> } {
    let state = this.connections.get(connection);
    if (!state) this.connections.set(connection, (state = { prepared: new Set(), uncertain: new Set() }));
    return state;
  }
}

/**
 * A message that ran statements by name failed because the connection no longer has them as
 * prepared (something ran DEALLOCATE or DISCARD on it; a statement's result type changed under it):
 * they are sent as text on it from now on, and the unit or read can simply run again.
 */
export class PreparedStatementsLost extends Error {
  constructor(cause: unknown) {
    super(`A prepared statement was lost on its connection: ${(cause as Error).message}`, { cause });
  }
}

/**
 * invalid_sql_statement_name ("prepared statement … does not exist"); feature_not_supported ("cached plan must not
 * change result type").
 */
const LOST_STATEMENT_CODES = new Set(['26000', '0A000']);

/** What PREPARE takes (BEGIN and COMMIT are sent as they are). */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

interface Statement {
  sql: string;
  params: readonly unknown[];
}

/** A read asked for after its unit of work ended (its work had already failed, or returned without waiting for it). */
export class UnitEndedError extends Error {
  constructor() {
    super('The unit of work has ended: a read asked for after it is not sent.');
    this.name = 'UnitEndedError';
  }
}

/**
 * The queries every repository needs, in one transaction (or, for a read, on one connection). A
 * unit sends as few round trips as it can — under load each one waits for the busy event loop, and
 * a unit that writes holds its place until its last: BEGIN goes with its first statement, its
 * writes are held and sent in front of its next read or its COMMIT, and reads asked for together
 * (Promise.all) go together, as one multi-statement query. The values are then written into the
 * statements as quoted literals (the driver's escaping), each statement run by name where the
 * store prepares them (PreparedStatements). A read still sees everything the unit wrote before it.
 */
export class PgUnit {
  private readonly onConnection: { prepared: Set<string>; uncertain: Set<string> } | undefined;

  constructor(
    readonly client: PoolClient,
    /** The directory this instance holds; without it, partners and customers are queried. */
    readonly directory?: Directory,
    /** A unit that writes: the statement that begins its transaction (sent with its first statement). */
    private readonly begin?: string,
    /**
     * The store's prepared statements, and the connection they are prepared on (the client, for a read-only wrapper).
     */
    private readonly statements?: { names: PreparedStatements; connection: object },
  ) {
    this.onConnection = statements?.names.on(statements.connection);
  }

  /** A unit without a transaction of its own only reads: it takes no row locks (PostgreSQL refuses them there). */
  get readOnly(): boolean {
    return this.begin === undefined;
  }

  private begun = false;

  /**
   * The last message sent on this unit's connection, answered or not. The unit's callers ask side by
   * side, but a connection answers one message at a time and pg 9 refuses a query while one runs
   * (pg 8 queues it and warns): a message waits here for the one before it, in the order sent.
   */
  private previous: Promise<unknown> = Promise.resolve();

  /**
   * Set once COMMIT or ROLLBACK is sent, or the connection is about to go back to the pool: a read
   * the work left behind must not begin a transaction there with the unit's writes, inside which
   * the connection's next user would then run.
   */
  private ended = false;

  /** Set when this unit wrote a partner or a customer: the store reloads its directory after the commit. */
  directoryChanged = false;

  /** Writes not sent yet. */
  private readonly held: Statement[] = [];
  /** Reads asked for in this turn of the event loop, sent together at its end; a write closes it. */
  private batch:
    Array<Statement & { resolve: (rows: pg.QueryResultRow[]) => void; reject: (error: unknown) => void }> | undefined;

  async get<T>(table: Table, id: string): Promise<T | undefined> {
    return (await this.rows<{ data: T }>(`SELECT data FROM ${table} WHERE id = $1`, [id]))[0]?.data;
  }

  async where<T>(table: Table, condition: string, params: unknown[] = [], tail = 'ORDER BY seq'): Promise<T[]> {
    return (
      await this.rows<{ data: T }>(`SELECT data FROM ${table}${condition ? ` WHERE ${condition}` : ''} ${tail}`, params)
    ).map((r) => r.data);
  }

  async count(table: Table, condition: string, params: unknown[]): Promise<number> {
    return Number(
      (await this.rows<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${condition}`, params))[0]?.n ?? 0,
    );
  }

  /** A query of the repository's own (a join, a page): its rows, asked for with the unit's other reads. */
  select<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    return this.rows<R>(sql, params);
  }

  /**
   * Partners and customers as this unit read them (JSON; null: looked up by id and absent). A unit reads
   * them from the directory this instance holds, which may be behind the table (another unit of this
   * instance, or another instance, changed one since it was loaded): a save checks the row is still
   * what was read, so a change made meanwhile is never overwritten — the unit runs again on a fresh
   * directory (a unique violation, which the store retries).
   */
  private readonly directoryReads = new Map<string, string | null>();

  /** What a repository gave the unit: the version its save must find in the table. */
  noteDirectoryRead<T extends { id: string }>(
    table: 'partners' | 'customers',
    record: T | undefined,
    id?: string,
  ): T | undefined {
    const key = `${table} ${record?.id ?? id}`;
    if ((record || id !== undefined) && !this.directoryReads.has(key))
      this.directoryReads.set(key, record ? JSON.stringify(record) : null);
    return record;
  }

  /** Saves a partner or a customer: only over the version this unit read (or, never read here, as it is). */
  async putDirectoryRecord(table: 'partners' | 'customers', id: string, data: unknown): Promise<void> {
    const key = `${table} ${id}`;
    const json = JSON.stringify(data);
    if (!this.directoryReads.has(key)) return this.put(table, id, data);
    const before = this.directoryReads.get(key);
    this.directoryReads.set(key, json); // a second save in this unit finds this one
    // Changed since it was read: the UPDATE matches nothing, so the INSERT meets the existing id.
    if (before === null) return this.insert(table, id, data);
    await this.write(
      `WITH updated AS (UPDATE ${table} SET data = $2 WHERE id = $1 AND data = $3::jsonb RETURNING id) INSERT INTO ${table} (id, data) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM updated)`,
      [id, json, before],
    );
  }

  async put(table: Table, id: string, data: unknown): Promise<void> {
    await this.write(
      `INSERT INTO ${table} (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
      [id, JSON.stringify(data)],
    );
  }

  async insert(table: Table, id: string, data: unknown): Promise<void> {
    await this.write(`INSERT INTO ${table} (id, data) VALUES ($1, $2)`, [id, JSON.stringify(data)]);
  }

  async remove(table: Table, id: string): Promise<void> {
    await this.write(`DELETE FROM ${table} WHERE id = $1`, [id]);
  }

  /** Advisory locks held until the transaction ends, taken in the order given. */
  async holdKeys(keys: readonly string[]): Promise<void> {
    // Advisory locks are the whole database's: the schema is part of the key (one database may hold several).
    await this.rows(
      "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ' ' || k, 0)) FROM unnest($1::text[]) AS k",
      [keys],
    );
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.write('INSERT INTO audit (data) VALUES ($1)', [JSON.stringify(entry)]);
  }

  /** Sends what is held, then COMMIT, in one round trip. */
  async commit(): Promise<void> {
    const sending = this.send([...this.takeHeld(), { sql: 'COMMIT', params: [] }]);
    this.ended = true;
    await sending;
  }

  private async write(sql: string, params: unknown[]): Promise<void> {
    // A read-only unit writes at once: its client refuses.
    if (this.readOnly) {
      this.refuseIfEnded();
      return void (await this.inTurn(() => this.client.query(sql, params)));
    }
    this.held.push({ sql, params });
    this.batch = undefined; // a read asked for after this write must see it
  }

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    let batch = this.batch;
    if (!batch) {
      const opened: NonNullable<PgUnit['batch']> = [];
      const before = this.takeHeld();
      this.batch = batch = opened;
      // At the end of this checkpoint: every read the settled promises lead to has been asked by then.
      process.nextTick(() => void this.sendReads(before, opened));
    }
    const entry = batch;
    return new Promise<R[]>((resolve, reject) =>
      entry.push({ sql, params, resolve: resolve as (rows: pg.QueryResultRow[]) => void, reject }),
    );
  }

  /** One round trip: what was held before these reads, then the reads; each read gets its rows. */
  private async sendReads(before: Statement[], reads: NonNullable<PgUnit['batch']>): Promise<void> {
    if (this.batch === reads) this.batch = undefined;
    try {
      const results = await this.send([...before, ...reads]);
      const mine = results.slice(results.length - reads.length);
      reads.forEach((read, k) => read.resolve(mine[k]!.rows));
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }

  /**
   * `statements` as one message, with the PREPAREs this connection needs in front of them; the
   * results of `statements`, one each.
   */
  private async send(statements: readonly Statement[]): Promise<pg.QueryResult[]> {
    this.refuseIfEnded();
    const preparing = new Map<string, string>();
    const texts = statements.map(({ sql, params }) => this.text(sql, params, preparing));
    const byName = texts.some((text) => text.startsWith('EXECUTE '));
    const prepares = [...preparing].map(([name, sql]) => `PREPARE ${name} AS ${sql}`);
    // After BEGIN: a statement in front of it would make it refuse its isolation level.
    const at = statements[0]?.sql === this.begin ? 1 : 0;
    // A connection runs its messages in the order they are given: a message sent after this one,
    // before its answer, runs these statements by name after they are prepared.
    for (const name of preparing.keys()) this.onConnection?.prepared.add(name);
    try {
      const message = [...texts.slice(0, at), ...prepares, ...texts.slice(at)].join(';\n');
      const answer = (await this.inTurn(() => this.client.query(message))) as unknown as
        pg.QueryResult | pg.QueryResult[];
      const results = Array.isArray(answer) ? answer : [answer];
      return [...results.slice(0, at), ...results.slice(at + prepares.length)];
    } catch (error) {
      // Statements after the one that failed did not run; those before did: which, the error does not say.
      for (const name of preparing.keys()) {
        this.onConnection?.prepared.delete(name);
        this.onConnection?.uncertain.add(name);
      }
      if (byName && this.onConnection && LOST_STATEMENT_CODES.has((error as { code?: string }).code ?? '')) {
        for (const name of this.onConnection.prepared) this.onConnection.uncertain.add(name);
        this.onConnection.prepared.clear();
        throw new PreparedStatementsLost(error);
      }
      throw error;
    }
  }

  /**
   * A statement as sent: `EXECUTE name(values)` where it is (or is being) prepared on this connection, else its text
   * with the values in it.
   */
  private text(sql: string, params: readonly unknown[], preparing: Map<string, string>): string {
    const name = this.statements?.names.nameOf(sql);
    if (name === undefined || !this.onConnection || this.onConnection.uncertain.has(name))
      return this.inline(sql, params);
    if (!this.onConnection.prepared.has(name)) preparing.set(name, sql);
    return params.length === 0
      ? `EXECUTE ${name}`
      : `EXECUTE ${name}(${params.map((p) => this.literal(p)).join(', ')})`;
  }

  /** Ends the transaction without its writes, after any message still being answered. */
  async rollback(): Promise<void> {
    this.held.length = 0;
    this.ended = true;
    await this.inTurn(() => this.client.query('ROLLBACK'));
  }

  /**
   * Takes no more messages; resolves when the last one sent is answered (then the connection can go back to the pool).
   */
  async close(): Promise<void> {
    this.ended = true;
    await this.previous;
  }

  private refuseIfEnded(): void {
    if (this.ended) throw new UnitEndedError();
  }

  /** `send` once the message before it is answered (`previous`). */
  private inTurn<R>(send: () => Promise<R>): Promise<R> {
    const sent = this.previous.then(send, send);
    this.previous = sent.catch(() => undefined);
    return sent;
  }

  /** What must go in front of the next statement: BEGIN, the first time, and the held writes. */
  private takeHeld(): Statement[] {
    const held: Statement[] = this.begin === undefined || this.begun ? [] : [{ sql: this.begin, params: [] }];
    this.begun = true;
    held.push(...this.held.splice(0));
    return held;
  }

  /** `sql` with $1, $2 … replaced by its values as literals. */
  private inline(sql: string, params: readonly unknown[]): string {
    return params.length === 0
      ? sql
      : sql.replace(/\$(\d+)/g, (_match, n: string) => this.literal(params[Number(n) - 1]));
  }

  private literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'string') return quoteLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      return `ARRAY[${value.map(quoteLiteral).join(', ')}]::text[]`;
    throw new TypeError(`No literal for a ${typeof value} in a held statement`);
  }
}

/** Two units sharing a transaction wrote the same record: neither may overwrite the other, so they run again apart. */
export class SharedWriteConflict extends Error {
  constructor(record: string) {
    super(`Two units sharing a transaction wrote ${record}.`);
    this.name = 'SharedWriteConflict';
  }
}

/**
 * One unit's part of a transaction it shares with others (PostgresStore's decisions written
 * together): the same queries, on the same connection, but a record that another part wrote is
 * refused (SharedWriteConflict) — apart, the second writer would have met a serialization
 * conflict and run again on what the first committed; together it would overwrite it.
 */
export function sharedPart(unit: PgUnit, writers: Map<string, object>): PgUnit {
  const part = {};
  const claim = (table: Table, id: string) => {
    const record = `${table} ${id}`;
    const writer = writers.get(record);
    if (writer !== undefined && writer !== part) throw new SharedWriteConflict(record);
    writers.set(record, part);
  };
  return new Proxy(unit, {
    get(target, property) {
      if (property === 'put' || property === 'insert' || property === 'remove' || property === 'putDirectoryRecord') {
        const write = target[property].bind(target) as (table: Table, id: string, ...rest: unknown[]) => Promise<void>;
        return async (table: Table, id: string, ...rest: unknown[]) => {
          claim(table, id);
          await write(table, id, ...rest);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * pg's escapeLiteral, the same text to the character, without its copy one character at a time:
 * a record's JSON is kilobytes, and that copy (and flattening the string it builds) took about 4 %
 * of the CPU of a decision.
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

const first = <T>(items: T[]): T | undefined => items[0];

/**
 * Which of `names` a partner's records matching `condition` already have in `field`, lower-cased
 * (R13: compared without case), through the index on the partner and the lower-cased name.
 */
async function namesInUse(
  u: PgUnit,
  table: 'invitations' | 'relationships',
  field: string,
  condition: string,
  partnerId: string,
  names: readonly string[],
): Promise<Set<string>> {
  const lower = names.map((name) => name.toLowerCase());
  if (lower.length === 0) return new Set();
  const found = await u.where<Record<string, unknown>>(
    table,
    `partner_id = $1 AND ${condition} AND lower(data->>'${field}') = ANY($2)`,
    [partnerId, lower],
  );
  return new Set(found.map((record) => String(record[field]).toLowerCase()));
}

class Partners implements PartnerRepository {
  constructor(private readonly u: PgUnit) {}
  async get(id: string) {
    const found = this.u.directory ? this.u.directory.partner(id) : await this.u.get<Partner>('partners', id);
    return this.u.noteDirectoryRead('partners', found, id);
  }
  async findByTenant(tenantId: string) {
    const found = this.u.directory
      ? this.u.directory.partnerByTenant(tenantId)
      : first(await this.u.where<Partner>('partners', 'tenant_id = $1', [tenantId]));
    return this.u.noteDirectoryRead('partners', found);
  }
  async list() {
    const all = this.u.directory ? this.u.directory.listPartners() : await this.u.where<Partner>('partners', '');
    for (const partner of all) this.u.noteDirectoryRead('partners', partner);
    return all;
  }
  async save(partner: Partner) {
    await this.u.putDirectoryRecord('partners', partner.id, partner);
    this.u.directoryChanged = true;
  }
}

// A customer met through Microsoft (connected to Partner Center) is added while the bot runs, possibly
// by another instance: what the held directory does not know is looked up in the table.
class Customers implements CustomerRepository {
  constructor(private readonly u: PgUnit) {}
  async get(id: string) {
    const found = this.u.directory?.customer(id) ?? (await this.u.get<Customer>('customers', id));
    return this.u.noteDirectoryRead('customers', found, id);
  }
  async findByTenant(tenantId: string) {
    const found =
      this.u.directory?.customerByTenant(tenantId) ??
      first(await this.u.where<Customer>('customers', 'tenant_id = $1', [tenantId]));
    return this.u.noteDirectoryRead('customers', found);
  }
  async findByDomain(domain: string) {
    // The directory is small: a scan of the verified domains, case-insensitively as in the embedded store.
    const found =
      this.u.directory?.customerByDomain(domain) ??
      first(
        await this.u.where<Customer>(
          'customers',
          "EXISTS (SELECT 1 FROM jsonb_array_elements_text(data->'verifiedDomains') AS d WHERE lower(d) = $1)",
          [domain.toLowerCase()],
        ),
      );
    return this.u.noteDirectoryRead('customers', found);
  }
  async list() {
    // The held directory is reloaded after a save here and within DIRECTORY_TTL_MS of one elsewhere.
    const all = this.u.directory ? this.u.directory.listCustomers() : await this.u.where<Customer>('customers', '');
    for (const customer of all) this.u.noteDirectoryRead('customers', customer);
    return all;
  }
  async save(customer: Customer) {
    await this.u.putDirectoryRecord('customers', customer.id, customer);
    this.u.directoryChanged = true;
  }
}

class Invitations implements InvitationRepository {
  constructor(private readonly u: PgUnit) {}
  get(id: string) {
    return this.u.get<Invitation>('invitations', id);
  }
  async findByCode(code: string) {
    return first(await this.u.where<Invitation>('invitations', 'code = $1', [code]));
  }
  list(filter: InvitationFilter = {}) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.partnerId !== undefined) conditions.push(`partner_id = $${params.push(filter.partnerId)}`);
    if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
    if (filter.domains !== undefined) conditions.push(`customer_domain = ANY($${params.push([...filter.domains])})`);
    if (filter.atMicrosoft !== undefined)
      conditions.push(`data ? 'microsoft' AND data->'microsoft'->>'state' = $${params.push(filter.atMicrosoft)}`);
    return this.u.where<Invitation>('invitations', conditions.join(' AND '), params);
  }
  async newestFirst(query: InvitationPageQuery) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.partnerId !== undefined) conditions.push(`partner_id = $${params.push(query.partnerId)}`);
    if (query.domains !== undefined) conditions.push(`customer_domain = ANY($${params.push([...query.domains])})`);
    if (query.pendingAt !== undefined)
      conditions.push(`status = 'pending' AND data->>'expiresAt' > $${params.push(query.pendingAt)}`);
    const where = conditions.join(' AND ') || 'TRUE';
    // Asked together: one round trip. Migration 5's index serves a partner's pages in this order.
    const [items, total] = await Promise.all([
      this.u.where<Invitation>(
        'invitations',
        where,
        [...params, query.limit, query.offset],
        `ORDER BY data->>'createdAt' DESC, code DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      ),
      this.u.count('invitations', where, params),
    ]);
    return { items, total };
  }
  pendingNamesInUse(partnerId: string, names: readonly string[]) {
    return namesInUse(this.u, 'invitations', 'relationshipName', "status = 'pending'", partnerId, names);
  }
  async sentBySince(partnerId: string, userId: string, since: string) {
    // Migration 5's index: the partner's invitations from `since`, newest first; few in an hour.
    const rows = await this.u.where<Invitation>(
      'invitations',
      "partner_id = $1 AND data->>'createdAt' > $2 AND data->'createdBy'->>'userId' = $3",
      [partnerId, since, userId],
      "ORDER BY data->>'createdAt'",
    );
    return rows.map((i) => i.createdAt);
  }
  save(invitation: Invitation) {
    return this.u.put('invitations', invitation.id, invitation);
  }
}

/**
 * Transaction-scoped advisory locks, one per key (hashed to 64 bits: two keys that collide only
 * wait for each other), in one order, sent with the reads asked for in the same breath, in front
 * of them: under READ COMMITTED those then see what the key's last holder committed.
 */
class Keys implements HeldKeys {
  constructor(private readonly u: PgUnit) {}
  async hold(keys: readonly string[]) {
    // A read on its own holds nothing: without a transaction the locks would end with the statement.
    if (this.u.readOnly || keys.length === 0) return;
    await this.u.holdKeys([...new Set(keys)].sort());
  }
}

class Relationships implements RelationshipRepository {
  constructor(private readonly u: PgUnit) {}
  get(id: string) {
    return this.u.get<Relationship>('relationships', id);
  }
  list(filter: RelationshipFilter = {}) {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (filter.partnerId !== undefined) conditions.push(`partner_id = $${params.push(filter.partnerId)}`);
    if (filter.customerId !== undefined) conditions.push(`customer_id = $${params.push(filter.customerId)}`);
    if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
    return this.u.where<Relationship>('relationships', conditions.join(' AND '), params);
  }
  async activePage(query: ActiveRelationshipPageQuery) {
    const params: unknown[] = [query.partnerId];
    const ending =
      query.endingBy === undefined ? '' : ` AND r.data->>'endsAt' COLLATE "C" <= $${params.push(query.endingBy)}`;
    const from = `relationships r JOIN customers c ON c.id = r.customer_id WHERE r.partner_id = $1 AND r.status = 'active'${ending}`;
    // The "names" collation (migration 6): ICU's root order where the server has ICU, as the file store's.
    const order = `${query.endingBy === undefined ? '' : `r.data->>'endsAt' COLLATE "C", `}c.data->>'name' COLLATE names, r.id COLLATE "C"`;
    // Asked together: one round trip; only the page's rows leave the server.
    const [rows, counted] = await Promise.all([
      this.u.select<{ data: Relationship; customer_name: string }>(
        `SELECT r.data, c.data->>'name' AS customer_name FROM ${from} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, query.limit, query.offset],
      ),
      this.u.select<{ n: string }>(`SELECT count(*) AS n FROM ${from}`, params),
    ]);
    return {
      items: rows.map((row) => ({
        relationship: row.data,
        customer: { id: row.data.customerId, name: row.customer_name },
      })),
      total: Number(counted[0]?.n ?? 0),
    };
  }
  namesInUse(partnerId: string, names: readonly string[]) {
    return namesInUse(this.u, 'relationships', 'name', 'TRUE', partnerId, names);
  }
  save(relationship: Relationship) {
    return this.u.put('relationships', relationship.id, relationship);
  }
}

class Subscriptions implements SubscriptionRepository {
  constructor(private readonly u: PgUnit) {}
  get(id: string) {
    return this.u.get<Subscription>('subscriptions', id);
  }
  listByCustomer(customerId: string) {
    return this.u.where<Subscription>('subscriptions', 'customer_id = $1', [customerId]);
  }
  add(subscription: Subscription) {
    return this.u.insert('subscriptions', subscription.id, subscription);
  }
}

class Audit implements AuditLog {
  constructor(private readonly u: PgUnit) {}
  async append(entry: AuditEntry) {
    await this.u.appendAudit(entry);
  }
}

class Outbox implements NotificationOutbox {
  constructor(private readonly u: PgUnit) {}
  add(notification: Notification) {
    return this.u.insert('outbox', notification.id, notification);
  }
  get(id: string) {
    return this.u.get<Notification>('outbox', id);
  }
  listUnplanned(limit: number) {
    return this.u.where<Notification>(
      'outbox',
      'NOT planned',
      [],
      `ORDER BY created_at, seq LIMIT ${Math.max(0, Math.trunc(limit))}`,
    );
  }
  listPlannedBefore(before: string, limit: number) {
    return this.u.where<Notification>(
      'outbox',
      "planned AND data->>'plannedAt' < $1",
      [before],
      `ORDER BY created_at, seq LIMIT ${Math.max(0, Math.trunc(limit))}`,
    );
  }
  async remove(id: string) {
    await this.u.remove('outbox', id);
  }
  countUnplanned() {
    return this.u.count('outbox', 'NOT planned', []);
  }
  listByInvitation(invitationId: string) {
    return this.u.where<Notification>('outbox', 'invitation_id = $1', [invitationId]);
  }
  save(notification: Notification) {
    return this.u.put('outbox', notification.id, notification);
  }
}

class Deliveries implements DeliveryRepository {
  constructor(private readonly u: PgUnit) {}
  get(id: string) {
    return this.u.get<Delivery>('deliveries', id);
  }
  listDue(now: string, limit: number) {
    // Two instances claiming at once each take other deliveries: rows another transaction has
    // locked are skipped, never waited for or taken twice.
    const lock = this.u.readOnly ? '' : ' FOR UPDATE SKIP LOCKED';
    return this.u.where<Delivery>(
      'deliveries',
      "status = 'pending' AND next_attempt_at <= $1",
      [now],
      `ORDER BY next_attempt_at, id LIMIT ${Math.max(0, Math.trunc(limit))}${lock}`,
    );
  }
  async remove(id: string) {
    await this.u.remove('deliveries', id);
  }
  countPending() {
    return this.u.count('deliveries', "status = 'pending'", []);
  }
  countWaitingForRecipient() {
    return this.u.count('deliveries', "status = 'pending' AND data ? 'waitingForRecipient'", []);
  }
  listPendingFor(person: PersonRef) {
    return this.u.where<Delivery>(
      'deliveries',
      "status = 'pending' AND data->'target'->'person'->>'userId' = $1 AND data->'target'->'person'->>'tenantId' = $2",
      [person.userId, person.tenantId],
    );
  }
  listByNotification(notificationId: string) {
    return this.u.where<Delivery>('deliveries', 'notification_id = $1', [notificationId]);
  }
  save(delivery: Delivery) {
    return this.u.put('deliveries', delivery.id, delivery);
  }
}

class Contacts implements ContactRepository {
  constructor(private readonly u: PgUnit) {}
  get(person: PersonRef) {
    return this.u.get<Contact>('contacts', contactKey(person));
  }
  save(contact: Contact) {
    return this.u.put('contacts', contactKey(contact.person), contact);
  }
  endpointOf(tenantId: string) {
    return this.u.get<TenantEndpoint>('endpoints', tenantId);
  }
  saveEndpoint(endpoint: TenantEndpoint) {
    return this.u.put('endpoints', endpoint.tenantId, endpoint);
  }
}

class CardCopies implements CardCopyRepository {
  constructor(private readonly u: PgUnit) {}
  get(id: string) {
    return this.u.get<CardCopy>('card_copies', id);
  }
  listByInvitation(invitationId: string) {
    return this.u.where<CardCopy>(
      'card_copies',
      'invitation_id = $1',
      [invitationId],
      "ORDER BY data->>'createdAt', seq",
    );
  }
  save(copy: CardCopy) {
    return this.u.put('card_copies', copy.id, copy);
  }
}

export function pgRepositories(unit: PgUnit): Repositories {
  return {
    partners: new Partners(unit),
    customers: new Customers(unit),
    invitations: new Invitations(unit),
    relationships: new Relationships(unit),
    subscriptions: new Subscriptions(unit),
    audit: new Audit(unit),
    outbox: new Outbox(unit),
    deliveries: new Deliveries(unit),
    contacts: new Contacts(unit),
    cardCopies: new CardCopies(unit),
    keys: new Keys(unit),
  };
}
