import { DatabaseLoadError, LowdbStore } from '../data/lowdbStore.js';

// For now: open (and on the first start, seed) the store, report what it holds, and say that
// the server is not there yet. The restify server and the CloudAdapter come with issue #3.
try {
  const store = await LowdbStore.open();
  const data = await store.snapshot();
  console.log(
    `Store ${store.file}: ${Object.keys(data.partners).length} partners, ${Object.keys(data.customers).length} customers, ` +
      `${Object.keys(data.invitations).length} invitations, ${Object.keys(data.relationships).length} relationships.`,
  );
  console.log('The bot server is not built yet (issue #3): nothing listens on /api/messages.');
} catch (error) {
  if (!(error instanceof DatabaseLoadError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
