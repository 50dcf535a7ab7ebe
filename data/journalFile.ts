import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Adapter } from 'lowdb';
import type { AuditEntry } from '../domain/types.js';
import type { Collection } from './indexes.js';
import { type FileIdentity, filesProblem, type WriterAnswer, type WriterMessage } from './journalWriter.js';
import { type Database, SCHEMA_VERSION } from './schema.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// The embedded store on disk, for DB_FILE=db.json:
//
//   db.json             the directory, invitations, relationships, subscriptions, the outbox, contacts
//   db.deliveries.json  the delivery records            } snapshots, each a line of JSON with the
//   db.state.json       conversation and user state     } journal sequence number it includes
//   db.journal          every committed batch since the snapshots, one JSON line each
//   db.audit.jsonl      the audit log, append-only, one entry a line; rotated by size into
//                       db.audit.<time>.jsonl
//
// A batch of units is acknowledged once its journal line is on the disk (write, fdatasync): its cost
// depends on what it changed, not on how much is stored. When the journal has grown as large as
// the snapshots, they are rewritten (compaction) and the journal emptied.

/** The collections each snapshot file holds; the audit log is in none of them. */
export const SNAPSHOT_FILES = {
  main: [
    'partners',
    'customers',
    'invitations',
    'relationships',
    'subscriptions',
    'outbox',
    'contacts',
    'endpoints',
    'cardCopies',
  ],
  deliveries: ['deliveries'],
  state: ['botState'],
} as const satisfies Record<string, readonly Collection[]>;
export type SnapshotFile = keyof typeof SNAPSHOT_FILES;

export const snapshotOf = (collection: Collection): SnapshotFile =>
  (Object.keys(SNAPSHOT_FILES) as SnapshotFile[]).find((f) =>
    (SNAPSHOT_FILES[f] as readonly string[]).includes(collection),
  )!;

export function layout(file: string) {
  const base = file.replace(/\.json$/, '');
  return {
    main: file,
    deliveries: `${base}.deliveries.json`,
    state: `${base}.state.json`,
    journal: `${base}.journal`,
    audit: `${base}.audit.jsonl`,
    /** Rotated audit files: db.audit.<time>.jsonl, in the order they were written. */
    rotatedAudit: (at: Date) => `${base}.audit.${at.toISOString().replace(/[:.]/g, '-')}.jsonl`,
  };
}

/** One journal line: what a batch of units changed, as the values after it. */
export interface JournalLine {
  seq: number;
  /** [collection, key, value]; a null value deletes. */
  set: Array<[Collection, string, unknown]>;
  audit: AuditEntry[];
}

/** Compaction starts when the journal is this large, or as large as the snapshots if they are larger. */
const COMPACT_MIN_BYTES = 8 * 1024 * 1024;
/** The current audit file is rotated once it passes this size. */
export const AUDIT_ROTATE_BYTES = 16 * 1024 * 1024;

/**
 * The writer thread: a plain module (data/journalWriter.js) that a thread loads as it is, without the
 * process's own loaders (tsx, when run from the sources).
 */
const startWriter = (): Worker => new Worker(new URL('./journalWriter.js', import.meta.url), { execArgv: [] });

export interface JournalLimits {
  /** Compact once the journal passes this many bytes (default: 8 MB, or the snapshots' size if larger). */
  compactAtBytes?: number;
  /** Rotate the audit file once it passes this many bytes (default 16 MB). */
  auditRotateBytes?: number;
}

export interface JournalState {
  /** The last journal sequence number on disk (in a snapshot or the journal). */
  seq: number;
  /** Audit entries of journal lines up to this number are in the audit file already. */
  auditSeq: number;
  /** Bytes of the journal that hold whole lines (a torn last line is cut off before the next append). */
  journalBytes: number;
  snapshotBytes: number;
}

/**
 * lowdb's adapter for the layout above. `read()` belongs to the loader (data/lowdbStore.ts reads
 * and validates); `write(data)` is the compaction; `append(line)` writes one batch. The file work
 * happens on a thread of its own: on the main thread each blocking step would wait for the event
 * loop, which a burst of turns keeps busy. Every step is flushed (fdatasync, and the folder after a
 * rename), so an acknowledged batch survives a power cut, not only a killed process.
 */
export class JournalAdapter implements Adapter<Database> {
  private readonly paths: ReturnType<typeof layout>;
  private worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { resolve: (answer: WriterAnswer) => void; reject: (error: Error) => void }
  >();
  /** The store's files as this process last wrote them: each write first checks they still are. */
  private watched: FileIdentity[] = [];
  private message = 0;
  private appendedBytes = 0;

  private readonly auditRotateBytes: number;

  constructor(
    file: string,
    private readonly state: JournalState,
    private readonly limits: JournalLimits = {},
  ) {
    this.paths = layout(file);
    this.auditRotateBytes = limits.auditRotateBytes ?? AUDIT_ROTATE_BYTES;
  }

  /** The files as they are now (after loading): from now on, each write checks they have not changed. */
  async watchFiles(): Promise<void> {
    const files = [this.paths.main, this.paths.deliveries, this.paths.state, this.paths.journal];
    const found = await Promise.all(
      files.map((file) =>
        stat(file).then(
          (s) => ({ file, dev: s.dev, ino: s.ino }),
          () => undefined,
        ),
      ),
    );
    this.watched = found.filter((f) => f !== undefined);
  }

