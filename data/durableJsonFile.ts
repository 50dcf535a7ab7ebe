import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * lowdb's file adapter, made durable: the data goes to a temporary file beside the real one, is
 * flushed to the disk (fdatasync), renamed over the real file, and the rename itself is flushed
 * (fsync of the folder). A unit is acknowledged only after all four, so an acknowledged change
 * survives a power cut, not only a killed process; a crash at any point leaves either the old
 * file or the new one, never a mix or an empty file. One line of JSON, no indentation: the file is
 * the store's, and indenting it costs a third of every write. The store writes one at a time.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly temporary: string;

  constructor(private readonly file: string) {
    this.temporary = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(data: T): Promise<void> {
    const text = JSON.stringify(data); // now, synchronously: the units applied later go in the next write
    await writeFile(this.temporary, text, { encoding: 'utf8', flush: true }); // flush: fsync before it resolves
    await rename(this.temporary, this.file);
    const folder = await open(dirname(this.file), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
