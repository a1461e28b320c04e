const preset = require('../../jest.preset.js');

module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'stage',
  roots: ['<rootDir>/src'],
  // The CLI entry point is exercised by running `npm run dev`, not by unit tests.
  collectCoverageFrom: [...preset.collectCoverageFrom, '!src/cli.ts'],
  // Some specs start DynamoDB Local and serverless-offline (loopback only).
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
