import type { Storage } from 'botbuilder';
import pg from 'pg';
import type { Repositories, UnitOfWork, UnitOptions } from '../../domain/ports.js';
import { loadSeed, reseedAuditEntry } from '../seed.js';
import { type Database, emptyDatabase, type Seed } from '../schema.js';
import { DatabaseUnavailableError, type Store } from '../store.js';
import { ReadOnlyUnitError } from '../transaction.js';
import {
  contactKey,
  Directory,
  PgUnit,
  pgRepositories,
  PreparedStatements,
  PreparedStatementsLost,
  sharedPart,
  TABLES,
  type Table,
} from './repositories.js';
import { PG_MIGRATIONS, type PgMigration } from './migrations.js';
import { PostgresStorage } from './postgresStorage.js';
import { inTransaction, withConnection } from './pgTransaction.js';

// The store for several bot instances: the same ports as the embedded file, on PostgreSQL. A unit
// of work is a SERIALIZABLE transaction, retried when PostgreSQL reports a conflict with another
// one (the domain's work does no I/O of its own, so running it again is safe); a read is a
// read-only snapshot that never waits for writers. Nothing is kept in this process between units,
// so any number of instances can share the database.

// Declared with the Store port, so that start-up can name it without loading the driver.
export { DatabaseUnavailableError };

export interface PostgresOptions {
  /** A schema of its own (tests); default: the connection's search path, usually "public". */
  schema?: string;
  /** The demo directory for an empty database; `false` starts empty. Default: data/seed/demo.json. */
  seed?: Seed | false;
  migrations?: readonly PgMigration[];
  /** Units of work in flight at once in this process; more wait (fewer conflicts to retry). */
  concurrency?: number;
  poolSize?: number;
  /** How long an unused connection stays open (ms); default a minute. */
  idleMillis?: number;
}

// serialization_failure, deadlock_detected, and unique_violation (under SERIALIZABLE, a
// concurrent insert of the same key can surface as one).
/** How long a held directory is served before it is read again. */
const DIRECTORY_TTL_MS = 60_000;
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 30;
const REPEATABLE_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A unit waiting to be written together with others (`PostgresStore.together`). */
interface SharedPart {
  work: (repos: Repositories) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** "127.0.0.1:5432/bot", never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the DATABASE_URL (not a valid URL)';
  }
}

const IMPORT_BATCH = 1000;

export class PostgresStore implements Store {
  private retries = 0;
  get conflictRetries(): number {
    return this.retries;
  }

  readonly storage: Storage;
  private inFlight = 0;
  /** The last unit queued for each `oneAtATime` key in this process. */
  private readonly keyed = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  /** The unit statements prepared on this store's connections. */
  private readonly statements = new PreparedStatements();
  /**
   * Units resting on what they change that arrived while such units were being written: the next shared transaction.
   */
  private gathering: SharedPart[] | undefined;
  private sharing = false;
  /** Shared transactions committed, and the units they held (the tests count them). */
  readonly shared = { transactions: 0, units: 0 };

  private constructor(
    private readonly pool: pg.Pool,
    private readonly where: string,
    options: PostgresOptions,
    /** The schema this store was opened in, if one was named. */
    readonly schema?: string,
  ) {
    this.storage = new PostgresStorage(pool);
    this.concurrency = options.concurrency ?? 8;
  }

  /**
   * The partners and customers this instance serves from memory: reloaded after a reseed, an import
   * or a unit of this instance that changed them, and at least every DIRECTORY_TTL_MS (another
   * instance may have changed them: connected to Partner Center, a user's roles follow Microsoft).
   */
  private directory: Directory | undefined;
  private directoryLoadedAt = 0;
  private directoryLoading: Promise<void> | undefined;

  private async loadDirectory(): Promise<void> {
    this.directory = await Directory.load(this.pool);
    this.directoryLoadedAt = Date.now();
  }

  private async freshDirectory(): Promise<void> {
    if (Date.now() - this.directoryLoadedAt < DIRECTORY_TTL_MS) return;
    this.directoryLoading ??= this.loadDirectory().finally(() => (this.directoryLoading = undefined));
    await this.directoryLoading;
  }

