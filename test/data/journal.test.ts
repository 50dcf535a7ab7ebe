import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { BUILT_IN_MARKETS } from '../../data/markets/markets.js';
import { layout } from '../../data/journalFile.js';
import { DatabaseLoadError, LowdbStore } from '../../data/lowdbStore.js';
import { SCHEMA_VERSION } from '../../data/schema.js';
import { createUseCases } from '../../domain/useCases.js';
import { demoSeed, inviteContoso, people, sequentialIds, TestClock } from '../helpers/world.js';

// The embedded store keeps a snapshot and a journal. A batch costs one appended line, not
// a rewrite of everything stored; the audit log, the delivery records and the conversation state are
// files of their own; the journal is folded into the snapshots when it has grown.

const dirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  return join(dir, 'db.json');
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const service = (store: LowdbStore) =>
  createUseCases({ uow: store, ctx: { clock: new TestClock().now, ids: sequentialIds(), markets: BUILT_IN_MARKETS } });
const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

describe('the embedded store on disk', () => {
  it('a new store has its own files: the main file without the audit log, deliveries or state; changes go to the journal, not into the main file', async () => {
    const file = await tempFile();
    const paths = layout(file);
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    const mainBefore = await readFile(file, 'utf8');
    expect(Object.keys(JSON.parse(mainBefore))).not.toEqual(expect.arrayContaining(['audit']));
    expect(JSON.parse(mainBefore)).not.toHaveProperty('botState');
    expect(JSON.parse(mainBefore)).not.toHaveProperty('deliveries');
    expect(JSON.parse(mainBefore)).toMatchObject({ schemaVersion: SCHEMA_VERSION, journalSeq: 0 });
    expect(mainBefore).not.toContain('\n'); // one line, no indentation
    const sent = await service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await store.storage.write({ 'conversation/a': { dialogState: { dialogStack: [] } } });
    expect(await readFile(file, 'utf8')).toBe(mainBefore); // the main file is not rewritten by a change
    const journal = (await lines(paths.journal)).map(
      (l) => JSON.parse(l) as { seq: number; set: Array<[string, string, unknown]>; audit: unknown[] },
    );
    expect(journal.map((l) => l.seq)).toEqual([1, 2]);
    expect(journal[0]!.set.map(([c, k]) => `${c}/${k}`)).toContain(`invitations/${sent.value.id}`);
    expect(journal[1]!.set.map(([c, k]) => `${c}/${k}`)).toEqual(['botState/conversation/a']);
    // A new process reads it all back.
    const read = await LowdbStore.read(file);
    expect(read.invitations[sent.value.id]?.status).toBe('pending');
    expect(read.botState['conversation/a']?.value).toEqual({ dialogState: { dialogStack: [] } });
  });

  it('compaction folds the journal into the snapshots and moves the audit entries to the audit file; the audit file is rotated by size; nothing is lost', async () => {
    const file = await tempFile();
    const paths = layout(file);
    const store = await LowdbStore.open(file, {
      seed: demoSeed(),
      limits: { compactAtBytes: 4_000, auditRotateBytes: 600 },
    });
    const svc = service(store);
    const ids: string[] = [];
    for (const domain of ['contoso.com', 'adatum.com', 'wingtiptoys.co.uk', 'unknown.example', 'contoso.com']) {
      const sent = await svc.invitations.create(people.fabrikamAdminAgent, {
        ...inviteContoso,
        customerDomain: domain,
      });
      if (sent.ok) ids.push(sent.value.id);
    }
    for (let n = 0; n < 30; n++)
      await store.storage.write({
        [`conversation/${n}`]: { dialogState: { dialogStack: [{ id: 'invite', state: { n } }] } },
      });
    await store.flush();
    const main = JSON.parse(await readFile(file, 'utf8')) as {
      journalSeq: number;
      invitations: Record<string, unknown>;
    };
    expect(main.journalSeq).toBeGreaterThan(0); // compacted at least once
    expect(Object.keys(main.invitations)).toEqual(expect.arrayContaining(ids.slice(0, 1)));
    expect((await stat(paths.journal)).size).toBeLessThan(4_000 + 2_000);
    // The journal holds only what came after the last compaction.
    for (const line of await lines(paths.journal))
      expect((JSON.parse(line) as { seq: number }).seq).toBeGreaterThan(main.journalSeq);
    const rotated = (await readdir(join(file, '..'))).filter((n) => /^db\.audit\..+\.jsonl$/.test(n));
    expect(rotated.length).toBeGreaterThan(0);
    // Everything, in order, whether in a snapshot, the journal, a rotated or the current audit file.
    const memory = await store.snapshot();
    const read = await LowdbStore.read(file);
    expect(Object.keys(read.invitations).sort()).toEqual(Object.keys(memory.invitations).sort());
    expect(Object.keys(read.botState)).toHaveLength(30);
    expect(read.audit.map((a) => a.id)).toEqual(memory.audit.map((a) => a.id));
    expect(new Set(read.audit.map((a) => a.id)).size).toBe(read.audit.length); // no entry twice
    expect(read.audit.filter((a) => a.outcome === 'refused').length).toBeGreaterThan(0); // the refused invitations
    const reopened = await LowdbStore.open(file, { seed: false });
    expect(Object.keys((await reopened.snapshot()).botState)).toHaveLength(30);
  });

  it('a journal line torn by a crash is ignored and cut off before the next append', async () => {
    const file = await tempFile();
    const paths = layout(file);
    const store = await LowdbStore.open(file, { seed: demoSeed() });
    const sent = await service(store).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await store.close();
    await appendFile(paths.journal, '{"seq":2,"set":[["invitations","x",{"id":'); // the write a crash interrupted
    const reopened = await LowdbStore.open(file, { seed: false });
    expect(Object.keys((await reopened.snapshot()).invitations)).toEqual([sent.value.id]);
    await reopened.storage.write({ 'conversation/after': { n: 1 } });
    const journal = await lines(paths.journal);
    expect(journal.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2]);
    expect((await LowdbStore.read(file)).botState['conversation/after']?.value).toEqual({ n: 1 });
  });

  it('a journal line that breaks the schema, or a missing part, stops start-up with the file and the problem, and nothing is written', async () => {
    const file = await tempFile();
    const paths = layout(file);
    await (await LowdbStore.open(file, { seed: demoSeed() })).close();
    await writeFile(
      paths.journal,
      `${JSON.stringify({ seq: 1, set: [['invitations', 'x', { id: 'x', status: 'lost' }]], audit: [] })}\n`,
    );
    const error = await LowdbStore.open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseLoadError);
    expect((error as Error).message).toContain(paths.journal);
    expect((error as Error).message).toMatch(/line 1, invitations\/x: /);
    await writeFile(paths.journal, '');
    await rm(paths.state);
    const missing = await LowdbStore.open(file).catch((e: unknown) => e);
    expect((missing as Error).message).toContain(`${paths.state}: it is missing`);
  });

  it('a file of schema version 4 (everything in one file) is split: a backup of the old file, the audit log in its own file, the same records', async () => {
    const file = await tempFile();
    const seeded = LowdbStore.inMemory(demoSeed());
    const sent = await service(seeded).invitations.create(people.fabrikamAdminAgent, inviteContoso);
    if (!sent.ok) throw new Error(sent.refusal.code);
    await seeded.storage.write({ 'conversation/old': { kept: true } });
    const v4 = { ...(await seeded.snapshot()), schemaVersion: 4 };
    const text = JSON.stringify(v4);
    await writeFile(file, text);
    const store = await LowdbStore.open(file, { seed: false });
    expect(await readFile(`${file}.v4.bak`, 'utf8')).toBe(text);
    const main = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(main.schemaVersion).toBe(SCHEMA_VERSION);
    expect(main).not.toHaveProperty('audit');
    expect((await lines(layout(file).audit)).length).toBe(v4.audit.length);
    const now = await store.snapshot();
    expect(now.invitations).toEqual(v4.invitations);
    expect(now.audit).toEqual(v4.audit);
    expect(now.botState['conversation/old']?.value).toEqual({ kept: true });
  });
});
