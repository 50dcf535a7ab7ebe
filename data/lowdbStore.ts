import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { Storage } from 'botbuilder';
import type { Repositories, UnitOfWork } from '../domain/ports.js';
import { DurableJsonFile } from './durableJsonFile.js';
import { Indexes } from './indexes.js';
import { LowdbStorage } from './lowdbStorage.js';
import { migrate, type Migration, MIGRATIONS } from './migrations.js';
import { databaseSchema, describeIssues, emptyDatabase, FORBIDDEN_KEYS, SCHEMA_VERSION, type Database, type Seed } from './schema.js';
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

/** Units applied to memory and not yet in the file: they are acknowledged by the same write. */
class Batch {
  readonly undo = new UndoLog();
  readonly done: Array<{ job: Job; value: unknown }> = [];
}

/**
 * The database file and the one queue that every write to it goes through. Queued units run one
 * after another against the in-memory data, also while a write is in flight; the units applied
 * meanwhile are committed together by the next write (group commit), and each is acknowledged
 * only once the file that holds it has been renamed into place. If a write fails, its units and
 * every unit applied after them are undone and rejected: none of them was acknowledged.
 */
export class LowdbStore implements UnitOfWork, Store {
  private readonly queue: Job[] = [];
  private applying: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private batch = new Batch();
  /** Counts failed writes: a unit that was being applied when one failed read undone data. */
  private failures = 0;
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
    const db = new Low<Database>(new DurableJsonFile<Database>(file), data.database);
    const store = new LowdbStore(db, file);
    if (data.created) {
      const seed = options.seed === undefined ? await loadSeed() : options.seed;
      if (seed) {
        seedDatabase(db.data, seed, new Date());
        freezeRecords(db.data);
        store.indexes.rebuild(db.data);
      }
      try {
        await mkdir(dirname(file), { recursive: true });
        await db.write();
      } catch (error) {
        throw new DatabaseLoadError(file, `it cannot be created (${describeFileError(error)})`);
      }
    } else if (data.migratedFrom !== undefined) {
      try {
        await copyFile(file, `${file}.v${data.migratedFrom}.bak`);
        await db.write();
      } catch (error) {
        throw new DatabaseLoadError(file, `it cannot be upgraded to schema version ${SCHEMA_VERSION} (${describeFileError(error)})`);
      }
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
    if (this.applying) return;
    this.applying = this.applyQueued().finally(() => {
      this.applying = undefined;
      // A unit queued after applyQueued() saw an empty queue but before this callback ran.
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Applies queued units one at a time, each to the batch the next write will carry. */
  private async applyQueued(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      const tx = new Transaction(this.db.data, this.indexes);
      const failures = this.failures;
      try {
        const value = await job.apply(tx);
        if (this.failures !== failures) throw new Error('A write failed while this unit ran; it was not applied');
        tx.commit(this.batch.undo);
        this.batch.done.push({ job, value });
      } catch (error) {
        job.reject(error); // its writes were only buffered: nothing to undo
      }
      this.startWrite();
      // Let I/O callbacks run between units (the write in flight, new requests): a long run of
      // units would otherwise hold the event loop, and the write could not finish meanwhile.
      if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Writes the batch applied so far, unless a write is in flight (the next one takes it). */
  private startWrite(): void {
    if (this.writing || this.batch.done.length === 0) return;
    const batch = this.batch;
    this.batch = new Batch();
    if (batch.undo.isEmpty) {
      // Nothing to make durable, and no write is in flight: all it read is already in the file.
      for (const { job, value } of batch.done) job.resolve(value);
      return;
    }
    this.writing = this.db
      .write() // serialises the data as it is now: this batch and everything before it
      .then(
        () => {
          for (const { job, value } of batch.done) job.resolve(value);
        },
        (error: unknown) => {
          this.failures++;
          // Later units were applied on top of this batch: undo them first, then the batch.
          const later = this.batch;
          this.batch = new Batch();
          later.undo.rollback();
          batch.undo.rollback();
          for (const { job } of [...batch.done, ...later.done]) job.reject(error);
        },
      )
      .finally(() => {
        this.writing = undefined;
        this.startWrite();
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

  /** Waits until every queued unit is applied and written. */
  async flush(): Promise<void> {
    while (this.applying || this.writing) {
      await this.applying;
      await this.writing;
    }
  }

  /** The data is in memory and the file is this process's: ready as long as the process runs. */
  async ready(): Promise<boolean> {
    return true;
  }

  async countOpenDialogs(stateProperty: string): Promise<number> {
    let open = 0;
    for (const item of Object.values(this.db.data.botState)) {
      const stack = (item.value[stateProperty] as { dialogStack?: unknown } | undefined)?.dialogStack;
      if (Array.isArray(stack) && stack.length > 0) open++;
    }
    return open;
  }

  async close(): Promise<void> {
    await this.flush();
  }

  /** The file belongs to one process: nobody else can be running it. */
  alone<T>(_name: string, work: () => Promise<T>): Promise<T | undefined> {
    return work();
  }

  /** A read-only copy of the whole database, for tests and tools. */
  async snapshot(): Promise<Database> {
    await this.flush();
    return structuredClone(this.db.data);
  }
}

/** Every stored record is a frozen value; the collections themselves change as units commit. */
function freezeRecords(data: Database): void {
  for (const [key, value] of Object.entries(data)) {
    if (key === 'audit') (value as unknown[]).forEach(deepFreeze);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  }
}

/** "no space left on the disk (ENOSPC)": the operating system's reason, in words. */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the disk',
    EDQUOT: 'the disk quota is used up',
    ENOENT: 'a folder on the way does not exist and cannot be made',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
  };
  return code && reasons[code] ? `${reasons[code]}, ${code}` : (error as Error).message;
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
    throw new DatabaseLoadError(file, `it cannot be read (${describeFileError(error)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DatabaseLoadError(file, text.trim() === '' ? 'it is empty' : `it is not valid JSON (${(error as Error).message})`);
  }
  // Before validation: a record under "__proto__" would vanish from any object it is copied into.
  for (const [collection, records] of Object.entries(typeof raw === 'object' && raw !== null ? raw : {})) {
    const key = typeof records === 'object' && records !== null && !Array.isArray(records) ? Object.keys(records).find((k) => FORBIDDEN_KEYS.has(k)) : undefined;
    if (key !== undefined) throw new DatabaseLoadError(file, `${collection}: a record is stored under the key "${key}", which no record may have`);
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