  /** Connects, runs the migrations that have not run, seeds an empty database. */
  static async open(url: string, options: PostgresOptions = {}): Promise<PostgresStore> {
    const where = describeDatabaseUrl(url);
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`Invalid schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // A minute, not pg's 10 s: a burst after a quiet spell would open its connections again first
      // (measured: 50 units 200 ms instead of 30). Under Azure's 4-minute cut of idle TCP connections.
      idleTimeoutMillis: options.idleMillis ?? 60_000,
      connectionTimeoutMillis: 5_000,
      allowExitOnIdle: true,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // A connection that breaks while idle is dropped by the pool; the next unit gets a new one.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, where, options, schema);
    try {
      // Instances starting together take turns: the first creates, migrates and seeds; the others
      // find it done. The lock is the session's, held until it unlocks or its connection ends.
      await withConnection(pool, async (client) => {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [schema ?? 'public']);
        try {
          if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          await migrate(client, options.migrations ?? PG_MIGRATIONS);
          if (options.seed !== false && (await isEmpty(client))) {
            const seed = options.seed ?? (await loadSeed());
            await client.query('BEGIN');
            try {
              await writeSeed(client, seed, new Date(), false);
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK').catch(() => undefined);
              throw error;
            }
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [schema ?? 'public']).catch(() => undefined);
        }
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new DatabaseUnavailableError(`Cannot use the PostgreSQL database at ${where}: ${describePgError(error)}.`);
    }
    await store.loadDirectory();
    return store;
  }

  get description(): string {
    return `postgres://${this.where}`;
  }

  get unitOfWork(): UnitOfWork {
    return { run: (work, options) => this.run(work, options), read: (work) => this.read(work) };
  }

  /**
   * A SERIALIZABLE transaction around `work`, retried on a serialization conflict; a unit that
   * rests only on what it changes runs as REPEATABLE READ (a concurrent change of those rows fails
   * it), and one that rests on the keys it holds as READ COMMITTED (each read sees what the last
   * holder of its keys committed). At most `concurrency` units run at once, except those with a
   * `oneAtATime` key — they wait only for the unit before them with the same key (without holding
   * a connection) — and those that hold keys, which wait only for a key's holder: a burst of one
   * partner's requests neither conflicts nor waits behind the delivery worker. Across instances
   * the isolation and the keys keep them correct: a conflict is run again.
   */
  async run<T>(work: (repos: Repositories) => Promise<T>, options: UnitOptions = {}): Promise<T> {
    const begin = options.restsOnHeldKeys
      ? 'BEGIN ISOLATION LEVEL READ COMMITTED'
      : options.restsOnWhatItChanges
        ? REPEATABLE_READ
        : 'BEGIN ISOLATION LEVEL SERIALIZABLE';
    const key = options.oneAtATime;
    if (key === undefined) return this.attempts(begin, work, !options.restsOnHeldKeys);
    const previous = this.keyed.get(key) ?? Promise.resolve();
    let finished = (): void => undefined;
    const tail = previous.then(() => new Promise<void>((resolve) => (finished = resolve)));
    this.keyed.set(key, tail);
    try {
      await previous;
      // Units that rest only on what they change, one per key at a time, may share a transaction.
      return await (begin === REPEATABLE_READ ? this.together(work) : this.attempts(begin, work, false));
    } finally {
      finished();
      if (this.keyed.get(key) === tail) this.keyed.delete(key);
    }
  }

