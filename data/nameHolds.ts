import type { Storage, StoreItem } from 'botbuilder';
import type { NameHold, NameHolds } from '../domain/ports.js';

// R13's held names, one item a partner in the bot state storage (the same file or table as
// conversation state): its eTag makes a save over a stale read fail, on any number of instances.

const keyOf = (partnerId: string) => `nameHolds/${partnerId}`;

export class StorageNameHolds implements NameHolds {
  constructor(private readonly storage: Storage) {}

  async read(partnerId: string): Promise<{ holds: Record<string, NameHold>; version: string | undefined }> {
    const item = (await this.storage.read([keyOf(partnerId)]))[keyOf(partnerId)] as
      (StoreItem & { holds?: Record<string, NameHold> }) | undefined;
    return { holds: item?.holds ?? {}, version: item?.eTag };
  }

  async save(partnerId: string, holds: Record<string, NameHold>, version: string | undefined): Promise<boolean> {
    try {
      // No version: the item must not exist yet (an eTag no item has makes the storage refuse then).
      await this.storage.write({ [keyOf(partnerId)]: { holds, eTag: version ?? 'none yet' } });
      return true;
    } catch (error) {
      if (isConflict(error)) return false;
      throw error;
    }
  }
}

/** botbuilder's own storages and this bot's say "eTag conflict" when the item changed since it was read. */
const isConflict = (error: unknown): boolean => error instanceof Error && /eTag conflict/i.test(error.message);
