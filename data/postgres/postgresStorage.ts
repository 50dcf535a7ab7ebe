import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Pool } from 'pg';
import { StorageConflictError } from '../store.js';
import { inTransaction } from './pgTransaction.js';

interface StateRow {
  key: string;
  etag: string;
  value: Record<string, unknown>;
}

/**
 * botbuilder's Storage on the bot_state table, with MemoryStorage's eTag semantics: a write with a
 * stale eTag is refused (StorageConflictError), `*` or no eTag overwrites. A batch is one
 * transaction: with one conflict none of its items is written. Rows being written are locked, so
 * two instances writing the same conversation's state cannot both win.
 */
export class PostgresStorage implements Storage {
  constructor(private readonly pool: Pool) {}

  /**
   * Keys asked for in this turn of the event loop (a turn loads its conversation and user state together): one query.
   */
  private reading: { readers: Map<string, number>; rows: Promise<StateRow[]> } | undefined;

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    if (keys.length === 0) return {};
    let batch = this.reading;
    if (!batch) {
      const opened = { readers: new Map<string, number>(), rows: Promise.resolve([] as StateRow[]) };
      opened.rows = new Promise<void>((resolve) => queueMicrotask(resolve)).then(async () => {
        this.reading = undefined;
        // A named statement: each connection has it parsed and planned once (pg prepares it the first time).
        return (
          await this.pool.query<StateRow>({
            name: 'bot_state_read',
            text: 'SELECT key, etag, value FROM bot_state WHERE key = ANY($1::text[])',
            values: [[...opened.readers.keys()]],
          })
        ).rows;
      });
      this.reading = batch = opened;
    }
    const { readers } = batch;
    for (const key of new Set(keys)) readers.set(key, (readers.get(key) ?? 0) + 1);
    const rows = await batch.rows;
    const wanted = new Set(keys);
    const items: StoreItems = {};
    // Two readers of one key get values of their own: botbuilder changes the state it is given.
    for (const row of rows)
      if (wanted.has(row.key))
        items[row.key] = {
          ...((readers.get(row.key) ?? 0) > 1 ? structuredClone(row.value) : row.value),
          eTag: row.etag,
        };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const entries = Object.entries(changes);
    if (entries.length === 0) return;
    if (entries.length === 1) {
      // One item (every turn's case): one statement, one round trip. The row is written unless it
      // exists with another eTag than the one given; ON CONFLICT locks it while deciding.
      const [key, item] = entries[0]!;
      const { eTag, ...value } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      const { rowCount } = await this.pool.query({
        name: 'bot_state_write',
        text: "INSERT INTO bot_state (key, etag, value) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, value = EXCLUDED.value WHERE $4::text IS NULL OR $4::text = '*' OR bot_state.etag = $4::text",
        values: [key, randomUUID(), JSON.stringify(value), eTag ?? null],
      });
      if (rowCount === 0) throw new StorageConflictError(key);
      return;
    }
    await inTransaction(this.pool, 'BEGIN', async (client) => {
      for (const [key, item] of entries) {
        const { eTag, ...value } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
        const { rows } = await client.query<{ etag: string }>('SELECT etag FROM bot_state WHERE key = $1 FOR UPDATE', [
          key,
        ]);
        if (rows[0] && eTag && eTag !== '*' && eTag !== rows[0].etag) throw new StorageConflictError(key);
        await client.query(
          'INSERT INTO bot_state (key, etag, value) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, value = EXCLUDED.value',
          [key, randomUUID(), JSON.stringify(value)],
        );
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1)', [keys]);
  }
}
