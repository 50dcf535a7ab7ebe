import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { PG_MIGRATIONS } from '../../data/postgres/migrations.js';
import { PostgresStore } from '../../data/postgres/postgresStore.js';
import { demoSeed } from '../helpers/world.js';

// Instances started at the same moment on one database: on an empty one, on a migrated one, and
// through a link that delays every packet, as a database in another zone does.

const DATABASE_URL = process.env.TEST_DATABASE_URL!;
const INSTANCES = 5;
const ROUNDS = 4;
const DELAY_MS = 3;

/** A TCP relay to the test server that holds every chunk `delay` ms each way, in order. */
function slowLink(target: URL, delay: number): Promise<{ url: string; server: Server }> {
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), delay));
    from.on('end', () => setTimeout(() => to.end(), delay));
    from.on('error', () => to.destroy());
  };
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const url = new URL(target);
      url.hostname = '127.0.0.1';
      url.port = String((server.address() as { port: number }).port);
      resolve({ url: url.toString(), server });
    }),
  );
}

let link: { url: string; server: Server };
const opened: PostgresStore[] = [];
beforeAll(async () => {
  link = await slowLink(new URL(DATABASE_URL), DELAY_MS);
});
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
  await new Promise((resolve) => link.server.close(resolve));
  link.server.emit('close');
});

async function startTogether(url: string, schema: string) {
  const results = await Promise.allSettled(
    Array.from({ length: INSTANCES }, () => PostgresStore.open(url, { schema, poolSize: 2 })),
  );
  const stores = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  opened.push(...stores);
  return {
    failures: results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : [])),
    stores,
  };
}

it.each([
  ['next to the database', () => DATABASE_URL],
  ['a few milliseconds away', () => link.url],
])(
  'instances started at the same moment on an empty database all start (%s): the schema created, migrated and seeded once',
  async (_where, url) => {
    const seed = demoSeed();
    for (let round = 0; round < ROUNDS; round++) {
      const schema = `together_${process.pid}_${Date.now().toString(36)}_${round}`;
      const { failures, stores } = await startTogether(url(), schema);
      expect(failures).toEqual([]);
      expect(stores).toHaveLength(INSTANCES);
      const [one] = stores;
      const count = async (sql: string) => Number((await one!.query(sql))[0]?.n);
      expect(await count('SELECT count(*) AS n FROM schema_migrations')).toBe(PG_MIGRATIONS.length);
      expect(await count('SELECT count(*) AS n FROM partners')).toBe(seed.partners.length);
      expect(await count('SELECT count(*) AS n FROM customers')).toBe(seed.customers.length);
      expect(await count("SELECT count(*) AS n FROM meta WHERE key = 'seededAt'")).toBe(1);
      // Started again together on the migrated, seeded database: all start, nothing is seeded again.
      const seededAt = (await one!.query("SELECT value FROM meta WHERE key = 'seededAt'"))[0]?.value;
      const again = await startTogether(url(), schema);
      expect(again.failures).toEqual([]);
      expect((await one!.query("SELECT value FROM meta WHERE key = 'seededAt'"))[0]?.value).toBe(seededAt);
      await Promise.all([...stores, ...again.stores].map((s) => s.close()));
      opened.splice(0);
    }
  },
);
