import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SCHEMA_VERSION } from '../../data/schema.js';
import { BotProcess } from '../helpers/channel.js';

const ENTRY = fileURLToPath(new URL('../../bot/index.ts', import.meta.url));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'startup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('start-up on a corrupt db file stops with a message naming the file and the problem, exit code 1, bytes unchanged', async () => {
  const file = join(dir, 'corrupt.json');
  const garbage = '{"schemaVersion": 1, "partners": {"fabrikam": ';
  await writeFile(file, garbage);
  const run = spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', ENTRY], {
    env: { ...process.env, DB_FILE: file, PORT: '0' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(
    `Cannot load the database ${file}: it is not valid JSON (Unexpected end of JSON input). The file was left as it is; fix it, or move it away to start with demo data.`,
  );
  expect(await readFile(file, 'utf8')).toBe(garbage);
}, 40_000);

it('reads a .env file in the working directory; the environment wins over it', async () => {
  const work = join(dir, 'with-env');
  await mkdir(work, { recursive: true });
  await writeFile(join(work, '.env'), 'PORT=eighty\nLOG_LEVEL=loud\n');
  const loader = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--disable-warning=DEP0111', '--import', pathToFileURL(loader).href, ENTRY], {
      cwd: work,
      env: { ...process.env, DB_FILE: join(work, 'db.json'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  const fromFile = run({});
  expect(fromFile.status).toBe(1);
  expect(fromFile.stderr).toContain('Bad configuration: PORT');
  expect(fromFile.stderr).toContain('LOG_LEVEL');
  const overridden = run({ PORT: 'ninety', LOG_LEVEL: 'info' });
  expect(overridden.stderr).toContain('Bad configuration: PORT');
  expect(overridden.stderr).not.toContain('LOG_LEVEL');
}, 60_000);

it('the first start creates the db file with the demo data; the next start keeps it', async () => {
  const file = join(dir, 'fresh', 'db.json');
  const first = new BotProcess({ DB_FILE: file });
  await first.start();
  expect(await first.stop()).toBe(0);
  const created = JSON.parse(await readFile(file, 'utf8'));
  expect(Object.keys(created.customers)).toHaveLength(5);
  const second = new BotProcess({ DB_FILE: file });
  await second.start();
  expect(await second.stop()).toBe(0);
  expect(JSON.parse(await readFile(file, 'utf8')).seededAt).toBe(created.seededAt);
}, 60_000);

it('npm run seed reads DB_FILE from a .env file, as npm start does (one configuration loader)', async () => {
  const work = join(dir, 'seed-env');
  await mkdir(work, { recursive: true });
  await writeFile(join(work, '.env'), 'DB_FILE=./from-dotenv/db.json\n');
  const { DB_FILE: _unset, ...env } = process.env;
  const seed = fileURLToPath(new URL('../../bot/seedCommand.ts', import.meta.url));
  const run = spawnSync(
    process.execPath,
    [
      '--disable-warning=DEP0111',
      '--import',
      pathToFileURL(fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url))).href,
      seed,
    ],
    { cwd: work, env, encoding: 'utf8', timeout: 30_000 },
  );
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain(
    `Reloaded the demo data into ${join(work, 'from-dotenv', 'db.json')}: 3 partners, 5 customers`,
  );
  expect(JSON.parse(await readFile(join(work, 'from-dotenv', 'db.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
}, 40_000);

it('npm run seed with a bad value in .env stops with the configuration message, exit code 1', async () => {
  const work = join(dir, 'seed-bad-env');
  await mkdir(work, { recursive: true });
  await writeFile(join(work, '.env'), 'SWEEP_INTERVAL_SECONDS=soon\n');
  const seed = fileURLToPath(new URL('../../bot/seedCommand.ts', import.meta.url));
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url))).href,
      seed,
    ],
    { cwd: work, env: process.env, encoding: 'utf8', timeout: 30_000 },
  );
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('Bad configuration: SWEEP_INTERVAL_SECONDS');
}, 40_000);

describe('start-up failures of any kind: one sentence naming the file or the port and the problem, exit code 1', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '--import',
        pathToFileURL(fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url))).href,
        ENTRY,
      ],
      { env: { ...process.env, PORT: '0', ...env }, encoding: 'utf8', timeout: 30_000 },
    );

  it('a database that cannot be created', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const file = join(dir, 'a-file', 'db.json');
    const run = start({ DB_FILE: file });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([
      `Cannot load the database ${file}: it cannot be read (a part of the path is a file, not a folder, ENOTDIR). The file was left as it is; fix it, or move it away to start with demo data.`,
    ]);
  }, 40_000);

  it('R20 a record stored under __proto__, constructor or prototype is refused at load, not silently dropped', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const file = join(dir, `proto-${key}.json`);
      const text = `{"schemaVersion":2,"partners":{},"customers":{},"invitations":{},"relationships":{},"subscriptions":{},"audit":[],"outbox":{},"deliveries":{},"contacts":{},"endpoints":{},"cardCopies":{},"botState":{"${key}":{"eTag":"1","value":{}}}}`;
      await writeFile(file, text);
      const run = start({ DB_FILE: file });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`a record is stored under the key "${key}", which no record may have`);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  }, 60_000);

  it('a port that is taken', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const run = start({ DB_FILE: join(dir, 'port.json'), PORT: String(port) });
    taken.close();
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `Cannot start the bot: the port ${port} on 127.0.0.1 is already in use. Set PORT to a free one.`,
    );
  }, 40_000);
});
