import { LowdbStore } from '../data/lowdbStore.js';
import { PostgresStore } from '../data/postgres/postgresStore.js';
import type { Store } from '../data/store.js';
import type { Database } from '../data/schema.js';
import type { BotConfig } from './config.js';

// The one place that chooses a store from the configuration: npm start and npm run seed open it
// here (npm run move-to-postgres opens both).
export function openStore(config: Pick<BotConfig, 'STORE' | 'DB_FILE' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'DATABASE_UNITS_AT_ONCE'>): Promise<Store & { snapshot(): Promise<Database> }> {
  if (config.STORE === 'postgres') return PostgresStore.open(config.DATABASE_URL, { concurrency: config.DATABASE_UNITS_AT_ONCE, ...(config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {}) });
  return LowdbStore.open(config.DB_FILE);
}
