module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'stage',
  roots: ['<rootDir>/src'],
  // The preset's list, plus the CLI entry point: exercised by running `npm run dev`, not by unit tests.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/**/index.ts', '!src/cli.ts'],
  // Some specs start DynamoDB Local and serverless-offline (loopback only).
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
