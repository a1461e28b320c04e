// Integration tests against the real local stage: DynamoDB Local, the three apps under
// serverless-offline, the offline speech engines. One stage (on free loopback ports) for all files.
module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'e2e',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.e2e.spec.ts'],
  globalSetup: '<rootDir>/global-setup.js',
  globalTeardown: '<rootDir>/global-teardown.js',
  testTimeout: 120_000,
  collectCoverage: false,
};
