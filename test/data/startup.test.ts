import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from '@jest/globals';

const ENTRY = fileURLToPath(new URL('../../bot/index.ts', import.meta.url));
let dir = '';
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const start = (file: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', ENTRY], { env: { ...process.env, DB_FILE: file }, encoding: 'utf8', timeout: 30_000 });

it('start-up on a corrupt db file stops with a message naming the file and the problem, exit code 1, bytes unchanged', async () => {
  dir = await mkdtemp(join(tmpdir(), 'startup-'));
  const file = join(dir, 'db.json');
  const garbage = '{"schemaVersion": 1, "partners": {"fabrikam": ';
  await writeFile(file, garbage);
  const run = start(file);
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(`Cannot load the database ${file}: it is not valid JSON (Unexpected end of JSON input). The file was left as it is; fix it, or move it away to start with demo data.`);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(await readFile(file, 'utf8')).toBe(garbage);
});

it('the first start creates the db file with the demo data; the second start finds it', async () => {
  const file = join(dir, 'fresh', 'db.json');
  const first = start(file);
  expect(first.status).toBe(0);
  expect(first.stdout).toContain('3 partners, 5 customers, 0 invitations, 1 relationships');
  const seededAt = JSON.parse(await readFile(file, 'utf8')).seededAt;
  expect(start(file).status).toBe(0);
  expect(JSON.parse(await readFile(file, 'utf8')).seededAt).toBe(seededAt);
});
