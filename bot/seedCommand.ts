import { loadSeed } from '../data/seed.js';
import { ConfigError, loadConfig } from './config.js';
import { openStore } from './openStore.js';

// `npm run seed`: puts the demo data back into the configured store (DB_FILE or DATABASE_URL, from
// the environment or .env, like `npm start`). Stop the bot first.
try {
  const config = loadConfig();
  const store = await openStore(config);
  await store.reseed(await loadSeed());
  const data = await store.snapshot();
  await store.close();
  console.log(
    `Reloaded the demo data into ${store.description}: ${Object.keys(data.partners).length} partners, ${Object.keys(data.customers).length} customers; invitations, deliveries and conversation state cleared, audit log kept.`,
  );
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : (error as Error).message);
  process.exitCode = 1;
}