  /** Whether the files are still the ones this process wrote (undefined), or which one is not and how. */
  filesChanged(): { file: string; message: string } | undefined {
    return filesProblem(this.watched);
  }

  async read(): Promise<Database | null> {
    throw new Error('The store reads its files itself (readStoreFiles)');
  }

  /** The number the next batch gets. */
  nextSeq(): number {
    return ++this.state.seq;
  }

  get compactionDue(): boolean {
    const journal = this.state.journalBytes + this.appendedBytes;
    return journal > (this.limits.compactAtBytes ?? Math.max(COMPACT_MIN_BYTES, this.state.snapshotBytes));
  }

  append(line: JournalLine): Promise<void> {
    const text = `${JSON.stringify(line)}\n`;
    const bytes = Buffer.byteLength(text);
    return this.post({
      op: 'append',
      watch: this.watched,
      file: this.paths.journal,
      validBytes: this.state.journalBytes,
      text,
    }).then(() => {
      this.appendedBytes += bytes;
    });
  }

  /**
   * Rewrites the snapshots with everything applied so far (serialised now, synchronously: units
   * applied later go to the journal after it) and moves the pending audit entries to the audit file.
   */
  write(data: Database): Promise<void> {
    const seq = this.state.seq;
    const header = { schemaVersion: SCHEMA_VERSION, journalSeq: seq };
    const pick = (file: SnapshotFile) => Object.fromEntries(SNAPSHOT_FILES[file].map((c) => [c, data[c]]));
    const snapshots = [
      // The main file last: its number says the others are at least as new.
      { file: this.paths.deliveries, text: JSON.stringify({ ...header, ...pick('deliveries') }) },
      { file: this.paths.state, text: JSON.stringify({ ...header, ...pick('state') }) },
      {
        file: this.paths.main,
        text: JSON.stringify({ ...header, ...(data.seededAt ? { seededAt: data.seededAt } : {}), ...pick('main') }),
      },
    ];
    const auditText = data.audit.map((entry) => `${JSON.stringify({ ...entry, seq })}\n`).join('');
    const snapshotBytes = snapshots.reduce((sum, s) => sum + Buffer.byteLength(s.text), 0);
    return this.post({
      op: 'compact',
      watch: this.watched,
      snapshots,
      audit: {
        file: this.paths.audit,
        text: auditText,
        rotateBytes: this.auditRotateBytes,
        rotated: this.paths.rotatedAudit(new Date()),
      },
      journalFile: this.paths.journal,
      validBytes: this.state.journalBytes,
    }).then((answer) => {
      if (answer.files) this.watched = answer.files;
      this.state.journalBytes = 0;
      this.appendedBytes = 0;
      this.state.auditSeq = seq;
      this.state.snapshotBytes = snapshotBytes;
    });
  }

  private post(message: DistributiveOmit<WriterMessage, 'id'>): Promise<WriterAnswer> {
    const id = ++this.message;
    return new Promise<WriterAnswer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      const thread = this.thread();
      thread.ref(); // a write in flight keeps the process alive until it is durable
      thread.postMessage({ ...message, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = startWriter();
    worker.unref(); // a store with no write in flight does not keep the process alive
    worker.on('message', (answer: WriterAnswer) => {
      const { id, error } = answer;
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (error?.code === STORE_GONE) waiter?.reject(new StoreFilesGoneError(error.file ?? '', error.message));
      else if (error) waiter?.reject(Object.assign(new Error(error.message), { code: error.code }));
      else waiter?.resolve(answer);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.worker = undefined;
      this.failAll(new Error('The file writer thread stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** The store's files were removed or replaced while the bot ran: nothing more is written over them. */
export class StoreFilesGoneError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'StoreFilesGoneError';
  }
}

/** The writer's code for it (data/journalWriter.js). */
const STORE_GONE = 'ESTOREGONE';

/** The audit log as written: the rotated files in order, then the current one. */
export async function readAuditFiles(file: string): Promise<AuditEntry[]> {
  const paths = layout(file);
  const prefix = `${basename(paths.audit, '.jsonl')}.`;
  const rotated = (await readdir(dirname(file)).catch(() => [] as string[]))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl') && n !== basename(paths.audit))
    .sort();
  const entries: AuditEntry[] = [];
  for (const path of [...rotated.map((n) => join(dirname(file), n)), paths.audit]) {
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? '' : Promise.reject(error),
    );
    for (const line of text.split('\n')) {
      if (!line) continue;
      const { seq: _seq, ...entry } = JSON.parse(line) as AuditEntry & { seq?: number };
      entries.push(entry);
    }
  }
  return entries;
}

/** The journal number of the last entry in the current audit file (0 if there is none). */
export async function lastAuditSeq(file: string): Promise<number> {
  const path = layout(file).audit;
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) return 0;
  const handle = await open(path, 'r');
  try {
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    // The last whole line: one torn by a crash during a compaction is cut off by the next one.
    const lines = buffer.toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        return Number((JSON.parse(lines[i]!) as { seq?: number }).seq ?? 0);
      } catch {
        // a torn or partial line
      }
    }
    return 0;
  } finally {
    await handle.close();
  }
}
