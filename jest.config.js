/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The bot tests run whole conversations; on a loaded CI machine 5 s is too tight for some.
  testTimeout: 30_000,
  // Two files at a time: most of a file's time is spent waiting (bot processes starting, a browser,
  // Microsoft's emulated provisioning), not computing; jest's default here (cores - 1) is one.
  maxWorkers: 2,
  // PostgreSQL's own tests need its server: jest.postgres.config.js runs them.
  testPathIgnorePatterns: ['/test/postgres/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};
