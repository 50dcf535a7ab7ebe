import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Low, Memory } from 'lowdb';
import type { Storage } from 'botbuilder';
import type { Repositories, UnitOfWork, UnitOptions } from '../domain/ports.js';
import type { AuditEntry } from '../domain/types.js';
import { type Collection, Indexes } from './indexes.js';
import {
  JournalAdapter,
  StoreFilesGoneError,
  type JournalLimits,
  type JournalLine,
  type JournalState,
  lastAuditSeq,
  layout,
  readAuditFiles,
  type SnapshotFile,
  snapshotOf,
} from './journalFile.js';
import { LowdbStorage } from './lowdbStorage.js';
import { migrate, type Migration, MIGRATIONS } from './migrations.js';
import {
  auditEntrySchema,
  COLLECTION_SCHEMAS,
  databaseSchema,
  describeIssues,
  emptyDatabase,
  FORBIDDEN_KEYS,
  SCHEMA_VERSION,
  type Database,
  type Seed,
} from './schema.js';
import { loadSeed, reseedAuditEntry, seedDatabase } from './seed.js';
import type { Store } from './store.js';
import { type ChangedKeys, deepFreeze, Transaction, UndoLog } from './transaction.js';

export const DEFAULT_DB_FILE = './.data/db.json';

export class DatabaseLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `Cannot load the database ${file}: ${problem}. The file was left as it is; fix it, or move it away to start with demo data.`,
    );
    this.name = 'DatabaseLoadError';
  }
}

/** What the bot is told when the store's files went away under it. */
export interface FilesGone {
  file: string;
  reason: string;
  /** The folder holding everything the store had acknowledged; absent if it could not be written (`problem`). */
  rescued?: string;
  problem?: string;
}

export interface OpenOptions {
  /** The demo directory for a new file; `false` starts empty. Default: data/seed/demo.json. */
  seed?: Seed | false;
  migrations?: readonly Migration[];
  /** When to compact the journal and rotate the audit file (tests make them small). */
  limits?: JournalLimits;
}