  private async attempts<T>(begin: string, work: (repos: Repositories) => Promise<T>, slotted = true): Promise<T> {
    if (slotted) await this.slot();
    try {
      let lostOnce = false;
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.transaction(begin, work);
        } catch (error) {
          // Run once more, its statements sent as text where they were lost.
          if (error instanceof PreparedStatementsLost && !lostOnce) {
            lostOnce = true;
            continue;
          }
          const code = (error as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
          this.retries++;
          await sleep(Math.random() * Math.min(2 ** attempt, 50)); // jitter: the conflicting units do not meet again
        }
      }
    } finally {
      if (slotted) this.release();
    }
  }

  /**
   * Group commit for decisions: a unit that rests only on what it changes runs at once when no
   * such units are being written; those that arrive meanwhile gather and are then written
   * together, in one REPEATABLE READ transaction — their reads in one round trip, their writes and
   * one COMMIT in another — instead of two round trips and a commit each. They read one snapshot
   * (a read sent after another part's writes also sees those, which by `restsOnWhatItChanges` its
   * decision does not rest on), and two of them writing one record is refused (`sharedPart`): the
   * records a part rests on are its own. If anything fails — a part's work, that refusal, a
   * conflict with another instance, a lost connection — nothing of the shared transaction is kept
   * and each part runs again on its own, as it would have without sharing. (`writeTogether` never
   * rejects: every part's outcome goes to its own caller.)
   */
  private together<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const part: SharedPart = { work, resolve: resolve as (value: unknown) => void, reject };
      if (this.sharing) return void (this.gathering ??= []).push(part);
      this.sharing = true;
      void this.writeShared([part]);
    });
  }

  private async writeShared(parts: SharedPart[]): Promise<void> {
    for (let next: SharedPart[] | undefined = parts; next;) {
      await this.writeTogether(next);
      next = this.gathering;
      this.gathering = undefined;
    }
    this.sharing = false;
  }

  private async writeTogether(parts: readonly SharedPart[]): Promise<void> {
    // Keyed units take no slot: they wait only for their key (run).
    const apart = (part: SharedPart) =>
      this.attempts(REPEATABLE_READ, part.work, false).then(part.resolve, part.reject);
    if (parts.length === 1) return apart(parts[0]!);
    let values: unknown[];
    try {
      values = await this.transactionOn(REPEATABLE_READ, async (unit) => {
        const writers = new Map<string, object>();
        const settled = await Promise.allSettled(
          parts.map((part) => part.work(pgRepositories(sharedPart(unit, writers)))),
        );
        const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
        if (failed) throw failed.reason;
        return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value);
      });
    } catch {
      // Apart, each meets what it would have met alone (a conflict is retried; its own error is its caller's).
      await Promise.all(parts.map(apart));
      return;
    }
    this.shared.transactions++;
    this.shared.units += parts.length;
    parts.forEach((part, k) => part.resolve(values[k]));
  }

  /**
   * Reads on one connection without a transaction: each query sees what was committed when it ran
   * (as the file store's read() does between awaits), never waits for a writer, and costs no BEGIN
   * and COMMIT round trips. Writing through it is refused.
   */
  async read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    try {
      return await this.readOnce(work);
    } catch (error) {
      if (!(error instanceof PreparedStatementsLost)) throw error;
      return this.readOnce(work);
    }
  }

  private async readOnce<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    await this.freshDirectory();
    const session =
      this.readSession?.join() ??
      (this.readSession = new ReadSession(this.pool, this.directory, this.statements, (ended) => {
        if (this.readSession === ended) this.readSession = undefined;
      }));
    try {
      return await work(pgRepositories(await session.unit));
    } finally {
      session.leave();
    }
  }

  /** The reads begun in this turn of the event loop: they share a connection, and ask together (ReadSession). */
  private readSession: ReadSession | undefined;

  private transaction<T>(begin: string, work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.transactionOn(begin, (unit) => work(pgRepositories(unit)));
  }

  private async transactionOn<T>(begin: string, work: (unit: PgUnit) => Promise<T>): Promise<T> {
    await this.freshDirectory();
    let unit: PgUnit | undefined;
    const value = await withConnection(this.pool, async (client, broke) => {
      // BEGIN goes with the unit's first statement, COMMIT with its last writes (PgUnit).
      unit = new PgUnit(client, this.directory, begin, { names: this.statements, connection: client });
      try {
        const result = await work(unit);
        await unit.commit();
        return result;
      } catch (error) {
        // Through the unit: a read the work left running is answered first.
        await unit.rollback().catch(broke);
        // A partner or customer it saved may have changed meanwhile: its next attempt reads them afresh.
        if (unit.directoryChanged) this.directoryLoadedAt = 0;
        throw error;
      }
    });
    if (unit?.directoryChanged) await this.loadDirectory();
    return value;
  }

  private async slot(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  async countOpenDialogs(stateProperty: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM bot_state WHERE jsonb_typeof(value -> $1 -> 'dialogStack') = 'array' AND jsonb_array_length(value -> $1 -> 'dialogStack') > 0",
      [stateProperty],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Is the database reachable? For /readyz. */
  async ready(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Puts the demo directory back; the audit log is kept and says so. */
  async reseed(seed: Seed, now: Date = new Date(), { audit = true }: { audit?: boolean } = {}): Promise<void> {
    await inTransaction(this.pool, 'BEGIN', (client) => writeSeed(client, seed, now, audit));
    await this.loadDirectory();
  }

  /** Every acknowledged unit is committed, so durable: nothing to wait for. */
  async flush(): Promise<void> {}

  /** The whole database in the embedded store's shape, for tests and tools (and moving data between stores). */
  async snapshot(): Promise<Database> {
    return withConnection(this.pool, async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      {
        const data = emptyDatabase();
        const all = async (table: string) =>
          (await client.query<{ id: string; data: never }>(`SELECT id, data FROM ${table} ORDER BY seq`)).rows;
        const keyed = async (table: Table) => Object.fromEntries((await all(table)).map((r) => [r.id, r.data]));
        data.partners = await keyed('partners');
        data.customers = await keyed('customers');
        data.invitations = await keyed('invitations');
        data.relationships = await keyed('relationships');
        data.subscriptions = await keyed('subscriptions');
        data.outbox = await keyed('outbox');
        data.deliveries = await keyed('deliveries');
        data.contacts = await keyed('contacts');
        data.endpoints = await keyed('endpoints');
        data.cardCopies = await keyed('card_copies');
        data.audit = (await client.query<{ data: never }>('SELECT data FROM audit ORDER BY seq')).rows.map(
          (r) => r.data,
        );
        data.botState = Object.fromEntries(
          (
            await client.query<{ key: string; etag: string; value: Record<string, unknown> }>(
              'SELECT key, etag, value FROM bot_state',
            )
          ).rows.map((r) => [r.key, { eTag: r.etag, value: r.value }]),
        );
        const seeded = (await client.query<{ value: string }>("SELECT value FROM meta WHERE key = 'seededAt'")).rows[0]
          ?.value;
        if (seeded) data.seededAt = seeded;
        await client.query('COMMIT');
        return data;
      }
    });
  }

  /** Copies a whole database (e.g. the embedded file's) into this empty one, in one transaction. */
  async importDatabase(data: Database): Promise<void> {
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      const { rows } = await client.query<{ n: string }>(
        'SELECT (SELECT count(*) FROM invitations) + (SELECT count(*) FROM relationships) + (SELECT count(*) FROM audit) AS n',
      );
      if (Number(rows[0]?.n) > 0)
        throw new Error(
          'the PostgreSQL database already holds invitations, relationships or an audit log; import only into an empty one',
        );
      for (const table of [...TABLES, 'bot_state']) await client.query(`DELETE FROM ${table}`);
      // A thousand rows a statement: a partner's history of 100,000 invitations moves in seconds.
      const copy = async (table: Table, records: Record<string, unknown>) => {
        const entries = Object.entries(records);
        for (let i = 0; i < entries.length; i += IMPORT_BATCH) {
          const batch = entries.slice(i, i + IMPORT_BATCH);
          await client.query(`INSERT INTO ${table} (id, data) SELECT * FROM unnest($1::text[], $2::jsonb[])`, [
            batch.map(([id]) => id),
            batch.map(([, record]) => JSON.stringify(record)),
          ]);
        }
      };
      await copy('partners', data.partners);
      await copy('customers', data.customers);
      await copy('invitations', data.invitations);
      await copy('relationships', data.relationships);
      await copy('subscriptions', data.subscriptions);
      await copy('outbox', data.outbox);
      await copy('deliveries', data.deliveries);
      await copy('contacts', Object.fromEntries(Object.values(data.contacts).map((c) => [contactKey(c.person), c])));
      await copy('endpoints', data.endpoints);
      await copy('card_copies', data.cardCopies);
      for (let i = 0; i < data.audit.length; i += IMPORT_BATCH) {
        // WITH ORDINALITY keeps the log's order in its sequence column.
        await client.query(
          'INSERT INTO audit (data) SELECT entry FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(entry, n) ORDER BY n',
          [data.audit.slice(i, i + IMPORT_BATCH).map((entry) => JSON.stringify(entry))],
        );
      }
      for (const [key, item] of Object.entries(data.botState))
        await client.query('INSERT INTO bot_state (key, etag, value) VALUES ($1, $2, $3)', [
          key,
          item.eTag,
          JSON.stringify(item.value),
        ]);
      if (data.seededAt)
        await client.query(
          "INSERT INTO meta (key, value) VALUES ('seededAt', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
          [data.seededAt],
        );
    });
    // Statistics for what was just copied in: the first turns get the plans a settled database gets
    // (left to autovacuum, they run on guesses, and the analysis itself runs under the first turns).
    await this.pool.query('ANALYZE');
    await this.loadDirectory();
  }

  /**
   * A session-level advisory lock named after `name`: taken, the work runs; held by another instance, it is skipped.
   */
  async alone<T>(name: string, work: () => Promise<T>): Promise<T | undefined> {
    // The lock's connection sits idle while `work` runs: withConnection hears it if it breaks.
    return withConnection(this.pool, async (client) => {
      const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS taken', [
        `${this.schema ?? 'public'}:${name}`,
      ]);
      if (!rows[0]?.taken) return undefined;
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${this.schema ?? 'public'}:${name}`]);
      }
    });
  }

  /** One statement outside the repositories, for tools and tests (never the bot's turns). */
  async query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return (await this.pool.query(sql, params)).rows as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Never seeded and no partner: a database to seed. */
async function isEmpty(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ n: string }>(
    "SELECT (SELECT count(*) FROM partners) + (SELECT count(*) FROM meta WHERE key = 'seededAt') AS n",
  );
  return Number(rows[0]?.n ?? 0) === 0;
}

/** Replaces everything with the seed, inside the caller's transaction. */
async function writeSeed(client: pg.PoolClient, seed: Seed, now: Date, audit: boolean): Promise<void> {
  for (const table of [...TABLES, 'bot_state']) await client.query(`DELETE FROM ${table}`);
  const insert = (table: Table, id: string, data: unknown) =>
    client.query(`INSERT INTO ${table} (id, data) VALUES ($1, $2)`, [id, JSON.stringify(data)]);
  for (const p of seed.partners) await insert('partners', p.id, p);
  for (const c of seed.customers) await insert('customers', c.id, c);
  for (const r of seed.relationships) await insert('relationships', r.id, r);
  for (const s of seed.subscriptions) await insert('subscriptions', s.id, s);
  await client.query(
    "INSERT INTO meta (key, value) VALUES ('seededAt', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    [now.toISOString()],
  );
  if (audit) {
    await client.query('INSERT INTO audit (data) VALUES ($1)', [JSON.stringify(reseedAuditEntry(now))]);
  }
}

/** Applies the migrations not yet recorded, each in its own transaction (the caller holds the schema's lock). */
async function migrate(client: pg.PoolClient, migrations: readonly PgMigration[]): Promise<void> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied = new Set(
    (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known)
    throw new Error(`its schema is version ${newest}, newer than this bot knows (${known}); run the newer bot`);
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    try {
      await client.query('BEGIN');
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new Error(
        `migration ${migration.version} (${migration.description}) failed and was undone: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}

