import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { StorageConflictError } from './store.js';
import type { Transaction } from './transaction.js';

/** What the bot state needs from the store: committed reads, and writes through its queue. */
export interface BotStateAccess {
  peek<T>(look: (tx: Transaction) => T): T;
  enqueue<T>(apply: (tx: Transaction) => T | Promise<T>): Promise<T>;
}

/**
 * botbuilder's Storage over the bot's db file, so conversation and user state survive a restart.
 * eTags behave as in botbuilder's MemoryStorage: a write with a stale eTag is refused, `*` or no
 * eTag overwrites. Unlike MemoryStorage, a batch with one conflict writes none of its items.
 */
export class LowdbStorage implements Storage {
  constructor(private readonly store: BotStateAccess) {}

  read(keys: string[]): Promise<StoreItems> {
    if (!keys) return Promise.reject(new ReferenceError('Keys are required when reading.'));
    // Committed state, without waiting for the write queue: a turn's first read is not held up by
    // another turn's file write.
    return Promise.resolve(
      this.store.peek((tx) => {
        const items: StoreItems = {};
        for (const key of keys) {
          const item = tx.botStateItem(key);
          if (item) items[key] = { ...item.value, eTag: item.eTag };
        }
        return items;
      }),
    );
  }

  write(changes: StoreItems): Promise<void> {
    if (!changes) return Promise.reject(new ReferenceError('Changes are required when writing.'));
    return this.store.enqueue((tx) => {
      for (const [key, item] of Object.entries(changes)) {
        const old = tx.botStateItem(key);
        const eTag = (item as { eTag?: string }).eTag;
        if (old && eTag && eTag !== '*' && eTag !== old.eTag) {
          throw new StorageConflictError(key);
        }
      }
      for (const [key, item] of Object.entries(changes)) {
        const { eTag: _ignored, ...value } = JSON.parse(JSON.stringify(item ?? {})) as Record<string, unknown>;
        tx.set('botState', key, { eTag: randomUUID(), value });
      }
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.store.enqueue((tx) => {
      for (const key of keys) tx.set('botState', key, undefined);
    });
  }
}
