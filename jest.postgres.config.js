import base from './jest.config.js';

// The same suite on PostgreSQL (STORE=postgres): every test world, the bot processes the HTTP
// tests start, and PostgreSQL's own tests (test/postgres/). What only the embedded file has
// (its crash safety, its indexes, its file format) is tested in the first run only.
/** @type {import('jest').Config} */
export default {
  ...base,
  // test/data/ is the file's, except the Storage contract, which PostgreSQL's bot state table must keep too.
  testPathIgnorePatterns: ['/test/data/(?!storage\\.test\\.ts)', '/test/http/startup.test.ts'],
  globalSetup: '<rootDir>/test/helpers/postgresServer.ts',
  globalTeardown: '<rootDir>/test/helpers/postgresGlobalTeardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/helpers/closeStores.ts'],
};
