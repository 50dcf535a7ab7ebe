/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The bot tests run whole conversations; on a loaded CI machine 5 s is too tight for some.
  testTimeout: 30_000,
  // PostgreSQL's own tests need its server: jest.postgres.config.js runs them.
  testPathIgnorePatterns: ['/test/postgres/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
};
