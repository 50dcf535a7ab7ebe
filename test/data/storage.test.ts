import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { MemoryStorage, type Storage } from 'botbuilder';
import { LowdbStorage } from '../../data/lowdbStorage.js';
import { LowdbStore } from '../../data/lowdbStore.js';
import { StorageConflictError } from '../../data/store.js';
import { onPostgres, testStore } from '../helpers/world.js';

// The same contract cases for botbuilder's MemoryStorage and for LowdbStorage, so "the same
// semantics" is checked, not assumed.

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function fileStorage(): Promise<{ storage: Storage; store: LowdbStore; reopen: () => Promise<Storage> }> {
  const dir = await mkdtemp(join(tmpdir(), 'storage-'));
  dirs.push(dir);
  const file = join(dir, 'db.json');
  const store = await LowdbStore.open(file, { seed: false });
  return {
    storage: store.storage,
    store,
    reopen: async () => {
      await store.flush();
      return new LowdbStorage(await LowdbStore.open(file, { seed: false }));
    },
  };
}

const implementations: Array<[string, () => Promise<Storage>]> = [
  ['MemoryStorage', async () => new MemoryStorage()],
  ['LowdbStorage', async () => (await fileStorage()).storage],
];
// In the PostgreSQL run (npm run test:postgres), the same contract for the table the bot state lives in.
if (onPostgres) implementations.push(['PostgresStorage', async () => (await testStore()).storage]);

describe.each(implementations)('Storage contract: %s', (_name, make) => {
  it('reads nothing for missing keys', async () => {
    const storage = await make();
    expect(await storage.read(['missing'])).toEqual({});
  });

  it('writes and reads back an item with a new eTag', async () => {
    const storage = await make();
    await storage.write({ a: { count: 1, nested: { list: [1, 2] } } });
    const { a } = await storage.read(['a', 'b']);
    expect(a).toMatchObject({ count: 1, nested: { list: [1, 2] } });
    expect(typeof a.eTag).toBe('string');
    expect(a.eTag).not.toBe('*');
  });

  it('gives a new eTag on every write', async () => {
    const storage = await make();
    await storage.write({ a: { n: 1 } });
    const first = (await storage.read(['a'])).a;
    await storage.write({ a: { ...first, n: 2 } });
    const second = (await storage.read(['a'])).a;
    expect(second.n).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('refuses a write with a stale eTag and keeps the stored item', async () => {
    const storage = await make();
    await storage.write({ a: { n: 1 } });
    const stale = (await storage.read(['a'])).a;
    await storage.write({ a: { ...stale, n: 2 } });
    await expect(storage.write({ a: { ...stale, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['a'])).a.n).toBe(2);
  });

  it('overwrites whatever is stored when the eTag is * or absent', async () => {
    const storage = await make();
    await storage.write({ a: { n: 1 } });
    await storage.write({ a: { n: 2, eTag: '*' } });
    expect((await storage.read(['a'])).a.n).toBe(2);
    await storage.write({ a: { n: 3 } });
    expect((await storage.read(['a'])).a.n).toBe(3);
  });

  it('creates an item written with an eTag when none is stored', async () => {
    const storage = await make();
    await storage.write({ fresh: { n: 1, eTag: 'some-etag' } });
    expect((await storage.read(['fresh'])).fresh.n).toBe(1);
  });

  it('deletes, and deleting a missing key is no error', async () => {
    const storage = await make();
    await storage.write({ a: { n: 1 }, b: { n: 2 } });
    await storage.delete(['a', 'never']);
    expect(await storage.read(['a', 'b'])).toEqual({ b: expect.objectContaining({ n: 2 }) });
  });

  it('hands out copies: changing what was read changes nothing stored', async () => {
    const storage = await make();
    const item = { list: [1] };
    await storage.write({ a: item });
    item.list.push(2);
    const read = (await storage.read(['a'])).a;
    read.list.push(3);
    expect((await storage.read(['a'])).a.list).toEqual([1]);
  });

  it('rejects missing keys or changes', async () => {
    const storage = await make();
    await expect(storage.read(undefined as unknown as string[])).rejects.toThrow(ReferenceError);
    await expect(storage.write(undefined as unknown as Record<string, unknown>)).rejects.toThrow(ReferenceError);
  });
});

describe('LowdbStorage on a file', () => {
  it('keeps conversation state across a restart, eTags included', async () => {
    const { storage, reopen } = await fileStorage();
    await storage.write({ 'emulator/conversations/c1': { dialogState: { step: 3 } } });
    const before = (await storage.read(['emulator/conversations/c1']))['emulator/conversations/c1'];
    const after = (await (await reopen()).read(['emulator/conversations/c1']))['emulator/conversations/c1'];
    expect(after).toEqual(before);
  });

  it('writes none of a batch in which one item conflicts', async () => {
    const { storage } = await fileStorage();
    await storage.write({ a: { n: 1 } });
    const stale = (await storage.read(['a'])).a;
    await storage.write({ a: { ...stale, n: 2 } });
    const conflict = storage.write({ b: { n: 1 }, a: { ...stale, n: 3 } });
    await expect(conflict).rejects.toBeInstanceOf(StorageConflictError);
    await expect(conflict).rejects.toMatchObject({ key: 'a' });
    expect(await storage.read(['b'])).toEqual({});
  });

  it('reads committed state without waiting for a write in progress', async () => {
    const { storage, store } = await fileStorage();
    await storage.write({ a: { n: 1 } });
    let release: () => void = () => undefined;
    // a unit that holds the queue
    const held = store.enqueue(() => new Promise<void>((resolve) => (release = resolve)));
    const write = storage.write({ b: { n: 2 } }); // queued behind it
    expect((await storage.read(['a'])).a).toMatchObject({ n: 1 });
    expect(await storage.read(['b'])).toEqual({});
    release();
    await Promise.all([held, write]);
    expect((await storage.read(['b'])).b).toMatchObject({ n: 2 });
  });
});

describe.each(implementations)('Storage contract under concurrency: %s', (_name, make) => {
  it('lets exactly one of five concurrent writers with the same eTag win; the others get StorageConflictError', async () => {
    const storage = await make();
    await storage.write({ a: { n: 0 } });
    const read = (await storage.read(['a'])).a;
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => storage.write({ a: { ...read, n } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    if (_name !== 'MemoryStorage')
      expect(
        results
          .filter((r) => r.status === 'rejected')
          .every((r) => (r as PromiseRejectedResult).reason instanceof StorageConflictError),
      ).toBe(true);
  });
});
