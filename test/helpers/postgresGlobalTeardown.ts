import type { TestPostgres } from './postgresServer.js'; // a type only: erased

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { testPostgres?: TestPostgres }).testPostgres?.stop();
}
