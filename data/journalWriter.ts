import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort } from 'node:worker_threads';

// The embedded store's file work, on a thread of its own (started by journalFile.ts): on the main
// thread each blocking step would wait for the event loop, which a burst of turns keeps busy.
// Every step is flushed (fdatasync, and the folder after a rename or a new file).

export interface AppendMessage {
  op: 'append';
  file: string;
  /** Bytes of the journal that hold whole lines: anything after them is a torn line, cut off first. */
  validBytes: number;
  text: string;
}

export interface CompactMessage {
  op: 'compact';
  snapshots: Array<{ file: string; text: string }>;
  audit: { file: string; text: string; rotateBytes: number; rotated: string };
  journalFile: string;
  validBytes: number;
}

export type WriterMessage = (AppendMessage | CompactMessage) & { id: number };
export interface WriterAnswer {
  id: number;
  error?: { message: string; code?: string };
}

/** What the thread knows of the journal between messages: its size once it has written to it. */
interface WriterState {
  journal?: { size: number };
}

function syncFolder(file: string): void {
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

function replace(file: string, text: string): void {
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

function writeAll(fd: number, bytes: Buffer, at: number): void {
  let done = 0;
  while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
}

// Opened for each write, not kept open: a journal removed or replaced under the bot is an error then,
// not writes into a file nobody will read.
function withJournal(state: WriterState, file: string, validBytes: number, work: (fd: number) => void): void {
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
    work(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function append(state: WriterState, message: AppendMessage): void {
  withJournal(state, message.file, message.validBytes, (fd) => {
    const bytes = Buffer.from(message.text, 'utf8');
    writeAll(fd, bytes, state.journal!.size);
    fs.fdatasyncSync(fd);
    state.journal!.size += bytes.length;
  });
}

function appendAudit(audit: CompactMessage['audit']): void {
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

export function compact(state: WriterState, message: CompactMessage): void {
  const { snapshots, audit, journalFile, validBytes } = message;
  if (audit.text) appendAudit(audit);
  for (const { file, text } of snapshots) replace(file, text);
  syncFolder(journalFile);
  withJournal(state, journalFile, validBytes, (fd) => {
    fs.ftruncateSync(fd, 0);
    fs.fdatasyncSync(fd);
    state.journal!.size = 0;
  });
  if (fs.existsSync(audit.file) && fs.statSync(audit.file).size > audit.rotateBytes) {
    fs.renameSync(audit.file, audit.rotated);
    syncFolder(audit.file);
  }
}

/** Runs one message; the answer says whether it is durable, or why not. */
export function handle(state: WriterState, message: WriterMessage): WriterAnswer {
  try {
    if (message.op === 'append') append(state, message);
    else compact(state, message);
    return { id: message.id };
  } catch (error) {
    const { message: text, code } = error as NodeJS.ErrnoException;
    return { id: message.id, error: { message: text, ...(code ? { code } : {}) } };
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const state: WriterState = {};
  port.on('message', (message: WriterMessage) => port.postMessage(handle(state, message)));
}
