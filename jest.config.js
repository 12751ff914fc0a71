/** Jest runs the TypeScript sources as ES modules; ts-jest only transpiles, `tsc --noEmit` type-checks. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/engine', '<rootDir>/web', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/bench/'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  reporters: ['default', '<rootDir>/test/support/summaryReporter.cjs'],
  // Prepared PGlite databases, copied per test instead of created (see test/support/pgliteTemplates.ts).
  globalSetup: '<rootDir>/test/support/globalSetup.mjs',
  globalTeardown: '<rootDir>/test/support/globalTeardown.mjs',
  // API servers of the tests hold their answers to the OpenAPI document's response schemas.
  setupFiles: ['<rootDir>/test/support/checkResponses.cjs'],
  // The engine composed as a server composes it: workflow steps with their listeners and services.
  setupFilesAfterEnv: ['<rootDir>/test/support/composeEngine.ts'],
  maxWorkers: 2,
  // A worker that has grown past this after a test file is replaced: many files each opening
  // embedded databases and servers otherwise add up to V8's heap limit in one long-lived worker.
  workerIdleMemoryLimit: '1GB',
  // Generous: on a loaded 2-core machine a world with a server and a database can take a minute to start.
  testTimeout: 180000,
};
