import base from './jest.config.js';

// The suite again on PostgreSQL (STORE=postgres): every test world, the bot processes the HTTP
// tests start, and PostgreSQL's own tests (test/postgres/). What does not touch the store runs in
// the first run only: the cards, the translations, the architecture, the app package, the bench's
// generator and the browser tests (what they add is the client's rendering; the store under the
// same conversations is tested here by test/bot and test/http). What only the embedded file has
// (its crash safety, its indexes, its file format) is tested in the first run only too.
/** @type {import('jest').Config} */
export default {
  ...base,
  // test/data/ is the file's, except the Storage contract, which PostgreSQL's bot state table must keep too.
  testPathIgnorePatterns: [
    '/test/data/(?!storage\\.test\\.ts)',
    '/test/http/startup.test.ts',
    '/test/(cards|translations|architecture|appPackage|bench|e2e)/',
  ],
  globalSetup: '<rootDir>/test/helpers/postgresServer.ts',
  globalTeardown: '<rootDir>/test/helpers/postgresGlobalTeardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/closeStores.ts'],
};
