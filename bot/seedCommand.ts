import { LowdbStore } from './lowdbStore.js';
import { loadSeed } from './seed.js';

// `npm run seed`: puts the demo data back into DB_FILE (default ./.data/db.json). Stop the bot first.
try {
  const store = await LowdbStore.open();
  await store.reseed(await loadSeed());
  const data = await store.snapshot();
  console.log(`Reloaded the demo data into ${store.file}: ${Object.keys(data.partners).length} partners, ${Object.keys(data.customers).length} customers; invitations and conversation state cleared, audit log kept.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
