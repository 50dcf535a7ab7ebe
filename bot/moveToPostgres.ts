import { resolve } from 'node:path';
import { DEFAULT_DB_FILE, LowdbStore } from '../data/lowdbStore.js';
import { PostgresStore } from '../data/postgres/postgresStore.js';
import { ConfigError, loadConfig } from './config.js';

// `npm run move-to-postgres`: copies everything in the embedded file (DB_FILE) — directory,
// invitations, relationships, outbox and deliveries, contacts, card copies, audit log and
// conversation state — into the PostgreSQL database at DATABASE_URL, in one transaction. The
// database must hold no invitations, relationships or audit yet; the file is left as it is.
// Stop the bot first, then start it with STORE=postgres.
try {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new ConfigError('Set DATABASE_URL to the PostgreSQL database to move the data into.');
  // Read, not opened: nothing is written to the file, not even an upgrade of its layout.
  const file = resolve(config.DB_FILE || DEFAULT_DB_FILE);
  const data = await LowdbStore.read(file);
  const target = await PostgresStore.open(config.DATABASE_URL, {
    seed: false,
    ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
  });
  try {
    await target.importDatabase(data);
  } finally {
    await target.close();
  }
  console.log(
    `Moved ${file} into ${target.description}: ${Object.keys(data.invitations).length} invitations, ${Object.keys(data.relationships).length} relationships, ${data.audit.length} audit entries, ${Object.keys(data.botState).length} conversation states. Start the bot with STORE=postgres.`,
  );
} catch (error) {
  console.error(`Nothing was moved: ${(error as Error).message}`);
  process.exitCode = 1;
}
