import { afterAll } from '@jest/globals';
import { closeTestStores } from './world.js';

// jest.postgres.config.js: a test file's PostgreSQL stores are closed when it ends, so no
// connection outlives its file (and the server's connection limit is never reached).
afterAll(() => closeTestStores(), 60_000);
