// @ts-check
import { Buffer } from 'node:buffer';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';

// The embedded store's file work, on a thread of its own (started by journalFile.ts): on the main
// thread each blocking step would wait for the event loop, which a burst of turns keeps busy.
// Every step is flushed (fdatasync, and the folder after a rename or a new file). Plain JavaScript
// checked by the type checker (`@ts-check`, the types below): a thread loads it as it is, from the
// sources and from the build alike.

/**
 * A file of the store as it was last written (device and inode): one removed or replaced under the
 * bot is noticed before the next write, not written past.
 * @typedef {{ file: string; dev: number; ino: number }} FileIdentity
 */

/**
 * @typedef {object} AppendMessage
 * @property {'append'} op
 * @property {FileIdentity[]} watch
 * @property {string} file
 * @property {number} validBytes Bytes of the journal that hold whole lines: anything after them is a torn line.
 * @property {string} text
 */

/**
 * @typedef {object} CompactMessage
 * @property {'compact'} op
 * @property {FileIdentity[]} watch
 * @property {Array<{ file: string; text: string }>} snapshots
 * @property {{ file: string; text: string; rotateBytes: number; rotated: string }} audit
 * @property {string} journalFile
 * @property {number} validBytes
 */

/** @typedef {(AppendMessage | CompactMessage) & { id: number }} WriterMessage */
/** @typedef {{ message: string; code?: string; file?: string }} WriterError */
/** @typedef {{ id: number; error?: WriterError; files?: FileIdentity[] }} WriterAnswer */
/** @typedef {{ journal?: { size: number } }} WriterState What the thread knows of the journal between messages. */

/** The code of an error that says the store's files are not the bot's any more. */
export const STORE_GONE = 'ESTOREGONE';

/**
 * The first watched file that is not the one the bot wrote any more (removed, not a file, another
 * inode), said in a sentence; undefined when all still are. The main thread asks it too (/readyz).
 * @param {FileIdentity[]} watch
 * @returns {{ file: string; message: string } | undefined}
 */
export function filesProblem(watch) {
  for (const { file, dev, ino } of watch) {
    /** @type {fs.Stats | undefined} */
    let now;
    try {
      now = fs.statSync(file);
    } catch {
      now = undefined;
    }
    const problem = !now
      ? 'was removed'
      : !now.isFile()
        ? 'was replaced by something that is not a file'
        : now.dev !== dev || now.ino !== ino
          ? 'was replaced by another file'
          : undefined;
    if (problem) return { file, message: `${file} ${problem} while the bot was running` };
  }
  return undefined;
}

/** @param {FileIdentity[]} watch */
function checkFiles(watch) {
  const problem = filesProblem(watch);
  if (problem) throw Object.assign(new Error(problem.message), { code: STORE_GONE, file: problem.file });
}

/**
 * @param {string} file
 * @returns {FileIdentity}
 */
function identityOf(file) {
  const { dev, ino } = fs.statSync(file);
  return { file, dev, ino };
}

/** @param {string} file */
function syncFolder(file) {
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

/**
 * @param {string} file
 * @param {string} text
 */
function replace(file, text) {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/**
 * @param {number} fd
 * @param {Buffer} bytes
 * @param {number} at
 */
function writeAll(fd, bytes, at) {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
}

/**
 * Opened for each write, not kept open: a journal removed or replaced under the bot is an error then,
 * not writes into a file nobody will read.
 * @param {WriterState} state
 * @param {string} file
 * @param {number} validBytes
 * @param {(fd: number, journal: { size: number }) => void} work
 */
function withJournal(state, file, validBytes, work) {
  state.journal ??= { size: validBytes };
  const journal = state.journal;
  const existed = fs.existsSync(file);
  if (!existed && journal.size > 0)
    throw Object.assign(new Error(`The journal ${file} disappeared while the bot was running`), { code: 'ENOENT' });
  const fd = fs.openSync(file, existed ? 'r+' : 'wx');
  try {
    // A line torn by a crash or a failed write was never acknowledged: it goes before anything is appended.
    if (existed && fs.fstatSync(fd).size !== journal.size) fs.ftruncateSync(fd, journal.size);
    if (!existed) syncFolder(file);
    work(fd, journal);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * @param {WriterState} state
 * @param {AppendMessage} message
 */
export function append(state, message) {
  checkFiles(message.watch);
  withJournal(state, message.file, message.validBytes, (fd, journal) => {
    const bytes = Buffer.from(message.text, 'utf8');
    writeAll(fd, bytes, journal.size);
    fs.fdatasyncSync(fd);
    journal.size += bytes.length;
  });
}

/** @param {CompactMessage['audit']} audit */
function appendAudit(audit) {
  const existed = fs.existsSync(audit.file);
  const fd = fs.openSync(audit.file, existed ? 'r+' : 'w+');
  try {
    // A line torn by a crash in an earlier compaction is cut off: its entries come again below.
    let size = fs.fstatSync(fd).size;
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 65536));
      fs.readSync(fd, tail, 0, tail.length, size - tail.length);
      const cut = tail.lastIndexOf(10);
      if (cut !== tail.length - 1) {
        size = size - tail.length + cut + 1;
        fs.ftruncateSync(fd, size);
      }
    }
    writeAll(fd, Buffer.from(audit.text, 'utf8'), size);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (!existed) syncFolder(audit.file);
}

/**
 * @param {WriterState} state
 * @param {CompactMessage} message
 */
export function compact(state, message) {
  const { snapshots, audit, journalFile, validBytes } = message;
  checkFiles(message.watch);
  if (audit.text) appendAudit(audit);
  for (const { file, text } of snapshots) replace(file, text);
  syncFolder(journalFile);
  withJournal(state, journalFile, validBytes, (fd, journal) => {
    fs.ftruncateSync(fd, 0);
    fs.fdatasyncSync(fd);
    journal.size = 0;
  });
  if (fs.existsSync(audit.file) && fs.statSync(audit.file).size > audit.rotateBytes) {
    fs.renameSync(audit.file, audit.rotated);
    syncFolder(audit.file);
  }
  return [...snapshots.map((s) => identityOf(s.file)), identityOf(journalFile)];
}

/**
 * Runs one message; the answer says whether it is durable, or why not.
 * @param {WriterState} state
 * @param {WriterMessage} message
 * @returns {WriterAnswer}
 */
export function handle(state, message) {
  try {
    if (message.op === 'append') {
      append(state, message);
      return { id: message.id };
    }
    return { id: message.id, files: compact(state, message) };
  } catch (error) {
    const { message: text, code, file } = /** @type {NodeJS.ErrnoException & { file?: string }} */ (error);
    return { id: message.id, error: { message: text, ...(code ? { code } : {}), ...(file ? { file } : {}) } };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  /** @type {WriterState} */
  const state = {};
  port.on('message', (/** @type {WriterMessage} */ message) => port.postMessage(handle(state, message)));
}
