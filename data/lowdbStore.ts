import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import { DataFile } from 'lowdb/node';
import type { Storage } from 'botbuilder';
import type { Repositories, UnitOfWork } from '../domain/ports.js';
import { Indexes } from './indexes.js';
import { LowdbStorage } from './lowdbStorage.js';
import { migrate, type Migration, MIGRATIONS } from './migrations.js';
import { databaseSchema, describeIssues, emptyDatabase, SCHEMA_VERSION, type Database, type Seed } from './schema.js';
import { loadSeed, seedDatabase } from './seed.js';
import type { Store } from './store.js';
import { deepFreeze, Transaction, UndoLog } from './transaction.js';

export const DEFAULT_DB_FILE = './.data/db.json';

export class DatabaseLoadError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Cannot load the database ${file}: ${problem}. The file was left as it is; fix it, or move it away to start with demo data.`);
    this.name = 'DatabaseLoadError';
  }
}

export interface OpenOptions {
  /** The demo directory for a new file; `false` starts empty. Default: data/seed/demo.json. */
  seed?: Seed | false;
  migrations?: readonly Migration[];
}

type Job = { apply: (tx: Transaction) => unknown | Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };

/**
 * The database file and the one queue that every write to it goes through. Queued units run one
 * after another against the in-memory data; the units gathered while a write is in flight are
 * committed together by the next write (group commit), and each is acknowledged only once the
 * file that holds it has been renamed into place.
 */
export class LowdbStore implements UnitOfWork, Store {
  private readonly queue: Job[] = [];
  private draining: Promise<void> | undefined;
  private readonly indexes: Indexes;
  readonly storage: Storage;

  private constructor(
    private readonly db: Low<Database>,
    readonly file: string | undefined,
  ) {
    freezeRecords(db.data);
    this.indexes = new Indexes(db.data);
    this.storage = new LowdbStorage(this);
  }

  get unitOfWork(): UnitOfWork {
    return this;
  }

  get description(): string {
    return this.file ?? 'memory';
  }

  /** Opens (or creates, with demo data) the file at `path`, or DB_FILE, or ./.data/db.json. */
  static async open(path: string = process.env.DB_FILE || DEFAULT_DB_FILE, options: OpenOptions = {}): Promise<LowdbStore> {
    const file = resolve(path);
    const data = await readDatabase(file, options.migrations ?? MIGRATIONS);
    // One line of JSON, without indentation: the file is the store's, not a document to read, and
    // indenting it costs a third of every write.
    const db = new Low<Database>(new DataFile<Database>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }), data.database);
    const store = new LowdbStore(db, file);
    if (data.created) {
      const seed = options.seed === undefined ? await loadSeed() : options.seed;
      if (seed) {
        seedDatabase(db.data, seed, new Date());
        freezeRecords(db.data);
        store.indexes.rebuild(db.data);
      }
      await mkdir(dirname(file), { recursive: true });
      await db.write();
    } else if (data.migratedFrom !== undefined) {
      await copyFile(file, `${file}.v${data.migratedFrom}.bak`);
      await db.write();
    }
    return store;
  }

  /** A store that keeps everything in memory: the same code path, no file. */
  static inMemory(seed?: Seed): LowdbStore {
    const data = emptyDatabase();
    if (seed) seedDatabase(data, seed, new Date());
    return new LowdbStore(new Low<Database>(new Memory<Database>(), data), undefined);
  }

  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.enqueue((tx) => work(tx.repositories()));
  }

  /**
   * Runs `work` on the data as the queue has applied it, without waiting for the write in
   * progress. Between two of its awaits another unit may commit: a read that needs one
   * consistent picture of several records, or writes, uses run().
   */
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(new Transaction(this.db.data, this.indexes, true).repositories());
  }

  /** For the data layer's own readers (bot state): `look` gets a read-only transaction. */
  peek<T>(look: (tx: Transaction) => T): T {
    return look(new Transaction(this.db.data, this.indexes, true));
  }

  /** For the data layer's own writers (bot state, re-seeding): `apply` gets the raw transaction. */
  enqueue<T>(apply: (tx: Transaction) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      // A unit queued after drain() saw an empty queue but before this callback ran.
      if (this.queue.length > 0) this.kick();
    });
  }

  /**
   * Puts the demo directory back: partners, customers, relationships and subscriptions as in the
   * seed, no invitations, notifications or conversation state. The audit log is kept and says so.
   */
  reseed(seed: Seed, now: Date = new Date()): Promise<void> {
    return this.enqueue((tx) => {
      const fresh = emptyDatabase();
      seedDatabase(fresh, seed, now);
      for (const collection of ['partners', 'customers', 'invitations', 'relationships', 'subscriptions', 'outbox', 'deliveries', 'contacts', 'endpoints', 'cardCopies', 'botState'] as const) {
        for (const key of tx.keys(collection)) tx.set(collection, key, undefined);
        for (const [key, value] of Object.entries(fresh[collection])) tx.set(collection, key, value as never);
      }
      tx.appendAudit({ id: randomUUID(), at: now.toISOString(), tenantId: 'system', userId: 'reseed', action: 'reseed', objectType: 'customer', objectId: '*', outcome: 'allowed' });
    });
  }

  /** Waits until every queued unit is written. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** A read-only copy of the whole database, for tests and tools. */
  async snapshot(): Promise<Database> {
    await this.flush();
    return structuredClone(this.db.data);
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const undo = new UndoLog();
      const done: Array<{ job: Job; value: unknown }> = [];
      for (const job of batch) {
        const tx = new Transaction(this.db.data, this.indexes);
        try {
          const value = await job.apply(tx);
          tx.commit(undo);
          done.push({ job, value });
        } catch (error) {
          job.reject(error); // its writes were only buffered: nothing to undo
        }
      }
      try {
        if (!undo.isEmpty) await this.db.write();
      } catch (error) {
        undo.rollback();
        for (const { job } of done) job.reject(error);
        continue;
      }
      for (const { job, value } of done) job.resolve(value);
    }
  }
}

/** Every stored record is a frozen value; the collections themselves change as units commit. */
function freezeRecords(data: Database): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === 'audit') (value as unknown[]).forEach(deepFreeze);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  }
}

interface LoadedDatabase {
  database: Database;
  created: boolean;
  migratedFrom?: number;
}

/** Reads and validates the file; a missing file is a new database, anything unreadable is an error. */
async function readDatabase(file: string, migrations: readonly Migration[]): Promise<LoadedDatabase> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { database: emptyDatabase(), created: true };
    throw new DatabaseLoadError(file, `it cannot be read (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DatabaseLoadError(file, text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(error as Error).message})`);
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new DatabaseLoadError(file, 'it has no schemaVersion, so it is not a database of this bot');
  if (version > SCHEMA_VERSION) {
    throw new DatabaseLoadError(file, `it has schemaVersion ${version}, written by a newer version of the bot (this one reads up to ${SCHEMA_VERSION})`);
  }
  let migrated: unknown;
  try {
    migrated = migrate(raw as Record<string, unknown>, version, migrations);
  } catch (error) {
    throw new DatabaseLoadError(file, (error as Error).message);
  }
  const parsed = databaseSchema.safeParse(migrated);
  if (!parsed.success) throw new DatabaseLoadError(file, `it does not match schema version ${SCHEMA_VERSION}: ${describeIssues(parsed.error)}`);
  return { database: parsed.data, created: false, ...(version < SCHEMA_VERSION ? { migratedFrom: version } : {}) };
}