/** "the connection was refused (ECONNREFUSED)", "password authentication failed …": the driver's reason, in words. */
export function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  const code = e.code ?? e.errors?.[0]?.code;
  const reasons: Record<string, string> = {
    ECONNREFUSED: 'the connection was refused: is PostgreSQL running there',
    ENOTFOUND: 'the host name is unknown',
    ETIMEDOUT: 'the connection timed out',
    EHOSTUNREACH: 'the host cannot be reached',
    '28P01': 'the password was refused',
    '3D000': 'the database does not exist',
  };
  return code && reasons[code] ? `${reasons[code]} (${code})` : (e.message ?? String(error));
}

/**
 * Reads begun in the same turn of the event loop (the delivery worker's attempts, a card's parts
 * asked for at once) share one connection and one unit: what they ask for together goes to
 * PostgreSQL as one round trip instead of one each. A read begun later opens a session of its own,
 * so a long read never holds up others for more than the turn it began in. The connection goes
 * back to the pool when the last read of the session is done.
 */
class ReadSession {
  readonly unit: Promise<PgUnit>;
  private users = 1;
  private joinable = true;
  private client: pg.PoolClient | undefined;
  private broken = false;
  private readonly broke = () => {
    this.broken = true;
  };

  constructor(
    pool: pg.Pool,
    directory: Directory | undefined,
    statements: PreparedStatements,
    private readonly closed: (session: ReadSession) => void,
  ) {
    setImmediate(() => {
      this.joinable = false;
      this.closed(this);
    });
    this.unit = pool.connect().then((client) => {
      this.client = client;
      client.on('error', this.broke);
      return new PgUnit(readOnlyClient(client), directory, undefined, { names: statements, connection: client });
    });
    // A failed connect is each reader's to hear (they await `unit`); none left to hear it is no crash.
    this.unit.catch(() => undefined);
  }

  /** This session, for one more read; undefined once it takes no more. */
  join(): ReadSession | undefined {
    if (!this.joinable) return undefined;
    this.users++;
    return this;
  }

  leave(): void {
    if (--this.users > 0) return;
    if (this.joinable) {
      this.joinable = false;
      this.closed(this);
    }
    void this.unit.then(
      async (unit) => {
        await unit.close();
        this.client?.off('error', this.broke);
        this.client?.release(this.broken);
      },
      () => undefined,
    );
  }
}

/** A read, or a read prepared and run by name (PgUnit sends no other statement by name there). */
const READ_ONLY = /^\s*(SELECT|WITH|EXECUTE|PREPARE\s+\w+\s+AS\s+(SELECT|WITH))\b/i;

/** The connection, for queries that only read: anything else is a programming error, as in the file store. */
function readOnlyClient(client: pg.PoolClient): pg.PoolClient {
  return {
    query: (text: string, params?: unknown[]) => {
      if (!READ_ONLY.test(text)) return Promise.reject(new ReadOnlyUnitError(text.split(/\s+/).slice(0, 3).join(' ')));
      return client.query(text, params);
    },
  } as unknown as pg.PoolClient;
}