type Job = {
  apply: (tx: Transaction) => unknown | Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Units applied to memory and not yet in the file: they are acknowledged by the same write. */
class Batch {
  readonly undo = new UndoLog();
  readonly done: Array<{ job: Job; value: unknown }> = [];
  readonly changed: ChangedKeys = new Map();
  /** The audit entries its units appended. */
  readonly audit: AuditEntry[] = [];
}

/** How long queued units may be applied one after another before I/O gets its turn. */
const APPLY_SLICE_MS = 5;

/**
 * The database files and the one queue that every write to them goes through. Queued units run one
 * after another against the in-memory data, also while a write is in flight; the units applied
 * meanwhile are committed together by the next write (group commit), and each is acknowledged
 * only once the journal line (or compaction) that holds it is durable. If a write fails, its units and
 * every unit applied after them are undone and rejected: none of them was acknowledged.
 */
export class LowdbStore implements UnitOfWork, Store {
  private readonly queue: Job[] = [];
  private applying: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private batch = new Batch();
  /** Counts failed writes: a unit that was being applied when one failed read undone data. */
  private failures = 0;
  /** One queue: units never conflict. */
  readonly conflictRetries = 0;
  /** A compaction failed: the next ones wait until a journal append has succeeded again. */
  private compactionHeld = false;
  /** Its files were removed or replaced while it ran: nothing is written or acknowledged any more. */
  private gone: StoreFilesGoneError | undefined;
  private readonly goneListeners: Array<(gone: FilesGone) => void> = [];
  private readonly indexes: Indexes;
  readonly storage: Storage;

  private constructor(
    private readonly db: Low<Database>,
    readonly file: string | undefined,
    /** The journal and snapshots on disk; none for a store in memory. */
    private readonly journal: JournalAdapter | undefined,
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

  /** Opens (or creates, with demo data) the store at `path`, or DB_FILE, or ./.data/db.json. */
  static async open(
    path: string = process.env.DB_FILE || DEFAULT_DB_FILE,
    options: OpenOptions = {},
  ): Promise<LowdbStore> {
    const file = resolve(path);
    const loaded = await readStoreFiles(file, options.migrations ?? MIGRATIONS).catch(async (error: unknown) => {
      // Files that cannot be loaded, and a rescue beside them: what to do with it is the answer.
      const rescued = error instanceof DatabaseLoadError ? await rescueOf(file) : undefined;
      throw rescued ? new DatabaseLoadError(file, `${(error as DatabaseLoadError).problem}; ${rescued}`) : error;
    });
    const journal = new JournalAdapter(file, loaded.state, options.limits);
    const db = new Low<Database>(journal, loaded.database);
    if (loaded.created) {
      const seed = options.seed === undefined ? await loadSeed() : options.seed;
      if (seed) seedDatabase(db.data, seed, new Date());
      try {
        await mkdir(dirname(file), { recursive: true });
        await db.write();
      } catch (error) {
        throw new DatabaseLoadError(file, `it cannot be created (${describeFileError(error)})`);
      }
    } else if (loaded.migratedFrom !== undefined) {
      try {
        await copyFile(file, `${file}.v${loaded.migratedFrom}.bak`);
        // Written in the current layout; the audit log moves to its own file.
        await db.write();
        db.data.audit.length = 0;
      } catch (error) {
        throw new DatabaseLoadError(
          file,
          `it cannot be upgraded to schema version ${SCHEMA_VERSION} (${describeFileError(error)})`,
        );
      }
    }
    await journal.watchFiles();
    return new LowdbStore(db, file, journal);
  }

  /** Told once if the files are removed or replaced while the bot runs (the bot logs it). */
  whenFilesGone(listener: (gone: FilesGone) => void): void {
    this.goneListeners.push(listener);
  }

  /**
   * The files are not this store's any more: from now on every unit is refused. What it holds (every
   * acknowledged unit) is written to a rescue folder beside them, or in the system's temporary
   * folder if theirs is gone too; the next start says where it is and what to do.
   */
  private async filesGone(error: StoreFilesGoneError): Promise<void> {
    if (this.gone || !this.file) return;
    this.gone = error;
    const folder = `${basename(this.file).replace(/\.json$/, '')}.rescued-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    let rescued: string | undefined;
    let problem: string | undefined;
    for (const where of [dirname(this.file), tmpdir()]) {
      try {
        const into = join(where, folder);
        await mkdir(into, { recursive: true });
        const file = join(into, basename(this.file));
        const state: JournalState = { seq: 1, auditSeq: 0, journalBytes: 0, snapshotBytes: 0 };
        await new JournalAdapter(file, state).write(this.db.data);
        rescued = into;
        break;
      } catch (cause) {
        problem = describeFileError(cause);
      }
    }
    const gone: FilesGone = { file: error.file, reason: error.message, ...(rescued ? { rescued } : { problem }) };
    for (const listener of this.goneListeners) listener(gone);
  }

  /** Everything stored at `path`, read without opening a store (nothing is written): tests and tools. */
  static async read(path: string): Promise<Database> {
    const file = resolve(path);
    const loaded = await readStoreFiles(file, MIGRATIONS);
    if (loaded.created) throw new DatabaseLoadError(file, 'it does not exist');
    return { ...loaded.database, audit: [...(await readAuditFiles(file)), ...loaded.database.audit] };
  }

  /** A store that keeps everything in memory: the same code path, no file. */
  static inMemory(seed?: Seed): LowdbStore {
    const data = emptyDatabase();
    if (seed) seedDatabase(data, seed, new Date());
    return new LowdbStore(new Low<Database>(new Memory<Database>(), data), undefined, undefined);
  }

  /** Every unit waits in one queue here, so `oneAtATime` needs nothing more. */
  run<T>(work: (repos: Repositories) => Promise<T>, _options?: UnitOptions): Promise<T> {
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
    if (this.gone) return Promise.reject(this.gone);
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
    let sliceStarted = performance.now();
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (this.gone) {
        job.reject(this.gone);
        continue;
      }
      const tx = new Transaction(this.db.data, this.indexes);
      const failures = this.failures;
      try {
        const value = await job.apply(tx);
        if (this.failures !== failures) throw new Error('A write failed while this unit ran; it was not applied');
        tx.commit(this.batch.undo, this.batch.changed, this.batch.audit);
        this.batch.done.push({ job, value });
      } catch (error) {
        job.reject(error); // its writes were only buffered: nothing to undo
      }
      this.startWrite();
      // Let I/O callbacks run (the write in flight, new requests) once units have held the event
      // loop for a slice: not after every unit, or under load each queued unit would wait a whole
      // turn of a busy loop (a burst of 50 Sends queues behind the delivery worker's units).
      if (this.queue.length > 0 && performance.now() - sliceStarted >= APPLY_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
    }
  }

  /**
   * Writes the batch applied so far, unless a write is in flight (the next one takes it): one
   * journal line with the values of the records it changed, or, when the journal has grown as
   * large as the snapshots, new snapshots holding everything (compaction).
   */
  private startWrite(): void {
    if (this.writing || this.batch.done.length === 0) return;
    const batch = this.batch;
    this.batch = new Batch();
    if (this.gone) {
      batch.undo.rollback();
      for (const { job } of batch.done) job.reject(this.gone);
      return;
    }
    if (batch.undo.isEmpty || !this.journal) {
      // Nothing to make durable (or no file): all it read is already as durable as it gets.
      for (const { job, value } of batch.done) job.resolve(value);
      return;
    }
    const journal = this.journal;
    const audit = this.db.data.audit;
    let write: Promise<void>;
    if (journal.compactionDue && !this.compactionHeld) {
      journal.nextSeq();
      // Serialises the data as it is now: this batch and everything before it, audit entries too.
      const moved = audit.length;
      write = journal.write(this.db.data).then(
        () => void audit.splice(0, moved),
        (error: unknown) => {
          this.compactionHeld = true;
          throw error;
        },
      );
    } else {
      const line: JournalLine = { seq: journal.nextSeq(), set: [], audit: batch.audit };
      for (const [collection, keys] of batch.changed) {
        const records = this.db.data[collection] as Record<string, unknown>;
        for (const key of keys) line.set.push([collection, key, Object.hasOwn(records, key) ? records[key] : null]);
      }
      write = journal.append(line).then(() => {
        this.compactionHeld = false;
      });
    }
    this.writing = write
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
          // Rescued as the data is now: every acknowledged unit, none of those just refused.
          if (error instanceof StoreFilesGoneError) void this.filesGone(error);
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
      for (const collection of [
        'partners',
        'customers',
        'invitations',
        'relationships',
        'subscriptions',
        'outbox',
        'deliveries',
        'contacts',
        'endpoints',
        'cardCopies',
        'botState',
      ] as const) {
        for (const key of tx.keys(collection)) tx.set(collection, key, undefined);
        for (const [key, value] of Object.entries(fresh[collection])) tx.set(collection, key, value as never);
      }
      tx.appendAudit(reseedAuditEntry(now));
    });
  }

  /** Waits until every queued unit is applied and written. */
  async flush(): Promise<void> {
    while (this.applying || this.writing) {
      await this.applying;
      await this.writing;
    }
  }

  /** Ready while its files are the ones it wrote; one removed or replaced is noticed here too (/readyz). */
  async ready(): Promise<boolean> {
    if (this.gone) return false;
    const changed = this.journal?.filesChanged();
    if (!changed) return true;
    await this.filesGone(new StoreFilesGoneError(changed.file, changed.message));
    return false;
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

  /** A read-only copy of the whole database, the audit log read back from its files, for tests and tools. */
  async snapshot(): Promise<Database> {
    await this.flush();
    const data = structuredClone(this.db.data);
    if (this.file) data.audit = [...(await readAuditFiles(this.file)), ...data.audit];
    return data;
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
  state: JournalState;
}

type Raw = Record<string, unknown>;

/**
 * A rescue folder left by a run whose files were removed or replaced (LowdbStore.filesGone), said as
 * what to do with it; undefined when there is none beside the file.
 */
async function rescueOf(file: string): Promise<string | undefined> {
  const prefix = `${basename(file).replace(/\.json$/, '')}.rescued-`;
  const found = (await readdir(dirname(file)).catch(() => [] as string[])).filter((n) => n.startsWith(prefix)).sort();
  const latest = found.at(-1);
  if (!latest) return undefined;
  const folder = join(dirname(file), latest);
  return (
    `the files were removed or replaced while the bot ran, and what it held then was saved to ${folder}. ` +
    `To go on from there, move what is left of the old files away and copy the files of that folder into ` +
    `${dirname(file)}; to start anew instead, move that folder away`
  );
}

/** Reads a file of JSON; undefined if it does not exist. */
async function readJson(file: string, what: string): Promise<{ raw: unknown; bytes: number } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DatabaseLoadError(file, `${what} cannot be read (${describeFileError(error)})`);
  }
  try {
    return { raw: JSON.parse(text), bytes: Buffer.byteLength(text) };
  } catch (error) {
    throw new DatabaseLoadError(
      file,
      text.trim() === '' ? `${what} is empty` : `${what} is not valid JSON (${(error as Error).message})`,
    );
  }
}

/**
 * Reads the snapshots, validates them (one pass: JSON.parse, then the schema), and replays the
 * journal on top; a missing main file is a new database, anything unreadable is an error. Writes
 * nothing: a torn last journal line is only noted, and cut off before the next append.
 */
async function readStoreFiles(file: string, migrations: readonly Migration[]): Promise<LoadedDatabase> {
  const paths = layout(file);
  const fresh: JournalState = { seq: 0, auditSeq: 0, journalBytes: 0, snapshotBytes: 0 };
  const main = await readJson(file, 'it');
  if (!main) {
    if (await rescueOf(file)) throw new DatabaseLoadError(file, 'it is missing');
    if (
      await stat(paths.journal).then(
        () => true,
        () => false,
      )
    )
      throw new DatabaseLoadError(
        file,
        `it is missing, but its journal ${paths.journal} is there; restore the file from a backup`,
      );
    return { database: emptyDatabase(), created: true, state: fresh };
  }
  const raw = main.raw;
  // Before validation: a record under "__proto__" would vanish from any object it is copied into.
  const checkKeys = (source: unknown, name: string) => {
    for (const [collection, records] of Object.entries(typeof source === 'object' && source !== null ? source : {})) {
      const key =
        typeof records === 'object' && records !== null && !Array.isArray(records)
          ? Object.keys(records).find((k) => FORBIDDEN_KEYS.has(k))
          : undefined;
      if (key !== undefined)
        throw new DatabaseLoadError(
          name,
          `${collection}: a record is stored under the key "${key}", which no record may have`,
        );
    }
  };
  checkKeys(raw, file);
  const version =
    typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw new DatabaseLoadError(file, 'it has no schemaVersion, so it is not a database of this bot');
  if (version > SCHEMA_VERSION) {
    throw new DatabaseLoadError(
      file,
      `it has schemaVersion ${version}, written by a newer version of the bot (this one reads up to ${SCHEMA_VERSION})`,
    );
  }
  const seqs: Record<SnapshotFile, number> = { main: 0, deliveries: 0, state: 0 };
  let whole: Raw = raw as Raw;
  let snapshotBytes = main.bytes;
  if (version >= 5) {
    // The current layout: the delivery records and the conversation state have files of their own.
    seqs.main = Number((raw as Raw).journalSeq ?? 0);
    for (const part of ['deliveries', 'state'] as const) {
      const read = await readJson(paths[part], 'it');
      if (!read)
        throw new DatabaseLoadError(
          paths[part],
          `it is missing (the main file ${file} needs it); restore it from a backup`,
        );
      checkKeys(read.raw, paths[part]);
      seqs[part] = Number((read.raw as Raw).journalSeq ?? 0);
      snapshotBytes += read.bytes;
      whole = { ...whole, ...(read.raw as Raw), schemaVersion: version };
    }
    whole.audit = [];
  }
  let migrated: unknown;
  try {
    migrated = migrate(whole, version, migrations);
  } catch (error) {
    throw new DatabaseLoadError(file, (error as Error).message);
  }
  const parsed = databaseSchema.safeParse(migrated);
  if (!parsed.success)
    throw new DatabaseLoadError(
      file,
      `it does not match schema version ${SCHEMA_VERSION}: ${describeIssues(parsed.error)}`,
    );
  const database = parsed.data;
  const auditSeq = Math.max(seqs.main, await lastAuditSeq(file));
  const journal = await replayJournal(paths.journal, database, seqs, auditSeq);
  return {
    database,
    created: false,
    ...(version < SCHEMA_VERSION ? { migratedFrom: version } : {}),
    state: {
      seq: Math.max(seqs.main, seqs.deliveries, seqs.state, journal.lastSeq),
      auditSeq,
      journalBytes: journal.validBytes,
      snapshotBytes,
    },
  };
}

/** Applies the journal's lines that the snapshots do not hold yet; each record is checked against its schema. */
async function replayJournal(
  path: string,
  database: Database,
  seqs: Record<SnapshotFile, number>,
  auditSeq: number,
): Promise<{ lastSeq: number; validBytes: number }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lastSeq: 0, validBytes: 0 };
    throw new DatabaseLoadError(path, `it cannot be read (${describeFileError(error)})`);
  }
  let lastSeq = 0;
  let validBytes = 0;
  let offset = 0;
  let number = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    number++;
    // A last line without its newline was being written when the process stopped: never acknowledged.
    if (end < 0) break;
    let line: JournalLine;
    try {
      line = JSON.parse(text.slice(offset, end)) as JournalLine;
    } catch (error) {
      throw new DatabaseLoadError(path, `line ${number} is not valid JSON (${(error as Error).message})`);
    }
    for (const [collection, key, value] of line.set ?? []) {
      if (!(collection in COLLECTION_SCHEMAS) || FORBIDDEN_KEYS.has(key))
        throw new DatabaseLoadError(path, `line ${number} changes ${collection}/${key}, which no record may be`);
      if (line.seq <= seqs[snapshotOf(collection)]) continue;
      const records = database[collection] as Record<string, unknown>;
      if (value === null) {
        delete records[key];
        continue;
      }
      const checked = (COLLECTION_SCHEMAS[collection as Collection] as typeof COLLECTION_SCHEMAS.partners).safeParse(
        value,
      );
      if (!checked.success)
        throw new DatabaseLoadError(path, `line ${number}, ${collection}/${key}: ${describeIssues(checked.error)}`);
      records[key] = checked.data;
    }
    if (line.seq > auditSeq) {
      for (const entry of line.audit ?? []) {
        const checked = auditEntrySchema.safeParse(entry);
        if (!checked.success)
          throw new DatabaseLoadError(path, `line ${number}, audit: ${describeIssues(checked.error)}`);
        database.audit.push(checked.data as AuditEntry);
      }
    }
    lastSeq = Math.max(lastSeq, line.seq);
    validBytes += Buffer.byteLength(text.slice(offset, end + 1));
    offset = end + 1;
  }
  return { lastSeq, validBytes };
}
