import { LowdbStore } from '../data/lowdbStore.js';
import type { Store } from '../data/store.js';
import type { Database } from '../data/schema.js';
import type { BotConfig } from './config.js';

// The one place that chooses a store from the configuration: npm start and npm run seed open it
// here (npm run move-to-postgres opens both).
export async function openStore(
  config: Pick<BotConfig, 'STORE' | 'DB_FILE' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_UNITS_AT_ONCE'> &
    Partial<Pick<BotConfig, 'DEMO_DATA' | 'PARTNER_CENTER'>>,
): Promise<Store & { snapshot(): Promise<Database> }> {
  // A new store gets the demo directory, except connected to Partner Center (unless asked for).
  const demo = config.DEMO_DATA === 'yes' || (config.DEMO_DATA !== 'no' && config.PARTNER_CENTER !== 'graph');
  if (config.STORE === 'postgres') {
    // Loaded only for this store: the driver (16 MB resident) costs the embedded store nothing.
    const { PostgresStore } = await import('../data/postgres/postgresStore.js');
    return PostgresStore.open(config.DATABASE_URL, {
      concurrency: config.DATABASE_UNITS_AT_ONCE,
      ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}),
      ...(demo ? {} : { seed: false as const }),
    });
  }
  return LowdbStore.open(config.DB_FILE, demo ? {} : { seed: false });
}
